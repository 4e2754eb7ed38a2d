# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the real moved and movectl for integration tests.

    with DBusSession() as bus, Moved(bus, PLAN) as d:
        out = d.ctl("status", "--json")        # CompletedProcess, text
        d.wait_for(lambda: ..., "what we wait for")

Each Moved has its own temporary plan, state and runtime folders, so tests
never touch the user's files. Binaries come from $MOVED and $MOVECTL.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from dbus_session import DBusSession

MOVED = os.environ.get("MOVED", "")
MOVECTL = os.environ.get("MOVECTL", "")
TIMEOUT = 10.0


class Moved:
    def __init__(self, bus, plan_text, root=None):
        self.bus = bus
        self.own_root = root is None
        self.root = root or tempfile.mkdtemp(prefix="move-it-")
        self.plan = os.path.join(self.root, "plan.toml")
        self.state = os.path.join(self.root, "state")
        self.socket = os.path.join(self.root, "run", "moved.sock")
        if plan_text is not None:
            with open(self.plan, "w") as f:
                f.write(plan_text)
        self.env = dict(bus.env if bus else os.environ, MOVE_PLAN=self.plan, MOVE_STATE_DIR=self.state,
                        MOVE_SOCKET=self.socket, TZ="UTC", MOVE_IDLE_SOURCE="none",
                        # The user's own do-not-disturb (dconf) must not hold the tests' reminders.
                        GSETTINGS_BACKEND="memory")
        self.env.pop("DISPLAY", None)  # nor a full-screen window of theirs
        self.proc = None
        self.log_path = os.path.join(self.root, "moved.log")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def start(self, *args, wait=True):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([MOVED, "--verbose", *args], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        if wait:
            self.wait_for(lambda: self.ctl("--json", "status").returncode == 0, "moved answering")
        return self.proc

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()
        return self.proc.returncode if self.proc else None

    def ctl(self, *args):
        return subprocess.run([MOVECTL, *args], env=self.env, capture_output=True, text=True, timeout=TIMEOUT)

    def ctl_json(self, *args):
        r = self.ctl("--json", *args)
        return json.loads(r.stdout)

    def history(self, routine=None):
        r = self.ctl("history", *([routine] if routine else []), "--format", "json")
        return json.loads(r.stdout)

    def raw(self):
        """A plain socket connection to moved, for what movectl would not send."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(TIMEOUT)
        s.connect(self.socket)
        return s

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()

    @staticmethod
    def wait_for(predicate, what, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")


def read_reply(sock):
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return json.loads(data) if data else None


class BusTestCase(unittest.TestCase):
    """Tests sharing one private session bus with a mock notification
    server (self.bus); each test starts with no recorded calls."""

    @classmethod
    def setUpClass(cls):
        cls.bus = DBusSession()
        cls.bus.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.bus.__exit__(None, None, None)

    def setUp(self):
        self.bus.clear_calls()
