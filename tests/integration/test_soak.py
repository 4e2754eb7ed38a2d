#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A soak test of moved: a routine due every second, parallel
clients sending thousands of mixed requests for MOVE_SOAK_SECONDS (default
20), then:

- every request got its reply; every one failed only if it was meant to
  (bad JSON gets a "bad-json" error reply and the connection goes on);
- moved's RSS at the end is within 8 MiB of its RSS after the warm-up (16
  MiB under ASan; both printed; a leak check, not a benchmark);
- the history holds every acknowledged `done`, exactly once;
- moved stops cleanly on SIGTERM (exit 0; under ASan, LeakSanitizer runs
  then and a leak makes the exit non-zero).

Clients speak the wire protocol on their own connections (reconnecting now
and then) and one runs the real movectl. Under an ASan build of moved the
allocator's quarantine is capped so that freed memory held back for
use-after-free checks does not read as growth.

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import MOVECTL, Moved  # noqa: E402

SECONDS = float(os.environ.get("MOVE_SOAK_SECONDS", "20"))
CLIENTS = 4
SLACK_KIB = 8 * 1024
SLACK_KIB_ASAN = 16 * 1024  # ASan's allocator caches more; LeakSanitizer checks at exit too

PLAN = """
[settings]
snooze = "1s"
repeat = 1000

[[routine]]
id = "tick"
title = "Tick"
every = "1s"

[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "core"
title = "Core exercises"
times_per_week = 3
window = "00:00-24:00"
"""


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def uses_asan(path):
    r = subprocess.run(["ldd", path], capture_output=True, text=True)
    return "libasan" in r.stdout


class Conn:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(path)
        self.reader = self.sock.makefile("rb")

    def call(self, line):
        self.sock.sendall(line.encode() + b"\n")
        reply = self.reader.readline()
        if not reply.endswith(b"\n"):
            raise AssertionError(f"no reply to {line!r}")
        return json.loads(reply)

    def close(self):
        self.reader.close()
        self.sock.close()


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = {}
        self.failures = []  # (request, reply) that went wrong
        self.acked = []     # notes of acknowledged done calls
        self.errors = []    # exceptions in client threads

    def count(self, kind):
        with self.lock:
            self.requests[kind] = self.requests.get(kind, 0) + 1

    def fail(self, request, reply):
        with self.lock:
            self.failures.append((request, reply))


def socket_client(k, path, stop, stats):
    rng = random.Random(k)
    conn = Conn(path)
    i = 0
    try:
        while not stop.is_set():
            i += 1
            if i % 200 == 0:  # a new connection now and then
                conn.close()
                conn = Conn(path)
            roll = rng.random()
            note = None
            if roll < 0.20:
                kind, req = "status", {"cmd": "status"}
            elif roll < 0.35:
                kind, req = "next", {"cmd": "next", "count": rng.randint(1, 20)}
            elif roll < 0.50:
                note = f"s{k}-{i}"
                kind, req = "done", {"cmd": "done", "id": "walk", "note": note}
            elif roll < 0.60:
                kind, req = "snooze", {"cmd": "snooze", "id": rng.choice(["tick", "walk"]), "duration": "1s"}
            elif roll < 0.72:
                kind, req = "history", {"cmd": "history", "id": rng.choice(["tick", "walk"]), "limit": 50}
            elif roll < 0.84:
                kind, req = "list", {"cmd": "list"}
            elif roll < 0.90:
                kind, req = "status-one", {"cmd": "status", "id": "core"}
            else:
                kind, req = "bad-json", None
            line = '{"cmd": "status", "id": ' if req is None else json.dumps(req)
            reply = conn.call(line)
            stats.count(kind)
            if req is None:
                if reply.get("ok") is not False or reply.get("code") != "bad-json":
                    stats.fail(line, reply)
            elif reply.get("ok") is not True:
                stats.fail(line, reply)
            elif note:
                with stats.lock:
                    stats.acked.append(note)
    except Exception as e:  # noqa: BLE001 - reported by the test
        stats.errors.append(f"client {k}: {e!r}")
    finally:
        conn.close()


