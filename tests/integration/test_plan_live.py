#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""movectl add / rm edit the plan in place, and moved follows the plan live:
hand edits (inotify), SIGHUP, `movectl reload`; an invalid plan is refused
whole. The real moved and movectl; a mock notification server on a private
session bus.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moved_harness import BusTestCase, MOVECTL, Moved  # noqa: E402

PLAN = """# My plan: kept as I wrote it.
[settings]
snooze   =   "10m"    # odd spacing survives

# Walking, for my back.
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"   # physio's advice
exercises = [
  "Nordic walking",   # with poles
  "Hills",
]

# trailing comment
"""


def ids(d):
    return [r["id"] for r in d.ctl_json("list")["routines"]]


def replace_file(path, text):
    """Writes as editors do: a new file renamed over the old one."""
    tmp = path + ".swp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


class PlanLiveTest(BusTestCase):
    def test_add_then_rm_gives_back_the_file_byte_for_byte(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("add", "desk-break", "--title", "Get up \"now\"", "--every", "1h", "--active",
                      "--on", "weekdays", "--window", "09:00-17:30", "--duration", "3-5m",
                      "--exercise", "Calf raises", "--exercise", "Stretch")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(ids(d), ["walk", "desk-break"])  # applied at once
            text = open(d.plan).read()
            self.assertTrue(text.startswith(PLAN), "everything before is kept")
            self.assertIn('title = "Get up \\"now\\""', text)
            self.assertEqual(d.ctl("check", d.plan).returncode, 0)
            r = d.ctl("rm", "desk-break")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(open(d.plan).read(), PLAN)
            self.assertEqual(ids(d), ["walk"])

    def test_bad_adds_change_nothing_and_say_why(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("add", "walk", "--title", "Again", "--every", "1d")
            self.assertEqual(r.returncode, 1)
            self.assertIn("walk", r.stderr)
            r = d.ctl("add", "core", "--title", "Core", "--every", "2x")
            self.assertEqual(r.returncode, 1)
            self.assertIn("--every", r.stderr)
            r = d.ctl("add", "core", "--title", "Core")
            self.assertEqual(r.returncode, 2)
            r = d.ctl("rm", "nope")
            self.assertEqual(r.returncode, 1)
            self.assertEqual(open(d.plan).read(), PLAN)

    def test_a_hand_edit_is_picked_up_within_a_second(self):
        with Moved(self.bus, PLAN) as d:
            replace_file(d.plan, PLAN + '\n[[routine]]\nid = "core"\ntimes_per_week = 3\n')
            start = time.monotonic()
            Moved.wait_for(lambda: "core" in ids(d), "the hand edit", timeout=1.0)
            self.assertLess(time.monotonic() - start, 1.0)
            with open(d.plan, "a") as f:  # an in-place write too
                f.write('\n[[routine]]\nid = "yoga"\nat = ["18:30"]\n')
            Moved.wait_for(lambda: "yoga" in ids(d), "the in-place edit", timeout=1.0)

    def test_a_plan_that_is_a_symlink_follows_edits_of_its_target(self):
        """Dotfiles: ~/.config/move/plan.toml is a link to a file in another
        folder (a dotfiles repository). Editing the target is picked up."""
        root = tempfile.mkdtemp(prefix="move-it-")
        try:
            dotfiles = os.path.join(root, "dotfiles", "move")
            os.makedirs(dotfiles)
            target = os.path.join(dotfiles, "plan.toml")
            with open(target, "w") as f:
                f.write(PLAN)
            d = Moved(self.bus, None, root=root)
            os.symlink(os.path.relpath(target, root), d.plan)
            with d:
                self.assertEqual(ids(d), ["walk"])
                replace_file(target, PLAN + '\n[[routine]]\nid = "core"\ntimes_per_week = 3\n')
                Moved.wait_for(lambda: "core" in ids(d), "the edit of the link's target", timeout=2.0)
                with open(target, "a") as f:  # an in-place write too
                    f.write('\n[[routine]]\nid = "yoga"\nat = ["18:30"]\n')
                Moved.wait_for(lambda: "yoga" in ids(d), "the in-place edit of the target", timeout=2.0)
                self.assertTrue(os.path.islink(d.plan))
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def test_an_invalid_plan_is_refused_whole_and_the_old_one_keeps_running(self):
        with Moved(self.bus, PLAN) as d:
            replace_file(d.plan, PLAN + '\n[[routine]]\nid = "core"\nevry = "1d"\n')
            r = d.ctl("reload")
            self.assertEqual(r.returncode, 1)
            self.assertIn("plan.toml:20:1: unknown key 'evry' in routine 'core' (did you mean 'every'?)", r.stderr)
            self.assertEqual(ids(d), ["walk"])
            Moved.wait_for(lambda: "the running plan stays" in d.log_text(), "the error in the log")
            # One notification names file:line:col; status says the previous plan runs, and why.
            refused = [c for c in self.bus.notify_calls() if c["summary"] == "move: the plan was not loaded"]
            self.assertEqual(len(refused), 1, refused)
            self.assertIn("plan.toml:20:1: unknown key 'evry'", refused[0]["body"])
            self.assertEqual(refused[0]["actions"], [])
            self.assertIn(":20:1: unknown key 'evry'", d.ctl_json("status")["plan_error"])
            self.assertIn("the previous plan runs", d.ctl("status").stdout)
            os.kill(d.proc.pid, signal.SIGHUP)
            time.sleep(0.3)
            self.assertEqual(d.proc.poll(), None)
            self.assertEqual(ids(d), ["walk"])
            os.unlink(d.plan)  # a deleted plan: the running plan stays too
            Moved.wait_for(lambda: "the plan file is gone" in d.log_text(), "the deletion in the log")
            self.assertEqual(ids(d), ["walk"])

    def test_an_empty_or_truncated_plan_is_refused_and_settings_alone_warns(self):
        with Moved(self.bus, PLAN) as d:
            replace_file(d.plan, "")  # an editor or a full disk left it empty
            r = d.ctl("reload")
            self.assertEqual(r.returncode, 1, r.stdout)
            self.assertIn(d.plan + ":1:1: the plan is empty: no [[routine]] and no [settings]", r.stderr)
            self.assertEqual(ids(d), ["walk"])
            with open(d.plan, "w") as f:
                f.write("# truncated\n")
            Moved.wait_for(lambda: d.log_text().count("the plan is empty") >= 2, "the refusal in the log")
            self.assertEqual(ids(d), ["walk"])
            replace_file(d.plan, "[settings]\nsnooze = \"5m\"\n")  # no routine, on purpose
            Moved.wait_for(lambda: ids(d) == [], "the plan of [settings] alone")
            self.assertIn("the plan has no routine: nothing will remind", d.log_text())

    def test_a_folder_is_not_a_plan(self):
        folder = tempfile.mkdtemp(prefix="move-it-")
        try:
            d = Moved(self.bus, None)
            r = subprocess.run([MOVECTL, "check", folder], capture_output=True, text=True, timeout=10)
            self.assertEqual(r.returncode, 2, r.stdout)
            self.assertIn(folder + ":0:0: this is a folder; give the plan file in it", r.stderr)
            proc = d.start("--plan", folder, wait=False)
            self.assertEqual(proc.wait(10), 2)
            self.assertIn("this is a folder", d.log_text())
            d.stop()
            shutil.rmtree(d.root, ignore_errors=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def test_sighup_reloads(self):
        with Moved(self.bus, PLAN) as d:
            # Written behind inotify's back is impossible; SIGHUP must work on its own too.
            os.kill(d.proc.pid, signal.SIGHUP)
            time.sleep(0.2)
            self.assertEqual(ids(d), ["walk"])
            self.assertEqual(d.ctl_json("reload")["changed"], False)

    def test_concurrent_adds_from_two_shells_both_land(self):
        with Moved(self.bus, PLAN) as d:
            procs = [subprocess.Popen([MOVECTL, "add", f"r{i}", "--title", f"R {i}", "--every", "1h"], env=d.env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(6)]
            self.assertEqual([p.wait(10) for p in procs], [0] * 6)
            self.assertEqual(sorted(ids(d)), sorted(["walk"] + [f"r{i}" for i in range(6)]))
            self.assertEqual(d.ctl("check", d.plan).returncode, 0)

    def test_history_of_a_removed_routine_is_kept_and_found_again(self):
        with Moved(self.bus, PLAN) as d:
            self.assertEqual(d.ctl("done", "walk", "--minutes", "42").returncode, 0)
            self.assertEqual(d.ctl("rm", "walk").returncode, 0)
            self.assertEqual(ids(d), [])
            self.assertEqual(d.ctl("add", "walk", "--title", "Walk", "--every", "2d").returncode, 0)
            status = d.ctl_json("status", "walk")["routines"][0]
            self.assertIsNotNone(status["last_done"])
            self.assertEqual(status["minutes_7d"], 42)

    def test_without_a_daemon_movectl_edits_the_file_itself(self):
        d = Moved(None, PLAN)  # not started
        r = d.ctl("add", "core", "--title", "Core", "--times-per-week", "3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("moved is not running", r.stdout)
        self.assertIn('id = "core"', open(d.plan).read())
        r = d.ctl("rm", "core")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(open(d.plan).read(), PLAN)


if __name__ == "__main__":
    unittest.main(verbosity=2)
