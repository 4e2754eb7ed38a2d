#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""moved under faults: what it promises when things break (issue 9).

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
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import BusTestCase, MOVECTL, MOVED, Moved  # noqa: E402

# "stretch" is due 2 s after start and reminds every second while undone;
# "walk" never fires during a test and takes the done calls.
PLAN = """
[settings]
snooze = "1s"

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
            self.assertIn("Permission denied", r.stderr)
            self.assertNotIn("No such file", r.stderr)
            print(f"  {r.stderr.strip().splitlines()[-1]}")
        finally:
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
