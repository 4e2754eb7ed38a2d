#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real moved, driven by the real movectl over its socket, with a mock
notification server (python3-dbusmock) on a private session bus and a real
SQLite history. Durations are seconds, not minutes.

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import datetime
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moved_harness import BusTestCase, Moved, read_reply  # noqa: E402
from procs import timerfds  # noqa: E402

QUICK = """
[settings]
snooze = "1h"

[[routine]]
id = "stretch"
title = "Stretch now"
every = "2s"
duration = "3-5m"
exercises = ["Calf raises"]
notes = "Slowly."

[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
"""


class MovedTest(BusTestCase):
    def notifies(self, summary):
        return [c for c in self.bus.notify_calls() if c["summary"] == summary]

    def test_reminder_arrives_with_title_dose_and_actions_and_done_is_recorded(self):
        with Moved(self.bus, QUICK) as d:
            Moved.wait_for(lambda: self.notifies("Stretch now"), "the stretch reminder")
            call = self.notifies("Stretch now")[0]
            self.assertEqual(call["actions"], ["done", "snooze", "skip"])
            self.assertEqual(call["action_labels"], {"done": "Done", "snooze": "Snooze", "skip": "Skip"})
            self.assertIn("3–5 min", call["body"])
            self.assertIn("Calf raises", call["body"])
            self.assertIn("Slowly.", call["body"])
            self.assertEqual(d.ctl_json("status", "stretch")["routines"][0]["state"], "due")

            self.bus.emit_action(call["id"], "done")
            Moved.wait_for(lambda: any(e["kind"] == "done" for e in d.history("stretch")), "done recorded")
            done = [e for e in d.history("stretch") if e["kind"] == "done"][0]
            self.assertEqual(done["minutes"], 3)  # the lower bound of the dose
            kinds = [e["kind"] for e in d.history("stretch") if e["kind"] != "prescription"]
            self.assertEqual(kinds[:2], ["due", "done"])

    def test_a_repeat_replaces_the_visible_notification(self):
        plan = QUICK.replace('snooze = "1h"', 'snooze = "1s"')
        with Moved(self.bus, plan):
            Moved.wait_for(lambda: len(self.notifies("Stretch now")) >= 2, "a repeated reminder")
            first, second = self.notifies("Stretch now")[:2]
            self.assertEqual(second["replaces_id"], first["id"])

    def test_done_survives_restart_and_kill_9(self):
        with Moved(self.bus, QUICK) as d:
            r = d.ctl("done", "walk", "--minutes", "40", "--note", "with the dog")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("walk: done, 40 min", r.stdout)
            self.assertEqual(d.stop(), 0)
            self.assertFalse(os.path.exists(d.socket), "SIGTERM removes the socket")
            d.start()
            r = d.ctl("done", "walk", "--at", "yesterday 18:00")
            self.assertEqual(r.returncode, 0, r.stderr)
            d.stop(signal.SIGKILL)
            d.start()  # a stale socket file is replaced
            walks = [e for e in d.history("walk") if e["kind"] == "done"]
            self.assertEqual([(e["minutes"], e["note"]) for e in walks], [(30, None), (40, "with the dog")])
            status = d.ctl_json("status", "walk")["routines"][0]
            self.assertEqual(status["done_7d"], 2)
            self.assertEqual(status["minutes_7d"], 70)

    def test_garbage_gets_an_error_and_the_daemon_keeps_serving(self):
        with Moved(self.bus, QUICK) as d:
            s = d.raw()
            s.sendall(b"this is not json\n")
            reply = read_reply(s)
            self.assertEqual((reply["ok"], reply["code"]), (False, "bad-json"))
            s.sendall(b'{"cmd": "frobnicate"}\n')
            self.assertEqual(read_reply(s)["code"], "unknown-command")
            s.sendall(b'{"cmd": "done", "id": "nope"}\n')
            self.assertEqual(read_reply(s)["code"], "unknown-routine")
            s.sendall(b'{"cmd": "hello"}\n')
            hello = read_reply(s)
            self.assertEqual((hello["ok"], hello["protocol"]), (True, 1))
            s.sendall(b"x" * (64 * 1024 + 10) + b"\n")
            self.assertEqual(read_reply(s)["code"], "line-too-long")
            s.close()
            half = d.raw()
            half.sendall(b'{"cmd": "sta')  # and never more
            self.assertEqual(d.ctl("status").returncode, 0)
            half.close()
            self.assertEqual(d.ctl("status").returncode, 0)

    def test_pause_and_resume_give_one_reminder(self):
        with Moved(self.bus, QUICK) as d:
            self.assertEqual(d.ctl("pause").returncode, 0)
            self.assertEqual(d.ctl_json("status")["paused"], True)
            self.assertEqual(d.stop(), 0)  # a restart (a new login) keeps the pause
            d.start()
            self.assertEqual(d.ctl_json("status")["paused"], True)
            time.sleep(4.5)  # two occurrences of a 2 s routine pass
            self.assertEqual(self.notifies("Stretch now"), [])
            self.assertEqual(d.ctl("resume").returncode, 0)
            Moved.wait_for(lambda: self.notifies("Stretch now"), "the reminder after resume")
            time.sleep(2.5)
            self.assertEqual(len(self.notifies("Stretch now")), 1)
            self.assertEqual(len([e for e in d.history("stretch") if e["kind"] == "due"]), 1)
            self.assertEqual([e["kind"] for e in d.history() if e["routine"] == ""], ["paused", "resumed"])

    def test_idle_moved_holds_no_armed_timer_but_its_deadline(self):
        """The structural half of "silent when idle" (bench/ measures the
        wake-ups): after a reminder went through D-Bus and GLib, with nothing
        due, the only armed timer is the wall-clock deadline. Asio's own
        timerfd in particular stays disarmed: armed once, Asio re-arms it
        every 5 minutes for ever."""
        with Moved(self.bus, QUICK) as d:
            Moved.wait_for(lambda: self.notifies("Stretch now"), "the stretch reminder")
            self.assertEqual(d.ctl("done", "stretch").returncode, 0)
            self.assertEqual(d.ctl("pause").returncode, 0)
            time.sleep(0.5)
            timers = timerfds(d.proc.pid)
            self.assertIn(("realtime", True), timers)
            self.assertEqual([t for t in timers if t != ("realtime", True)],
                             [t for t in timers if t[0] == "monotonic" and not t[1]], timers)

    def test_snooze_and_skip_from_the_shell(self):
        with Moved(self.bus, QUICK) as d:
            Moved.wait_for(lambda: self.notifies("Stretch now"), "the stretch reminder")
            r = d.ctl("snooze", "stretch", "2s")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(d.ctl_json("status", "stretch")["routines"][0]["state"], "snoozed")
            Moved.wait_for(lambda: len(self.notifies("Stretch now")) >= 2, "the reminder after the snooze")
            self.assertEqual(d.ctl("skip", "stretch", "--note", "in a meeting").returncode, 0)
            kinds = [e["kind"] for e in d.history("stretch") if e["kind"] != "prescription"]
            self.assertEqual(kinds[:4], ["due", "snoozed", "due", "skipped"])

    def test_exit_statuses_and_files(self):
        with Moved(self.bus, QUICK) as d:
            self.assertEqual(stat.S_IMODE(os.stat(d.socket).st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(d.socket)).st_mode), 0o700)
            r = d.ctl("done", "nope")
            self.assertEqual(r.returncode, 1)
            self.assertIn('no routine "nope"', r.stderr)
            self.assertEqual(d.ctl("done").returncode, 2)
            self.assertEqual(d.ctl("snooze", "walk", "ten").returncode, 2)  # checked by movectl
            second = Moved(self.bus, QUICK, root=d.root)
            proc = second.start(wait=False)
            self.assertEqual(proc.wait(10), 1)
            self.assertIn("already running", d.log_text())
            # Another socket, the same history: refused too (a lock on the state folder).
            third = Moved(self.bus, QUICK, root=d.root)
            third.env["MOVE_SOCKET"] = os.path.join(d.root, "run2", "moved.sock")
            third.log_path = os.path.join(d.root, "third.log")
            proc = third.start(wait=False)
            self.assertEqual(proc.wait(10), 1)
            third.stop()
            self.assertIn("moved is already running on " + d.state, third.log_text())
            self.assertFalse(os.path.exists(third.env["MOVE_SOCKET"]))
            self.assertEqual(d.ctl("status").returncode, 0)
        gone = d.ctl("status")
        self.assertEqual(gone.returncode, 3)
        self.assertIn(d.socket, gone.stderr)

    def test_a_clock_change_wakes_moved_to_recompute(self):
        # Setting the wall clock (here to what it already says, so nothing
        # else on the machine is disturbed) cancels moved's timerfd
        # (TFD_TIMER_CANCEL_ON_SET): it must wake, recompute and go on.
        plan = QUICK.replace('every = "2s"', 'every = "1h"')
        with Moved(self.bus, plan) as d:
            time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))
            Moved.wait_for(lambda: "the clock was set" in d.log_text(), "moved noticing the clock change")
            self.assertEqual(d.ctl("status").returncode, 0)
            self.assertEqual(self.notifies("Stretch now"), [])  # nothing was due: nothing fired

    def test_reminders_do_not_stall_after_the_clock_was_set_back(self):
        """A laptop booted three days ahead, moved reminded, then NTP set the
        clock back. The machine is shared, so the clock is not really moved:
        the history holds what moved recorded while it was ahead (first sight
        and a reminder three days out), and the clock is set to what it says
        (cancel-on-set wakes moved, as NTP's step does). The 2 s stretch
        must remind now, not in three days."""
        import sqlite3
        root = tempfile.mkdtemp(prefix="move-it-")
        with Moved(self.bus, QUICK.replace('every = "2s"', 'every = "1h"'), root=root) as d:
            pass  # creates the history, first sight of both routines
        ahead = int(time.time()) + 3 * 86400
        con = sqlite3.connect(os.path.join(d.state, "history.db"))
        con.execute("DELETE FROM events")
        con.execute("UPDATE routines SET first_seen = ?", (ahead - 3600,))
        con.execute("INSERT INTO events(routine, kind, at) VALUES('stretch', 'due', ?)", (ahead,))
        con.commit()
        con.close()
        with Moved(self.bus, QUICK, root=d.root) as d:
            time.sleep(0.3)
            time.clock_settime(time.CLOCK_REALTIME, time.clock_gettime(time.CLOCK_REALTIME))
            Moved.wait_for(lambda: "the clock was set" in d.log_text(), "moved noticing the clock change")
            Moved.wait_for(lambda: self.notifies("Stretch now"), "the stretch reminder", timeout=8)
            walk = d.ctl_json("status", "walk")["routines"][0]
            self.assertLess(datetime.datetime.fromisoformat(walk["next_due"]).timestamp() - time.time(),
                            2 * 86400 + 60)  # every 2d from now, not from three days ahead
        shutil.rmtree(root, ignore_errors=True)

    def test_first_start_writes_the_example_plan_at_the_default_path_only(self):
        d = Moved(self.bus, None)
        # The default path: $XDG_CONFIG_HOME/move/plan.toml, no MOVE_PLAN.
        del d.env["MOVE_PLAN"]
        d.env["XDG_CONFIG_HOME"] = os.path.join(d.root, "config")
        with d:
            default = os.path.join(d.root, "config", "move", "plan.toml")
            self.assertTrue(os.path.exists(default))
            ids = [r["id"] for r in d.ctl_json("list")["routines"]]
            self.assertEqual(ids, ["walk", "desk-break", "core", "pilates"])

    def test_a_named_plan_that_is_not_there_is_an_error(self):
        d = Moved(self.bus, None)
        try:
            for named_by in ("MOVE_PLAN", "--plan"):
                args = []
                if named_by == "--plan":
                    del d.env["MOVE_PLAN"]
                    args = ["--plan", d.plan]
                proc = d.start(*args, wait=False)
                self.assertEqual(proc.wait(10), 2, named_by)
                d.stop()
                self.assertFalse(os.path.exists(d.plan), named_by)
            self.assertEqual(d.log_text().count("no plan here"), 2, d.log_text())
        finally:
            shutil.rmtree(d.root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
