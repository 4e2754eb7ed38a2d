#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The idle sources, each against a real counterpart, through idle_probe
(path in $MOVE_IDLE_PROBE; see idle_probe.cc for what it prints):

  x11      Xvfb (-noreset), input injected with xdotool
  wayland  idle_wayland_server ($MOVE_IDLE_WAYLAND_SERVER), a Wayland server
           of our own speaking ext-idle-notify-v1
  logind   python3-dbusmock's logind template on a private system bus
  gnome    a dbusmock IdleMonitor (mutter_idle_monitor.py) on a private
           session bus

and the choice at run time. Every probe runs with private session and
system buses, so the machine's own logind or desktop is never seen. In
steady state the probe must not wake: no polling.
"""

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import dbus

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from procs import stop, voluntary_switches  # noqa: E402
from dbus_session import DBusSession  # noqa: E402

PROBE = os.environ.get("MOVE_IDLE_PROBE", "")
SERVER = os.environ.get("MOVE_IDLE_WAYLAND_SERVER", "")
MUTTER_TEMPLATE = os.path.join(HERE, "mutter_idle_monitor.py")
TIMEOUT = 10.0
SLACK = 2  # seconds: `since` is whole seconds, and a loaded machine is slow

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
MUTTER = "org.gnome.Mutter.IdleMonitor"
MUTTER_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
MOCK_IFACE = "org.freedesktop.DBus.Mock"
PROPS_IFACE = "org.freedesktop.DBus.Properties"


class Process:
    """A child whose stdout lines arrive in a queue; stderr is kept."""

    def __init__(self, argv, env):
        self.proc = subprocess.Popen(argv, env=env, text=True, bufsize=1, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = queue.Queue()
        self.stderr_lines = []
        self._threads = [threading.Thread(target=self._pump, args=(s, sink), daemon=True)
                         for s, sink in ((self.proc.stdout, self.lines.put),
                                         (self.proc.stderr, self.stderr_lines.append))]
        for t in self._threads:
            t.start()

    @staticmethod
    def _pump(stream, sink):
        for line in stream:
            sink(line.rstrip("\n"))

    @property
    def stderr(self):
        return "\n".join(self.stderr_lines)

    def next(self, timeout=TIMEOUT):
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            status = self.proc.poll()
            state = "running" if status is None else f"exited with {status}"
            raise AssertionError(f"{self.proc.args[0]} ({state}) said nothing in {timeout} s; "
                                 f"stderr:\n{self.stderr}") from None

    def expect(self, wanted, timeout=TIMEOUT):
        line = self.next(timeout)
        if line != wanted:
            raise AssertionError(f"got {line!r}, wanted {wanted!r}; stderr:\n{self.stderr}")

    def expect_quiet(self, seconds):
        try:
            line = self.lines.get(timeout=seconds)
        except queue.Empty:
            return
        raise AssertionError(f"unexpected {line!r}; stderr:\n{self.stderr}")

    def expect_log(self, text, timeout=TIMEOUT):
        """Waits for a stderr line containing text (stderr is read apart from stdout)."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in list(self.stderr_lines)):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not in stderr:\n{self.stderr}")
            time.sleep(0.02)

    def send(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self):
        """Closes stdin (the end for our children); returns the exit status."""
        if self.proc.poll() is None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            status = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"{self.proc.args[0]} did not exit at end of input")
        self._release()
        return status

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._release()

    def _release(self):
        for t in self._threads:
            t.join(TIMEOUT)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if not stream.closed:
                try:
                    stream.close()
                except BrokenPipeError:
                    pass


class Probe(Process):
    def expect_source(self, name):
        self.expect(f"source {name}")

    def expect_presence(self, state, timeout=TIMEOUT):
        """Waits for `presence STATE SINCE`; returns SINCE (epoch seconds)."""
        line = self.next(timeout)
        parts = line.split()
        if len(parts) != 3 or parts[:2] != ["presence", state]:
            raise AssertionError(f"got {line!r}, wanted presence {state}; stderr:\n{self.stderr}")
        return int(parts[2])


