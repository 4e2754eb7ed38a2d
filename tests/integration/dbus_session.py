# SPDX-License-Identifier: GPL-3.0-or-later
"""A private D-Bus session bus with a mock notification server, for tests.

Run with /usr/bin/python3 (needs Debian's python3-dbusmock, which brings
python3-dbus). The bus has no service directories, so nothing is
D-Bus-activated on it: "no server" really means none.

    from dbus_session import DBusSession

    with DBusSession() as bus:                    # bus + server "body actions"
        proc = subprocess.Popen([...], env=bus.env)
        call = bus.wait_for_notify()[-1]           # the last Notify call
        assert call["summary"] == "Brisk walk"
        assert call["actions"] == ["done", "snooze", "skip"]
        bus.emit_action(call["id"], "done")
        bus.stop_server()                          # shows now fail
        bus.start_server("body")                   # a server without buttons

DBusSession(capabilities=None) starts the bus only; start_server() later.

A Notify call is a dict:
    id            the id the mock answered (it hands out 1, 2, ... and answers
                  a non-zero replaces_id with that id)
    app_name, replaces_id, app_icon, summary, body, expire_timeout
    actions       action keys in the order sent, e.g. ["done", "snooze", "skip"]
    action_labels {key: label}
    hints         {name: plain Python value}, e.g. {"urgency": 1, ...}
The mock records calls per process: a restarted server starts a new list and
counts ids from 1 again.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time

import dbus

from procs import stop

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"
MOCK_IFACE = "org.freedesktop.DBus.Mock"

_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def _plain(value):
    """dbus-python values as plain Python ones."""
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class DBusSession:
    """A private session bus, optionally with a mock notification server.

    Use as a context manager; everything started is stopped at exit.
    """

    def __init__(self, capabilities="body actions", timeout=10.0):
        """capabilities: the server's, space-separated, or None for no server."""
        self._first_caps = capabilities
        self.timeout = timeout
        self.capabilities = None  # of the running server; None when stopped
        self.address = None
        self._dir = None
        self._bus = None
        self._server = None
        self._server_log = None
        self._conn = None
        self._ids_before_clear = 0  # ids the running server handed out before clear_calls

    # -- lifetime ---------------------------------------------------------

    def __enter__(self):
        try:
            self.start_bus()
            if self._first_caps is not None:
                self.start_server(self._first_caps)
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    @property
    def env(self):
        """os.environ with DBUS_SESSION_BUS_ADDRESS pointing at this bus."""
        env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=self.address)
        env.pop("DBUS_STARTER_ADDRESS", None)
        env.pop("DBUS_STARTER_BUS_TYPE", None)
        return env

    def start_bus(self):
        self._dir = tempfile.mkdtemp(prefix="move-bus-")
        config = os.path.join(self._dir, "bus.conf")
        with open(config, "w") as f:
            f.write(_BUS_CONFIG.format(dir=self._dir))
        with open(os.path.join(self._dir, "bus.log"), "w") as log:
            self._bus = subprocess.Popen(
                ["dbus-daemon", "--config-file=" + config, "--nofork", "--print-address=1"],
                stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=log, text=True)
        self.address = self._bus.stdout.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not print its address")
        self._conn = dbus.bus.BusConnection(self.address)

    def close(self):
        """Stops the server and the bus; removes the temporary folder."""
        if self._server:
            self.stop_server()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._bus:
            stop(self._bus)
            self._bus.stdout.close()
            self._bus = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    # -- the notification server ------------------------------------------

    @property
    def server_running(self):
        return self._server is not None

    @property
    def server_owner(self):
        """The unique bus name (":1.N") of the running server."""
        return str(self._conn.get_name_owner(NAME))

    def start_server(self, capabilities="body actions"):
        """Starts dbusmock's notification_daemon; returns when it owns the name."""
        if self._server:
            raise RuntimeError("the notification server is already running")
        self._ids_before_clear = 0
        self._server_log = open(os.path.join(self._dir, "server.log"), "w+")
        self._server = subprocess.Popen(
            ["/usr/bin/python3", "-m", "dbusmock", "--template", "notification_daemon",
             "-p", json.dumps({"capabilities": capabilities})],
            env=self.env, stdin=subprocess.DEVNULL, stdout=self._server_log,
            stderr=subprocess.STDOUT)
        self.capabilities = capabilities
        self._wait_until(lambda: self._has_owner() or self._server.poll() is not None)
        if self._server.poll() is not None:
            self._server_log.seek(0)
            log = self._server_log.read()
            self._server_log.close()
            self._server = None
            raise RuntimeError("the mock notification server failed:\n" + log)

    def stop_server(self):
        """Stops the server; returns when its name has left the bus."""
        if not self._server:
            return
        stop(self._server)
        self._server = None
        self._server_log.close()
        self.capabilities = None
        self._wait_until(lambda: not self._has_owner())

    def restart_server(self, capabilities=None):
        """Stops and starts the server, with the same capabilities by default."""
        caps = capabilities if capabilities is not None else self.capabilities
        self.stop_server()
        self.start_server(caps if caps is not None else "body actions")

    # -- what the server saw ----------------------------------------------

    def method_calls(self, method):
        """[(timestamp, [args...])] of the server's recorded calls of method."""
        calls = self._mock().GetMethodCalls(method, dbus_interface=MOCK_IFACE)
        return [(int(t), _plain(list(args))) for t, args in calls]

    def notify_calls(self):
        """The recorded Notify calls, oldest first, as dicts (see the module doc)."""
        result, next_id = [], self._ids_before_clear + 1
        for _, args in self.method_calls("Notify"):
            app_name, replaces_id, app_icon, summary, body, actions, hints, expire = args
            if replaces_id:
                nid = replaces_id
            else:
                nid, next_id = next_id, next_id + 1
            result.append({
                "id": nid, "app_name": app_name, "replaces_id": replaces_id,
                "app_icon": app_icon, "summary": summary, "body": body,
                "actions": actions[0::2], "action_labels": dict(zip(actions[0::2], actions[1::2])),
                "hints": hints, "expire_timeout": expire,
            })
        return result

    def wait_for_notify(self, count=1, timeout=None):
        """Waits until at least count Notify calls are recorded; returns them all."""
        calls = []

        def enough():
            calls[:] = self.notify_calls()
            return len(calls) >= count

        if not self._wait_until(enough, timeout, fail=False):
            raise AssertionError(f"expected {count} Notify calls, got {len(calls)}: {calls}")
        return calls

    def clear_calls(self):
        """Forgets the recorded calls; the ids of later calls stay right."""
        issued = [c for c in self.notify_calls() if not c["replaces_id"]]
        self._ids_before_clear = issued[-1]["id"] if issued else self._ids_before_clear
        self._mock().ClearCalls(dbus_interface=MOCK_IFACE)

    # -- what the user does -------------------------------------------------

    def emit_action(self, notification_id, key):
        """The user pressed the button key of notification notification_id."""
        self._emit("ActionInvoked", "us", [dbus.UInt32(notification_id), dbus.String(key)])

    def emit_closed(self, notification_id, reason=2):
        """The notification closed (reason 1 expired, 2 dismissed, 3 closed by call)."""
        self._emit("NotificationClosed", "uu", [dbus.UInt32(notification_id), dbus.UInt32(reason)])

    # -- internals ----------------------------------------------------------

    def _emit(self, signal_name, signature, args):
        self._mock().EmitSignal(IFACE, signal_name, signature, args,
                                signature="sssav", dbus_interface=MOCK_IFACE)

    def _mock(self):
        if not self._server:
            raise RuntimeError("no notification server is running")
        return self._conn.get_object(NAME, PATH, introspect=False)

    def _has_owner(self):
        return bool(self._conn.name_has_owner(NAME))

    def _wait_until(self, predicate, timeout=None, fail=True):
        deadline = time.monotonic() + (timeout or self.timeout)
        while not predicate():
            if time.monotonic() > deadline:
                if fail:
                    raise TimeoutError("timed out waiting on the private bus")
                return False
            time.sleep(0.02)
        return True


