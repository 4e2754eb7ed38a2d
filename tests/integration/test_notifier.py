#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real LibnotifyNotifier (in an Asio loop via GlibLoop) against a mock
notification server on a private session bus.

Drives tests/integration/notify_probe (path in $MOVE_NOTIFY_PROBE, or as the
first argument) through its stdin; see notify_probe.cc for the protocol.
"""

import os
import queue
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from procs import voluntary_switches  # noqa: E402
from dbus_session import DBusSession  # noqa: E402

PROBE = os.environ.get("MOVE_NOTIFY_PROBE", "")
TIMEOUT = 10.0


class Probe:
    """notify_probe running on a bus; lines of stdout arrive in a queue."""

    def __init__(self, bus, verbose=False):
        # fatal-warnings: a GLib warning or critical fails the test.
        env = dict(bus.env, G_DEBUG="fatal-warnings")
        self.proc = subprocess.Popen(
            [PROBE] + (["--verbose"] if verbose else []), env=env, text=True, bufsize=1,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = queue.Queue()
        self.stderr_lines = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        self._err = threading.Thread(target=self._pump, args=(self.proc.stderr, self.stderr_lines.append),
                                     daemon=True)
        self._err.start()

    @staticmethod
    def _pump(stream, sink):
        for line in stream:
            sink(line.rstrip("\n"))

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def expect(self, wanted, timeout=TIMEOUT):
        """The next stdout line, which must be wanted."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"probe said nothing, wanted {wanted!r}; stderr:\n{self.stderr}") from None
        if line != wanted:
            raise AssertionError(f"probe said {line!r}, wanted {wanted!r}; stderr:\n{self.stderr}")

    def run(self, command, answer):
        self.send(command)
        self.expect(answer)

    def wait_for_server_report(self, bus):
        """Waits until the probe has handled its name watch's report of the
        running server (logged with --verbose): from then on its shows follow
        that server's capabilities."""
        wanted = f"notification server {bus.server_owner} on the bus"
        deadline = time.monotonic() + TIMEOUT
        while not any(wanted in line for line in list(self.stderr_lines)):
            if time.monotonic() > deadline:
                raise AssertionError(f"probe never logged {wanted!r}; stderr:\n{self.stderr}")
            time.sleep(0.02)

    @property
    def stderr(self):
        return "\n".join(self.stderr_lines)

    def close(self):
        """Ends the probe by closing its stdin; returns its exit status."""
        if self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            status = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("probe did not exit at end of input")
        self._err.join(TIMEOUT)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return status


