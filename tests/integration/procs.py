# SPDX-License-Identifier: GPL-3.0-or-later
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


def timerfds(pid):
    """[(clock, armed)] of each timerfd the process holds: clock is
    "monotonic" or "realtime" (others by number), armed whether it is set to
    expire (/proc/PID/fdinfo's it_value is not (0, 0))."""
    clocks = {"0": "realtime", "1": "monotonic"}
    out = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") != "anon_inode:[timerfd]":
                continue
            with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                info = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
        except OSError:  # closed meanwhile
            continue
        clock = info["clockid"].strip()
        out.append((clocks.get(clock, clock), info["it_value"].replace(" ", "") != "(0,0)"))
    return sorted(out)