class World:
    """Private buses, a runtime folder and whatever counterparts a test
    starts; everything is stopped by the test's cleanups."""

    def __init__(self, test):
        self.test = test
        self.session = test.enterContext(DBusSession(None))
        self.system = test.enterContext(DBusSession(None))
        self.runtime = tempfile.mkdtemp(prefix="move-idle-run-")
        os.chmod(self.runtime, 0o700)
        test.addCleanup(shutil.rmtree, self.runtime, True)
        self.display = None
        self.wayland_display = None
        self.session_id = None

    # -- the probe ----------------------------------------------------------

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if k not in ("DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET", "XDG_SESSION_ID",
                            "MOVE_IDLE_SOURCE", "DBUS_STARTER_ADDRESS", "DBUS_STARTER_BUS_TYPE")}
        env.update(DBUS_SESSION_BUS_ADDRESS=self.session.address, DBUS_SYSTEM_BUS_ADDRESS=self.system.address,
                   XDG_RUNTIME_DIR=self.runtime, G_DEBUG="fatal-warnings")
        if self.display:
            env["DISPLAY"] = self.display
        if self.wayland_display:
            env["WAYLAND_DISPLAY"] = self.wayland_display
        if self.session_id:
            env["XDG_SESSION_ID"] = self.session_id
        env.update({k: v for k, v in extra.items() if v is not None})
        for k in [k for k, v in extra.items() if v is None]:
            env.pop(k, None)
        return env

    def probe(self, threshold, source=None, **extra):
        p = Probe([PROBE, str(threshold)], self.env(MOVE_IDLE_SOURCE=source, **extra))
        self.test.addCleanup(p.kill)
        return p

    def choice(self, source=None, **extra):
        """The source the probe picks (MOVE_IDLE_SOURCE=source); ended at once."""
        p = self.probe(60, source, **extra)
        line = p.next()
        self.test.assertEqual(p.close(), 0, p.stderr)
        self.test.assertTrue(line.startswith("source "), line)
        return line.split()[1], p.stderr

    # -- X11 ----------------------------------------------------------------

    def start_xvfb(self):
        read, write = os.pipe()
        self.xvfb = xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-noreset", "-nolisten", "tcp"],
                                pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        self.test.addCleanup(stop, xvfb)
        with os.fdopen(read) as f:
            number = f.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        self.display = ":" + number
        return self.display

    def xdotool(self, *args):
        subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=self.display), check=True, timeout=TIMEOUT)

    # -- Wayland --------------------------------------------------------------

    def start_compositor(self, *args):
        server = Process([SERVER, *args], dict(os.environ, XDG_RUNTIME_DIR=self.runtime))
        self.test.addCleanup(server.kill)
        line = server.next()
        self.test.assertTrue(line.startswith("socket "), line)
        self.wayland_display = line.split()[1]
        return server

    # -- D-Bus mocks ----------------------------------------------------------

    def start_mock(self, bus, name, args):
        log = open(os.path.join(self.runtime, name + ".log"), "w+")
        self.test.addCleanup(log.close)
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.session.address,
                   DBUS_SYSTEM_BUS_ADDRESS=self.system.address)
        mock = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", *args], env=env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self.test.addCleanup(stop, mock)
        conn = dbus.bus.BusConnection(bus.address)
        self.test.addCleanup(conn.close)
        _wait_until(lambda: conn.name_has_owner(name) or mock.poll() is not None, f"{name} on the bus")
        if mock.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"dbusmock for {name} failed:\n{log.read()}")
        return mock, conn

    def start_logind(self):
        self.logind, conn = self.start_mock(self.system, LOGIND, ["--system", "--template", "logind"])
        self.logind_conn = conn
        manager = conn.get_object(LOGIND, LOGIND_PATH)
        # dbusmock 0.28's GetUser adds a str and a UInt32 and fails: mend it.
        manager.AddMethod(LOGIND + ".Manager", "GetUser", "u", "o",
                          'ret = "/org/freedesktop/login1/user/%d" % args[0]', dbus_interface=MOCK_IFACE)
        return manager

    def add_session(self, session_id, locked=False):
        manager = self.logind_conn.get_object(LOGIND, LOGIND_PATH)
        path = manager.AddSession(session_id, "seat0", dbus.UInt32(os.getuid()), "mover", True,
                                  dbus_interface=MOCK_IFACE)
        session = self.logind_conn.get_object(LOGIND, path)
        if locked:
            session.SetLockedHint(True, dbus_interface=LOGIND + ".Session")
        return session

    def start_mutter(self, idletime=0):
        self.mutter, conn = self.start_mock(
            self.session, MUTTER, ["--template", MUTTER_TEMPLATE, "-p", '{"idletime": %d}' % idletime])
        return conn.get_object(MUTTER, MUTTER_PATH)