class NotifierTest(unittest.TestCase):
    def start(self, capabilities="body actions", verbose=False):
        bus = DBusSession(capabilities)
        self.enterContext(bus)
        probe = Probe(bus, verbose)
        self.addCleanup(lambda: probe.proc.poll() is None and probe.close())
        return bus, probe

    def finish(self, probe):
        self.assertEqual(probe.close(), 0, probe.stderr)

    def test_actions_replace_and_withdraw(self):
        bus, probe = self.start()
        probe.run("show walk Brisk walk|30-60 min\\nNordic walking counts too.", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(walk["app_name"], "move")
        self.assertEqual(walk["replaces_id"], 0)
        self.assertEqual(walk["summary"], "Brisk walk")
        self.assertEqual(walk["body"], "30-60 min\nNordic walking counts too.")
        self.assertEqual(sorted(walk["actions"]), ["done", "skip", "snooze"])
        self.assertEqual(walk["action_labels"], {"done": "Done", "snooze": "Snooze", "skip": "Skip"})
        self.assertEqual(walk["hints"]["urgency"], 1)
        self.assertEqual(walk["hints"]["category"], "x-move.reminder")
        # move's desktop entry and icon (move.desktop, move.svg), so the
        # desktop shows move's name and icon and lists it in its settings.
        self.assertEqual(walk["hints"]["desktop-entry"], "move")
        self.assertEqual(walk["app_icon"], "move")

        # A repeat replaces the visible one; another routine gets its own.
        probe.run("show walk Brisk walk|still due", "shown walk")
        probe.run("show desk-break Get up and move|3-5m", "shown desk-break")
        _, again, desk = bus.wait_for_notify(3)
        self.assertEqual(again["replaces_id"], walk["id"])
        self.assertEqual(again["body"], "still due")
        self.assertEqual(desk["replaces_id"], 0)
        self.assertNotEqual(desk["id"], walk["id"])

        # Buttons reach the program, with the right routine.
        bus.emit_action(walk["id"], "done")
        probe.expect("action walk done")
        bus.emit_action(desk["id"], "snooze")
        probe.expect("action desk-break snooze")

        # Withdraw closes it on the server; the next show is a new one.
        probe.run("withdraw walk", "withdrawn walk")
        self.assertEqual([args for _, args in bus.method_calls("CloseNotification")], [[walk["id"]]])
        probe.run("show walk Brisk walk|due", "shown walk")
        self.assertEqual(bus.wait_for_notify(4)[3]["replaces_id"], 0)

        # Closed by the user: forgotten. The action after it proves the
        # probe has handled the close (signals arrive in order).
        bus.emit_closed(desk["id"], 2)
        bus.emit_action(bus.notify_calls()[3]["id"], "skip")
        probe.expect("action walk skip")
        probe.run("show desk-break Get up and move|3-5m", "shown desk-break")
        self.assertEqual(bus.wait_for_notify(5)[4]["replaces_id"], 0)

        probe.run("withdraw nothing-shown", "withdrawn nothing-shown")
        self.finish(probe)
        self.assertNotIn("warning", probe.stderr)

    def test_handler_may_withdraw(self):
        bus, probe = self.start()
        probe.run("withdraw-on-action", "ok")
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        bus.emit_action(walk["id"], "done")
        probe.expect("action walk done")
        probe.expect("withdrawn walk")
        self.assertEqual([args for _, args in bus.method_calls("CloseNotification")], [[walk["id"]]])
        # The server's NotificationClosed for it is ignored, the next is new.
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        self.assertEqual(bus.wait_for_notify(2)[1]["replaces_id"], 0)
        self.finish(probe)

    def test_server_without_actions_gets_the_hint(self):
        bus, probe = self.start("body")
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(walk["body"], "30-60 min\nmovectl done walk")
        self.assertEqual(walk["actions"], [])
        probe.run("show core Core|", "shown core")
        self.assertEqual(bus.wait_for_notify(2)[1]["body"], "movectl done core")
        self.finish(probe)

    def test_markup_is_escaped_when_the_server_reads_it(self):
        bus, probe = self.start("body body-markup actions")
        probe.run("show walk Walk & talk|Stretch & <walk>", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(walk["summary"], "Walk & talk")  # never markup
        self.assertEqual(walk["body"], "Stretch &amp; &lt;walk&gt;")
        self.finish(probe)

    def test_no_server_then_one_appears(self):
        bus, probe = self.start(None)
        probe.run("show walk Brisk walk|30-60 min", "failed walk")
        probe.run("show walk Brisk walk|30-60 min", "failed walk")
        self.assertIsNone(probe.proc.poll())

        bus.start_server("body actions")
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(sorted(walk["actions"]), ["done", "skip", "snooze"])
        bus.emit_action(walk["id"], "done")
        probe.expect("action walk done")
        self.finish(probe)
        warnings = [line for line in probe.stderr_lines if "no notification server" in line]
        self.assertEqual(len(warnings), 1, probe.stderr)
        self.assertIn("ServiceUnknown", warnings[0])
        self.assertIn("notification server is back", probe.stderr)

    def test_server_restarts(self):
        bus, probe = self.start(verbose=True)
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        bus.wait_for_notify(1)
        bus.stop_server()
        probe.run("show walk Brisk walk|30-60 min", "failed walk")
        bus.start_server("body")  # and one without buttons now
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(walk["body"], "30-60 min\nmovectl done walk")
        self.assertEqual(walk["actions"], [])
        bus.restart_server("body actions")
        probe.wait_for_server_report(bus)  # no show failed: only the watch tells
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        bus.emit_action(walk["id"], "snooze")
        probe.expect("action walk snooze")
        self.finish(probe)

    def test_capabilities_are_asked_once_per_server(self):
        bus, probe = self.start(verbose=True)
        # The watch's first report forgets them too (a show may come before
        # it): after it, they are asked once.
        probe.wait_for_server_report(bus)
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        probe.run("show walk Brisk walk|still due", "shown walk")
        probe.run("show desk-break Get up and move|3-5m", "shown desk-break")
        bus.wait_for_notify(3)
        self.assertEqual(len(bus.method_calls("GetCapabilities")), 1)
        self.finish(probe)

    def test_replaced_server_gets_its_own_capabilities(self):
        bus, probe = self.start(verbose=True)
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(sorted(walk["actions"]), ["done", "skip", "snooze"])

        # Replaced by one without buttons, no show failing in between: the
        # name watch is what makes the probe ask again.
        bus.restart_server("body")
        probe.wait_for_server_report(bus)
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        [walk] = bus.wait_for_notify(1)
        self.assertEqual(walk["body"], "30-60 min\nmovectl done walk")
        self.assertEqual(walk["actions"], [])
        self.assertEqual(len(bus.method_calls("GetCapabilities")), 1)
        self.finish(probe)

    def test_glib_timeouts_fire_on_time(self):
        bus, probe = self.start()
        for ms in (300, 50):
            start = time.monotonic()
            probe.run(f"timeout {ms}", "ok")
            probe.expect(f"fired {ms}")
            elapsed = time.monotonic() - start
            self.assertGreaterEqual(elapsed, ms / 1000 - 0.01)
            self.assertLess(elapsed, ms / 1000 + 2.0)
        self.finish(probe)

    def test_idle_probe_sleeps(self):
        """Idle, the loop must not wake: its CPU time stays flat."""
        bus, probe = self.start()
        probe.run("show walk Brisk walk|30-60 min", "shown walk")
        before = _cpu_ticks(probe.proc.pid)
        time.sleep(1.0)
        self.assertLessEqual(_cpu_ticks(probe.proc.pid) - before, 1)
        self.assertEqual(voluntary_switches(probe.proc.pid, wait=1.0), 0)
        self.finish(probe)


def _cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime




if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        PROBE = sys.argv.pop(1)
    if not PROBE or not os.access(PROBE, os.X_OK):
        sys.exit(f"notify_probe not found: set MOVE_NOTIFY_PROBE or pass its path (got {PROBE!r})")
    unittest.main(verbosity=2)