def movectl_client(env, stop, stats):
    i = 0
    try:
        while not stop.is_set():
            i += 1
            note = f"m-{i}"
            for kind, args in (("movectl status", ["status"]), ("movectl next", ["next", "--count", "3"]),
                               ("movectl done", ["done", "walk", "--note", note])):
                r = subprocess.run([MOVECTL, *args], env=env, capture_output=True, text=True, timeout=30)
                stats.count(kind)
                if r.returncode != 0:
                    stats.fail(" ".join(args), r.stderr)
                elif kind == "movectl done":
                    with stats.lock:
                        stats.acked.append(note)
    except Exception as e:  # noqa: BLE001
        stats.errors.append(f"movectl client: {e!r}")


class SoakTest(unittest.TestCase):
    def test_soak(self):
        with DBusSession() as bus:
            d = Moved(bus, PLAN)
            asan = uses_asan(os.environ.get("MOVED", ""))
            if asan:
                opts = os.environ.get("ASAN_OPTIONS", "")
                d.env["ASAN_OPTIONS"] = (opts + ":" if opts else "") + "quarantine_size_mb=4"
            with d:
                stop, stats = threading.Event(), Stats()
                threads = [threading.Thread(target=socket_client, args=(k, d.socket, stop, stats))
                           for k in range(CLIENTS)]
                threads.append(threading.Thread(target=movectl_client, args=(d.env, stop, stats)))
                start = time.monotonic()
                for t in threads:
                    t.start()
                warm_up = max(3.0, SECONDS / 4)
                time.sleep(warm_up)
                rss_warm = rss_kib(d.proc.pid)
                rss_max = rss_warm
                while time.monotonic() - start < SECONDS:
                    time.sleep(0.5)
                    rss_max = max(rss_max, rss_kib(d.proc.pid))
                    if stats.errors or d.proc.poll() is not None:
                        break
                stop.set()
                for t in threads:
                    t.join(60)
                elapsed = time.monotonic() - start
                alive = d.proc.poll() is None
                rss_end = rss_kib(d.proc.pid) if alive else 0
                total = sum(stats.requests.values())
                reminders = len([c for c in bus.notify_calls() if c["summary"] == "Tick"])
                print(f"\n  {total} requests in {elapsed:.1f} s ({total / elapsed:.0f}/s) by {CLIENTS} socket "
                      f"clients and movectl: {dict(sorted(stats.requests.items()))}")
                print(f"  {reminders} reminders of the 1 s routine on the bus")
                print(f"  moved RSS: {rss_warm} KiB after {warm_up:.0f} s warm-up, {rss_end} KiB at the end, "
                      f"{rss_max} KiB at most" + (" (ASan build, quarantine 4 MiB)" if asan else ""))

                self.assertTrue(alive, "moved exited during the soak:\n" + d.log_text()[-2000:])
                self.assertEqual(stats.errors, [])
                self.assertEqual(stats.failures[:5], [], f"{len(stats.failures)} requests failed")
                self.assertGreater(stats.requests.get("bad-json", 0), 0)
                self.assertGreater(total, 1000, "too few requests to call this a soak")
                self.assertGreater(reminders, 0)
                slack = SLACK_KIB_ASAN if asan else SLACK_KIB
                self.assertLessEqual(rss_end, rss_warm + slack, "moved's memory grew during the soak")

                r = d.ctl("history", "walk", "--format", "json")
                self.assertEqual(r.returncode, 0, r.stderr)
                notes = [e["note"] for e in json.loads(r.stdout) if e["kind"] == "done"]
                print(f"  {len(stats.acked)} done acknowledged, {len(notes)} in the history")
                self.assertEqual(len(notes), len(set(notes)), "a done was recorded twice")
                self.assertEqual(sorted(notes), sorted(stats.acked))

                self.assertEqual(d.stop(), 0, "moved did not stop cleanly:\n" + d.log_text()[-3000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
