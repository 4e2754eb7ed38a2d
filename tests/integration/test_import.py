#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Activity import end to end: the real movectl reads GPX, TCX and FIT files
(tests/data/import/, and FIT files of tests/fit_gen) and the real moved
records them; moved's import folder picks up a file copied into it.

Binaries: $MOVED, $MOVECTL and $MOVE_FIT_GEN (CTest sets them).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moved_harness import BusTestCase, Moved  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "import")
FIT_GEN = os.environ.get("MOVE_FIT_GEN", "")

PLAN = """
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
import = ["walking", "hiking"]

[[routine]]
id = "core"
title = "Core exercises"
times_per_week = 3
duration = "15m"
"""

START = "2026-11-30T07:12:03+00:00"  # every fixture's walk starts then


def data(name):
    return os.path.join(DATA, name)


class ImportTest(BusTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="move-import-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def fit(self, points=361):
        """walk.fit of tests/fit_gen: walking, the fixtures' start, (points - 1) * 10 s."""
        out = os.path.join(self.tmp, f"fit{points}")
        os.makedirs(out, exist_ok=True)
        subprocess.run([FIT_GEN, out, str(points)], check=True)
        return os.path.join(out, "walk.fit")

    def dones(self, d):
        return [e for e in d.history() if e["kind"] == "done"]

    def test_files_are_recorded_once_with_their_minutes(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("import", self.fit(), data("garmin_two_tracks.gpx"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("recorded as walk", r.stdout)
            dones = self.dones(d)
            self.assertEqual([(e["routine"], e["at"]) for e in dones],
                             [("walk", START), ("walk", "2026-11-30T12:12:03+00:00")])
            self.assertEqual(dones[0]["minutes"], 60)  # the FIT session's timer time, not the dose's 30
            self.assertEqual(dones[0]["source"], "start:2026-11-30T07:12:03Z")
            self.assertIn("walk.fit", dones[0]["note"])
            self.assertEqual(dones[1]["minutes"], 60)  # hiking, the GPX track's moving time

            before = d.history()
            # The same files again, and the same walk as GPX and TCX exported elsewhere.
            r = d.ctl("import", self.fit(), data("garmin_two_tracks.gpx"), data("opentracks.gpx"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("0 recorded", r.stdout)
            r = d.ctl("import", "--routine", "walk", data("garmin_connect.tcx"), data("gadgetbridge.gpx"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("already recorded", r.stdout)
            self.assertEqual(d.history(), before)

            # The report counts them and marks them as imported.
            report = d.ctl_json("report", "--weeks", "2")
            walk = [x for x in report["routines"] if x["id"] == "walk"][0]
            self.assertEqual(sum(w["imported"] for w in walk["weeks"]), 2)
            self.assertIn("from the watch", d.ctl("report", "--weeks", "2").stdout)
            self.assertIn("2 from the watch", d.ctl("report", "--weeks", "2", "--html", "-").stdout)

    def test_no_matching_routine_dry_run_and_forced_routine(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("import", data("gadgetbridge.gpx"))  # Gadgetbridge writes no sport
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("not recorded", r.stdout)
            self.assertIn("--routine", r.stdout)
            r = d.ctl("--json", "import", "--dry-run", "--routine", "core", data("gadgetbridge.gpx"))
            reply = json.loads(r.stdout)
            self.assertEqual(reply["results"][0]["result"], "would-record")
            self.assertEqual(reply["results"][0]["routine"], "core")
            self.assertEqual(self.dones(d), [])
            r = d.ctl("import", "--routine", "core", data("gadgetbridge.gpx"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual([e["routine"] for e in self.dones(d)], ["core"])
            r = d.ctl("import", "--routine", "swim", data("opentracks.gpx"))
            self.assertEqual(r.returncode, 1)
            self.assertIn("swim", r.stderr)

    def test_bad_files_are_refused_whole_with_their_name(self):
        bad = {}
        bad["notxml.gpx"] = b"this is not XML at all\n"
        with open(data("opentracks.gpx"), "rb") as f:
            gpx = f.read()
        bad["truncated.gpx"] = gpx[: len(gpx) // 2]
        bad["future.gpx"] = gpx.replace(b"2026-11-30T", b"2031-11-30T")
        with open(self.fit(), "rb") as f:
            fit = bytearray(f.read())
        fit[40] ^= 0xFF
        bad["crc.fit"] = bytes(fit)
        with open(data("untimed_track.gpx"), "rb") as f:
            bad["untimed.gpx"] = f.read()
        paths = {}
        for name, content in bad.items():
            paths[name] = os.path.join(self.tmp, name)
            with open(paths[name], "wb") as f:
                f.write(content)
        paths["huge.fit"] = os.path.join(self.tmp, "huge.fit")
        with open(paths["huge.fit"], "wb") as f:
            f.truncate(2 << 30)  # 2 GiB, sparse: refused before it is read
        why = {"notxml.gpx": "unknown format", "truncated.gpx": "not XML", "future.gpx": "future",
               "crc.fit": "CRC", "untimed.gpx": "no timestamps", "huge.fit": "too large"}
        with Moved(self.bus, PLAN) as d:
            for name, path in paths.items():
                r = d.ctl("import", path)
                self.assertEqual(r.returncode, 2, (name, r.stdout, r.stderr))
                self.assertIn(path, r.stderr)
                self.assertIn(why[name], r.stderr, name)
            self.assertEqual(self.dones(d), [])
            # A bad file among good ones: the good ones are recorded, the bad not, exit 2.
            r = d.ctl("import", paths["future.gpx"], data("garmin_two_tracks.gpx"))
            self.assertEqual(r.returncode, 2)
            self.assertEqual([e["at"] for e in self.dones(d)], [START, "2026-11-30T12:12:03+00:00"])

    def test_the_import_folder_of_a_running_moved(self):
        inbox = os.path.join(self.tmp, "inbox")
        os.mkdir(inbox)
        shutil.copy(data("garmin_two_tracks.gpx"), inbox)  # there before moved starts
        plan = f'[settings]\nimport_dir = "{inbox}"\n' + PLAN
        with Moved(self.bus, plan) as d:
            Moved.wait_for(lambda: len(self.dones(d)) == 2, "the file already there imported")
            # Syncthing writes a hidden temporary file and renames it.
            tmp = os.path.join(inbox, ".syncthing.walk.fit.tmp")
            shutil.copy(self.fit(1201), tmp)  # a new walk? no: the same start, a longer file
            os.rename(tmp, os.path.join(inbox, "walk.fit"))
            with open(data("opentracks.gpx"), "rb") as f:
                gpx = f.read().replace(b"2026-11-30T08:", b"2026-11-29T17:")  # written +01:00
            with open(os.path.join(inbox, "evening.gpx"), "wb") as f:  # a plain copy: IN_CLOSE_WRITE
                f.write(gpx)
            Moved.wait_for(lambda: len(self.dones(d)) == 3, "evening.gpx imported by moved")
            self.assertEqual(self.dones(d)[0]["at"], "2026-11-29T16:12:03+00:00")
            with open(os.path.join(inbox, "broken.gpx"), "wb") as f:
                f.write(b"<gpx><trk>")
            Moved.wait_for(lambda: (d.ctl_json("status")["import"]["last_refusal"] or {}).get("file") == "broken.gpx",
                           "broken.gpx refused")
            status = d.ctl_json("status")["import"]
            self.assertEqual(status["folder"], inbox)
            self.assertTrue(status["watching"])
            self.assertEqual(status["recorded"], 3)
            self.assertGreaterEqual(status["duplicates"], 1)  # walk.fit: the walk of garmin_two_tracks.gpx
            self.assertEqual(status["refused"], 1)
            self.assertIn("not XML", status["last_refusal"]["reason"])
            self.assertIn("broken.gpx", d.log_text())
            text = d.ctl("status").stdout
            self.assertIn(f"import folder {inbox}: 3 files read, 3 recorded", text)
            self.assertIn("last refused: broken.gpx: not XML", text)
            # A restart reads the folder again and records nothing twice.
            d.stop()
            d.start()
            Moved.wait_for(lambda: d.ctl_json("status")["import"]["refused"] == 1, "the folder read again")
            Moved.wait_for(lambda: d.ctl_json("status")["import"]["files"] == 3, "the folder read again")
            self.assertEqual(d.ctl_json("status")["import"]["recorded"], 0)
            self.assertEqual(len(self.dones(d)), 3)
            self.assertEqual(len(self.dones(d)), 3)

    def test_a_missing_import_folder_is_reported_and_reminders_go_on(self):
        inbox = os.path.join(self.tmp, "later")
        plan = f'[settings]\nimport_dir = "{inbox}"\n' + PLAN.replace('every = "2d"', 'every = "1s"')
        with Moved(self.bus, plan) as d:
            status = d.ctl_json("status")
            self.assertFalse(status["import"]["watching"])
            self.assertIn("No such file", status["import"]["error"])
            Moved.wait_for(lambda: self.bus.notify_calls(), "a reminder despite the missing folder")
            os.mkdir(inbox)
            self.assertEqual(d.ctl("reload").returncode, 0)
            Moved.wait_for(lambda: d.ctl_json("status")["import"]["watching"], "the folder watched after reload")
            shutil.copy(data("opentracks.gpx"), inbox)
            Moved.wait_for(lambda: self.dones(d), "opentracks.gpx imported")

    def test_a_changed_import_dir_is_followed(self):
        first, second = os.path.join(self.tmp, "first"), os.path.join(self.tmp, "second")
        os.mkdir(first)
        os.mkdir(second)
        with Moved(self.bus, f'[settings]\nimport_dir = "{first}"\n' + PLAN) as d:
            self.assertEqual(d.ctl_json("status")["import"]["folder"], first)
            with open(d.plan, "w") as f:
                f.write(f'[settings]\nimport_dir = "{second}"\n' + PLAN)
            Moved.wait_for(lambda: d.ctl_json("status")["import"]["folder"] == second, "the new folder followed")
            shutil.copy(data("garmin_two_tracks.gpx"), first)  # the old folder: no longer watched
            shutil.copy(data("opentracks.gpx"), second)
            Moved.wait_for(lambda: self.dones(d), "opentracks.gpx imported from the new folder")
            self.assertEqual([e["note"] for e in self.dones(d)], ["walking, 0.67 km, imported from opentracks.gpx"])


if __name__ == "__main__":
    unittest.main()
