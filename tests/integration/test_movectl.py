#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""movectl as people use it from the shell, against the real moved: history
filters, mistakes that say what to do, times as people type them.

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moved_harness import MOVECTL, BusTestCase, Moved  # noqa: E402

PLAN = """
[settings]
snooze = "1h"

[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "stretch"
title = "Stretch"
every = "1d"
duration = "5m"
"""


def day(offset):
    """The UTC date offset days from today (the harness runs moved in UTC)."""
    return (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=offset)).isoformat()


class HistoryTest(BusTestCase):
    def test_since_and_until_take_whole_days_and_kind_narrows(self):
        with Moved(self.bus, PLAN) as d:
            for at in (f"{day(-4)} 23:30", f"{day(-3)} 00:30", f"{day(-3)} 23:59", f"{day(-2)} 00:00"):
                r = d.ctl("done", "walk", "--at", at)
                self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(d.ctl("pain", "3").returncode, 0)

            def ats(*args):
                r = d.ctl("history", "--format", "json", *args)
                self.assertEqual(r.returncode, 0, r.stderr)
                return [e["at"][:16] for e in json.loads(r.stdout) if e["kind"] == "done"]

            self.assertEqual(ats("--since", day(-3), "--until", day(-3)),
                             [f"{day(-3)}T00:30", f"{day(-3)}T23:59"])
            self.assertEqual(ats("--until", day(-4)), [f"{day(-4)}T23:30"])
            kinds = {e["kind"] for e in json.loads(d.ctl("history", "--format", "json", "--kind", "pain").stdout)}
            self.assertEqual(kinds, {"pain"})
            r = d.ctl("history", "--kind", "pian")
            self.assertEqual(r.returncode, 2)
            self.assertIn("did you mean 'pain'", r.stderr)

    def test_csv_has_the_pain_level_and_snooze_length(self):
        with Moved(self.bus, PLAN) as d:
            self.assertEqual(d.ctl("pain", "2", "--note", "after long drive").returncode, 0)
            self.assertEqual(d.ctl("snooze", "walk", "15m").returncode, 0)
            lines = d.ctl("history", "--format", "csv").stdout.splitlines()
            self.assertEqual(lines[0], "routine,kind,at,minutes,note,level,seconds")
            pain = [line for line in lines if ",pain," in line][0]
            self.assertTrue(pain.endswith(",after long drive,2,"), pain)
            snoozed = [line for line in lines if ",snoozed," in line][0]
            self.assertTrue(snoozed.endswith(",900"), snoozed)


if __name__ == "__main__":
    unittest.main(verbosity=2)