def _wait_until(predicate, what, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.02)




class IdleTestCase(unittest.TestCase):
    def setUp(self):
        self.world = World(self)

    def assertAbout(self, since, expected, slack=SLACK):
        self.assertLessEqual(abs(since - expected), slack, f"since {since}, expected about {expected:.1f}")

    def assertSleeps(self, probe):
        """Steady state: the probe does not wake at all for 2 s."""
        time.sleep(0.5)  # let replies in flight arrive first
        self.assertEqual(voluntary_switches(probe.proc.pid, wait=2.0), 0, "the probe woke up: polling?")

    def finish(self, probe):
        self.assertEqual(probe.close(), 0, probe.stderr)


class X11Test(IdleTestCase):
    def setUp(self):
        super().setUp()
        self.world.start_xvfb()

    def test_idle_after_threshold_then_active_on_input(self):
        w = self.world
        w.xdotool("mousemove", "10", "10")
        touched = time.time()
        probe = w.probe(2, "x11")
        probe.expect_source("x11")
        since = probe.expect_presence("idle")
        self.assertGreaterEqual(time.time() - touched, 1.9, "idle before the threshold")
        self.assertAbout(since, touched)

        self.assertSleeps(probe)  # idle: waits for input, no query

        w.xdotool("mousemove", "200", "150")
        touched = time.time()
        self.assertAbout(probe.expect_presence("active"), touched)
        since = probe.expect_presence("idle")
        self.assertGreaterEqual(time.time() - touched, 1.9, "idle before the threshold")
        self.assertAbout(since, touched)
        w.xdotool("key", "shift")
        probe.expect_presence("active")
        self.finish(probe)

    def test_idle_already_at_start(self):
        w = self.world
        w.xdotool("mousemove", "20", "20")
        touched = time.time()
        time.sleep(2.5)
        probe = w.probe(1, "x11")
        probe.expect_source("x11")
        self.assertAbout(probe.expect_presence("idle"), touched)
        self.finish(probe)

    def test_active_without_input_sleeps(self):
        w = self.world
        w.xdotool("mousemove", "30", "30")
        probe = w.probe(60, "x11")
        probe.expect_source("x11")
        self.assertSleeps(probe)  # no timer, no query until the server's alarm
        probe.expect_quiet(0.2)
        self.finish(probe)

    def test_server_gone(self):
        w = self.world
        probe = w.probe(1, "x11")
        probe.expect_source("x11")
        probe.expect_presence("idle")
        stop(w.xvfb)
        # Xlib would exit the process; the source reports wall-clock time.
        probe.expect_presence("active")
        probe.expect_log("lost the connection to the X server")
        self.finish(probe)


class WaylandTest(IdleTestCase):
    def test_idled_and_resumed(self):
        w = self.world
        server = w.start_compositor()
        probe = w.probe(7, "wayland")
        probe.expect_source("wayland")
        server.expect("notification 7000")
        self.assertSleeps(probe)

        server.send("idle")
        server.expect("ok")
        self.assertAbout(probe.expect_presence("idle"), time.time() - 7)
        server.send("active")
        server.expect("ok")
        self.assertAbout(probe.expect_presence("active"), time.time())
        server.send("idle")
        server.expect("ok")
        probe.expect_presence("idle")
        self.assertSleeps(probe)

        self.finish(probe)
        server.expect("destroyed")  # the probe let go of its notification
        self.assertEqual(server.close(), 0, server.stderr)

    def test_compositor_gone(self):
        w = self.world
        server = w.start_compositor()
        probe = w.probe(7, "wayland")
        probe.expect_source("wayland")
        server.expect("notification 7000")
        server.send("idle")
        probe.expect_presence("idle")
        server.kill()
        # Presence is no longer known: wall-clock time, as without a source.
        probe.expect_presence("active")
        probe.expect_log("lost the compositor")
        self.finish(probe)


