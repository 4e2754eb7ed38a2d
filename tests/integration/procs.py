"""Small process helpers shared by the integration tests."""

import os
import signal
import subprocess
import time


def stop(proc, timeout=5):
    """SIGTERM, then SIGKILL after timeout seconds; waits for the end."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def voluntary_switches(pid, wait):
    """Voluntary context switches of all the process' threads during wait
    seconds: 0 for a process that sleeps until something happens."""
    def total():
        n = 0
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        n += int(line.split()[1])
        return n
    start = total()
    time.sleep(wait)
    return total() - start
