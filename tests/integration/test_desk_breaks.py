#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Desk breaks that follow the person, end to end: the real moved with its
X11 idle source on a virtual display (Xvfb -noreset), input injected with
xdotool, reminders on a mock notification server, the real movectl.
Durations are seconds.
"""

import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import Moved  # noqa: E402

PLAN = """
[settings]
idle_threshold = "1s"
snooze = "1h"

[[routine]]
id = "desk"
title = "Get up and move"
every = "5s"
active = true
duration = "2s"
"""


class DeskBreakTest(unittest.TestCase):
    def setUp(self):
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-noreset", "-nolisten", "tcp"],
                                     pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()
        self.addCleanup(self.xvfb.wait)
        self.addCleanup(self.xvfb.kill)
        self.bus = self.enterContext(DBusSession())

    def input(self):
        subprocess.run(["xdotool", "mousemove_relative", "--", "3", "1"], check=True,
                       env=dict(os.environ, DISPLAY=self.display))

    def moved(self):
        d = Moved(self.bus, PLAN)
        d.env.update(DISPLAY=self.display, MOVE_IDLE_SOURCE="x11")
        d.__enter__()
        self.addCleanup(d.__exit__, None, None, None)
        return d

    def test_an_absence_is_a_natural_break_and_closes_the_reminder(self):
        self.input()
        d = self.moved()
        status = d.ctl_json("status")
        self.assertEqual(status["idle_source"], "x11")
        # Sit and work until the reminder comes.
        deadline = time.monotonic() + 10
        while not self.bus.notify_calls() and time.monotonic() < deadline:
            self.input()
            time.sleep(0.3)
        self.assertTrue(self.bus.notify_calls(), "the desk break reminder")
        self.assertEqual(d.ctl_json("status", "desk")["routines"][0]["state"], "due")
        # Then leave: no input for 3.5 s, longer than the 2 s dose.
        time.sleep(3.5)
        self.input()
        Moved.wait_for(lambda: any(e["kind"] == "natural" for e in d.history("desk")), "a natural break")
        routine = d.ctl_json("status", "desk")["routines"][0]
        self.assertEqual(routine["state"], "waiting")
        self.assertLess(routine["active_s"], 3)
        self.assertGreaterEqual(routine["longest_sitting_s"], 4)
        self.assertIn("CloseNotification", [m for m in self.method_names()])

    def test_the_idle_threshold_follows_the_plan(self):
        d = Moved(self.bus, PLAN.replace('idle_threshold = "1s"', 'idle_threshold = "1h"'))
        d.env.update(DISPLAY=self.display, MOVE_IDLE_SOURCE="x11")
        d.__enter__()
        self.addCleanup(d.__exit__, None, None, None)
        self.input()
        time.sleep(2.5)
        self.assertEqual(d.ctl_json("status")["presence"], "active", "idle after 2.5 s with a 1 h threshold")
        # The person shortens it in the plan; moved follows without a restart.
        with open(d.plan, "w") as f:
            f.write(PLAN)
        Moved.wait_for(lambda: "idle threshold now 1s" in d.log_text(), "the new threshold")
        self.input()
        Moved.wait_for(lambda: d.ctl_json("status")["presence"] == "idle", "idle after 1 s", timeout=5)
        self.assertEqual(d.ctl_json("status")["idle_source"], "x11")
        self.input()
        Moved.wait_for(lambda: d.ctl_json("status")["presence"] == "active", "back on input", timeout=5)

    def test_no_reminder_while_away(self):
        d = self.moved()
        time.sleep(7)  # away from the start: the 5 s of desk time never accrue
        self.assertEqual(self.bus.notify_calls(), [])
        self.assertEqual(d.ctl_json("status")["presence"], "idle")

    def method_names(self):
        names = []
        for name in ("Notify", "CloseNotification"):
            if self.bus.method_calls(name):
                names.append(name)
        return names


if __name__ == "__main__":
    unittest.main(verbosity=2)
