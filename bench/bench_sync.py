# SPDX-License-Identifier: GPL-3.0-or-later
"""The bench's sync section (bench.py --only sync): a history shared through
a folder (lib/sync.h).

- import: moved's CPU time to import a journal of another host of N events
  (done, skipped, pain over 5 years) written into its sync folder at once,
  from the rename until `status` counts every event of that host.
- latency: `done` on host A, the journal copied into host B's folder by the
  bench (the syncer's part, not counted), and B's `status` showing it:
  A's done round trip (the journal line fdatasync'd before the reply) plus
  B's part, from the journal's rename into place until a `status` that
  counts the done. Median of the runs.
"""

import json
import os
import random
import shutil
import statistics
import time

HOST_A = "a" * 32
HOST_B = "b" * 32
HOST_C = "c" * 32

PLAN = ('[[routine]]\nid = "walk"\ntitle = "Brisk walk"\nevery = "2d"\nduration = "30-60m"\n\n'
        '[[routine]]\nid = "core"\ntitle = "Core exercises"\ntimes_per_week = 3\nduration = "15m"\n')


def journal(n, start, seed=19):
    """n journal lines of host C, one every ~25 minutes from start (Unix seconds)."""
    rnd = random.Random(seed)
    out = []
    t = start
    for i in range(1, n + 1):
        t += rnd.randint(600, 2400)
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
        kind = rnd.choice(["done", "done", "done", "skipped", "pain"])
        line = {"v": 1, "uuid": f"{i:08x}-0000-4000-8000-{rnd.getrandbits(48):012x}", "host": HOST_C,
                "host_name": "tablet", "seq": i, "at": at, "recorded": at, "kind": kind,
                "routine": "" if kind == "pain" else rnd.choice(["walk", "core"]),
                "minutes": rnd.randint(10, 60) if kind == "done" else None, "note": None}
        if kind == "pain":
            line["level"] = rnd.randint(0, 10)
        if kind == "skipped":
            line["reason"] = rnd.choice(["time", "weather", None])
        out.append(json.dumps(line, separators=(",", ":")) + "\n")
    return "".join(out)


def put(path, text):
    """As a syncer does: a temporary file renamed into place."""
    tmp = os.path.join(os.path.dirname(path), ".syncthing." + os.path.basename(path) + ".tmp")
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def host_moved(bench, Moved, name, host_id):
    root = bench.dir(name)
    sync = os.path.join(root, "Sync")
    os.makedirs(sync, exist_ok=True)
    d = Moved(bench, root, PLAN)
    d.env["MOVE_SYNC_DIR"] = sync
    os.makedirs(d.state, mode=0o700, exist_ok=True)
    with open(os.path.join(d.state, "host-id"), "w") as f:
        f.write(host_id + "\n")
    return d, sync


def host_events(client, host):
    reply, _ = client.call({"cmd": "status"})
    for h in reply["sync"]["hosts"]:
        if h["id"] == host:
            return h["events"]
    return 0


def run(bench, Moved, Client, cpu_ns, Broken):
    s = bench.size
    n = s["sync_events"]
    print(f"== sync: import {n:,} events of another host; done on A to status on B", flush=True)
    d, sync = host_moved(bench, Moved, "sync-import", HOST_B)
    text = journal(n, int(time.time()) - 5 * 365 * 86400)
    d.start()
    try:
        c = d.client()
        m0 = cpu_ns(d.pid)
        t0 = time.perf_counter()
        put(os.path.join(sync, HOST_C + ".jsonl"), text)
        deadline = t0 + 600
        while host_events(c, HOST_C) < n:
            if time.perf_counter() > deadline:
                raise Broken(f"moved did not import {n} events within 600 s")
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        cpu = (cpu_ns(d.pid) - m0) / 1e9
        got = d.client().call({"cmd": "status"})[0]["sync"]["imported"]
        if got != n:
            raise Broken(f"imported {got} of {n}")
        mib = len(text) / 2**20
        bench.row("sync", f"import of {n:,} events of another host ({mib:.0f} MiB journal), until status counts "
                  "them", wall * 1e3, "ms", 10_000 if n >= 100_000 else None, cpu * 1e3,
                  note="moved's CPU time; one transaction, each done closing and rescheduling its routine")
        c.close()
    finally:
        d.stop()

    a, sync_a = host_moved(bench, Moved, "sync-a", HOST_A)
    b, sync_b = host_moved(bench, Moved, "sync-b", HOST_B)
    a.start()
    b.start()
    try:
        ca, cb = a.client(), b.client()
        done_rt, b_part = [], []
        for i in range(s["sync_runs"]):
            _, dt = ca.call({"cmd": "done", "id": "walk" if i % 2 else "core"})
            done_rt.append(dt)
            src = os.path.join(sync_a, HOST_A + ".jsonl")
            tmp = os.path.join(sync_b, ".syncthing." + HOST_A + ".jsonl.tmp")
            shutil.copyfile(src, tmp)
            t0 = time.perf_counter()
            os.rename(tmp, os.path.join(sync_b, HOST_A + ".jsonl"))
            while host_events(cb, HOST_A) < i + 1:
                if time.perf_counter() - t0 > 30:
                    raise Broken("B did not see A's done within 30 s")
            b_part.append(time.perf_counter() - t0)
        med = statistics.median
        bench.row("sync", f"done on A (journal line fdatasync'd) to status on B, journal copied in, moved's part, "
                  f"median of {len(done_rt)}", (med(done_rt) + med(b_part)) * 1e3, "ms", 100,
                  note=f"A's done {med(done_rt) * 1e3:.1f} ms + B's inotify, import, status {med(b_part) * 1e3:.1f} ms")
        ca.close()
        cb.close()
    finally:
        a.stop()
        b.stop()
