#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""movectl as people use it from the shell, against the real moved: history
filters, mistakes that say what to do, times as people type them.

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import datetime
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
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

    def test_history_works_offline_reading_the_file_read_only(self):
        with Moved(self.bus, PLAN) as d:
            self.assertEqual(d.ctl("done", "walk", "--minutes", "40").returncode, 0)
            online = d.history()
            d.stop()
            db = os.path.join(d.state, "history.db")
            files = sorted(os.listdir(d.state))
            with open(db, "rb") as f:
                before = f.read()
            r = d.ctl("history", "--format", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(json.loads(r.stdout), online)
            self.assertIn("moved is not running", r.stderr)
            self.assertIn("read-only", r.stderr)
            self.assertIn("walk", d.ctl("history", "walk").stdout)
            with open(db, "rb") as f:
                self.assertEqual(f.read(), before)
            # SQLite may leave an empty -wal (and its -shm index) beside a
            # WAL database it read; nothing is written.
            wal = db + "-wal"
            self.assertTrue(not os.path.exists(wal) or os.path.getsize(wal) == 0)
            self.assertLessEqual(set(os.listdir(d.state)) - set(files), {"history.db-wal", "history.db-shm"})
            # No history at all: say where it looked, exit 3.
            os.unlink(db)
            r = d.ctl("history")
            self.assertEqual(r.returncode, 3)
            self.assertIn("history.db", r.stderr)
            self.assertFalse(os.path.exists(db))

    def test_csv_has_the_pain_level_and_snooze_length(self):
        with Moved(self.bus, PLAN) as d:
            self.assertEqual(d.ctl("pain", "2", "--note", "after long drive").returncode, 0)
            self.assertEqual(d.ctl("snooze", "walk", "15m").returncode, 0)
            lines = d.ctl("history", "--format", "csv").stdout.splitlines()
            header = "routine,kind,at,minutes,note,level,seconds,source"
            extra = ",reason,limiting,care,scale,score,prescription,host"
            self.assertEqual(lines[0], header + extra)
            empty = "," * extra.count(",")
            pain = [line for line in lines if ",pain," in line][0]
            self.assertTrue(pain.endswith(",after long drive,2,," + empty), pain)  # level 2, no seconds, no source
            snoozed = [line for line in lines if ",snoozed," in line][0]
            self.assertTrue(snoozed.endswith(",900," + empty), snoozed)  # seconds 900, no source


class OfflineReportTest(BusTestCase):
    """`movectl report` with no moved: the plan moved reads and the history
    file read-only, as offline `history` does."""

    @staticmethod
    def figures(report):
        """What the report says, without the instants that move with now."""
        return ([(w["monday"], w["pain_avg"], w["pain_count"]) for w in report["weeks"]],
                [(r["id"], [(w["monday"], w["done"], w["minutes"], [s["note"] for s in w["skips"]], w["days"])
                            for w in r["weeks"]]) for r in report["routines"]])

    def test_report_works_offline_reading_the_plan_and_the_history_read_only(self):
        with Moved(self.bus, PLAN) as d:
            self.assertEqual(d.ctl("done", "walk", "--minutes", "40").returncode, 0)
            self.assertEqual(d.ctl("skip", "stretch", "--note", "back sore").returncode, 0)
            self.assertEqual(d.ctl("pain", "3").returncode, 0)
            online = d.ctl_json("report", "--weeks", "2")
            self.assertTrue(online["ok"], online)
            d.stop()
            db = os.path.join(d.state, "history.db")
            files = sorted(os.listdir(d.state))
            with open(db, "rb") as f:
                before = f.read()
            with open(d.plan) as f:
                plan = f.read()

            r = d.ctl("--json", "report", "--weeks", "2")
            self.assertEqual(r.returncode, 0, r.stderr)
            offline = json.loads(r.stdout)
            self.assertTrue(offline["ok"], offline)
            self.assertEqual(self.figures(offline), self.figures(online))
            self.assertIn("moved is not running", r.stderr)
            self.assertIn(d.plan, r.stderr)
            self.assertIn(db, r.stderr)
            self.assertIn("read-only", r.stderr)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)

            r = d.ctl("report")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Brisk walk", r.stdout)
            self.assertIn("back sore", r.stdout)
            self.assertIn("moved is not running", r.stderr)

            page = os.path.join(d.root, "report.html")
            old = os.umask(0o022)
            try:
                r = d.ctl("report", "--html", page)
            finally:
                os.umask(old)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("report written to", r.stdout)
            self.assertIn("moved is not running", r.stderr)
            with open(page) as f:
                self.assertIn("Brisk walk", f.read())
            self.assertEqual(stat.S_IMODE(os.stat(page).st_mode), 0o600)

            # Nothing was written: not the history, not the plan.
            with open(db, "rb") as f:
                self.assertEqual(f.read(), before)
            with open(d.plan) as f:
                self.assertEqual(f.read(), plan)
            wal = db + "-wal"
            self.assertTrue(not os.path.exists(wal) or os.path.getsize(wal) == 0)
            self.assertLessEqual(set(os.listdir(d.state)) - set(files), {"history.db-wal", "history.db-shm"})

    def test_offline_report_says_what_it_could_not_read(self):
        with Moved(self.bus, PLAN) as d:
            d.stop()
            # A broken plan: named with line and column, exit 2 as `check` does.
            with open(d.plan, "a") as f:
                f.write("\n[[routine]]\nid = \"core\"\nevry = \"1d\"\n")
            r = d.ctl("report")
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(d.plan + ":", r.stderr)
            self.assertIn("evry", r.stderr)
            # No plan at all: where moved would read it, and none is written.
            os.unlink(d.plan)
            r = d.ctl("report")
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn(d.plan, r.stderr)
            self.assertFalse(os.path.exists(d.plan))
            # A plan but no history: exit 3, naming the file; none is made.
            with open(d.plan, "w") as f:
                f.write(PLAN)
            db = os.path.join(d.state, "history.db")
            os.unlink(db)
            r = d.ctl("report")
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertIn("history.db", r.stderr)
            self.assertFalse(os.path.exists(db))


