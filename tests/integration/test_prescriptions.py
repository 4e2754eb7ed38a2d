#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prescriptions kept and stages, with the real moved and movectl over a
private bus and a real SQLite history: a plan change never rewrites the
weeks before it, `history --prescriptions` lists the changes, and a routine
that builds up in stages shows where it is.

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import datetime
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moved_harness import BusTestCase, Moved  # noqa: E402

WALK_2D = """
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
"""

WALK_1D = WALK_2D.replace('every = "2d"', 'every = "1d"').replace("30-60m", "20-30m")


def utc_day(days_ago):
    return datetime.datetime.now(datetime.timezone.utc).date() - datetime.timedelta(days=days_ago)


class PrescriptionsTest(BusTestCase):
    def test_a_plan_change_leaves_past_weeks_as_they_were(self):
        today = utc_day(0)
        monday = today - datetime.timedelta(days=today.weekday())
        with Moved(self.bus, WALK_2D) as d:
            # Walks of the last two weeks, entered afterwards.
            two_weeks_ago = monday - datetime.timedelta(days=14)
            for n in (0, 2, 4, 6, 7, 9, 11, 13):
                day = two_weeks_ago + datetime.timedelta(days=n)
                r = d.ctl("done", "walk", "--at", f"{day.isoformat()} 10:00")
                self.assertEqual(r.returncode, 0, r.stderr)
            before = d.ctl_json("report", "--weeks", "4")
            self.assertEqual(before["prescriptions"], [])
            past = before["routines"][0]["weeks"][:3]
            self.assertEqual(past[1]["monday"], two_weeks_ago.isoformat())
            self.assertEqual(past[2]["expected"], 3.5)
            self.assertEqual(past[2]["adherence"], 1.0)

            # The physiotherapist changes the dose: moved follows the file.
            with open(d.plan, "w") as f:
                f.write(WALK_1D)
            Moved.wait_for(lambda: len(d.ctl_json("history", "--prescriptions")["events"]) == 2,
                           "the new prescription recorded")
            after = d.ctl_json("report", "--weeks", "4")
            for w_before, w_after in zip(past, after["routines"][0]["weeks"][:3]):
                self.assertEqual(w_after["expected"], w_before["expected"], w_after["monday"])
                self.assertEqual(w_after["adherence"], w_before["adherence"], w_after["monday"])
                # Before the first walk nothing shows it was prescribed.
                self.assertEqual(w_after["prescription"],
                                 None if w_after["monday"] < two_weeks_ago.isoformat() else "every 2d, 30–60 min")
            current = after["routines"][0]["weeks"][3]
            self.assertEqual(current["prescription"], "every 1d, 20–30 min")
            self.assertEqual(after["routines"][0]["schedule"], "every 1d")
            print(after["prescriptions"], d.ctl_json("history", "--prescriptions")["events"], after["to"], file=sys.stderr)
            [change] = after["prescriptions"]
            self.assertEqual((change["routine"], change["from"], change["to"]),
                             ("walk", "every 2d, 30–60 min", "every 1d, 20–30 min"))

            # The list of prescriptions, for people and for scripts.
            r = d.ctl("history", "--prescriptions", "walk")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("every 2d, 30–60 min", r.stdout)
            self.assertIn("every 1d, 20–30 min", r.stdout)
            events = d.ctl_json("history", "--prescriptions", "walk")["events"]
            self.assertEqual([e["kind"] for e in events], ["prescription", "prescription"])
            self.assertIn('every = "1d"', events[1]["prescription"].replace("'", '"'))

            # A restart records nothing new; removing it records that it left.
            d.stop()
            d.start()
            self.assertEqual(len(d.ctl_json("history", "--prescriptions")["events"]), 2)
            with open(d.plan, "w") as f:
                f.write('[[routine]]\nid = "desk"\nevery = "1h"\n')
            Moved.wait_for(lambda: len(d.ctl_json("history", "--prescriptions", "walk")["events"]) == 3,
                           "the walk's leaving recorded")
            self.assertIn("left the plan", d.ctl("history", "--prescriptions", "walk").stdout)

    def test_stages_show_in_status_and_in_check(self):
        start = utc_day(15)
        plan = f"""
[[routine]]
id = "walk"
every = "2d"
duration = "15-20m"
start = "{start.isoformat()}"
[[routine.stage]]
after = "2w"
duration = "20-30m"
[[routine.stage]]
after = "6w"
times_per_week = 5
duration = "30m"
"""
        with Moved(self.bus, plan) as d:
            s = d.ctl_json("status")["routines"][0]
            self.assertEqual(s["stage"], {"number": 2, "of": 3,
                                          "since": (start + datetime.timedelta(days=14)).isoformat(),
                                          "next": (start + datetime.timedelta(days=42)).isoformat()})
            r = d.ctl("status")
            self.assertIn(f"walk: stage 2 of 3 since {(start + datetime.timedelta(days=14)).isoformat()}",
                          r.stdout)
            self.assertEqual(d.ctl_json("report", "--weeks", "1")["routines"][0]["dose"], "20–30 min")
            # check previews across the change to five a week.
            r = d.ctl("check", d.plan, "--next", "3")
            self.assertEqual(r.returncode, 0, r.stderr)
            # A stage before the one before it: the error names file:line:col.
            bad = plan.replace('after = "6w"', 'after = "1w"')
            with open(d.plan + ".bad", "w") as f:
                f.write(bad)
            r = d.ctl("check", d.plan + ".bad")
            self.assertEqual(r.returncode, 2)
            self.assertIn(f"{d.plan}.bad:11:9: 'after' in the stage at line 10 of routine 'walk'", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
