#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""moved and movectl in German (LANG=de_DE.UTF-8, the catalogue the build
made in $MOVE_LOCALEDIR): what people read is German, what scripts read
(--json) is the same bytes as under C.UTF-8.

Binaries: $MOVED and $MOVECTL (CTest sets them). The locale de_DE.UTF-8
must be generated (scripts/install-deps --test does it).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moved_harness import BusTestCase, MOVECTL, MOVED, Moved, TIMEOUT  # noqa: E402

PLAN = """
[[routine]]
id = "stretch"
title = "Dehnen"
every = "2s"
duration = "3-5m"
exercises = ["Calf raises"]

[[routine]]
id = "walk"
title = "Zügiger Spaziergang"
every = "2d"
duration = "30-60m"
"""

BROKEN = """
[[routine]]
id = "walk"
every = "often"
"""


def in_locale(env, lang):
    out = {k: v for k, v in env.items() if k not in ("LC_ALL", "LC_MESSAGES", "LC_TIME", "LC_NUMERIC", "LANGUAGE")}
    out["LANG"] = lang
    return out


class LocaleTest(BusTestCase):
    @classmethod
    def setUpClass(cls):
        locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split()
        if "de_de.utf8" not in locales:
            raise AssertionError("the locale de_DE.UTF-8 is not generated: run scripts/install-deps --test")
        if not os.path.exists(os.path.join(os.environ.get("MOVE_LOCALEDIR", ""), "de", "LC_MESSAGES", "move.mo")):
            raise AssertionError("no de/LC_MESSAGES/move.mo in $MOVE_LOCALEDIR (build the translations target)")
        super().setUpClass()

    def german(self, d):
        d.env = in_locale(d.env, "de_DE.UTF-8")
        return d

    def ctl_in(self, d, lang, *args):
        return subprocess.run([MOVECTL, *args], env=in_locale(d.env, lang), capture_output=True, text=True,
                              timeout=TIMEOUT)

    def assert_same_bytes(self, d, args):
        # A reply carries the instant it was made ("now", "generated"), so
        # two calls can differ by the second they straddle: a pair is asked
        # again up to three times. A locale that leaks into the JSON differs
        # in every pair.
        for _ in range(3):
            de = self.ctl_in(d, "de_DE.UTF-8", *args)
            c = self.ctl_in(d, "C.UTF-8", *args)
            self.assertEqual(de.returncode, 0, de.stderr)
            self.assertEqual(c.returncode, 0, c.stderr)
            if de.stdout == c.stdout:
                return
        self.maxDiff = None
        self.assertEqual(de.stdout, c.stdout, args)

    def test_status_and_next_are_german_and_json_is_the_same_bytes(self):
        with self.german(Moved(self.bus, PLAN)) as d:
            self.assertEqual(d.ctl("done", "walk", "--at", "2026-11-30 07:00").returncode, 0)
            self.assertEqual(d.ctl("pain", "4").returncode, 0)
            status = d.ctl("status")
            self.assertEqual(status.returncode, 0, status.stderr)
            self.assertIn("STAND", status.stdout)
            self.assertIn("ZULETZT ERLEDIGT", status.stdout)
            self.assertIn("Schmerz, letzte 7 Tage: 4,0/10", status.stdout)  # decimal comma
            english = self.ctl_in(d, "C.UTF-8", "status")
            self.assertIn("LAST DONE", english.stdout)
            self.assertIn("pain, last 7 days: 4.0/10", english.stdout)
            for args in (["--json", "status"], ["--json", "list"], ["--json", "report"]):
                self.assert_same_bytes(d, args)
            self.assertNotEqual(self.ctl_in(d, "de_DE.UTF-8", "list").stdout,
                                self.ctl_in(d, "C.UTF-8", "list").stdout)

    def test_status_json_of_a_german_moved_is_the_same_as_of_an_english_one(self):
        # The same history, moved restarted in the other locale: the reply
        # (keys, codes, values, dates) does not depend on moved's locale.
        plan = PLAN.replace('every = "2s"', 'every = "1d"')
        with self.german(Moved(self.bus, plan)) as d:
            self.assertEqual(d.ctl("done", "walk", "--at", "2026-11-30 07:00").returncode, 0)
            self.assertEqual(d.ctl("done", "stretch", "--at", "2026-11-30 08:00").returncode, 0)
            german = d.ctl("--json", "history").stdout
            d.stop()
            d.env = in_locale(d.env, "C.UTF-8")
            d.start()
            self.assertEqual(d.ctl("--json", "history").stdout, german)

    def test_check_of_a_broken_plan_is_german_at_the_same_place(self):
        with tempfile.TemporaryDirectory() as tmp:
            plan = os.path.join(tmp, "plan.toml")
            with open(plan, "w") as f:
                f.write(BROKEN)
            env = in_locale(dict(os.environ), "de_DE.UTF-8")
            de = subprocess.run([MOVECTL, "check", plan], env=env, capture_output=True, text=True,
                                timeout=TIMEOUT)
            c = subprocess.run([MOVECTL, "check", plan], env=in_locale(env, "C.UTF-8"), capture_output=True,
                               text=True, timeout=TIMEOUT)
            self.assertEqual(de.returncode, 2)
            self.assertEqual(c.returncode, 2)
            where = plan + ":4:9:"
            self.assertTrue(de.stderr.startswith(where), de.stderr)
            self.assertTrue(c.stderr.startswith(where), c.stderr)
            self.assertIn("expected", c.stderr)
            self.assertIn("erwartet", de.stderr)
            self.assertNotIn("expected", de.stderr)
            good = os.path.join(tmp, "good.toml")
            with open(good, "w") as f:
                f.write(PLAN)
            ok = subprocess.run([MOVECTL, "check", good, "--next", "1"], env=env, capture_output=True,
                                text=True, timeout=TIMEOUT)
            self.assertIn(": gültig, 2 Routinen", ok.stdout)
            self.assertIn("RHYTHMUS", ok.stdout)

    def test_a_reminder_is_german_with_german_buttons(self):
        with self.german(Moved(self.bus, PLAN)) as d:
            self.assertEqual(d.ctl("pain", "8").returncode, 0)
            Moved.wait_for(lambda: [c for c in self.bus.notify_calls() if c["summary"] == "Dehnen"], "the reminder")
            call = [c for c in self.bus.notify_calls() if c["summary"] == "Dehnen"][0]
            self.assertEqual(call["actions"], ["done", "snooze", "skip"])  # the keys stay
            self.assertEqual(call["action_labels"], {"done": "Erledigt", "snooze": "Später", "skip": "Überspringen"})
            self.assertIn("Versuchen Sie: Calf raises", call["body"])
            self.assertIn("Heute Schmerzen? Eine kürzere, leichtere Einheit zählt auch.", call["body"])

    def test_moved_refuses_in_german_with_the_same_code(self):
        with self.german(Moved(self.bus, PLAN)) as d:
            r = d.ctl("done", "wlak")
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn('keine Routine "wlak" im Plan (meinten Sie "walk"?)', r.stderr)
            reply = json.loads(d.ctl("--json", "done", "wlak").stdout)
            self.assertEqual((reply["ok"], reply["code"]), (False, "unknown-routine"))

    def test_a_refused_plan_is_announced_in_german(self):
        with self.german(Moved(self.bus, PLAN)) as d:
            with open(d.plan, "w") as f:
                f.write(BROKEN)
            self.assertEqual(d.ctl("reload").returncode, 1)

            def refused():
                return [c for c in self.bus.notify_calls() if c["summary"] == "move: der Plan wurde nicht geladen"]
            Moved.wait_for(refused, "the plan-refused notification")
            self.assertIn(d.plan + ":4:9: 'every' in Routine 'walk': erwartet wird eine Dauer", refused()[0]["body"])
            self.assertIn("Die Erinnerungen folgen dem bisherigen Plan", refused()[0]["body"])
            status = json.loads(d.ctl("--json", "status").stdout)
            self.assertTrue(status["plan_error"].startswith(d.plan + ":4:9: "))  # text for people, in moved's language
            self.assertIn("die Plandatei wurde abgelehnt", d.ctl("status").stdout)

    def test_help_and_refused_command_lines_are_german(self):
        # No moved needed: movectl's --help (CLI11's labels, the options, the
        # command summaries of moved's table) and what it says of a command
        # line it refuses.
        env = in_locale(dict(os.environ), "de_DE.UTF-8")

        def run(lang, *args):
            return subprocess.run([MOVECTL, *args], env=in_locale(env, lang), capture_output=True, text=True,
                                  timeout=TIMEOUT)
        top = run("de_DE.UTF-8", "--help")
        self.assertEqual(top.returncode, 0, top.stderr)
        for german in ("Aufruf: movectl [OPTIONEN] [BEFEHL]", "Optionen:", "Befehle:",
                       "Aufzeichnen, dass Sie eine Routine erledigt haben", "Rückgabewert: 0 erledigt"):
            self.assertIn(german, top.stdout)
        self.assertNotIn("Record that you did a routine", top.stdout)
        self.assertIn("Record that you did a routine", run("C.UTF-8", "--help").stdout)
        moved = subprocess.run([MOVED, "--help"], env=env, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertIn("Aufruf: moved [OPTIONEN]", moved.stdout)
        self.assertIn("Auch Debug-Zeilen protokollieren", moved.stdout)
        bogus = subprocess.run([MOVED, "--bogus"], env=env, capture_output=True, text=True, timeout=TIMEOUT)
        self.assertEqual(bogus.returncode, 2)
        self.assertIn("moved: unerwartetes Argument: --bogus", bogus.stderr)
        with tempfile.TemporaryDirectory() as tmp:  # a socket folder open to others: refused in German
            os.chmod(tmp, 0o755)
            open_folder = run("de_DE.UTF-8", "--socket", os.path.join(tmp, "moved.sock"), "status")
            self.assertEqual(open_folder.returncode, 3, open_folder.stderr)
            self.assertIn(f"der Socket-Ordner {tmp} ist für andere Nutzer offen (Modus 0755)", open_folder.stderr)
        done = run("de_DE.UTF-8", "help", "done")
        self.assertIn("ID der Routine", done.stdout)
        self.assertIn("Beispiele:", done.stdout)
        for args, german, english in (
                (["done"], "movectl done: id fehlt; `movectl help done`", "movectl done: id is required"),
                (["next", "--count", "0"], "--count: 0 liegt nicht zwischen 1 und 1000",
                 "--count: 0 is not in 1 to 1000"),
                (["history", "--format", "xml"], "--format: „xml“ ist keins von table, json, csv",
                 "--format: 'xml' is not one of table, json, csv")):
            de, c = run("de_DE.UTF-8", *args), run("C.UTF-8", *args)
            self.assertEqual((de.returncode, c.returncode), (2, 2), args)
            self.assertIn(german, de.stderr)
            self.assertIn(english, c.stderr)

    def test_report_json_of_a_german_and_an_english_moved_differ_only_in_sentences(self):
        # A fixed range of past weeks: nothing depends on the time of the
        # run. The check-up's sentences (summary lines, "line" fields) are
        # text for people in moved's language; every key, number, code and
        # date is the same.
        with self.german(Moved(self.bus, PLAN)) as d:
            for at in ("2026-11-02 07:00", "2026-11-04 07:00", "2026-11-11 07:00", "2026-11-18 07:00"):
                self.assertEqual(d.ctl("done", "walk", "--at", at, "--minutes", "40").returncode, 0)
            self.assertEqual(d.ctl("pain", "4", "--at", "2026-11-03 09:00").returncode, 0)
            args = ("--json", "report", "--since", "2026-11-02", "--until", "2026-11-22")
            german = json.loads(d.ctl(*args).stdout)
            d.stop()
            d.env = in_locale(d.env, "C.UTF-8")
            d.start()
            english = json.loads(d.ctl(*args).stdout)
        self.assertIn("Zügiger Spaziergang: 4 von 10,5 Einheiten, 160 min", german["summary"]["lines"][1])
        self.assertIn("Zügiger Spaziergang: 4 of 10.5 sessions, 160 min", english["summary"]["lines"][1])

        def without_sentences(report):
            # The summary's sentences: its lines, the one-line fields and
            # each "line"; its numbers (done, expected, trend, pain) stay.
            out = dict(report)
            summary = dict(out.pop("summary"))
            for key in ("lines", "flares", "barriers", "scores", "prescriptions"):
                self.assertIn(key, summary)
                del summary[key]
            summary["routines"] = [{k: v for k, v in r.items() if k != "line"} for r in summary["routines"]]
            if isinstance(summary.get("pain"), dict):
                summary["pain"] = {k: v for k, v in summary["pain"].items() if k != "line"}
            return out, summary
        self.assertNotEqual(german["summary"]["lines"], english["summary"]["lines"])
        self.assertEqual(without_sentences(german), without_sentences(english))

    def test_the_report_is_german(self):
        with self.german(Moved(self.bus, PLAN)) as d:
            self.assertEqual(d.ctl("done", "walk", "--at", "2026-11-30 07:00").returncode, 0)
            de = d.ctl("report")
            self.assertEqual(de.returncode, 0, de.stderr)
            c = self.ctl_in(d, "C.UTF-8", "report")
            self.assertNotEqual(de.stdout, c.stdout)
            self.assertIn("Aktivitätsbericht", de.stdout)
            self.assertIn("WOCHE", de.stdout)
            self.assertIn("Zügiger Spaziergang: 1 von ", de.stdout)  # the check-up, made by moved in German
            html = d.ctl("report", "--html", "-")
            self.assertEqual(html.returncode, 0, html.stderr)
            self.assertIn('<html lang="de">', html.stdout)
            self.assertIn("<h2>Zusammenfassung</h2>", html.stdout)
            self.assertIn("<th>Umsetzung</th>", html.stdout)

    def test_list_says_the_schedule_in_german_and_its_json_is_the_same_bytes(self):
        plan = PLAN + """
[[routine]]
id = "pilates"
at = ["18:00"]
lead = "30m"
on = ["mon", "wed"]

[[routine]]
id = "desk"
every = "1h"
active = true
"""
        with self.german(Moved(self.bus, plan)) as d:
            de = self.ctl_in(d, "de_DE.UTF-8", "list")
            self.assertEqual(de.returncode, 0, de.stderr)
            for words in ("alle 2 Sekunden", "alle 2 Tage", "um 18:00 (30 Minuten vorher)", "Mo, Mi",
                          "stündlich am Schreibtisch"):
                self.assertIn(words, de.stdout)
            for english in ("every", "before", "mon, wed", " active"):
                self.assertNotIn(english, de.stdout)
            c = self.ctl_in(d, "C.UTF-8", "list")
            self.assertIn("at 18:00 (30m before)", c.stdout)  # English reads as before
            self.assertIn("every 1h active", c.stdout)
            self.assert_same_bytes(d, ["--json", "list"])
            listed = json.loads(self.ctl_in(d, "de_DE.UTF-8", "--json", "list").stdout)
            routines = {r["id"]: r for r in listed["routines"]}
            self.assertEqual(routines["pilates"]["schedule"], "at 18:00 (30m before)")  # scripts read it
            self.assertEqual(routines["pilates"]["rule"], {"kind": "at", "at": ["18:00"], "lead_s": 1800,
                                                           "duration": None, "window": None, "on": ["mon", "wed"]})
            self.assertEqual(routines["walk"]["rule"]["every_s"], 2 * 86400)
            # The prescriptions moved kept, the report and status: German too.
            Moved.wait_for(lambda: len(d.ctl_json("history", "--prescriptions")["events"]) == 4,
                           "the prescriptions recorded")
            history = d.ctl("history", "--prescriptions", "walk")
            self.assertEqual(history.returncode, 0, history.stderr)
            self.assertIn("alle 2 Tage, 30–60 min", history.stdout)
            report = d.ctl("report")
            self.assertEqual(report.returncode, 0, report.stderr)
            self.assertIn("(walk): alle 2 Tage", report.stdout)
            self.assertIn("(pilates): um 18:00", report.stdout)  # as prescribed: the kept prescription has no lead
            self.assert_same_bytes(d, ["--json", "status"])
            # A change of the walk: the check-up's line (made by moved, in its
            # language) says from what to what in German too. Prescriptions
            # are kept to the second: the change comes in a second of its own.
            time.sleep(1.1)
            with open(d.plan, "w") as f:
                f.write(plan.replace('every = "2d"', 'every = "3d"'))
            self.assertEqual(d.ctl("reload").returncode, 0)
            report = d.ctl("report")
            self.assertIn("alle 2 Tage, 30–60 min → alle 3 Tage, 30–60 min", report.stdout)
            self.assertIn("Verordnung: walk ab ", report.stdout)

    def test_moved_logs_in_german_and_in_english_by_its_locale(self):
        # moved's log lines for people follow its locale; the values in them
        # (paths, the signal's name) and the level word in front stay, and so
        # do the debug lines (--verbose, for developers).
        with self.german(Moved(self.bus, PLAN)) as d:
            with open(d.plan, "w") as f:
                f.write(PLAN.replace('every = "2d"', 'every = "3d"'))
            Moved.wait_for(lambda: "Plan neu geladen" in d.log_text(), "the German reload line")
            d.stop()
            german = d.log_text()
            d.env = in_locale(d.env, "C.UTF-8")
            d.start()
            with open(d.plan, "w") as f:
                f.write(PLAN)
            Moved.wait_for(lambda: "plan reloaded" in d.log_text(), "the English reload line")
            d.stop()
            english = d.log_text()[len(german):]
        self.assertIn(f": Plan {d.plan} (2 Routinen), Socket {d.socket}, Verlauf ", german)
        self.assertIn("info: keine Leerlaufquelle: es zählt die Uhrzeit", german)
        self.assertIn(f"info: wartet an {d.socket} auf Verbindungen", german)
        self.assertIn(f"info: Plan neu geladen (Datei geändert): {d.plan}", german)
        self.assertIn("info: SIGTERM empfangen: moved beendet sich", german)  # the words around the value moved
        self.assertIn("debug: next wake ", german)
        for words in ("listening on", "plan reloaded", "stopping on", "no idle source", "routines)"):
            self.assertNotIn(words, german)
        self.assertIn(f" plan {d.plan} (2 routines), socket {d.socket}, history ", english)
        self.assertIn("info: no idle source: counting wall-clock time", english)
        self.assertIn(f"info: listening on {d.socket}", english)
        self.assertIn(f"info: plan reloaded (file changed): {d.plan}", english)
        self.assertIn("info: stopping on SIGTERM", english)
        for words in ("wartet an", "Plan neu geladen", "empfangen", "Leerlaufquelle", "Routinen"):
            self.assertNotIn(words, english)


if __name__ == "__main__":
    unittest.main()
