#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""moved under faults: what it promises when things break.

Each test runs the real moved and movectl on a private session bus with a
mock notification server, like test_moved.py, and breaks one thing:

- kill -9 in the middle of a burst of `movectl done` from parallel clients:
  every call that got exit 0 is in the history after a restart, exactly once.
- a full disk (a 256 KiB tmpfs as the state folder; 64 KiB do not hold the
  empty database with its WAL and shared-memory files): `done` fails with exit 1,
  an "io-error" naming history.db, the log says so, reminders go on; once
  there is room again, done works again. And a routine added to the plan
  meanwhile must not bring moved down.
- a state folder that turns read-only under moved (ext4 on a loop device with
  errors=remount-ro, forced read-only through /sys/fs/ext4/DEV/
  trigger_fs_error, as the kernel does on a disk error): the same. (A remount
  of a tmpfs is refused while moved holds the files open for writing, and
  chmod or chattr +i do not stop writes through descriptors already open.)
- a corrupt history.db at start (garbage, or a real database with a damaged
  page): moved starts, logs loudly where it kept the old file, records anew.
- the notification server going away and coming back: moved keeps running,
  reminders reach the new server.
- a client of another uid: refused without a reply, logged (see
  test_other_uid_is_refused_without_a_reply for how the client gets through
  the 0700 folder).
- 300 stalled connections with half a line each: `movectl status` still
  answers.

Needs root for mount, losetup and setpriv; a test whose tool is missing is
skipped with the reason. Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import glob
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import BusTestCase, MOVECTL, MOVED, Moved  # noqa: E402

# "stretch" is due 2 s after start and reminds every second while undone
# (repeat: no cap within a test); "walk" never fires during a test and takes
# the done calls.
PLAN = """
[settings]
snooze = "1s"
repeat = 1000

[[routine]]
id = "stretch"
title = "Stretch now"
every = "2s"

[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
"""

NOBODY = 65534


def run(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, text=True, **kw)


def readable_copy(program, folder):
    """A copy of program in folder (made 0755), which any user may run: the
    build tree may be under a folder only its owner can enter (/root is
    0700). moved links only shared libraries of /usr, so the binary is all
    that needs copying."""
    os.chmod(folder, 0o755)
    copy = os.path.join(folder, os.path.basename(program))
    shutil.copy(program, copy)
    os.chmod(copy, 0o755)
    return copy


def mount_tmpfs(path, size="256k"):
    os.makedirs(path, exist_ok=True)
    return run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", path)


def umount(path):
    for _ in range(50):
        if run("umount", path).returncode == 0 or not os.path.ismount(path):
            return
        time.sleep(0.1)
    run("umount", "-l", path)


def fill(folder):
    """Writes zeros into folder/filler until the filesystem is full."""
    path = os.path.join(folder, "filler")
    block = b"\0" * 4096
    with open(path, "wb", buffering=0) as f:
        try:
            while True:
                f.write(block)
        except OSError:
            pass
        try:
            while True:  # the last few bytes too
                f.write(b"\0")
        except OSError:
            pass
    return path


