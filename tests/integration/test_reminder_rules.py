#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reminders that fit the person's day, end to end: the real moved and
movectl, reminders on a real notification path (python3-dbusmock's server,
or real dunst under Xvfb). Durations are seconds.

  - repeats capped at `repeat`, a snooze still comes back
  - words: encouragement in turn, the pain line after a rating of 8, an
    `at` reminder that says when it starts; the sound-name hint
  - hooks: environment, output to the log, a failing and a hung hook
  - do not disturb: KDE's Inhibited (a property added to the mock server),
    GNOME's show-banners (GSettings' keyfile backend), dunst's paused
  - a full-screen active window under Xvfb
"""

import datetime
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import unittest

import dbus

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession, IFACE, MOCK_IFACE, NAME, PATH  # noqa: E402
from moved_harness import Moved  # noqa: E402

FULLSCREEN_CLIENT = os.environ.get("MOVE_FULLSCREEN_CLIENT", "")


def text(path):
    if not os.path.exists(path):
        return ""
    with open(path) as f:
        return f.read()


def kinds(d, routine):
    """The routine's events but the prescription moved keeps when it starts."""
    return [e["kind"] for e in d.history(routine) if e["kind"] != "prescription"]


def first_held(d, routine):
    return next(e for e in d.history(routine) if e["kind"] == "held")


def routine_status(d, routine):
    return next(r for r in d.ctl_json("status")["routines"] if r["id"] == routine)


class Xvfb:
    """A virtual X display (no window manager)."""

    def __init__(self, test):
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-noreset", "-nolisten", "tcp"],
                                     pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()
        test.addCleanup(self.proc.wait)
        test.addCleanup(self.proc.kill)


