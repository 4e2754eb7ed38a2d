#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A history shared through a synced folder, without a syncer: two real
moved (two state folders, two sockets, two sync folders, two session buses)
and the journal files copied from one folder to the other by hand, to show
each fault of issue 19: a partial last line, an invalid line, conflict and
temporary copies, a journal that shrinks or is replaced, clocks hours apart,
a sync folder missing or not writable, restarts. test_syncthing.py does the
same with two real Syncthing instances.

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import Moved  # noqa: E402

PLAN = """
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "core"
title = "Core exercises"
times_per_week = 3
duration = "15m"
"""

HOST_A = "a" * 32
HOST_B = "b" * 32
HOST_C = "c" * 32


def entry(uuid, seq, at, kind="done", routine="walk", host=HOST_C, name="tablet", recorded=None, **fields):
    line = {"v": 1, "uuid": uuid, "host": host, "host_name": name, "seq": seq, "at": at,
            "recorded": recorded or at, "kind": kind, "routine": routine, "minutes": 30, "note": None}
    line.update(fields)
    return json.dumps(line) + "\n"


class Host:
    """One computer: a moved with its own state, socket, bus and sync folder."""

    def __init__(self, test, host_id, name, sync=True):
        self.test = test
        self.root = tempfile.mkdtemp(prefix=f"move-sync-{name}-")
        test.addCleanup(shutil.rmtree, self.root, True)
        self.bus = DBusSession()
        self.bus.__enter__()
        test.addCleanup(self.bus.__exit__, None, None, None)
        self.sync = os.path.join(self.root, "Sync")
        os.makedirs(self.sync)
        self.id = host_id
        self.moved = Moved(self.bus, PLAN, root=self.root)
        os.makedirs(self.moved.state, mode=0o700)
        with open(os.path.join(self.moved.state, "host-id"), "w") as f:
            f.write(host_id + "\n")
        if sync:
            self.moved.env["MOVE_SYNC_DIR"] = self.sync
        test.addCleanup(self.moved.stop)

    def start(self):
        self.moved.start()
        return self

    def ctl(self, *args):
        r = self.moved.ctl(*args)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    def status(self):
        return self.moved.ctl_json("status")

    def journal(self):
        return os.path.join(self.sync, self.id + ".jsonl")

    def lines(self, prescriptions=False):
        """The own journal's lines; without the prescriptions this computer runs (written at its
        first start with sync, one per routine) unless asked for."""
        with open(self.journal()) as f:
            lines = [json.loads(line) for line in f]
        self.test.assertEqual([line["seq"] for line in lines], list(range(1, len(lines) + 1)))
        self.test.assertEqual(len({line["uuid"] for line in lines}), len(lines))
        return [line for line in lines if prescriptions or line["kind"] != "prescription"]

    def history(self, kind=None):
        events = self.moved.history()
        return [e for e in events if kind is None or e["kind"] == kind]

    def wait_for(self, predicate, what):
        self.moved.wait_for(predicate, what)


def figures(host):
    """What the report says was done and felt, without the instants that move with now (the
    prescribed counts start at each computer's first sight of a routine, which is its own)."""
    r = host.ctl("--json", "report")
    report = json.loads(r.stdout)
    return ([(w["monday"], w["pain_avg"], w["pain_count"]) for w in report["weeks"]],
            [(r["id"], [(w["monday"], w["done"], w["minutes"], [s["note"] for s in w["skips"]], w["days"])
                        for w in r["weeks"]]) for r in report["routines"]])


def copy_into(src_host, dst_host, name=None):
    """What a syncer does: the file arrives under a temporary name and is renamed."""
    name = name or os.path.basename(src_host.journal())
    tmp = os.path.join(dst_host.sync, ".syncthing." + name + ".tmp")
    shutil.copyfile(src_host.journal(), tmp)
    os.rename(tmp, os.path.join(dst_host.sync, name))