class FaultTest(BusTestCase):
    def setUp(self):
        self.bus.clear_calls()

    def moved_on_tmpfs(self):
        """A Moved (not started) whose state folder is a small tmpfs."""
        d = Moved(self.bus, PLAN)
        r = mount_tmpfs(d.state)
        if r.returncode != 0:
            shutil.rmtree(d.root, ignore_errors=True)
            self.skipTest("cannot mount a tmpfs: " + r.stderr.strip())
        return d

    def stretch_calls(self, bus=None):
        return [c for c in (bus or self.bus).notify_calls() if c["summary"] == "Stretch now"]

    def assert_keeps_reminding(self, d, bus=None):
        """Two more reminders of the 1 s stretch reach the server; moved lives."""
        bus = bus or self.bus
        before = len(self.stretch_calls(bus))
        Moved.wait_for(lambda: len(self.stretch_calls(bus)) >= before + 2, "reminders to go on", timeout=15)
        self.assertIsNone(d.proc.poll(), "moved exited")

    def done_notes(self, d):
        r = d.ctl("history", "walk", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        return [e["note"] for e in json.loads(r.stdout) if e["kind"] == "done"]

    def assert_io_error(self, d, db):
        """`movectl done walk` is refused: exit 1, io-error, the message names db."""
        r = d.ctl("done", "walk", "--note", "refused")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(db, r.stderr)
        r = d.ctl("--json", "done", "walk", "--note", "refused")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        reply = json.loads(r.stdout)
        self.assertEqual(reply.get("code"), "io-error", reply)
        self.assertIn(db, reply.get("error", ""))
        print(f"  refused done: {r.stderr.strip()}")

    # -- kill -9 -------------------------------------------------------------

    def test_kill9_during_a_burst_of_done_loses_no_acknowledged_call(self):
        clients, per_client, kill_after = 4, 100, 150
        with Moved(self.bus, PLAN) as d:
            results, lock = [], threading.Lock()
            acked = threading.Semaphore(0)

            def client(k):
                for i in range(per_client):
                    note = f"c{k}-{i}"
                    r = subprocess.run([MOVECTL, "done", "walk", "--note", note], env=d.env,
                                       capture_output=True, text=True, timeout=30)
                    with lock:
                        results.append((k, note, r.returncode))
                    if r.returncode == 0:
                        acked.release()
                    elif r.returncode == 3:  # no daemon any more: stop
                        return

            threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
            for t in threads:
                t.start()
            for _ in range(kill_after):
                self.assertTrue(acked.acquire(timeout=60), "the burst stalled")
            d.proc.send_signal(signal.SIGKILL)
            d.proc.wait()
            for t in threads:
                t.join(120)

            ok = {note for _, note, rc in results if rc == 0}
            failed = {note for _, note, rc in results if rc != 0}
            self.assertGreaterEqual(len(ok), kill_after)
            self.assertTrue(failed, "every call succeeded: the kill did not land inside the burst")

            d.log.close()
            d.start()
            notes = self.done_notes(d)
            print(f"  {len(results)} calls, {len(ok)} acknowledged, {len(notes)} in the history after kill -9")
            self.assertEqual(len(notes), len(set(notes)), "a done was recorded twice")
            self.assertEqual(ok - set(notes), set(), "acknowledged but lost")
            # A call whose reply the kill cut off may be on disk; at most one per client.
            extra = set(notes) - ok
            self.assertLessEqual(extra, failed)
            self.assertLessEqual(len(extra), clients)
            self.assertEqual(len(notes), len(ok) + len(extra))

    # -- a full disk -----------------------------------------------------------

    def test_full_disk_refuses_done_with_io_error_and_keeps_reminding(self):
        d = self.moved_on_tmpfs()
        try:
            with d:
                db = os.path.join(d.state, "history.db")
                self.assertEqual(d.ctl("done", "walk", "--note", "before").returncode, 0)
                Moved.wait_for(lambda: self.stretch_calls(), "the first reminder")
                filler = fill(d.state)
                # The WAL may still have room in pages it already holds: go on
                # until a done needs a page the disk no longer has.
                acked = ["before"]
                for i in range(500):
                    r = d.ctl("done", "walk", "--note", f"full-{i}")
                    if r.returncode != 0:
                        break
                    acked.append(f"full-{i}")
                self.assertEqual(r.returncode, 1, "done never failed on a full disk: " + r.stdout + r.stderr)
                self.assertIn(db, r.stderr)
                print(f"  {len(acked) - 1} done calls fitted after the fill")
                self.assert_io_error(d, db)
                log = d.log_text()
                self.assertIn("history not written", log)
                self.assertIn(db, log)
                self.assertRegex(log, r"full|FULL")
                self.assert_keeps_reminding(d)
                # What was acknowledged is there, the refused ones are not.
                self.assertEqual(self.done_notes(d), acked)

                # Room again: done works again.
                os.unlink(filler)
                r = d.ctl("done", "walk", "--note", "after")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(self.done_notes(d), acked + ["after"])
        finally:
            umount(d.state)
            shutil.rmtree(d.root, ignore_errors=True)

    def test_plan_change_on_a_full_disk_keeps_moved_running(self):
        """A routine added to the plan while the history cannot be written:
        the reload may be refused or the routine start without a stored first
        sighting, but moved must stay up and keep reminding."""
        d = self.moved_on_tmpfs()
        try:
            with d:
                Moved.wait_for(lambda: self.stretch_calls(), "the first reminder")
                fill(d.state)
                for i in range(500):
                    if d.ctl("done", "walk").returncode != 0:
                        break
                with open(d.plan, "a") as f:
                    f.write('\n[[routine]]\nid = "yoga"\nevery = "1d"\n')
                Moved.wait_for(lambda: "yoga" in d.log_text() or d.proc.poll() is not None, "the reload")
                time.sleep(0.5)
                self.assertIsNone(d.proc.poll(), "moved exited on a plan change with a full disk:\n"
                                  + "\n".join(d.log_text().splitlines()[-5:]))
                self.assert_keeps_reminding(d)
        finally:
            umount(d.state)
            shutil.rmtree(d.root, ignore_errors=True)

    # -- a state folder that turns read-only ------------------------------------

    def test_state_folder_turning_read_only_refuses_done_and_keeps_reminding(self):
        d = Moved(self.bus, PLAN)
        image = os.path.join(d.root, "state.img")
        os.makedirs(d.state)
        with open(image, "wb") as f:
            f.truncate(4 << 20)
        mkfs = run("mkfs.ext4", "-q", "-F", image)
        mounted = mkfs.returncode == 0 and run("mount", "-o", "loop,errors=remount-ro", image, d.state).returncode == 0
        if not mounted:
            shutil.rmtree(d.root, ignore_errors=True)
            self.skipTest("cannot mount an ext4 image on a loop device")
        os.chmod(d.state, 0o700)  # a new ext4's root is 0755: moved refuses a state folder open to others
        try:
            dev = os.path.basename(run("findmnt", "-no", "SOURCE", d.state).stdout.strip())
            trigger = f"/sys/fs/ext4/{dev}/trigger_fs_error"
            if not os.path.exists(trigger):
                self.skipTest(trigger + " is missing")
            with d:
                db = os.path.join(d.state, "history.db")
                self.assertEqual(d.ctl("done", "walk", "--note", "before").returncode, 0)
                Moved.wait_for(lambda: self.stretch_calls(), "the first reminder")
                with open(trigger, "w") as f:
                    f.write("1")
                # findmnt shows "emergency_ro", not "ro": probe.
                Moved.wait_for(lambda: not _can_create(d.state), "the filesystem to turn read-only")
                self.assert_io_error(d, db)
                log = d.log_text()
                self.assertIn("history not written", log)
                self.assertIn(db, log)
                self.assert_keeps_reminding(d)
                self.assertEqual(self.done_notes(d), ["before"])
        finally:
            umount(d.state)
            shutil.rmtree(d.root, ignore_errors=True)

    def test_a_full_disk_at_start_still_reminds_and_records_once_there_is_room(self):
        d = self.moved_on_tmpfs()
        try:
            filler = fill(d.state)  # before moved first runs: no history.db can be made
            with d:
                db = os.path.join(d.state, "history.db")
                Moved.wait_for(lambda: len(self.stretch_calls()) >= 2, "reminders from the plan")
                status = json.loads(d.ctl("--json", "status").stdout)
                self.assertFalse(status["recording"], status)
                self.assertIn(db, status["recording_error"])
                table = d.ctl("status").stdout
                self.assertIn("NOTHING CAN BE RECORDED", table)
                self.assertIn("NOTHING CAN BE RECORDED", d.log_text())
                self.assert_io_error(d, db)
                print(f"  status: {table.strip().splitlines()[-1]}")
                # Room again: the next write opens the history; done is recorded.
                os.unlink(filler)
                r = d.ctl("done", "walk", "--note", "after")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(self.done_notes(d), ["after"])
                self.assertTrue(json.loads(d.ctl("--json", "status").stdout)["recording"])
                self.assertIn("can be written again", d.log_text())
                self.assert_keeps_reminding(d)
        finally:
            umount(d.state)
            shutil.rmtree(d.root, ignore_errors=True)

    def test_a_read_only_state_folder_at_start_still_reminds(self):
        d = self.moved_on_tmpfs()
        try:
            if run("mount", "-o", "remount,ro", d.state).returncode != 0:
                self.skipTest("cannot remount the tmpfs read-only")
            with d:
                Moved.wait_for(lambda: len(self.stretch_calls()) >= 2, "reminders from the plan")
                status = json.loads(d.ctl("--json", "status").stdout)
                self.assertFalse(status["recording"], status)
                self.assert_io_error(d, os.path.join(d.state, "history.db"))
                run("mount", "-o", "remount,rw", d.state)
                r = d.ctl("done", "walk", "--note", "after")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(self.done_notes(d), ["after"])
        finally:
            umount(d.state)
            shutil.rmtree(d.root, ignore_errors=True)

    # -- a corrupt history at start ---------------------------------------------

    def check_set_aside(self, d, damaged):
        log = d.log_text()
        self.assertIn("THE HISTORY IS DAMAGED", log)
        kept = glob.glob(os.path.join(d.state, "history.db.corrupt-*"))
        kept = [k for k in kept if not k.endswith(("-wal", "-shm"))]
        self.assertEqual(len(kept), 1, kept)
        self.assertIn("kept it as " + kept[0], log)
        with open(kept[0], "rb") as f:
            self.assertEqual(f.read(), damaged)
        # New events are recorded, in a new file.
        self.assertEqual(d.ctl("done", "walk", "--note", "fresh").returncode, 0)
        self.assertEqual(self.done_notes(d), ["fresh"])
        self.assertIsNone(d.proc.poll())

    def test_a_state_folder_moved_may_not_write_is_named_at_start(self):
        """moved runs as uid 65534; its state folder belongs to root (0755).
        It must not start, and say which folder and why, not SQLite's
        'No such file or directory' of the file it was about to create."""
        d = Moved(self.bus, PLAN)
        try:
            os.chmod(d.root, 0o755)
            os.chmod(d.plan, 0o644)
            os.makedirs(d.state, mode=0o755)
            os.makedirs(os.path.dirname(d.socket), mode=0o700)
            os.chown(os.path.dirname(d.socket), NOBODY, NOBODY)
            # The checkout (and so the built moved) may be where uid 65534
            # cannot go, e.g. under /root (0700): it runs a copy in d.root.
            moved = readable_copy(MOVED, d.root)
            r = subprocess.run([moved], env=d.env, user=NOBODY, capture_output=True, text=True, timeout=20)
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn(d.state, r.stderr)
            self.assertIn(f"belongs to uid 0, not to uid {NOBODY}", r.stderr)
            self.assertNotIn("No such file", r.stderr)
            print(f"  {r.stderr.strip().splitlines()[-1]}")
        finally:
            shutil.rmtree(d.root, ignore_errors=True)

    def test_a_state_folder_open_to_others_is_refused_not_chmoded(self):
        """An existing state folder (or the folder a link points to) is the
        user's: moved never changes its mode, it refuses one that others may
        enter and says what to do. A link to a closed folder is fine."""
        for kind in ("folder", "link"):
            with self.subTest(kind=kind):
                d = Moved(self.bus, PLAN)
                try:
                    real = os.path.join(d.root, "real-state") if kind == "link" else d.state
                    os.makedirs(real)
                    os.chmod(real, 0o755)
                    if kind == "link":
                        os.symlink(real, d.state)
                    proc = d.start(wait=False)
                    self.assertEqual(proc.wait(10), 1)
                    self.assertIn(f"the state folder {d.state} is open to other users (mode 0755)", d.log_text())
                    self.assertIn(f"chmod 700 {d.state}", d.log_text())
                    self.assertEqual(stat.S_IMODE(os.stat(real).st_mode), 0o755, "moved changed the mode")
                    os.chmod(real, 0o700)
                    d.start()
                    self.assertEqual(d.ctl("done", "walk").returncode, 0)
                    self.assertTrue(os.path.exists(os.path.join(real, "history.db")))
                    d.stop()
                finally:
                    d.stop()
                    shutil.rmtree(d.root, ignore_errors=True)

    def test_garbage_history_is_set_aside_and_a_new_one_started(self):
        d = Moved(self.bus, PLAN)
        os.makedirs(d.state, mode=0o700)
        garbage = b"this is not an SQLite database\n" * 600
        with open(os.path.join(d.state, "history.db"), "wb") as f:
            f.write(garbage)
        with d:
            self.check_set_aside(d, garbage)

    def test_damaged_history_page_is_set_aside_and_a_new_one_started(self):
        with Moved(self.bus, PLAN) as d:
            for i in range(20):
                self.assertEqual(d.ctl("done", "walk", "--note", f"old-{i}").returncode, 0)
            self.assertEqual(d.stop(), 0)
            db = os.path.join(d.state, "history.db")
            self.assertFalse(os.path.exists(db + "-wal") and os.path.getsize(db + "-wal") > 0,
                             "the WAL was not checkpointed at a clean stop")
            with open(db, "r+b") as f:
                f.seek(4096)  # page 2 on: the tables' b-trees; page 1 (the header) stays
                f.write(b"\xa5" * 4096)
            with open(db, "rb") as f:
                damaged = f.read()
            d.start()
            self.check_set_aside(d, damaged)

    # -- the notification server leaves and comes back ---------------------------

    def test_notification_server_away_and_back(self):
        with DBusSession() as bus, Moved(bus, PLAN) as d:
            Moved.wait_for(lambda: self.stretch_calls(bus), "the first reminder")
            bus.stop_server()
            time.sleep(4)  # several reminders fail to show meanwhile
            self.assertIsNone(d.proc.poll(), "moved exited without a notification server")
            self.assertEqual(d.ctl("status").returncode, 0)
            bus.start_server()
            self.assert_keeps_reminding(d, bus)
            self.assertEqual(d.ctl("done", "stretch").returncode, 0)
            self.assertIsNone(d.proc.poll())

    # -- a client of another uid ----------------------------------------------

    def test_other_uid_is_refused_without_a_reply(self):
        """The client is uid 65534 with CAP_DAC_OVERRIDE as an ambient capability
        (setpriv): the capability gets it through the 0700 folder and the 0600
        socket, as a file-permission slip would, while SO_PEERCRED, taken at
        connect(), still says uid 65534. So moved's own check is what refuses
        it. Without the capability the folder alone keeps it out (checked too)."""
        if not shutil.which("setpriv"):
            self.skipTest("setpriv is missing")
        client = (
            "import json, os, socket, sys\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            "s.settimeout(10)\n"
            "try:\n"
            "    s.connect(sys.argv[1])\n"
            "except OSError as e:\n"
            "    print(json.dumps({'uid': os.getuid(), 'connect': e.strerror})); sys.exit(0)\n"
            "try:\n"
            "    s.sendall(b'{\"cmd\":\"hello\"}\\n')\n"
            "except OSError:\n"
            "    pass\n"
            "got = b''\n"
            "try:\n"
            "    while True:\n"
            "        b = s.recv(4096)\n"
            "        if not b: break\n"
            "        got += b\n"
            "    end = 'eof'\n"
            "except socket.timeout:\n"
            "    end = 'timeout'\n"
            "except OSError as e:\n"
            "    end = e.strerror\n"
            "print(json.dumps({'uid': os.getuid(), 'connect': 'ok', 'reply': got.decode(errors='replace'), 'end': end}))\n"
        )
        base = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        caps = ["--inh-caps=-all,+dac_override", "--ambient-caps=-all,+dac_override"]
        with Moved(self.bus, PLAN) as d:
            r = run(*base, *caps, "/usr/bin/python3", "-c", client, d.socket, timeout=30)
            self.assertEqual(r.returncode, 0, r.stderr)
            out = json.loads(r.stdout)
            print(f"  uid {NOBODY} with CAP_DAC_OVERRIDE: {out}")
            self.assertEqual(out["uid"], NOBODY)
            self.assertEqual(out["connect"], "ok")
            self.assertEqual(out["reply"], "", "moved answered a client of another uid")
            self.assertNotEqual(out["end"], "timeout", "moved kept the connection open")
            Moved.wait_for(lambda: f"refused a client of uid {NOBODY}" in d.log_text(), "the refusal in the log")

            r = run(*base, "/usr/bin/python3", "-c", client, d.socket, timeout=30)
            out = json.loads(r.stdout)
            print(f"  uid {NOBODY} without capabilities: {out}")
            self.assertEqual(out["connect"], "Permission denied")

            self.assertEqual(d.ctl("status").returncode, 0)

    # -- history deleted under moved (issue 15) -------------------------------

    def test_history_deleted_under_moved_is_recreated_and_done_is_on_disk(self):
        """history.db (then its -wal) deleted while moved runs: the next done is
        acknowledged only once it is in a history.db at the path, re-created
        with everything moved had, and the log says so loudly."""
        import sqlite3
        for deleted in ("history.db", "history.db-wal"):
            with self.subTest(deleted=deleted), Moved(self.bus, PLAN) as d:
                db = os.path.join(d.state, "history.db")
                self.assertEqual(d.ctl("done", "walk", "--note", "before").returncode, 0)
                os.remove(os.path.join(d.state, deleted))
                r = d.ctl("done", "walk", "--note", "after")
                self.assertEqual(r.returncode, 0, r.stderr)
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # what is on disk now
                notes = [n for (n,) in con.execute("SELECT note FROM events WHERE kind = 'done' ORDER BY id")]
                con.close()
                self.assertEqual(notes, ["before", "after"])
                self.assertIn(f"THE HISTORY WAS DELETED: {os.path.join(d.state, deleted)} was deleted", d.log_text())
                self.assertEqual(d.stop(), 0)
                d.start()
                self.assertEqual(self.done_notes(d), ["before", "after"])

    # -- a listener that is not ours (issue 15) --------------------------------

    def test_movectl_sends_nothing_to_a_listener_of_another_uid(self):
        """With XDG_RUNTIME_DIR unset another user may make /tmp/move-$UID
        first and listen there: movectl must not send the done (and its note)
        to it, nor say it was recorded."""
        if not shutil.which("setpriv"):
            self.skipTest("setpriv is missing")
        listener = (
            "import json, os, socket, sys\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            "s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(4)\n"
            "print('ready', flush=True)\n"
            "while True:\n"
            "    c, _ = s.accept()\n"
            "    got = c.recv(65536)\n"
            "    with open(sys.argv[2], 'ab') as f: f.write(got)\n"
            "    if got: c.sendall(json.dumps({'ok': True, 'next_due': None, 'event': {'routine': 'walk', 'kind': 'done', "
            "'at': '2026-12-01T10:00:00+00:00', 'minutes': 30, 'note': 'my back hurts'}}).encode() + b'\\n')\n"
            "    c.close()\n"
        )
        root = tempfile.mkdtemp(prefix="move-it-")
        os.chmod(root, 0o755)
        got = os.path.join(root, "got")
        open(got, "w").close()
        os.chmod(got, 0o666)
        base = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
        caps = ["--inh-caps=-all,+dac_override", "--ambient-caps=-all,+dac_override"]
        cases = [
            # the folder is the other user's (made first, as in /tmp)
            ("theirs", NOBODY, 0o700, [], "belongs to uid 65534, not to uid 0"),
            # the folder is ours but open to others: anyone may have bound there
            ("open", 0, 0o777, [], "is open to other users (mode 0777)"),
            # the folder is ours and 0700, but the listener is another uid
            ("ours", 0, 0o700, caps, "runs as uid 65534"),
        ]
        try:
            for name, owner, mode, extra, message in cases:
                with self.subTest(folder=name):
                    folder = os.path.join(root, name)
                    os.mkdir(folder)
                    os.chown(folder, owner, owner)
                    os.chmod(folder, mode)
                    sock = os.path.join(folder, "moved.sock")
                    proc = subprocess.Popen([*base, *extra, "/usr/bin/python3", "-c", listener, sock, got],
                                            stdout=subprocess.PIPE, text=True)
                    try:
                        self.assertEqual(proc.stdout.readline().strip(), "ready")
                        r = run(MOVECTL, "--socket", sock, "done", "walk", "--note", "my back hurts", timeout=10)
                        print(f"  {name}: exit {r.returncode}: {r.stderr.strip()}")
                        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
                        self.assertIn(message, r.stderr)
                        self.assertIn("refusing", r.stderr)
                        self.assertNotIn("done", r.stdout)
                        plan = os.path.join(root, "plan.toml")  # add must not go offline either
                        r = run(MOVECTL, "--socket", sock, "add", "yoga", "--title", "Yoga", "--every", "1d", timeout=10,
                                env=dict(os.environ, MOVE_PLAN=plan))
                        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
                        self.assertIn(message, r.stderr)
                        self.assertFalse(os.path.exists(plan), r.stdout)
                        time.sleep(0.2)
                        with open(got, "rb") as f:
                            self.assertEqual(f.read(), b"", "movectl sent something to a stranger")
                    finally:
                        proc.kill()
                        proc.wait()
                        proc.stdout.close()
        finally:
            shutil.rmtree(root, ignore_errors=True)

    # -- stalled connections ----------------------------------------------------

    def test_stalled_connections_do_not_block_a_normal_client(self):
        count = 300
        with Moved(self.bus, PLAN) as d:
            stalled = []
            try:
                for _ in range(count):
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(d.socket)
                    s.sendall(b'{"cmd":"sta')
                    stalled.append(s)
                time.sleep(0.5)  # let moved take them all in
                start = time.monotonic()
                r = d.ctl("--json", "status")
                took = time.monotonic() - start
                print(f"  movectl status with {count} stalled connections: exit {r.returncode} in {took:.3f} s"
                      + (f" ({r.stderr.strip()})" if r.returncode else ""))
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertIn("routines", json.loads(r.stdout))
            finally:
                for s in stalled:
                    s.close()
            self.assertEqual(d.ctl("status").returncode, 0)
            self.assertIsNone(d.proc.poll())


    def test_clients_that_never_read_their_replies_do_not_grow_moved(self):
        """Three connections sending `history` requests against 20,000 events
        and never reading: moved's memory stays bounded, others are served."""
        with Moved(self.bus, PLAN) as d:
            d.stop()
            import sqlite3
            db = sqlite3.connect(os.path.join(d.state, "history.db"))
            t0 = int(time.time()) - 20000 * 60
            db.executemany("INSERT INTO events(routine, kind, at, minutes, note, value) VALUES('walk','done',?,30,?,NULL)",
                           [(t0 + 60 * i, f"walk {i}") for i in range(20000)])
            db.commit()
            db.close()
            if "ASAN_OPTIONS" in d.env:
                # Under AddressSanitizer freed memory waits in a quarantine
                # (256 MiB by default) and would count as growth.
                d.env["ASAN_OPTIONS"] += ":quarantine_size_mb=0"
            d.start()
            rss_before = _rss_kib(d.proc.pid)
            greedy = []
            try:
                burst = b'{"cmd":"history"}\n' * 2000  # each reply is about 2 MB
                for _ in range(3):
                    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    s.connect(d.socket)
                    s.setblocking(False)
                    try:
                        s.sendall(burst)
                    except BlockingIOError:
                        pass  # moved stopped reading: what it should do
                    greedy.append(s)
                time.sleep(3)
                r = d.ctl("--json", "status")
                self.assertEqual(r.returncode, 0, r.stderr)
                rss = _rss_kib(d.proc.pid)
                print(f"  moved RSS {rss_before} KiB before, {rss} KiB with 3 clients that never read")
                self.assertLess(rss - rss_before, 64 * 1024, "moved grew by more than 64 MiB")
            finally:
                for s in greedy:
                    s.close()
            self.assertEqual(d.ctl("status").returncode, 0)
            self.assertIsNone(d.proc.poll())


def _rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _can_create(folder):
    try:
        fd, path = tempfile.mkstemp(dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(path)
    return True


if __name__ == "__main__":
    unittest.main(verbosity=2)
