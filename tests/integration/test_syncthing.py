#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A history shared through Syncthing, end to end: two real moved (two
state folders, sockets, buses and sync folders) and two real Syncthing
instances (Debian's syncthing) on 127.0.0.1 only, configured here: the
folder shared between the two devices, no global or local discovery, no
relays, no NAT traversal, no usage reporting, no upgrades; a short
fsWatcher delay. A done on host A shows in host B's status and report; a
restart of either records nothing twice; both reports are the same.

Binaries: $MOVED and $MOVECTL (CTest sets them); syncthing on PATH
(scripts/install-deps --test). About 6 s.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import Moved  # noqa: E402

SYNCTHING = shutil.which("syncthing")
SYNC_TIMEOUT = 30.0

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

FOLDER_ID = "move-history"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Syncthing:
    """One Syncthing device with its own home, listening on 127.0.0.1 only."""

    def __init__(self, root, name):
        self.home = os.path.join(root, "syncthing")
        self.folder = os.path.join(root, "Sync")
        self.port = free_port()
        self.gui_port = free_port()
        self.log_path = os.path.join(root, "syncthing.log")
        self.env = dict(os.environ, STNOUPGRADE="1", HOME=root, STNODEFAULTFOLDER="1")
        subprocess.run([SYNCTHING, "generate", f"--home={self.home}", "--no-default-folder"], env=self.env,
                       capture_output=True, check=True, timeout=30)
        self.device_id = subprocess.run([SYNCTHING, "--device-id", f"--home={self.home}"], env=self.env,
                                        capture_output=True, text=True, check=True, timeout=30).stdout.strip()
        os.makedirs(os.path.join(self.folder, ".stfolder"))
        self.name = name
        self.proc = None

    def configure(self, peer):
        path = os.path.join(self.home, "config.xml")
        tree = ET.parse(path)
        cfg = tree.getroot()
        opts = cfg.find("options")
        for l in opts.findall("listenAddress"):
            opts.remove(l)
        ET.SubElement(opts, "listenAddress").text = f"tcp://127.0.0.1:{self.port}"
        for key, value in {"globalAnnounceEnabled": "false", "localAnnounceEnabled": "false",
                           "relaysEnabled": "false", "natEnabled": "false", "crashReportingEnabled": "false",
                           "startBrowser": "false", "urAccepted": "-1", "autoUpgradeIntervalH": "0",
                           "reconnectionIntervalS": "1", "announceLANAddresses": "false"}.items():
            el = opts.find(key)
            if el is None:
                el = ET.SubElement(opts, key)
            el.text = value
        cfg.find("gui").find("address").text = f"127.0.0.1:{self.gui_port}"
        self.api_key = cfg.find("gui").find("apikey").text
        for dev in cfg.findall("device"):
            dev.find("address").text = f"tcp://127.0.0.1:{self.port}"
        other = ET.SubElement(cfg, "device", id=peer.device_id, name=peer.name, compression="metadata",
                              introducer="false", skipIntroductionRemovals="false", introducedBy="")
        ET.SubElement(other, "address").text = f"tcp://127.0.0.1:{peer.port}"
        ET.SubElement(other, "paused").text = "false"
        ET.SubElement(other, "autoAcceptFolders").text = "false"
        folder = ET.SubElement(cfg, "folder", id=FOLDER_ID, label="move", path=self.folder, type="sendreceive",
                               rescanIntervalS="60", fsWatcherEnabled="true", fsWatcherDelayS="1",
                               ignorePerms="false", autoNormalize="true")
        ET.SubElement(folder, "filesystemType").text = "basic"
        for dev_id in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=dev_id, introducedBy="")
        ET.SubElement(folder, "markerName").text = ".stfolder"
        tree.write(path)

    def start(self):
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen([SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
                                      "--logflags=0"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_listening(self, timeout=30.0):
        """Until its sync port takes connections: a peer that dials a port not listening yet
        backs off for longer than this test may wait."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError(f"syncthing did not listen on 127.0.0.1:{self.port}:\n{self.log_text()}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()

    def log_text(self):
        with open(self.log_path) as f:
            return f.read()


class Computer:
    def __init__(self, test, name):
        self.root = tempfile.mkdtemp(prefix=f"move-st-{name}-")
        test.addCleanup(shutil.rmtree, self.root, True)
        self.syncthing = Syncthing(self.root, name)
        test.addCleanup(self.syncthing.stop)
        self.bus = DBusSession()
        self.bus.__enter__()
        test.addCleanup(self.bus.__exit__, None, None, None)
        self.moved = Moved(self.bus, PLAN, root=self.root)
        self.moved.env["MOVE_SYNC_DIR"] = self.syncthing.folder
        test.addCleanup(self.moved.stop)

    def ctl_json(self, *args):
        r = self.moved.ctl("--json", *args)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        return json.loads(r.stdout)

    def dones(self):
        return [e for e in self.moved.history() if e["kind"] == "done"]

    def report(self):
        """What the report says was done and felt, without the instants that move with now (the
        prescribed counts start at each computer's first sight of a routine, which is its own)."""
        r = self.moved.ctl("--json", "report")
        assert r.returncode == 0, r.stderr
        report = json.loads(r.stdout)
        return ([(w["monday"], w["pain_avg"], w["pain_count"]) for w in report["weeks"]],
                [(r["id"], [(w["monday"], w["done"], w["minutes"], [s["note"] for s in w["skips"]], w["days"])
                            for w in r["weeks"]]) for r in report["routines"]])


def wait_for(predicate, what, timeout=SYNC_TIMEOUT, *computers):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    seen = ""
    for c in computers:
        seen += (f"\n-- {c.root}: {sorted(os.listdir(c.syncthing.folder))}\n"
                 f"sync: {c.ctl_json('status')['sync']}\nmoved log:\n{c.moved.log_text()[-3000:]}"
                 f"\nsyncthing log:\n{c.syncthing.log_text()[-2000:]}")
    raise AssertionError(f"timed out waiting for {what}{seen}")


class SyncthingTest(unittest.TestCase):
    def test_two_computers_through_syncthing(self):
        # Not skipped: CI must run it. scripts/install-deps --test installs it.
        self.assertTrue(SYNCTHING, "syncthing is not installed (scripts/install-deps --test)")
        a = Computer(self, "home")
        b = Computer(self, "work")
        a.syncthing.configure(b.syncthing)
        b.syncthing.configure(a.syncthing)
        a.syncthing.start()
        a.syncthing.wait_listening()
        b.syncthing.start()  # it dials A, which listens
        b.syncthing.wait_listening()
        a.moved.start()
        b.moved.start()
        a_id = a.ctl_json("status")["sync"]["host"]["id"]
        b_id = b.ctl_json("status")["sync"]["host"]["id"]

        a.ctl_json("done", "walk", "--minutes", "45", "--note", "river")
        started = time.monotonic()
        wait_for(lambda: len(b.dones()) >= 1, "A's done in B's history", SYNC_TIMEOUT, a, b)
        took = time.monotonic() - started
        self.assertEqual(len(b.dones()), 1)
        done = b.dones()[0]
        self.assertEqual((done["routine"], done["minutes"], done["note"]), ("walk", 45, "river"))
        self.assertIsNotNone(done["host"])
        status = b.ctl_json("status")
        walk = [r for r in status["routines"] if r["id"] == "walk"][0]
        self.assertEqual((walk["done_7d"], walk["minutes_7d"]), (1, 45))
        self.assertEqual([h["id"] for h in status["sync"]["hosts"]], [a_id])
        self.assertIsNotNone(status["sync"]["hosts"][0]["last_wrote"])
        walk_weeks = dict(b.report()[1])["walk"]
        self.assertEqual(sum(w[1] for w in walk_weeks), 1)
        self.assertEqual(sum(w[2] for w in walk_weeks), 45)

        b.ctl_json("done", "core", "--minutes", "20")
        wait_for(lambda: len(a.dones()) >= 2, "B's done in A's history", SYNC_TIMEOUT, a, b)
        self.assertEqual(len(a.dones()), 2)
        wait_for(lambda: a.report() == b.report(), "the same report on both")

        # Restarts of either: nothing recorded twice, nothing written twice.
        b.moved.stop()
        b.moved.start()
        a.moved.stop()
        a.moved.start()
        a.ctl_json("pain", "3")
        wait_for(lambda: len([e for e in b.moved.history() if e["kind"] == "pain"]) == 1, "A's pain on B",
                 SYNC_TIMEOUT, a, b)
        time.sleep(1.0)
        self.assertEqual(len(a.dones()), 2)
        self.assertEqual(len(b.dones()), 2)
        # Each journal: its own events once, in seq order (the prescriptions each runs first).
        for c, host, kinds in ((a, a_id, ["done", "pain"]), (b, b_id, ["done"])):
            with open(os.path.join(c.syncthing.folder, host + ".jsonl")) as f:
                lines = [json.loads(line) for line in f]
            self.assertEqual([line["seq"] for line in lines], list(range(1, len(lines) + 1)))
            self.assertEqual([line["kind"] for line in lines if line["kind"] != "prescription"], kinds)
        self.assertEqual(a.report(), b.report())
        # Syncthing talked over loopback only.
        for s in (a.syncthing, b.syncthing):
            self.assertNotRegex(s.log_text(), r"tcp://(?!127\.0\.0\.1)[0-9]+\.")
        print(f"\nA's done reached B's history in {took:.1f} s (Syncthing included)", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