class SyncTest(unittest.TestCase):
    def test_done_on_one_computer_closes_the_reminder_on_the_other(self):
        a = Host(self, HOST_A, "laptop").start()
        b = Host(self, HOST_B, "desktop").start()
        # core (3 a week) reminds at once on both.
        b_core = [c for c in b.bus.wait_for_notify(1) if c["summary"] == "Core exercises"][0]
        time.sleep(1.1)  # not in the second B reminded
        a.ctl("done", "core", "--minutes", "20", "--note", "plank")
        lines = a.lines()
        self.assertEqual(len(lines), 1)
        line = lines[0]
        self.assertEqual((line["v"], line["host"], line["seq"], line["kind"], line["routine"], line["minutes"]),
                         (1, HOST_A, 3, "done", "core", 20))
        # The prescriptions A runs are shared too: one per routine, before.
        self.assertEqual(sorted(p["routine"] for p in a.lines(prescriptions=True) if p["kind"] == "prescription"),
                         ["core", "walk"])
        self.assertTrue(line["at"].endswith("Z") and line["recorded"].endswith("Z"))

        copy_into(a, b)
        b.wait_for(lambda: len(b.history("done")) == 1, "the done of A in B's history")
        done = b.history("done")[0]
        self.assertEqual((done["routine"], done["minutes"], done["note"]), ("core", 20, "plank"))
        self.assertEqual(done["host"], a.status()["sync"]["host"]["name"])
        # The reminder on B is withdrawn and core counts the done.
        b.wait_for(lambda: [b_core["id"]] in [args for _, args in b.bus.method_calls("CloseNotification")],
                   "B's core notification withdrawn")
        core = [r for r in b.status()["routines"] if r["id"] == "core"][0]
        self.assertEqual((core["state"], core["done_7d"], core["minutes_7d"]), ("waiting", 1, 20))
        hosts = b.status()["sync"]["hosts"]
        self.assertEqual([(h["id"], h["events"]) for h in hosts], [(HOST_A, 3)])  # 2 prescriptions, the done
        self.assertEqual(hosts[0]["last_wrote"][:16], done["at"][:16])
        # A's own history says its done is its own.
        self.assertIsNone(a.history("done")[0]["host"])
        # B's human status names the host.
        human = b.ctl("status").stdout
        self.assertIn("laptop" if "laptop" in hosts[0]["name"] else hosts[0]["name"], human)
        # CSV has the column.
        csv = b.ctl("history", "--format", "csv").stdout.splitlines()
        self.assertIn("host", csv[0].split(","))

        # B's done goes the other way; the reports agree.
        b.ctl("done", "walk", "--minutes", "35")
        copy_into(b, a)
        a.wait_for(lambda: len(a.history("done")) == 2, "B's done in A's history")
        self.assertEqual(figures(a), figures(b))

        # Restarts: nothing read twice, nothing written twice.
        b.moved.stop()
        b.moved.start()
        a.moved.stop()
        a.moved.start()
        copy_into(a, b)
        copy_into(b, a)
        time.sleep(0.5)
        self.assertEqual(len(a.history("done")), 2)
        self.assertEqual(len(b.history("done")), 2)
        self.assertEqual(len(a.lines()), 1)
        self.assertEqual(len(b.lines()), 1)
        self.assertEqual(figures(a), figures(b))

    def test_partial_invalid_conflict_temporary_shrunk_and_replaced_journals(self):
        b = Host(self, HOST_B, "desktop").start()
        c_file = os.path.join(b.sync, HOST_C + ".jsonl")
        l1 = entry("11111111-0000-4000-8000-000000000001", 1, "2026-12-01T07:00:00Z")
        l2 = entry("11111111-0000-4000-8000-000000000002", 2, "2026-12-01T09:00:00Z", kind="pain", routine="",
                   level=5)
        l3 = entry("11111111-0000-4000-8000-000000000003", 3, "2026-12-02T07:00:00Z", kind="skipped",
                   reason="weather", minutes=None)
        # A partial last line waits until it is complete.
        with open(c_file, "w") as f:
            f.write(l1 + l2[:30])
        b.wait_for(lambda: len(b.history("done")) == 1, "the first complete line")
        time.sleep(0.3)
        self.assertEqual(b.history("pain"), [])
        with open(c_file, "a") as f:
            f.write(l2[30:])
        b.wait_for(lambda: len(b.history("pain")) == 1, "the line once complete")
        self.assertEqual(b.history("pain")[0]["level"], 5)

        # An invalid line is skipped with one log line naming file and line; the rest is read.
        with open(c_file, "a") as f:
            f.write('{"v":1,"uuid":"oops"\n' + l3)
        b.wait_for(lambda: len(b.history("skipped")) == 1, "the line after the invalid one")
        self.assertEqual(b.history("skipped")[0]["reason"], "weather")
        log = b.moved.log_text()
        self.assertEqual(log.count(HOST_C + ".jsonl line 3:"), 1, log)
        self.assertEqual(b.status()["sync"]["invalid"], 1)

        # Conflict copies, temporary files and dotfiles are never read.
        for name in (HOST_C + ".sync-conflict-20261203-101010-ABCDEFG.jsonl", "~syncthing~" + HOST_C + ".jsonl.tmp",
                     ".syncthing." + HOST_C + ".jsonl.tmp", "." + HOST_C + ".jsonl"):
            with open(os.path.join(b.sync, name), "w") as f:
                f.write(l1 + l2 + l3 + entry("11111111-0000-4000-8000-00000000000a", 9, "2026-12-02T08:00:00Z"))
        time.sleep(0.5)
        b.ctl("reload")
        self.assertEqual(len(b.history("done")), 1)

        # Replaced by another file (a new inode), same lines and one more: only the new one counts.
        l4 = entry("11111111-0000-4000-8000-000000000004", 4, "2026-12-02T18:00:00Z")
        tmp = c_file + ".new"
        with open(tmp, "w") as f:
            f.write(l1 + l2 + '{"v":1,"uuid":"oops"\n' + l3 + l4)
        os.rename(tmp, c_file)
        b.wait_for(lambda: len(b.history("done")) == 2, "the line added in the replacing file")
        # Shrunk (rewritten shorter, another order): read again, nothing doubled.
        with open(tmp, "w") as f:
            f.write(l4 + l1)
        os.rename(tmp, c_file)
        time.sleep(0.5)
        with open(c_file, "a") as f:
            f.write(l2)
        time.sleep(0.5)
        self.assertEqual(len(b.history("done")), 2)
        self.assertEqual(len(b.history("pain")), 1)
        self.assertIn("shrank or was replaced", b.moved.log_text())

        # A restart reads nothing twice.
        b.moved.stop()
        b.moved.start()
        time.sleep(0.3)
        self.assertEqual((len(b.history("done")), len(b.history("pain")), len(b.history("skipped"))), (2, 1, 1))
        # Imported events are not written to B's own journal.
        self.assertEqual(b.lines(), [])

    def test_clocks_hours_apart_neither_lose_nor_reorder(self):
        b = Host(self, HOST_B, "desktop").start()
        # Host C's clock is 5 h behind: it records late (recorded before at would be impossible
        # on one clock) and its lines come in an order that is not the events' order.
        now = time.time()
        iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))  # noqa: E731
        lines = [entry(f"22222222-0000-4000-8000-00000000000{i}", i, iso(t), recorded=iso(t - 5 * 3600))
                 for i, t in [(1, now - 3600), (2, now - 3 * 86400), (3, now - 86400)]]
        with open(os.path.join(b.sync, HOST_C + ".jsonl"), "w") as f:
            f.write("".join(lines))
        b.wait_for(lambda: len(b.history("done")) == 3, "every line of C")
        dones = b.history("done")
        self.assertEqual([d["at"] for d in dones], sorted(d["at"] for d in dones))
        b.ctl("done", "walk", "--at", "2h ago")
        dones = b.history("done")
        self.assertEqual(len(dones), 4)
        self.assertEqual([d["at"] for d in dones], sorted(d["at"] for d in dones))
        walk = [r for r in b.status()["routines"] if r["id"] == "walk"][0]
        self.assertEqual(walk["done_7d"], 4)
        self.assertEqual(walk["last_done"][:16], time.strftime("%Y-%m-%dT%H:%M", time.gmtime(now - 3600)))

    def test_history_before_sync_is_written_once(self):
        a = Host(self, HOST_A, "laptop", sync=False).start()
        a.ctl("done", "walk", "--minutes", "50", "--at", "25h ago")
        a.ctl("pain", "3")
        a.ctl("snooze", "core")
        a.moved.stop()
        a.moved.env["MOVE_SYNC_DIR"] = a.sync
        a.moved.start()
        kinds = sorted(line["kind"] for line in a.lines(prescriptions=True))
        self.assertEqual(kinds, ["done", "pain", "prescription", "prescription"])  # snoozed and due stay local
        a.moved.stop()
        a.moved.start()
        a.ctl("done", "core")
        self.assertEqual(len(a.lines(prescriptions=True)), 5)  # the same plan: no prescription again

    def test_missing_or_unwritable_folder_is_reported_and_reminders_go_on(self):
        a = Host(self, HOST_A, "laptop", sync=False)
        missing = os.path.join(a.root, "not-yet")
        a.moved.env["MOVE_SYNC_DIR"] = missing
        a.start()
        sync = a.status()["sync"]
        self.assertEqual(sync["dir"], missing)
        self.assertIn("No such file or directory", sync["error"])
        a.bus.wait_for_notify(1)  # reminders go on
        a.ctl("done", "walk")
        self.assertIn("not-yet", a.moved.log_text())
        # The folder appears: the next command that writes finds it (no polling), the journal gets
        # what was recorded meanwhile, and the folder is watched from then on.
        os.makedirs(missing)
        a.ctl("done", "core")
        a.wait_for(lambda: a.status()["sync"]["error"] is None, "the folder followed")
        with open(os.path.join(missing, HOST_A + ".jsonl")) as f:
            self.assertEqual([(e["kind"], e["routine"]) for e in map(json.loads, f)],
                             [("prescription", "walk"), ("prescription", "core"), ("done", "walk"), ("done", "core")])
        with open(os.path.join(missing, HOST_C + ".jsonl"), "w") as f:
            f.write(entry("33333333-0000-4000-8000-000000000001", 1, "2026-12-01T07:00:00Z"))
        a.wait_for(lambda: len(a.history("done")) == 3, "a journal of C in the folder that appeared")

        # Not writable: the journal's name taken by a folder (root ignores file modes).
        b = Host(self, HOST_B, "desktop")
        os.makedirs(b.journal())
        b.start()
        b.ctl("done", "walk")
        self.assertIn(b.journal(), b.status()["sync"]["error"])
        self.assertEqual(len(b.history("done")), 1)
        os.rmdir(b.journal())
        b.ctl("done", "core")
        self.assertIsNone(b.status()["sync"]["error"])
        self.assertEqual([line["routine"] for line in b.lines()], ["walk", "core"])


if __name__ == "__main__":
    unittest.main()