class TimesTest(BusTestCase):
    def test_at_as_people_type_it(self):
        with Moved(self.bus, PLAN) as d:
            now = datetime.datetime.now(datetime.timezone.utc)
            later = (now + datetime.timedelta(hours=1)).strftime("%H:%M")
            earlier = (now - datetime.timedelta(minutes=5)).strftime("%H:%M")
            for at in ("yesterday 6pm", "mon 18:00", "2h ago", "-90m", later, earlier,
                       (now - datetime.timedelta(days=1)).isoformat(timespec="seconds")):
                r = d.ctl("done", "walk", "--at", at)
                self.assertEqual(r.returncode, 0, f"{at}: {r.stderr}")
            events = [e for e in d.history("walk") if e["kind"] == "done"]
            ats = sorted(datetime.datetime.fromisoformat(e["at"]) for e in events)
            self.assertEqual(len(ats), 7)
            self.assertTrue(all(t <= now + datetime.timedelta(seconds=60) for t in ats), ats)
            # A time of day still to come today is yesterday's, and movectl says so.
            if now.hour >= 22:
                return  # "later" would be tomorrow's early hours: nothing to check
            r = d.ctl("done", "stretch", "--at", later)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("has not come yet today", r.stdout)
            done = [e for e in d.history("stretch") if e["kind"] == "done"][0]
            self.assertEqual(done["at"][:16], (now + datetime.timedelta(hours=1) - datetime.timedelta(days=1))
                             .strftime("%Y-%m-%dT%H:%M"))
            r = d.ctl("done", "walk", "--at", "next blue moon")
            self.assertEqual(r.returncode, 2)

    def test_pain_and_skip_back_dated_with_a_reason(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("pain", "6", "--at", "yesterday 21:00", "--note", "after gardening")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = d.ctl("skip", "walk", "--at", "yesterday 18:00", "--reason", "weather", "--note", "storm")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("(weather)", r.stdout)
            yesterday = (datetime.datetime.now().astimezone() - datetime.timedelta(days=1)).date().isoformat()
            pain = [e for e in d.history("") if e["kind"] == "pain"][0]
            self.assertTrue(pain["at"].startswith(yesterday + "T21:00"), pain)
            skip = [e for e in d.history("walk") if e["kind"] == "skipped"][0]
            self.assertTrue(skip["at"].startswith(yesterday + "T18:00"), skip)
            self.assertEqual(skip["reason"], "weather")
            csv = d.ctl("history", "walk", "--format", "csv").stdout.splitlines()
            self.assertIn("reason", csv[0].split(","))
            self.assertTrue(any(",weather," in line for line in csv[1:]), csv)
            # A reason movectl does not know is a usage error, nothing sent.
            r = d.ctl("skip", "walk", "--reason", "lazy")
            self.assertEqual(r.returncode, 2)
            self.assertIn("weather", r.stderr)

    def test_pause_until_a_time_of_day(self):
        with Moved(self.bus, PLAN) as d:
            now = datetime.datetime.now(datetime.timezone.utc)
            until = (now + datetime.timedelta(hours=2)).strftime("%H:%M")
            r = d.ctl("pause", "--until", until)
            self.assertEqual(r.returncode, 0, r.stderr)
            status = d.ctl_json("status")
            self.assertTrue(status["paused"])
            self.assertEqual(status["paused_until"][11:16], until)
            self.assertIn("paused until", r.stdout)


class HealthTest(BusTestCase):
    """flare and score through the real moved: the history, status, refusals."""

    def test_flare_and_score_recorded_and_shown(self):
        with Moved(self.bus, PLAN) as d:
            self.assertIsNone(d.ctl_json("status")["days_since_limiting_flare"])
            r = d.ctl("flare", "--limiting", "--care", "--at", "48h ago", "--note", "lifting boxes")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("activity-limiting flare, care sought, recorded at", r.stdout)
            self.assertEqual(d.ctl("flare").returncode, 0)  # not limiting: the count stays
            self.assertEqual(d.ctl_json("status")["days_since_limiting_flare"], 2)
            self.assertIn("last activity-limiting flare: 2 days ago", d.ctl("status").stdout)
            flares = [e for e in d.history("") if e["kind"] == "flare"]
            self.assertEqual([(f["limiting"], f["care"], f["note"]) for f in flares],
                             [(True, True, "lifting boxes"), (False, False, None)])

            r = d.ctl("score", "rmdq", "9", "--at", "yesterday 10:00")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("RMDQ 9/24 recorded at", r.stdout)
            self.assertEqual(d.ctl("score", "odi", "100").returncode, 0)
            scores = [(e["scale"], e["score"]) for e in d.history("") if e["kind"] == "score"]
            self.assertEqual(scores, [("rmdq", 9), ("odi", 100)])
            csv = d.ctl("history", "--kind", "score", "--format", "csv").stdout.splitlines()
            self.assertTrue(any(",rmdq," in line or ",rmdq" in line for line in csv[1:]), csv)

            # Out of range, an unknown scale, the future: refused, nothing recorded.
            r = d.ctl("score", "rmdq", "25")
            self.assertEqual(r.returncode, 2)
            self.assertIn("25: an RMDQ total is a whole number from 0 to 24", r.stderr)
            self.assertEqual(d.ctl("score", "odi", "101").returncode, 2)
            self.assertEqual(d.ctl("score", "sf36", "3").returncode, 2)
            r = d.ctl("--json", "score", "odi", "5", "--at", "2099-01-01 10:00")
            self.assertNotEqual(r.returncode, 0)
            self.assertEqual(len([e for e in d.history("") if e["kind"] == "score"]), 2)


def ctl_alone(*args):
    """movectl with no daemon anywhere: what is checked before sending."""
    root = tempfile.mkdtemp(prefix="move-nodaemon-")
    env = dict(os.environ, MOVE_SOCKET=os.path.join(root, "none.sock"), MOVE_STATE_DIR=os.path.join(root, "state"),
               MOVE_PLAN=os.path.join(root, "plan.toml"))
    try:
        return subprocess.run([MOVECTL, *args], env=env, capture_output=True, text=True, timeout=10)
    finally:
        shutil.rmtree(root, ignore_errors=True)


class MistakesTest(unittest.TestCase):
    """A mistake says what to do, with exit status 2, and needs no daemon."""

    def usage(self, args, message):
        r = ctl_alone(*args)
        self.assertEqual(r.returncode, 2, f"{args}: {r.stderr}")
        self.assertIn(message, r.stderr, args)
        return r

    def test_unknown_command_says_did_you_mean(self):
        self.usage(["stauts"], "unknown command 'stauts' (did you mean 'status'?)")
        self.usage(["--json", "stauts"], "did you mean 'status'?")
        self.usage(["help", "stauts"], "did you mean 'status'?")

    def test_misspelt_option_says_did_you_mean(self):
        self.usage(["done", "walk", "--mintues", "40"], "unknown option '--mintues' (did you mean '--minutes'?)")
        self.usage(["history", "--sinse=2026-11-01"], "did you mean '--since'?")

    def test_bad_values_in_words_for_people(self):
        self.usage(["snooze", "walk", "15"], "15: give a unit, e.g. 15m")
        self.usage(["pause", "ten"], "a length such as 10m")
        self.usage(["done", "walk", "--minutes", "forty"], "minutes are a number, e.g. --minutes 45")
        self.usage(["pain", "2.5"], "a whole number from 0 to 10")
        self.usage(["pain", "11"], "a whole number from 0 to 10")

    def test_check_of_a_folder_or_a_missing_plan_says_what_to_do(self):
        root = tempfile.mkdtemp(prefix="move-check-")
        try:
            r = ctl_alone("check", root)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("this is a folder", r.stderr)
            r = ctl_alone("check", os.path.join(root, "nope.toml"))
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("copy the example plan, /", r.stderr)
            self.assertIn("/move/plan.toml", r.stderr)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def test_help_works(self):
        r = ctl_alone("help")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Commands:", r.stdout)
        r = ctl_alone("help", "done")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("--minutes", r.stdout)

    def test_movectl_alone_is_status(self):
        r = ctl_alone()
        self.assertEqual(r.returncode, 3, r.stderr)  # status, and no daemon: exit 3 naming the socket
        self.assertIn("none.sock", r.stderr)


class AloneIsStatusTest(BusTestCase):
    def test_movectl_alone_prints_the_status_table(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl()
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, d.ctl("status").stdout)
            self.assertIn("walk", r.stdout)
            r = d.ctl("done", "wakl")
            self.assertEqual(r.returncode, 1)
            self.assertIn('(did you mean "walk"?)', r.stderr)
            r = d.ctl("done", "walk", "--minutes", "45m")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("45 min", r.stdout)

    def test_add_takes_lead_snooze_enabled_and_notes(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("add", "yoga", "--title", "Yoga", "--at", "18:30", "--lead", "30m", "--snooze", "15m",
                      "--enabled", "false", "--notes", "Mat in the car")
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(d.plan) as f:
                text = f.read()
            for line in ('lead = "30m"', 'snooze = "15m"', "enabled = false", 'notes = "Mat in the car"'):
                self.assertIn(line, text)
            yoga = [x for x in d.ctl_json("list")["routines"] if x["id"] == "yoga"][0]
            self.assertFalse(yoga["enabled"])

    def test_disable_and_enable_edit_the_plan_in_place(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("disable", "stretch")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("disabled stretch", r.stdout)
            with open(d.plan) as f:
                self.assertIn('id = "stretch"\nenabled = false\n', f.read())
            state = {x["id"]: x["state"] for x in d.ctl_json("status")["routines"]}
            self.assertEqual(state["stretch"], "disabled")
            self.assertEqual(d.ctl("enable", "stretch").returncode, 0)
            with open(d.plan) as f:
                self.assertIn('id = "stretch"\nenabled = true\n', f.read())
            r = d.ctl("disable", "strech")
            self.assertEqual(r.returncode, 1)
            d.stop()
            r = d.ctl("disable", "walk")  # no daemon: movectl edits the file
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(d.plan) as f:
                self.assertIn('id = "walk"\nenabled = false\n', f.read())

    def test_edit_checks_the_plan_and_offers_to_edit_again(self):
        with Moved(self.bus, PLAN) as d:
            editor = os.path.join(d.root, "editor.sh")
            count = os.path.join(d.root, "count")
            with open(editor, "w") as f:
                f.write('#!/bin/sh\n'
                        f'n=$(cat {count} 2>/dev/null || echo 0); echo $((n + 1)) > {count}\n'
                        'if [ "$n" = 0 ]; then printf \'\\n[[routine]]\\nid = "core"\\nevry = "1d"\\n\' >> "$1"\n'
                        'else sed -i "s/evry/every/" "$1"; fi\n')
            os.chmod(editor, 0o755)
            env = dict(d.env, VISUAL=editor)
            r = subprocess.run([MOVECTL, "edit"], env=env, input="y\n", capture_output=True, text=True, timeout=10)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("unknown key 'evry'", r.stderr)
            self.assertIn("edit it again?", r.stderr)
            self.assertIn("plan saved and loaded", r.stdout)
            self.assertIn("core", [x["id"] for x in d.ctl_json("list")["routines"]])
            # A broken edit, and no: the plan stays as it was.
            os.unlink(count)
            with open(d.plan) as f:
                before = f.read()
            r = subprocess.run([MOVECTL, "edit"], env=env, input="n\n", capture_output=True, text=True, timeout=10)
            self.assertEqual(r.returncode, 2, r.stderr)
            with open(d.plan) as f:
                self.assertEqual(f.read(), before)
            self.assertEqual([x for x in os.listdir(d.root) if ".edit-" in x], [])

    def test_watch_exits_3_when_moved_goes_away(self):
        with Moved(self.bus, PLAN) as d:
            w = subprocess.Popen([MOVECTL, "watch"], env=d.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
            try:
                time.sleep(0.3)
                d.ctl("pain", "1")
                d.stop()
                out, err = w.communicate(timeout=10)
            finally:
                if w.poll() is None:
                    w.kill()
            self.assertEqual(w.returncode, 3, err)
            self.assertIn("moved went away", err)

    def test_what_changes_something_says_what_was_recorded(self):
        with Moved(self.bus, PLAN) as d:
            r = d.ctl("pain", "3")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout, r"^pain 3/10 recorded at \d{4}-\d\d-\d\d \d\d:\d\d\n$")
            self.assertIn("not paused", d.ctl("resume").stdout)
            self.assertIn("paused until", d.ctl("pause", "1h").stdout)
            self.assertIn("paused until", d.ctl("next").stdout)
            self.assertTrue(d.ctl("resume").stdout.startswith("resumed"))
            lines = d.ctl("next", "--format", "plain", "--count", "4").stdout.splitlines()
            self.assertEqual(len(lines), 4, lines)


if __name__ == "__main__":
    unittest.main(verbosity=2)