class LogindTest(IdleTestCase):
    def setUp(self):
        super().setUp()
        self.manager = self.world.start_logind()

    def sleep(self, going):
        self.manager.EmitSignal(LOGIND + ".Manager", "PrepareForSleep", "b", [going], dbus_interface=MOCK_IFACE)

    def test_sleep_lock_and_idle(self):
        w = self.world
        session = w.add_session("c1")
        w.session_id = "c1"
        probe = w.probe(60, "logind")
        probe.expect_source("logind")
        probe.expect_quiet(0.5)
        probe.expect_log("session /org/freedesktop/login1/session/c1 (XDG_SESSION_ID)")

        self.sleep(True)
        self.assertAbout(probe.expect_presence("asleep"), time.time())
        self.sleep(False)
        self.assertAbout(probe.expect_presence("active"), time.time())

        session.SetLockedHint(True, dbus_interface=LOGIND + ".Session")
        probe.expect_presence("locked")
        session.SetLockedHint(False, dbus_interface=LOGIND + ".Session")
        probe.expect_presence("active")

        session.Lock(dbus_interface=LOGIND + ".Session")
        probe.expect_presence("locked")
        session.Unlock(dbus_interface=LOGIND + ".Session")
        probe.expect_presence("active")

        idle_since = int(time.time()) - 300
        session.UpdateProperties("", {"IdleHint": True, "IdleSinceHint": dbus.UInt64(idle_since * 1_000_000)},
                                 dbus_interface=MOCK_IFACE)
        self.assertEqual(probe.expect_presence("idle"), idle_since)
        self.assertSleeps(probe)
        # Lock and sleep outrank idle; once they end the person is still idle.
        session.Lock(dbus_interface=LOGIND + ".Session")
        probe.expect_presence("locked")
        self.sleep(True)
        probe.expect_presence("asleep")
        self.sleep(False)
        probe.expect_presence("locked")
        session.Unlock(dbus_interface=LOGIND + ".Session")
        self.assertEqual(probe.expect_presence("idle"), idle_since)
        session.UpdateProperties("", {"IdleHint": False}, dbus_interface=MOCK_IFACE)
        probe.expect_presence("active")
        self.finish(probe)

    def test_display_session_of_a_user_service_locked_at_start(self):
        # A systemd user service has neither XDG_SESSION_ID nor a session of
        # its own (the mock has no GetSessionByPID): the user's Display.
        w = self.world
        w.add_session("c1")
        session = w.add_session("c2", locked=True)
        user = w.logind_conn.get_object(LOGIND, f"{LOGIND_PATH}/user/{os.getuid()}")
        user.Set(LOGIND + ".User", "Display",
                 dbus.Struct(("c2", dbus.ObjectPath(f"{LOGIND_PATH}/session/c2")), signature="so"),
                 dbus_interface=PROPS_IFACE)
        probe = w.probe(60, "logind")
        probe.expect_source("logind")
        probe.expect_presence("locked")
        probe.expect_log("session /org/freedesktop/login1/session/c2 (the user's display)")
        session.SetLockedHint(False, dbus_interface=LOGIND + ".Session")
        probe.expect_presence("active")
        self.finish(probe)

    def test_without_a_session_sleep_only(self):
        probe = self.world.probe(60, "logind")
        probe.expect_source("logind")
        self.sleep(True)
        probe.expect_presence("asleep")
        self.sleep(False)
        probe.expect_presence("active")
        probe.expect_log("no session found, following sleep only")
        self.finish(probe)