class MockServerTest(unittest.TestCase):
    """With dbusmock's notification server."""

    def setUp(self):
        self.bus = self.enterContext(DBusSession())

    def moved(self, plan, **env):
        d = Moved(self.bus, plan)
        d.env.update(env)
        d.__enter__()
        self.addCleanup(d.__exit__, None, None, None)
        return d

    def reminders(self, summary_start):
        return [c for c in self.bus.notify_calls() if c["summary"].startswith(summary_start)]

    def test_repeats_stop_after_repeat_reminders_and_a_snooze_still_comes(self):
        d = self.moved("""
[settings]
snooze = "1s"
repeat = 2

[[routine]]
id = "stretch"
title = "Stretch"
every = "2s"
""")
        Moved.wait_for(lambda: len(self.reminders("Stretch")) >= 2, "two reminders")
        time.sleep(1.5)  # a third would have come a second after the second
        self.assertEqual(len(self.reminders("Stretch")), 2)
        st = routine_status(d, "stretch")
        self.assertEqual(st["state"], "due")
        self.assertTrue(st["repeats_spent"])
        # Snooze from the notification: back after the snooze length.
        self.bus.emit_action(self.reminders("Stretch")[-1]["id"], "snooze")
        Moved.wait_for(lambda: "snoozed" in kinds(d, "stretch"), "the snooze recorded")
        Moved.wait_for(lambda: len(self.reminders("Stretch")) >= 3, "the snoozed reminder")
        self.assertEqual(kinds(d, "stretch")[:4], ["due", "due", "snoozed", "due"])

    def test_words_sound_and_an_at_reminder_that_says_when(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        start = (now + datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
        lead = int((start - now).total_seconds()) - 2  # the reminder in about 2 s
        d = self.moved(f"""
[settings]
snooze = "1s"
sound = "message"
encourage = ["Keep going gently.", "It takes weeks."]

[[routine]]
id = "class"
title = "Pilates class"
at = "{start:%H:%M}"
lead = "{lead}s"
sound = "bell"

[[routine]]
id = "walk"
title = "Walk"
every = "1s"
duration = "20-30m"
""")
        Moved.wait_for(lambda: len(self.reminders("Walk")) >= 2, "two walk reminders")
        walks = self.reminders("Walk")
        self.assertEqual(walks[0]["hints"].get("sound-name"), "message")
        bodies = [w["body"] for w in walks]
        self.assertTrue(bodies[0].startswith("20–30 min\n"), bodies)
        endings = {b.rsplit("\n", 1)[-1] for b in bodies}
        self.assertEqual(endings, {"Keep going gently.", "It takes weeks."})  # in turn
        Moved.wait_for(lambda: self.reminders("Pilates class"), "the class reminder", timeout=8)
        c = self.reminders("Pilates class")[0]
        self.assertEqual(c["summary"], f"Pilates class at {start:%H:%M}")
        self.assertEqual(c["hints"].get("sound-name"), "bell")
        self.assertEqual(kinds(d, "class"), ["due"])

    def test_after_a_pain_rating_of_8_a_shorter_session_counts_and_no_repeat(self):
        d = self.moved("""
[settings]
snooze = "1s"
repeat = 3

[[routine]]
id = "walk"
title = "Walk"
every = "3s"
duration = "30m"

[[routine]]
id = "look"
title = "Look away"
every = "3s"
""")
        self.assertEqual(d.ctl("pain", "8").returncode, 0)
        Moved.wait_for(lambda: len(self.reminders("Look away")) >= 2, "the routine without a dose repeating")
        walks = self.reminders("Walk")
        self.assertEqual(len(walks), 1)
        self.assertIn("shorter, easier session counts", walks[0]["body"])
        self.assertNotIn("shorter", self.reminders("Look away")[0]["body"])

    def test_hooks_run_with_the_event_in_their_environment_and_never_stop_moved(self):
        tmp = tempfile.mkdtemp(prefix="move-hooks-")
        self.addCleanup(shutil.rmtree, tmp, True)
        out = os.path.join(tmp, "events")
        script = os.path.join(tmp, "record")
        with open(script, "w") as f:
            f.write("#!/bin/sh\n"
                    f'printf "%s|%s|%s|%s|%s\\n" "$MOVE_EVENT" "$MOVE_ROUTINE" "$MOVE_TITLE" "$MOVE_DUE" '
                    f'"$MOVE_BODY" | tr "\\n" "~" >> {out}\necho >> {out}\necho "hook says hello"\n')
        os.chmod(script, stat.S_IRWXU)
        d = self.moved(f"""
[settings]
snooze = "1h"

[[routine]]
id = "walk"
title = "Brisk walk"
every = "1s"
duration = "30m"

[[hook]]
on = ["due", "done"]
run = ["{script}"]

[[hook]]
on = ["due"]
run = ["/bin/sh", "-c", "echo failing; exit 3"]

[[hook]]
on = ["due"]
run = ["/nonexistent/program"]

[[hook]]
on = ["due"]
run = ["sleep", "60"]
""")
        Moved.wait_for(lambda: "due|walk" in text(out), "the due hook")
        line = text(out).splitlines()[0]
        event, routine, title, due, body = line.split("|")
        self.assertEqual((event, routine, title), ("due", "walk", "Brisk walk"))
        datetime.datetime.fromisoformat(due)
        self.assertEqual(body, "30 min~")
        # The hung hook does not hold moved up.
        t0 = time.monotonic()
        self.assertEqual(d.ctl("done", "walk").returncode, 0)
        self.assertLess(time.monotonic() - t0, 2)
        Moved.wait_for(lambda: "done|walk|Brisk walk||~" in text(out), "the done hook")
        log = d.log_text()
        self.assertIn("hook says hello", log)
        self.assertIn("failing", log)
        self.assertIn("exited 3", log)
        self.assertIn("/nonexistent/program", log)
        self.assertIn("could not start", log)
        Moved.wait_for(lambda: "killed" in d.log_text(), "the hung hook killed after 10 s", timeout=14)
        self.assertIn("still running after 10 s", d.log_text())
        self.assertEqual(d.ctl("status").returncode, 0)

    def test_kde_inhibited_holds_reminders_until_it_ends(self):
        mock = self.bus._conn.get_object(NAME, PATH, introspect=False)
        mock.AddProperty(IFACE, "Inhibited", dbus.Boolean(False), dbus_interface=MOCK_IFACE)
        d = self.moved("""
[settings]
snooze = "1s"

[[routine]]
id = "stretch"
title = "Stretch"
every = "2s"
""")
        mock.UpdateProperties(IFACE, {"Inhibited": dbus.Boolean(True)}, dbus_interface=MOCK_IFACE)
        Moved.wait_for(lambda: d.ctl_json("status")["dnd"], "do not disturb seen")
        Moved.wait_for(lambda: "held" in kinds(d, "stretch"), "the reminder held", timeout=5)
        time.sleep(1.5)  # a repeat would have come: none, and held once
        self.assertEqual(self.reminders("Stretch"), [])
        self.assertEqual(kinds(d, "stretch"), ["held"])
        self.assertEqual(first_held(d, "stretch")["note"], "do not disturb")
        st = routine_status(d, "stretch")
        self.assertEqual(st["state"], "due")
        self.assertIn("held_since", st)
        mock.UpdateProperties(IFACE, {"Inhibited": dbus.Boolean(False)}, dbus_interface=MOCK_IFACE)
        Moved.wait_for(lambda: self.reminders("Stretch"), "the held reminder shown when it ends")
        self.assertEqual(kinds(d, "stretch")[:2], ["held", "due"])

    def test_gnome_show_banners_off_holds_reminders(self):
        config = tempfile.mkdtemp(prefix="move-gsettings-")
        self.addCleanup(shutil.rmtree, config, True)
        genv = dict(self.bus.env, GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=config)

        def gsettings(value):
            subprocess.run(["gsettings", "set", "org.gnome.desktop.notifications", "show-banners", value],
                           env=genv, check=True, timeout=10)

        gsettings("true")
        d = self.moved("""
[settings]
snooze = "1s"

[[routine]]
id = "stretch"
title = "Stretch"
every = "3s"
""", GSETTINGS_BACKEND="keyfile", XDG_CONFIG_HOME=config)
        gsettings("false")
        Moved.wait_for(lambda: d.ctl_json("status")["dnd"], "GNOME's do not disturb seen")
        Moved.wait_for(lambda: "held" in kinds(d, "stretch"), "the reminder held", timeout=6)
        self.assertEqual(self.reminders("Stretch"), [])
        gsettings("true")
        Moved.wait_for(lambda: self.reminders("Stretch"), "the held reminder shown")
        self.assertEqual(kinds(d, "stretch")[:2], ["held", "due"])


class DunstTest(unittest.TestCase):
    """With real dunst as the notification server, on Xvfb."""

    def test_dunst_paused_holds_reminders_until_it_resumes(self):
        x = Xvfb(self)
        bus = self.enterContext(DBusSession(capabilities=None))
        env = dict(bus.env, DISPLAY=x.display)
        tmp = tempfile.mkdtemp(prefix="move-dunst-")
        self.addCleanup(shutil.rmtree, tmp, True)
        rc = os.path.join(tmp, "dunstrc")
        with open(rc, "w") as f:
            f.write("[global]\n    timeout = 0\n")
        dunst = subprocess.Popen(["dunst", "-config", rc], env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        self.addCleanup(dunst.wait)
        self.addCleanup(dunst.terminate)

        def dunstctl(*args):
            return subprocess.run(["dunstctl", *args], env=env, capture_output=True, text=True, timeout=10)

        Moved.wait_for(lambda: dunstctl("is-paused").stdout.strip() == "false", "dunst on the bus")
        dunstctl("set-paused", "true")
        d = Moved(bus, """
[settings]
snooze = "1s"

[[routine]]
id = "stretch"
title = "Stretch"
every = "2s"
""")
        d.env.update(DISPLAY=x.display)
        self.enterContext(d)
        Moved.wait_for(lambda: d.ctl_json("status")["dnd"], "dunst's pause seen")
        Moved.wait_for(lambda: "held" in kinds(d, "stretch"), "the reminder held", timeout=5)
        time.sleep(1.2)
        self.assertEqual(kinds(d, "stretch"), ["held"])
        self.assertEqual(dunstctl("count", "waiting").stdout.strip(), "0")  # moved sent nothing
        dunstctl("set-paused", "false")
        Moved.wait_for(lambda: "due" in kinds(d, "stretch"), "the held reminder shown on resume")
        Moved.wait_for(lambda: dunstctl("count", "displayed").stdout.strip() == "1", "dunst showing it")
        self.assertEqual(kinds(d, "stretch")[:2], ["held", "due"])


class FullscreenTest(unittest.TestCase):
    """A full-screen active window on Xvfb holds desk breaks only."""

    def test_a_full_screen_window_holds_desk_breaks(self):
        x = Xvfb(self)
        bus = self.enterContext(DBusSession())
        client = subprocess.Popen([FULLSCREEN_CLIENT], env=dict(os.environ, DISPLAY=x.display),
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.addCleanup(client.wait)
        self.addCleanup(client.stdin.close)
        self.assertEqual(client.stdout.readline().strip(), "ready")

        def window(command):
            client.stdin.write(command + "\n")
            client.stdin.flush()
            self.assertEqual(client.stdout.readline().strip(), "ok")

        window("fullscreen")
        d = Moved(bus, """
[settings]
snooze = "1s"

[[routine]]
id = "desk"
title = "Get up"
every = "2s"
active = true

[[routine]]
id = "water"
title = "Water"
every = "2s"
""")
        d.env.update(DISPLAY=x.display)
        self.enterContext(d)
        Moved.wait_for(lambda: d.ctl_json("status")["fullscreen"], "the full-screen window seen")
        Moved.wait_for(lambda: "held" in kinds(d, "desk"), "the desk break held", timeout=5)
        Moved.wait_for(lambda: [c for c in bus.notify_calls() if c["summary"] == "Water"], "water shown")
        self.assertEqual([c for c in bus.notify_calls() if c["summary"] == "Get up"], [])
        self.assertEqual(first_held(d, "desk")["note"], "full screen")
        # Another window becomes active: the held desk break comes.
        window("other")
        Moved.wait_for(lambda: not d.ctl_json("status")["fullscreen"], "the active window no longer full screen")
        Moved.wait_for(lambda: [c for c in bus.notify_calls() if c["summary"] == "Get up"], "the desk break")
        # And back to the full-screen one: held again (a done first closes the occurrence).
        self.assertEqual(d.ctl("done", "desk").returncode, 0)
        window("back")
        Moved.wait_for(lambda: d.ctl_json("status")["fullscreen"], "full screen again")
        window("normal")
        Moved.wait_for(lambda: not d.ctl_json("status")["fullscreen"], "the window left full screen")


if __name__ == "__main__":
    unittest.main(verbosity=2)
