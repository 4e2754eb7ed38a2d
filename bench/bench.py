#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The move bench: runs the real moved and movectl and prints a table of
figures, each beside its budget. Started by bench/run (see bench/README.md).

    bench.py --bin-dir build-bench [--smoke] [--only SECTION,...] [--json FILE]

Sections: roundtrip, scale, firing, idle (idle also runs the comparison apps
in a full run). Exit status: 0 all figures within 3x their budget; 1 a
budget missed by more than 3x (full runs only; a --smoke run never fails on
timing); 2 something broke (moved did not start, a command failed, ...).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, HERE)

import bench_sync  # noqa: E402
import gen  # noqa: E402
from procs import timerfds  # noqa: E402

CLK_TCK = os.sysconf("SC_CLK_TCK")
FAIL_FACTOR = 3.0  # a budget missed by more than this many times fails the run


class Broken(Exception):
    """Something did not work at all: not a timing, a bug."""


# --------------------------------------------------------------------------
# Sizes: a full run and a smoke run (seconds, for CI).

FULL = dict(
    rt_routines=50, rt_events=110_000, rt_runs=30, raw_hello=5000, raw_status=1000, raw_done=300,
    scale_routines=10_000, scale_runs=3, raw_scale=200, big_events=1_000_000, big_runs=10,
    fire_count=100, fire_warmup=2, burst_size=10, burst_rounds=10,
    idle_warmup=20, idle_window=60, idle_windows=3, idle_requests=10_000, comparisons=True,
    import_mb=10, import_files=500, import_runs=10, sync_events=100_000, sync_runs=20,
    report_routines=10, report_weeks=52, report_events=20_000, report_runs=10,
)
SMOKE = dict(
    rt_routines=10, rt_events=2_000, rt_runs=3, raw_hello=200, raw_status=20, raw_done=5,
    scale_routines=200, scale_runs=1, raw_scale=10, big_events=20_000, big_runs=2,
    fire_count=3, fire_warmup=1, burst_size=0, burst_rounds=0,
    idle_warmup=1, idle_window=3, idle_windows=1, idle_requests=500, comparisons=False,
    import_mb=1, import_files=20, import_runs=1, sync_events=2_000, sync_runs=3,
    report_routines=10, report_weeks=52, report_events=2_000, report_runs=2,
)


# --------------------------------------------------------------------------
# /proc