class GnomeTest(IdleTestCase):
    def watches(self, monitor):
        return {int(k): str(v) for k, v in monitor.ListWatches(dbus_interface="org.move.Test").items()}

    def active_watch(self, monitor):
        found = []

        def there():
            found[:] = [k for k, v in self.watches(monitor).items() if v == "active"]
            return found
        _wait_until(there, "a user-active watch")
        self.assertEqual(len(found), 1)
        return found[0]

    def fire(self, monitor, watch):
        monitor.Fire(dbus.UInt32(watch), dbus_interface="org.move.Test")

    def test_watches(self):
        w = self.world
        monitor = w.start_mutter()
        probe = w.probe(5, "gnome")
        probe.expect_source("gnome")
        self.assertEqual(self.watches(monitor), {1: "idle 5000"})
        self.assertSleeps(probe)

        self.fire(monitor, 1)
        self.assertAbout(probe.expect_presence("idle"), time.time() - 5)
        back = self.active_watch(monitor)
        self.fire(monitor, 99)  # someone else's watch
        probe.expect_quiet(0.3)
        self.fire(monitor, back)
        self.assertAbout(probe.expect_presence("active"), time.time())

        self.fire(monitor, 1)
        probe.expect_presence("idle")
        back = self.active_watch(monitor)
        self.assertSleeps(probe)
        self.finish(probe)
        # Both watches, the idle one and the pending active one, removed.
        self.assertEqual(self.watches(monitor), {})

    def test_shell_restart(self):
        w = self.world
        monitor = w.start_mutter()
        probe = w.probe(5, "gnome")
        probe.expect_source("gnome")
        self.fire(monitor, 1)
        probe.expect_presence("idle")
        self.active_watch(monitor)
        stop(w.mutter)  # the shell's watches go with it
        probe.expect_presence("active")
        probe.expect_log("the IdleMonitor left the session bus")
        monitor = w.start_mutter()
        _wait_until(lambda: self.watches(monitor) == {1: "idle 5000"}, "the idle watch registered again")
        self.fire(monitor, 1)
        probe.expect_presence("idle")
        self.active_watch(monitor)
        self.finish(probe)
        self.assertEqual(self.watches(monitor), {})

    def test_idle_at_start(self):
        w = self.world
        monitor = w.start_mutter(idletime=600_000)
        probe = w.probe(60, "gnome")
        probe.expect_source("gnome")
        self.assertAbout(probe.expect_presence("idle"), time.time() - 600)
        self.fire(monitor, self.active_watch(monitor))
        probe.expect_presence("active")
        self.finish(probe)


class ChoiceTest(IdleTestCase):
    def test_order_wayland_gnome_x11_logind_none(self):
        w = self.world
        w.start_xvfb()
        w.start_compositor()
        w.start_mutter()
        w.start_logind()
        w.add_session("c1")
        w.session_id = "c1"
        self.assertEqual(w.choice()[0], "wayland")
        self.assertEqual(w.choice(WAYLAND_DISPLAY=None)[0], "gnome")
        stop(w.mutter)
        self.assertEqual(w.choice(WAYLAND_DISPLAY=None)[0], "x11")
        self.assertEqual(w.choice(WAYLAND_DISPLAY=None, DISPLAY=None)[0], "logind")
        stop(w.logind)
        source, log = w.choice(WAYLAND_DISPLAY=None, DISPLAY=None)
        self.assertEqual(source, "none")
        for why in ("idle source wayland not available: WAYLAND_DISPLAY is not set",
                    "idle source gnome not available: GetIdletime:",
                    "idle source x11 not available: DISPLAY is not set",
                    "idle source logind not available: Get:",
                    "no idle source: counting wall-clock time"):
            self.assertIn(why, log)

    def test_forced(self):
        w = self.world
        w.start_xvfb()
        w.start_compositor()
        self.assertEqual(w.choice("x11")[0], "x11")
        self.assertEqual(w.choice("none")[0], "none")
        source, log = w.choice("gnome")  # no IdleMonitor: none, not another
        self.assertEqual(source, "none")
        self.assertIn("idle source gnome (MOVE_IDLE_SOURCE) is not available", log)
        source, log = w.choice("xorg")
        self.assertEqual(source, "none")
        self.assertIn("MOVE_IDLE_SOURCE=xorg is not one of", log)

    def test_compositor_without_idle_notify(self):
        w = self.world
        w.start_xvfb()
        w.start_compositor("--no-idle-notifier")
        source, log = w.choice()
        self.assertEqual(source, "x11")
        self.assertIn("idle source wayland not available: the compositor advertises no ext_idle_notifier_v1", log)
        self.assertIn("idle source: x11 (idle after 1m)", log)


if __name__ == "__main__":
    for path, var in ((PROBE, "MOVE_IDLE_PROBE"), (SERVER, "MOVE_IDLE_WAYLAND_SERVER")):
        if not path or not os.access(path, os.X_OK):
            sys.exit(f"{var} must name the built program (got {path!r})")
    unittest.main(verbosity=2)