def _stat_fields(pid):
    """Fields 3.. of /proc/PID/stat (after the command name)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_ticks(pid):
    """utime + stime of the whole process (all threads, dead ones too), in ticks."""
    f = _stat_fields(pid)
    return int(f[11]) + int(f[12])


def _tasks(pid):
    try:
        return os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return []


def ctx_switches(pid):
    """Voluntary + involuntary context switches summed over the live threads."""
    total = 0
    for t in _tasks(pid):
        try:
            with open(f"/proc/{pid}/task/{t}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def cpu_ns(pid):
    """Time on CPU of the live threads in ns (/proc/PID/task/*/schedstat): finer than ticks."""
    total = 0
    for t in _tasks(pid):
        try:
            with open(f"/proc/{pid}/task/{t}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def status_kib(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, PermissionError):
        pass
    return 0


def process_tree(pid):
    """pid and all its descendants."""
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            children.setdefault(int(_stat_fields(name)[1]), []).append(int(name))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def sample(pid):
    """{pid: (ctx switches, cpu ticks)} over a process tree."""
    out = {}
    for p in process_tree(pid):
        try:
            out[p] = (ctx_switches(p), cpu_ticks(p))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return out


def delta(before, after):
    """(ctx switches, cpu ticks) that happened between two samples of a tree;
    a process born in between counts whole."""
    ctx = cpu = 0
    for p, (c, t) in after.items():
        c0, t0 = before.get(p, (0, 0))
        ctx += max(0, c - c0)
        cpu += max(0, t - t0)
    return ctx, cpu


def memory(pid):
    """(RSS KiB, PSS KiB, threads) summed over a process tree."""
    rss = pss = threads = 0
    for p in process_tree(pid):
        try:
            rss += status_kib(p, "VmRSS")
            pss += pss_kib(p)
            threads += len(_tasks(p))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return rss, pss, threads


# --------------------------------------------------------------------------
# Statistics

def median(xs):
    return statistics.median(xs) if xs else None


def pct(xs, p):
    """Nearest-rank percentile."""
    if not xs:
        return None
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


# --------------------------------------------------------------------------
# moved, movectl and the socket

class Client:
    """One connection to moved: a JSON line out, a JSON line back."""

    def __init__(self, path, timeout=120):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = bytearray()

    def close(self):
        self.sock.close()

    def line(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                out = bytes(self.buf[:i])
                del self.buf[:i + 1]
                return out
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise Broken("moved closed the connection")
            self.buf += chunk

    def call(self, request, check=True):
        """(reply, seconds): the time from the first byte sent to the whole reply line read."""
        data = (json.dumps(request) + "\n").encode()
        t0 = time.perf_counter()
        self.sock.sendall(data)
        raw = self.line()
        dt = time.perf_counter() - t0
        reply = json.loads(raw)
        if check and not reply.get("ok"):
            raise Broken(f"moved refused {request}: {reply}")
        return reply, dt


class Moved:
    """A moved of the bench's own: its plan, state and socket in `root`."""

    def __init__(self, bench, root, plan_text=None, env=None):
        self.bench = bench
        self.root = root
        os.makedirs(os.path.join(root, "run"), mode=0o700, exist_ok=True)
        self.plan = os.path.join(root, "plan.toml")
        self.state = os.path.join(root, "state")
        self.socket = os.path.join(root, "run", "moved.sock")
        self.db = os.path.join(self.state, "history.db")
        if plan_text is not None:
            self.write_plan(plan_text)
        self.env = dict(env or bench.env, MOVE_PLAN=self.plan, MOVE_STATE_DIR=self.state, MOVE_SOCKET=self.socket)
        self.proc = None
        self.log_path = os.path.join(root, "moved.log")

    def write_plan(self, text):
        with open(self.plan, "w") as f:
            f.write(text)

    @property
    def pid(self):
        return self.proc.pid

    def start(self, timeout=300):
        """Starts moved; returns the seconds until it answered `hello`."""
        log = open(self.log_path, "a")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([self.bench.moved], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()
        self.bench.started.append(self.proc)
        deadline = t0 + timeout
        while True:
            if self.proc.poll() is not None:
                raise Broken(f"moved exited with {self.proc.returncode} at start:\n{self.log_tail()}")
            try:
                c = Client(self.socket, timeout=max(1, deadline - time.perf_counter()))
                try:
                    c.call({"cmd": "hello"})
                finally:
                    c.close()
                return time.perf_counter() - t0
            except (FileNotFoundError, ConnectionRefusedError, ConnectionResetError, Broken, socket.timeout):
                pass
            if time.perf_counter() > deadline:
                raise Broken(f"moved did not answer within {timeout} s:\n{self.log_tail()}")
            time.sleep(0.002)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Broken("moved did not stop on SIGTERM within 30 s")
        if rc != 0:
            raise Broken(f"moved exited {rc} on SIGTERM:\n{self.log_tail()}")

    def log_tail(self, n=15):
        try:
            with open(self.log_path) as f:
                return "".join(f.readlines()[-n:])
        except FileNotFoundError:
            return ""

    def client(self):
        return Client(self.socket)

    def ctl(self, *args, check=True):
        """Runs movectl once: (wall seconds, CPU seconds of movectl, exit status)."""
        t0 = time.perf_counter()
        p = subprocess.Popen([self.bench.movectl, *args], env=self.env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode(errors="replace")
        p.stderr.close()
        if check and p.returncode != 0:
            raise Broken(f"movectl {' '.join(args)} exited {p.returncode}: {err}\n{self.log_tail()}")
        return wall, ru.ru_utime + ru.ru_stime, p.returncode

    def ctl_output(self, *args):
        r = subprocess.run([self.bench.movectl, *args], env=self.env, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise Broken(f"movectl {' '.join(args)} exited {r.returncode}: {r.stderr}")
        return r.stdout

    def time_ctl(self, runs, *args, warmup=2):
        """Median wall and median CPU (movectl's own plus moved's share) of `movectl args`."""
        for _ in range(warmup):
            self.ctl(*args)
        walls, cpus = [], []
        for _ in range(runs):
            m0 = cpu_ns(self.pid)
            wall, cpu, _ = self.ctl(*args)
            walls.append(wall)
            cpus.append(cpu + (cpu_ns(self.pid) - m0) / 1e9)
        return median(walls), median(cpus)

    def time_raw(self, request, count):
        """Median and p99 latency of `request` sent `count` times on one
        connection, and moved's CPU per request."""
        c = self.client()
        try:
            c.call(request)
            times = []
            m0 = cpu_ns(self.pid)
            for _ in range(count):
                times.append(c.call(request)[1])
            cpu = (cpu_ns(self.pid) - m0) / 1e9 / count
        finally:
            c.close()
        return median(times), pct(times, 99), cpu


# --------------------------------------------------------------------------
# The bench

class Bench:
    def __init__(self, args):
        self.args = args
        self.smoke = args.smoke
        self.size = SMOKE if args.smoke else FULL
        self.bin = os.path.abspath(args.bin_dir)
        self.moved = os.path.join(self.bin, "daemon", "moved")
        self.movectl = os.path.join(self.bin, "cmd", "movectl")
        for b in (self.moved, self.movectl):
            if not os.access(b, os.X_OK):
                raise Broken(f"{b} is not built")
        self.tmp = tempfile.mkdtemp(prefix="move-bench-")
        self.rows = []        # figures of move
        self.compare = []     # idle figures of move and the other apps
        self.notes = []
        self.started = []     # every process started, stopped at the end
        self.bus = None
        base = {k: v for k, v in os.environ.items()
                if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE",
                             "MOVE_PLAN", "MOVE_SOCKET", "MOVE_STATE_DIR", "MOVE_IDLE_SOURCE")}
        base["TZ"] = "UTC"
        self.env = base

    # -- figures ---------------------------------------------------------

    def row(self, section, name, value, unit, budget=None, cpu=None, note=""):
        """A figure of move. value and budget in `unit`; cpu (same unit), when
        given, is the CPU time behind a wall-clock figure: a budget fails the
        run only when the CPU time misses it by FAIL_FACTOR too, since on a
        shared machine wall time waits for other people's compilers."""
        r = dict(section=section, name=name, value=value, unit=unit, budget=budget, cpu=cpu, note=note)
        r["verdict"] = self.verdict(r)
        self.rows.append(r)
        print(f"  {name}: {fmt(value, unit)}" + (f" (cpu {fmt(cpu, unit)})" if cpu is not None else "")
              + (f"  budget {fmt(budget, unit)}" if budget is not None else "") + f"  {r['verdict']}", flush=True)
        return r

    def verdict(self, r):
        v, b, cpu = r["value"], r["budget"], r["cpu"]
        if b is None or v is None:
            return ""
        if v <= b:
            return "ok"
        limit = FAIL_FACTOR * b if b > 0 else FAIL_FACTOR
        if v > limit and (cpu is None or cpu > limit):
            return "FAIL" if not self.smoke else "over (smoke: not judged)"
        return "over"

    # -- environment -------------------------------------------------------

    def start_bus(self):
        from dbus_session import DBusSession  # python3-dbusmock, python3-dbus
        self.bus = DBusSession("body actions")
        self.bus.__enter__()
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self.bus.address

    def close(self):
        for p in reversed(self.started):
            stop_process(p)
        if self.bus:
            self.bus.close()
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def dir(self, name):
        d = os.path.join(self.tmp, name)
        os.makedirs(d, exist_ok=True)
        return d

    # -- round trip: 5 years of history, 50 routines ------------------------

    def roundtrip(self):
        s = self.size
        print(f"== round trip: {s['rt_events']:,} events, {s['rt_routines']} routines", flush=True)
        d = Moved(self, self.dir("roundtrip"), gen.plan_text(s["rt_routines"], seed=2))
        d.start()
        d.stop()
        took = gen.fill_history(d.db, s["rt_routines"], s["rt_events"], years=5.0)
        self.notes.append(f"round trip: {s['rt_events']:,} events over 5 years written in {took:.1f} s")
        start = d.start()
        try:
            st = json.loads(d.ctl_output("--json", "status"))
            if len(st["routines"]) != s["rt_routines"]:
                raise Broken(f"status lists {len(st['routines'])} routines, expected {s['rt_routines']}")
            runs = s["rt_runs"]
            self.row("round trip", f"moved start until it answers, {s['rt_events']:,} events", start * 1e3, "ms",
                     1000)
            wall, cpu = d.time_ctl(runs, "status")
            self.row("round trip", f"movectl status, whole process, median of {runs}", wall * 1e3, "ms", 50,
                     cpu * 1e3)
            wall, cpu = d.time_ctl(runs, "done", gen.rid(0))
            self.row("round trip", f"movectl done, whole process, median of {runs}", wall * 1e3, "ms", 50,
                     cpu * 1e3)
            if not self.smoke and shutil.which("hyperfine"):
                for args, budget in ((["status"], 50), (["done", gen.rid(1)], 50)):
                    m = self.hyperfine(d, args)
                    self.row("round trip", f"movectl {args[0]} (hyperfine median)", m * 1e3, "ms", budget)
            elif not self.smoke:
                self.notes.append("hyperfine is not installed: whole-process times are from the Python loop only")
            p50, p99, cpu = d.time_raw({"cmd": "hello"}, s["raw_hello"])
            self.row("round trip", f"socket hello, median of {s['raw_hello']:,}", p50 * 1e3, "ms", 0.5, cpu * 1e3)
            self.row("round trip", "socket hello, p99", p99 * 1e3, "ms", 2)
            p50, p99, cpu = d.time_raw({"cmd": "status"}, s["raw_status"])
            self.row("round trip", f"socket status, median of {s['raw_status']:,}", p50 * 1e3, "ms", 20, cpu * 1e3)
            self.row("round trip", "socket status, p99", p99 * 1e3, "ms", 60)
            p50, p99, cpu = d.time_raw({"cmd": "done", "id": gen.rid(2)}, s["raw_done"])
            self.row("round trip", f"socket done (fsync'd), median of {s['raw_done']:,}", p50 * 1e3, "ms", 20,
                     cpu * 1e3)
            self.row("round trip", "socket done, p99", p99 * 1e3, "ms", 60)
        finally:
            d.stop()

    def hyperfine(self, d, args):
        out = os.path.join(self.tmp, "hyperfine.json")
        cmd = " ".join([self.movectl, *args])
        r = subprocess.run(["hyperfine", "-N", "--warmup", "3", "--runs", str(self.size["rt_runs"]), "--style",
                            "none", "--export-json", out, cmd], env=d.env, capture_output=True, text=True)
        if r.returncode != 0:
            raise Broken(f"hyperfine {cmd}: {r.stderr}")
        with open(out) as f:
            return json.load(f)["results"][0]["median"]

    # -- report: a year of 10 routines, to PDF and to HTML --------------------

    def report_(self):
        s = self.size
        n, weeks = s["report_routines"], s["report_weeks"]
        print(f"== report: {weeks} weeks of {n} routines, {s['report_events']:,} events", flush=True)
        d = Moved(self, self.dir("report"), gen.plan_text(n, seed=4))
        d.start()
        d.stop()
        gen.fill_history(d.db, n, s["report_events"], years=weeks * 7 / 365.25)
        d.start()
        try:
            runs = s["report_runs"]
            pdf, html = os.path.join(self.tmp, "report.pdf"), os.path.join(self.tmp, "report.html")
            wall, cpu = d.time_ctl(runs, "report", "--weeks", str(weeks), "--pdf", pdf)
            if not open(pdf, "rb").read(5) == b"%PDF-":
                raise Broken(f"movectl report --pdf did not write a PDF: {pdf}")
            self.row("report", f"movectl report --pdf, {weeks} weeks x {n} routines, whole process, median of {runs}",
                     wall * 1e3, "ms", 300, cpu * 1e3)
            wall, cpu = d.time_ctl(runs, "report", "--weeks", str(weeks), "--html", html)
            self.row("report", f"movectl report --html, {weeks} weeks x {n} routines, whole process, median of "
                     f"{runs}", wall * 1e3, "ms", 300, cpu * 1e3)
        finally:
            d.stop()

    # -- scale: 10,000 routines; 1,000,000 events ---------------------------

    def scale(self):
        s = self.size
        n = s["scale_routines"]
        print(f"== scale: {n:,} routines; {s['big_events']:,} events", flush=True)
        text = gen.plan_text(n, seed=3)
        root = self.dir("scale")
        plan = os.path.join(root, "big.toml")
        with open(plan, "w") as f:
            f.write(text)
        walls, cpus = [], []
        for _ in range(s["scale_runs"]):
            d = Moved(self, root)
            wall, cpu, _ = d.ctl("check", plan, "--next", "1")
            walls.append(wall)
            cpus.append(cpu)
        self.row("scale", f"movectl check --next 1, {n:,} routines", median(walls) * 1e3, "ms", 1000,
                 median(cpus) * 1e3)

        firsts = []
        for i in range(s["scale_runs"]):
            d = Moved(self, self.dir(f"scale-first-{i}"), text)
            firsts.append(d.start())
            rss = memory(d.pid)[0]
            d.stop()
            if firsts[-1] > 30:  # one slow first start is enough to show it
                break
        self.row("scale", f"moved first start until it answers, {n:,} routines", median(firsts) * 1e3, "ms", 2000,
                 note="empty history: first sightings stored (one transaction); the reminders due at once shown")
        restarts = []
        for _ in range(s["scale_runs"]):
            restarts.append(d.start())
            d.stop()
        self.row("scale", f"moved restart until it answers, {n:,} routines", median(restarts) * 1e3, "ms", 1000)
        d.start()
        try:
            self.row("scale", f"moved RSS with {n:,} routines", rss / 1024, "MiB", 64)
            # A full reschedule: edit the plan as a person would; moved sees
            # the file change (inotify), reloads, reschedules every routine.
            # Timed from the write to the answer of the next request.
            times = []
            watch = d.client()
            watch.call({"cmd": "watch"})
            for k in range(s["scale_runs"]):
                edited = text.replace('title = "Routine 0"', f'title = "Routine 0 (edit {k})"', 1)
                t0 = time.perf_counter()
                d.write_plan(edited)
                while True:
                    ev = json.loads(watch.line())
                    if ev.get("event") == "reload":
                        break
                c = d.client()
                c.call({"cmd": "hello"})
                times.append(time.perf_counter() - t0)
                c.close()
            watch.close()
            self.row("scale", f"plan edit -> reload + full reschedule, {n:,} routines", median(times) * 1e3, "ms",
                     1000)
            p50, _, cpu = d.time_raw({"cmd": "next", "count": 5}, s["raw_scale"])
            self.row("scale", f"socket next, {n:,} routines", p50 * 1e3, "ms", 50, cpu * 1e3,
                     note="each routine's next 5 merged in a heap")
            p50, _, cpu = d.time_raw({"cmd": "status", "id": gen.rid(0)}, s["raw_scale"])
            self.row("scale", f"socket status of one routine, {n:,} routines", p50 * 1e3, "ms", 20, cpu * 1e3)
        finally:
            d.stop()

        big = s["big_events"]
        d = Moved(self, self.dir("big-history"), gen.plan_text(50, seed=4))
        d.start()
        d.stop()
        took = gen.fill_history(d.db, 50, big, years=5.0, seed=5)
        self.notes.append(f"scale: {big:,} events written in {took:.1f} s "
                          f"({os.path.getsize(d.db) / 2**20:.0f} MiB history.db)")
        start = d.start()
        try:
            self.row("scale", f"moved start until it answers, {big:,} events", start * 1e3, "ms", 3000,
                     note="includes PRAGMA quick_check")
            wall, cpu = d.time_ctl(s["big_runs"], "status")
            self.row("scale", f"movectl status, {big:,} events", wall * 1e3, "ms", 100, cpu * 1e3)
            p50, _, cpu = d.time_raw({"cmd": "status"}, s["big_runs"])
            self.row("scale", f"socket status, {big:,} events", p50 * 1e3, "ms", 80, cpu * 1e3)
        finally:
            d.stop()

    # -- import: activity files ----------------------------------------------

    def import_(self):
        s = self.size
        print(f"== import: a {s['import_mb']} MB GPX track; {s['import_files']} activity files", flush=True)
        root = self.dir("import")
        plan = ('[[routine]]\nid = "walk"\ntitle = "Brisk walk"\nevery = "2d"\nduration = "30-60m"\n'
                'import = ["walking", "hiking"]\n')
        d = Moved(self, root, plan)
        big = os.path.join(root, "big.gpx")
        with open(big, "w") as f:
            f.write(gen.gpx_text(1_700_000_000, size=s["import_mb"] * 10**6))
        folder = os.path.join(root, "tracker")
        gen.activity_folder(folder, s["import_files"], start=1_690_000_000)
        files = sorted(os.path.join(folder, n) for n in os.listdir(folder))
        d.start()
        try:
            mb = os.path.getsize(big) / 10**6
            wall, cpu = d.time_ctl(s["import_runs"], "import", "--dry-run", big)
            self.row("import", f"movectl import --dry-run, {mb:.0f} MB GPX track, whole process, "
                     f"median of {s['import_runs']}", wall * 1e3, "ms", 200, cpu * 1e3,
                     note="read, parsed (expat), matched and checked against the history")
            m0 = cpu_ns(d.pid)
            wall, cpu, _ = d.ctl("import", *files)
            cpu += (cpu_ns(d.pid) - m0) / 1e9
            st = json.loads(d.ctl_output("--json", "status"))
            walk = [r for r in st["routines"] if r["id"] == "walk"][0]
            got = len([e for e in json.loads(d.ctl_output("history", "--format", "json")) if e["kind"] == "done"])
            if got != len(files):
                raise Broken(f"movectl import of {len(files)} files recorded {got} (status: {walk})")
            mib = sum(os.path.getsize(f) for f in files) / 2**20
            self.row("import", f"movectl import of {len(files)} activity files ({mib:.0f} MiB), recorded, "
                     "whole process", wall * 1e3, "ms", 2000, cpu * 1e3,
                     note=f"{len(files)} done in one transaction per 100")
            wall, cpu = d.time_ctl(s["import_runs"], "import", *files, warmup=0)
            self.row("import", f"movectl import of the same {len(files)} files again (all already recorded), "
                     f"median of {s['import_runs']}", wall * 1e3, "ms", 2000, cpu * 1e3)
        finally:
            d.stop()

    # -- sync: a history shared through a folder (bench_sync.py) ------------

    def sync(self):
        bench_sync.run(self, Moved, Client, cpu_ns, Broken)

    # -- firing: lateness on the session bus ----------------------------------

    def firing(self):
        s = self.size
        print(f"== firing: {s['fire_count']} reminders one a second"
              + (f", {s['burst_rounds']} bursts of {s['burst_size']}" if s["burst_size"] else ""), flush=True)
        fillers = filler_routines(49)
        # repeat: every reminder of the one undone occurrence is measured, uncapped.
        plan = ('[[routine]]\nid = "tick"\ntitle = "Tick"\nevery = "1s"\nsnooze = "1s"\nrepeat = 1000\n\n' + fillers)
        late = self.lateness(plan, {"tick"}, s["fire_count"] + s["fire_warmup"], s["fire_count"] + 30)
        first = self.first_call[s["fire_warmup"]:][:s["fire_count"]]
        late = late[s["fire_warmup"]:][:s["fire_count"]]
        if len(late) < s["fire_count"]:
            raise Broken(f"only {len(late)} reminders fired of {s['fire_count']}")
        ms = [x[1] * 1e3 for x in late]
        self.row("firing", f"lateness p50 of {len(ms)} reminders", median(ms), "ms", 2)
        self.row("firing", "lateness p99", pct(ms, 99), "ms", 5)
        self.row("firing", "lateness max", max(ms), "ms", 20)
        fm = [x * 1e3 for x in first]
        self.row("firing", "  of which: due -> moved's first D-Bus call, p50", median(fm), "ms",
                 note="timer wake-up, finding what is due")
        self.row("firing", "  of which: due -> moved's first D-Bus call, p99", pct(fm, 99), "ms")
        rest = [a - b for a, b in zip(ms, fm)]
        self.row("firing", "  of which: first D-Bus call -> Notify, p50", median(rest), "ms",
                 note="server round trips before the Notify (capabilities are cached)")
        self.row("firing", "  of which: first D-Bus call -> Notify, p99", pct(rest, 99), "ms")
        gaps = self.fire_gaps
        if gaps:
            self.notes.append(f"firing: {gaps} reminders came a whole second late or more (a skipped due second)")
        if s["burst_size"]:
            n = s["burst_size"]
            ids = [f"b{i}" for i in range(n)]
            plan = "".join(f'[[routine]]\nid = "{i}"\nevery = "5s"\nsnooze = "5s"\nrepeat = 1000\n\n'
                           for i in ids) + fillers
            late = self.lateness(plan, set(ids), n * (s["burst_rounds"] + 1), 5 * s["burst_rounds"] + 40)
            rounds = {}
            for due, lat in late:
                rounds.setdefault(due, []).append(lat * 1e3)
            worst = [max(v) for k, v in sorted(rounds.items()) if len(v) == n][1:]  # first: warm-up
            if not worst:
                raise Broken("no complete burst fired")
            self.row("firing", f"{n} due in the same second: last one's lateness, p50 of {len(worst)}",
                     median(worst), "ms", 20)
            self.row("firing", f"{n} due in the same second: last one's lateness, max", max(worst), "ms", 50)

    def lateness(self, plan, routines, count, timeout):
        """[(due instant, seconds late)] of each Notify of `routines`, as
        dbus-monitor (µs timestamps, realtime clock) saw it on the bus,
        against the whole-second instant moved recorded the reminder as due."""
        root = self.dir(f"firing-{len(os.listdir(self.tmp))}")
        mon_path = os.path.join(root, "monitor.txt")
        mon_out = open(mon_path, "w")
        mon = subprocess.Popen(["dbus-monitor", "--address", self.bus.address,
                                "type='method_call',interface='org.freedesktop.Notifications'"],
                               stdout=mon_out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        mon_out.close()
        self.started.append(mon)
        deadline = time.monotonic() + 10
        while "NameLost" not in open(mon_path).read():  # it became a monitor
            if time.monotonic() > deadline or mon.poll() is not None:
                raise Broken("dbus-monitor did not start")
            time.sleep(0.01)
        d = Moved(self, root, plan)
        d.start()
        try:
            deadline = time.monotonic() + timeout
            while len(parse_notify(mon_path, routines)) < count:
                if time.monotonic() > deadline:
                    raise Broken(f"fewer than {count} reminders in {timeout} s:\n{d.log_tail()}")
                time.sleep(0.2)
        finally:
            d.stop()
            stop_process(mon)
        seen = parse_notify(mon_path, routines)
        con = sqlite3.connect(f"file:{d.db}?mode=ro", uri=True)
        dues = con.execute("SELECT routine, at FROM events WHERE kind = 'due' ORDER BY id").fetchall()
        con.close()
        by_routine = {}
        for routine, at in dues:
            by_routine.setdefault(routine, []).append(at)
        self.fire_gaps = sum(1 for ats in by_routine.values() for a, b in zip(ats, ats[1:])
                             if b - a > (1 if "tick" in routines else 5))
        out, used = [], {}
        for t, summary in seen:
            k = used.get(summary, 0)
            used[summary] = k + 1
            ats = by_routine.get(summary, [])
            if k >= len(ats):
                raise Broken(f"a Notify of {summary} without a due event")
            out.append((ats[k], t - ats[k]))
        # Where the time goes: moved's first call to the server after the due
        # instant (GetCapabilities, CloseNotification) shows how long it took
        # to get to the bus at all (timer wake-up, finding what is due; the
        # history is written after the Notify).
        calls = [t for t, member in parse_calls(mon_path)]
        self.first_call = []
        for due, late in out:
            first = [t for t in calls if due <= t <= due + late]
            self.first_call.append(min(first) - due if first else late)
        return out

    # -- idle: moved and the apps a user would otherwise run -------------------

    def idle(self):
        s = self.size
        compare = s["comparisons"] and not self.args.no_compare
        print(f"== idle: {s['idle_windows']} x {s['idle_window']} s" + (", beside workrave, safeeyes, remind -z"
                                                                       if compare else ""), flush=True)
        env = dict(self.env)
        apps = []  # (name, Popen or None, why not)
        if compare:
            xvfb, display = start_xvfb(os.path.join(self.tmp, "xvfb.log"))
            self.started.append(xvfb)
            from dbus_session import DBusSession
            system_bus = DBusSession(None)
            system_bus.__enter__()
            self.system_bus = system_bus
            env.update(DISPLAY=f":{display}", DBUS_SYSTEM_BUS_ADDRESS=system_bus.address)
        d = Moved(self, self.dir("idle"), idle_plan(), env=env)
        d.start()
        if compare:
            apps = [self.start_app(name, argv, env) for name, argv in comparison_apps(self.dir("remind"))]
        try:
            time.sleep(s["idle_warmup"])
            rss0, pss0, threads = memory(d.pid)
            alive = []
            for name, proc, why in apps:
                if proc is not None and proc.poll() is not None:
                    why = f"n/a: exited {proc.returncode} under Xvfb: {app_log_tail(self.tmp, name)}"
                    proc = None
                alive.append((name, proc, why))
            apps = alive
            procs = [("move (moved)", d.proc)] + [(n, p) for n, p, _ in apps if p is not None]
            per = {n: [] for n, _ in procs}
            for _ in range(s["idle_windows"]):
                before = {n: sample(p.pid) for n, p in procs}
                time.sleep(s["idle_window"])
                for n, p in procs:
                    ctx, ticks = delta(before[n], sample(p.pid))
                    per[n].append((ctx * 60 / s["idle_window"], ticks * 1000 / CLK_TCK * 60 / s["idle_window"]))
            if d.proc.poll() is not None:
                raise Broken("moved died while idle")
            wake = median([w for w, _ in per["move (moved)"]])
            cpu = median([c for _, c in per["move (moved)"]])
            w = s["idle_window"]
            self.row("idle", f"wakeups (context switches, all threads) per minute, {w} s windows", wake, "/min", 1,
                     note="target 0: nothing due")
            self.row("idle", "CPU time per minute (utime+stime)", cpu, "ms/min", 10)
            # What the windows cannot see: a tick slower than they are long.
            # Asio, once one of its timers was armed, re-arms its own timerfd
            # every 5 minutes for ever; moved must hold none armed but its
            # wall-clock deadline (the test_moved check, as a figure).
            armed = [t for t in timerfds(d.pid) if t[1] and t != ("realtime", True)]
            self.row("idle", "timers armed besides the wall-clock deadline (/proc/PID/fdinfo)", len(armed),
                     "timers", 0, note="none: no tick of any period")
            self.row("idle", f"RSS after start ({threads} threads)", rss0 / 1024, "MiB", 16)
            self.row("idle", "PSS after start", pss0 / 1024, "MiB", 10)
            self.compare.append(dict(app="move (moved)", version="this tree", wakeups=wake, cpu=cpu,
                                     rss=rss0 / 1024, pss=pss0 / 1024))
            for name, proc, why in apps:
                if proc is None:
                    self.compare.append(dict(app=name, version=app_version(name), na=why))
                    continue
                rss, pss, _ = memory(proc.pid)
                self.compare.append(dict(app=name, version=app_version(name),
                                         wakeups=median([x for x, _ in per[name]]),
                                         cpu=median([c for _, c in per[name]]), rss=rss / 1024, pss=pss / 1024))
            self.requests(d, s["idle_requests"], rss0)
        finally:
            for _, proc, _ in apps:
                if proc is not None:
                    stop_process(proc, group=True)
            d.stop()

    def start_app(self, name, argv, env):
        exe = shutil.which(argv[0])
        if not exe:
            return name, None, f"n/a: {argv[0]} not installed (bench/run installs it; apt-get failed?)"
        home = self.dir(f"home-{name.split()[0]}")
        runtime = os.path.join(home, "run")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        e = dict(env, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
                 XDG_DATA_HOME=os.path.join(home, ".local/share"), XDG_CACHE_HOME=os.path.join(home, ".cache"),
                 XDG_STATE_HOME=os.path.join(home, ".local/state"), XDG_RUNTIME_DIR=runtime)
        log = open(os.path.join(self.tmp, f"{name.split()[0]}.log"), "w")
        proc = subprocess.Popen(argv, env=e, cwd=home, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        self.started.append(proc)
        return name, proc, None

    def requests(self, d, total, rss0):
        """`total` requests of every read kind (some done) over connections of
        100, then moved's RSS again."""
        kinds = [{"cmd": "status"}, {"cmd": "next", "count": 5}, {"cmd": "list"},
                 {"cmd": "history", "limit": 20}, {"cmd": "hello"}, {"cmd": "status", "id": "walk"}]
        sent = 0
        t0 = time.perf_counter()
        while sent < total:
            c = d.client()
            for i in range(min(100, total - sent)):
                req = {"cmd": "done", "id": "walk", "minutes": 30} if i == 99 else kinds[i % len(kinds)]
                c.call(req)
            sent += min(100, total - sent)
            c.close()
        took = time.perf_counter() - t0
        rss, pss, _ = memory(d.pid)
        self.row("idle", f"RSS after {total:,} requests ({took:.0f} s)", rss / 1024, "MiB", 16)
        self.row("idle", f"RSS growth over {total:,} requests", (rss - rss0) / 1024, "MiB", 2)

    # -- the table -----------------------------------------------------------

    def report(self, started_at, load0):
        uname = platform.uname()
        machine = dict(nproc=os.cpu_count(), cpu=cpu_model(), kernel=f"{uname.system} {uname.release}",
                       date=started_at.strftime("%Y-%m-%d %H:%M %Z"), load_start=load0,
                       load_end=os.getloadavg(), mode="smoke" if self.smoke else "full",
                       nice=os.getpriority(os.PRIO_PROCESS, 0))
        lines = ["", f"move bench ({machine['mode']} run) {machine['date']}",
                 f"machine: {machine['nproc']} x {machine['cpu']}, {machine['kernel']}; load average "
                 f"{load0[0]:.1f} at start, {machine['load_end'][0]:.1f} at end"
                 + ("  (shared machine: wall times are noisy; cpu = CPU time behind them)"
                    if max(load0[0], machine["load_end"][0]) > 1 else "")
                 + (f"; bench niced {machine['nice']}" if machine["nice"] else ""), ""]
        w = max(len(r["name"]) for r in self.rows) if self.rows else 20
        lines.append(f"{'section':<11} {'figure':<{w}}  {'move':>12}  {'(cpu)':>10}  {'budget':>12}  verdict")
        for r in self.rows:
            cpu = f"({fmt(r['cpu'], r['unit'])})" if r["cpu"] is not None else ""
            budget = ("<= " + fmt(r["budget"], r["unit"])) if r["budget"] is not None else ""
            lines.append(f"{r['section']:<11} {r['name']:<{w}}  {fmt(r['value'], r['unit']):>12}  {cpu:>10}  "
                         f"{budget:>12}  {r['verdict']}" + (f"  [{r['note']}]" if r["note"] else ""))
        if len(self.compare) > 1:
            move = self.compare[0]
            lines += ["", "idle, side by side (same Xvfb, same private buses, same windows); ratio = move / app",
                      f"{'app':<22} {'wakeups/min':>12} {'CPU ms/min':>11} {'RSS MiB':>8} {'PSS MiB':>8}   "
                      f"{'ratio wakeups':>13} {'CPU':>6} {'RSS':>6} {'PSS':>6}"]
            for c in self.compare:
                name = f"{c['app']} {c['version']}" if c["version"] != "this tree" else c["app"]
                if "na" in c:
                    lines.append(f"{name:<22} {c['na']}")
                    continue
                line = (f"{name:<22} {c['wakeups']:>12.1f} {c['cpu']:>11.1f} {c['rss']:>8.1f} {c['pss']:>8.1f}")
                if c is not move:
                    line += "   " + " ".join(f"{ratio(move[k], c[k]):>{6 if k != 'wakeups' else 13}}"
                                             for k in ("wakeups", "cpu", "rss", "pss"))
                lines.append(line)
        if self.notes:
            lines += [""] + [f"note: {n}" for n in self.notes]
        fails = [r for r in self.rows if r["verdict"] == "FAIL"]
        over = [r for r in self.rows if r["verdict"].startswith("over")]
        lines.append("")
        lines.append(f"{len(self.rows)} figures: {len(self.rows) - len(over) - len(fails)} within budget, "
                     f"{len(over)} over, {len(fails)} failed (over {FAIL_FACTOR:g}x)")
        text = "\n".join(lines)
        print(text, flush=True)
        out = self.args.json or os.path.join(self.bin, "bench-results.json")
        with open(out, "w") as f:
            json.dump(dict(machine=machine, figures=self.rows, compare=self.compare, notes=self.notes), f, indent=1)
        with open(os.path.splitext(out)[0] + ".txt", "w") as f:
            f.write(text + "\n")
        print(f"(saved {out})")
        return 1 if fails and not self.smoke else 0


# --------------------------------------------------------------------------
# Helpers

def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit == "ms":
        s = f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"
        return s + " ms"
    if unit == "MiB":
        return f"{v:.1f} MiB"
    if unit == "/min":
        return f"{v:.1f}/min"
    if unit == "ms/min":
        return f"{v:.0f} ms/min"
    return f"{v:g} {unit}"


def ratio(a, b):
    if b == 0:
        return "-" if a == 0 else "inf"
    return f"{a / b:.2g}"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def stop_process(p, group=False):
    if p.poll() is not None:
        return
    try:
        if group:
            os.killpg(p.pid, signal.SIGTERM)
        else:
            p.terminate()
        p.wait(10)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(p.pid, signal.SIGKILL) if group else p.kill()
        except ProcessLookupError:
            pass
        p.wait()


def start_xvfb(log_path):
    """An Xvfb of our own on a free display number (never one in use)."""
    for n in range(140, 240):
        if os.path.exists(f"/tmp/.X{n}-lock") or os.path.exists(f"/tmp/.X11-unix/X{n}"):
            continue
        log = open(log_path, "a")
        p = subprocess.Popen(["Xvfb", f":{n}", "-noreset", "-nolisten", "tcp", "-screen", "0", "1280x800x24"],
                             stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 10
        while p.poll() is None and not os.path.exists(f"/tmp/.X11-unix/X{n}") and time.monotonic() < deadline:
            time.sleep(0.05)
        if p.poll() is None and os.path.exists(f"/tmp/.X11-unix/X{n}"):
            return p, n
        stop_process(p)
    raise Broken("could not start Xvfb")


CALL_RE = re.compile(r"^method call time=(\d+\.\d+) .*member=(\w+)$")


def parse_calls(path):
    """[(time, member)] of every method call in a dbus-monitor log."""
    out = []
    with open(path) as f:
        for line in f:
            m = CALL_RE.match(line.rstrip("\n"))
            if m:
                out.append((float(m.group(1)), m.group(2)))
    return out


def parse_notify(path, routines):
    """[(time, summary)] of the Notify calls in a dbus-monitor log whose
    summary (the routine's title, or id without one) is in `routines`."""
    out, pending, args = [], None, []
    with open(path) as f:
        for line in f:
            m = CALL_RE.match(line.rstrip("\n"))
            if m:
                pending, args = (float(m.group(1)) if m.group(2) == "Notify" else None), []
                continue
            if pending is not None and line.startswith("   "):
                args.append(line.strip())
                if len(args) == 4:  # app_name, replaces_id, icon, summary
                    summary = args[3][len('string "'):-1] if args[3].startswith('string "') else ""
                    key = summary.lower()
                    if key in routines or summary in routines:
                        out.append((pending, key if key in routines else summary))
                    pending = None
    return out


def filler_routines(n):
    """Routines that are not due in the next hours (a realistic plan size)."""
    return "".join(f'[[routine]]\nid = "f{i:02d}"\ntitle = "Filler {i}"\nevery = "{1 + i % 3}d"\n'
                   f'duration = "10m"\n\n' for i in range(n))


def idle_plan():
    """The example plan's four kinds of routine, none due in the next hour."""
    now = datetime.datetime.now(datetime.timezone.utc)
    at = (now + datetime.timedelta(hours=3)).strftime("%H:%M")
    w0 = (now + datetime.timedelta(hours=2)).strftime("%H:%M")
    w1 = (now + datetime.timedelta(hours=5)).strftime("%H:%M")
    return f"""[settings]
snooze = "10m"

[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "desk-break"
title = "Get up and move"
every = "1h"
active = true
duration = "3-5m"
exercises = ["Stand up and stretch", "Walk to the window", "Calf raises"]

[[routine]]
id = "pilates"
title = "Pilates class"
at = ["{at}"]
lead = "30m"

[[routine]]
id = "core"
title = "Core exercises"
times_per_week = 3
duration = "15m"
window = "{w0}-{w1}"
"""


def comparison_apps(remind_dir):
    """What a user would otherwise run: (name, argv)."""
    now = datetime.datetime.now()
    rem = os.path.join(remind_dir, "reminders.rem")
    with open(rem, "w") as f:
        for h, what in ((2, "Brisk walk"), (3, "Pilates class"), (4, "Core exercises")):
            t = (now + datetime.timedelta(hours=h)).strftime("%H:%M")
            f.write(f"REM AT {t} MSG {what}\n")
        f.write("REM Tue AT 18:00 +30 MSG Pilates class\n")
    return [("workrave", ["workrave"]), ("safeeyes", ["safeeyes"]), ("remind -z", ["remind", "-z", rem])]


def app_version(name):
    pkg = name.split()[0]
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "?"


def app_log_tail(tmp, name):
    try:
        with open(os.path.join(tmp, f"{name.split()[0]}.log")) as f:
            lines = [l.strip() for l in f if l.strip()]
        return lines[-1][:120] if lines else "no output"
    except FileNotFoundError:
        return "no log"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bin-dir", required=True, help="a build folder with daemon/moved and cmd/movectl")
    p.add_argument("--smoke", action="store_true", help="small sizes, no comparison apps, never fails on timing")
    p.add_argument("--only", default="",
                   help="comma-separated sections: roundtrip,scale,import,sync,report,firing,idle")
    p.add_argument("--no-compare", action="store_true", help="skip workrave, safeeyes and remind")
    p.add_argument("--json", help="where to save the figures (default BIN_DIR/bench-results.json)")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, plans, histories)")
    args = p.parse_args()
    sections = ["roundtrip", "scale", "import", "sync", "report", "firing", "idle"]
    only = [s for s in args.only.split(",") if s] or sections
    for s in only:
        if s not in sections:
            p.error(f"unknown section {s}")
    if os.geteuid() == 0 and not args.smoke:
        try:
            os.setpriority(os.PRIO_PROCESS, 0, -10)  # ahead of compilers sharing the machine
        except OSError:
            pass
    started_at = datetime.datetime.now().astimezone()
    load0 = os.getloadavg()
    bench = None
    try:
        bench = Bench(args)
        bench.start_bus()
        for s in sections:
            if s in only:
                getattr(bench, s + "_" if s in ("import", "report") else s)()
        return bench.report(started_at, load0)
    except Broken as e:
        print(f"\nbench: BROKEN: {e}", file=sys.stderr)
        return 2
    except Exception:
        traceback.print_exc()
        print("\nbench: BROKEN (see the traceback above)", file=sys.stderr)
        return 2
    finally:
        if bench is not None:
            if getattr(bench, "system_bus", None):
                bench.system_bus.close()
            bench.close()


if __name__ == "__main__":
    sys.exit(main())
