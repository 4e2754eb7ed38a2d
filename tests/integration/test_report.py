#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""`movectl report`: the real moved and movectl over a private bus with a
real SQLite history; the HTML page rendered by headless Chromium (Debian's
`chromium`, which .ci/run installs: without it this test fails, it does not
skip).

Binaries: $MOVED and $MOVECTL (CTest sets them).
"""

import datetime
import html.parser
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dbus_session import DBusSession  # noqa: E402
from moved_harness import Moved, read_reply  # noqa: E402

PLAN = """
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"
window = "07:00-20:00"

[[routine]]
id = "core"
title = "Core & back <exercises>"
times_per_week = 3
duration = "15m"
window = "17:00-21:00"
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def chromium():
    path = shutil.which("chromium")
    if not path:
        raise AssertionError("chromium is missing: scripts/install-deps installs it (Debian package chromium)")
    return path


class Page(html.parser.HTMLParser):
    """What the test looks at in the DOM Chromium dumps."""

    def __init__(self):
        super().__init__()
        self.h2 = []
        self.svgs = 0
        self.week_rows = []      # data-monday of each <tr class="week">
        self.pain_cells = []     # text of each <td class="pain">
        self.scripts = 0
        self._open = []          # (tag, [text]) being collected

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs += 1
        if tag == "script":
            self.scripts += 1
        if tag == "tr" and "week" in (a.get("class") or "").split():
            self.week_rows.append(a.get("data-monday"))
        if tag == "h2" or (tag == "td" and a.get("class") == "pain"):
            self._open.append((tag, []))
        elif self._open:
            self._open.append((tag, None))

    def handle_endtag(self, tag):
        if not self._open:
            return
        t, text = self._open.pop()
        if text is None:
            return
        joined = "".join(text).strip()
        (self.h2 if t == "h2" else self.pain_cells).append(joined)

    def handle_data(self, data):
        for _, text in reversed(self._open):
            if text is not None:
                text.append(data)
                break


def decode_png(path):
    """(width, height, channels, rows) of an 8-bit, non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or interlace != 0:
        raise AssertionError(f"unexpected PNG format {ihdr}")
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype, row = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif ftype == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prev))
        elif ftype == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(row)
        prev = row
    return width, height, channels, rows


class ReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="move-report-")
        cls.bus = DBusSession()
        cls.bus.__enter__()
        cls.moved = Moved(cls.bus, PLAN)
        cls.moved.__enter__()
        d = cls.moved
        # Three weeks of backfilled sessions (moved runs in UTC), a skip and
        # pain ratings now.
        now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
        # ISO weeks from the programme's first event (20 days ago) to now.
        cls.first_monday = (now - datetime.timedelta(days=20)).date()
        cls.first_monday -= datetime.timedelta(days=cls.first_monday.weekday())
        cls.current_monday = now.date() - datetime.timedelta(days=now.weekday())
        cls.span = (cls.current_monday - cls.first_monday).days // 7 + 1
        for days_ago, minutes in [(20, 40), (18, 35), (16, 50), (13, 30), (9, 45), (6, 60), (2, 30)]:
            at = (now - datetime.timedelta(days=days_ago)).strftime("%Y-%m-%d %H:%M")
            cls.check(d.ctl("done", "walk", "--at", at, "--minutes", str(minutes)))
        for days_ago in (19, 17, 12, 5):
            at = (now - datetime.timedelta(days=days_ago)).strftime("%Y-%m-%d %H:%M")
            cls.check(d.ctl("done", "core", "--at", at))
        cls.check(d.ctl("skip", "walk", "--note", "knee hurt <after> the bus & rain"))
        cls.check(d.ctl("pain", "4", "--note", "stiff in the morning"))
        cls.check(d.ctl("pain", "3"))

        cls.html = os.path.join(cls.tmp, "out.html")
        cls.report_run = d.ctl("report", "--html", cls.html)

    @classmethod
    def tearDownClass(cls):
        cls.moved.__exit__(None, None, None)
        cls.bus.__exit__(None, None, None)
        if os.environ.get("MOVE_KEEP_REPORT"):
            print("report kept in", cls.tmp, file=sys.stderr)
        else:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def check(run):
        if run.returncode != 0:
            raise AssertionError(f"{run.args} failed ({run.returncode}): {run.stderr}")
        return run

    def chromium(self, *args):
        profile = tempfile.mkdtemp(prefix="chromium-", dir=self.tmp)
        return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)

    def test_json_reply(self):
        r = self.moved.ctl_json("report", "--weeks", "3")
        self.assertTrue(r["ok"])
        # The programme's first week is kept when the current one would push it out.
        self.assertEqual(len(r["weeks"]), 4 if self.span == 4 else 3)
        self.assertEqual([x["id"] for x in r["routines"]], ["walk", "core"])
        walk = r["routines"][0]
        self.assertEqual(walk["target_minutes_week"], {"min": 105, "max": 210})
        this_week = walk["weeks"][-1]
        self.assertEqual(this_week["skips"][-1]["note"], "knee hurt <after> the bus & rain")
        self.assertEqual(sum(this_week["days"]), this_week["done"])
        self.assertEqual(r["weeks"][-1]["pain_avg"], 3.5)
        self.assertEqual(r["weeks"][-1]["pain_count"], 2)
        total = sum(w["done"] for w in self.moved.ctl_json("report", "--weeks", "5")["routines"][0]["weeks"])
        self.assertEqual(total, 7)

    def test_range_since_until_and_the_default(self):
        # Default: since the first event.
        r = self.moved.ctl_json("report")
        self.assertEqual(len(r["weeks"]), self.span)
        self.assertEqual(r["weeks"][0]["monday"], self.first_monday.isoformat())
        # --since/--until: whole ISO weeks, made as of the end of the until day.
        last_sunday = self.current_monday - datetime.timedelta(days=1)
        r = self.moved.ctl_json("report", "--since", self.first_monday.isoformat(), "--until",
                                last_sunday.isoformat(), "--name", "A. Patient")
        self.assertTrue(r["ok"], r)
        self.assertEqual(len(r["weeks"]), self.span - 1)
        self.assertEqual(r["weeks"][-1]["monday"], (self.current_monday - datetime.timedelta(days=7)).isoformat())
        self.assertEqual(r["to"][:19], last_sunday.isoformat() + "T23:59:59")  # the Sunday's last second
        self.assertEqual(r["name"], "A. Patient")
        self.assertIn("for A. Patient", self.check(self.moved.ctl("report", "--name", "A. Patient")).stdout)
        # Reversed, or --until without --since: refused.
        bad = self.moved.ctl("report", "--since", last_sunday.isoformat(), "--until", self.first_monday.isoformat())
        self.assertEqual(bad.returncode, 1)
        self.assertIn("is not after", bad.stderr)
        self.assertEqual(self.moved.ctl("report", "--until", "yesterday").returncode, 2)
        self.assertEqual(self.moved.ctl("report", "--since", "someday").returncode, 2)

    def test_pdf_is_a4_has_the_summary_and_page_one_is_not_blank(self):
        pdf = os.path.join(self.tmp, "report.pdf")
        run = self.check(self.moved.ctl("report", "--weeks", "8", "--name", "A. Patient", "--pdf", pdf))
        self.assertIn("report written to " + pdf, run.stdout)
        self.assertEqual(stat.S_IMODE(os.stat(pdf).st_mode), 0o600)  # health data
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
        self.assertRegex(info, r"Page size:\s+595 x 842 pts \(A4\)")
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        self.assertTrue(2 <= pages <= 3, info)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
        page_one = text.split("\f")[0]
        self.assertIn("Activity report — A. Patient", page_one)
        self.assertRegex(page_one, r"Brisk walk: 7 of \d+(\.5)? sessions")
        self.assertIn("Weekly minutes of activity and weekly pain", page_one)
        self.assertIn("knee hurt <after> the bus &", text)  # a note wraps in its column
        # Page one rendered: not blank (dark pixels of text, bars and the line).
        gray = subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-gray", pdf],
                              capture_output=True, check=True).stdout
        magic, width, height, maxval, pixels = gray.split(maxsplit=4)
        self.assertEqual(magic, b"P5")
        self.assertEqual(len(pixels), int(width) * int(height))
        dark = sum(1 for v in pixels if v < 128)
        self.assertGreater(dark / len(pixels), 0.01)
        # Both at once, and a folder that cannot be written: exit 2, nothing half-written.
        html = os.path.join(self.tmp, "both.html")
        self.check(self.moved.ctl("report", "--html", html, "--pdf", pdf))
        self.assertTrue(os.path.getsize(html) > 0)
        out = subprocess.run([os.environ["MOVECTL"], "report", "--pdf", "-"], env=self.moved.env, capture_output=True,
                             timeout=30)
        self.assertEqual(out.returncode, 0)
        self.assertTrue(out.stdout.startswith(b"%PDF-"))
        bad = self.moved.ctl("report", "--pdf", os.path.join(self.tmp, "missing", "r.pdf"))
        self.assertEqual(bad.returncode, 2)

    def test_weeks_out_of_range_are_refused(self):
        s = self.moved.raw()
        try:
            s.sendall(b'{"cmd":"report","weeks":0}\n')
            reply = read_reply(s)
        finally:
            s.close()
        self.assertEqual(reply["ok"], False)
        self.assertEqual(reply["code"], "bad-request")
        self.assertEqual(self.moved.ctl("report", "--weeks", "105").returncode, 2)

    def test_terminal_text_has_no_colour_off_a_tty(self):
        run = self.check(self.moved.ctl("report"))
        self.assertNotIn("\x1b", run.stdout)
        self.assertIn("Brisk walk (walk)", run.stdout)
        self.assertIn("Core & back <exercises> (core)", run.stdout)
        self.assertIn("skipped", run.stdout)
        self.assertIn("knee hurt <after> the bus & rain", run.stdout)
        self.assertIn("3.5 (2 ratings)", run.stdout)

    def test_html_is_self_contained(self):
        self.check(self.report_run)
        self.assertIn("report written to", self.report_run.stdout)
        with open(self.html, encoding="utf-8") as f:
            page = f.read()
        for fetch in ("<script", "src=", "href=", "url(", "@import", "<link"):
            self.assertNotIn(fetch, page)
        self.assertIn("knee hurt &lt;after&gt; the bus &amp; rain", page)
        self.assertIn("@media print", page)

    def test_chromium_renders_the_tables_charts_and_pain_row(self):
        self.check(self.report_run)
        run = self.chromium("--dump-dom", "file://" + self.html)
        self.assertEqual(run.returncode, 0, run.stderr)
        page = Page()
        page.feed(run.stdout)
        self.assertIn("Brisk walk", page.h2)
        self.assertIn("Core & back <exercises>", page.h2)
        self.assertEqual(page.svgs, 3)  # page one's chart, then one per routine
        self.assertEqual(page.scripts, 0)
        # Four weeks (the default): one row each in the overview and per routine.
        self.assertEqual(len(page.week_rows), 4 * 3)
        self.assertEqual(len(set(page.week_rows)), 4)
        self.assertEqual(len(page.pain_cells), 4)
        self.assertTrue(page.pain_cells[-1].startswith("3.5"), page.pain_cells)
        self.assertEqual(page.pain_cells[0], "no rating")

    def test_chromium_screenshot_is_not_blank(self):
        self.check(self.report_run)
        png = os.path.join(self.tmp, "report.png")
        run = self.chromium(f"--screenshot={png}", "--window-size=900,1300", "file://" + self.html)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue(os.path.exists(png), run.stderr)
        width, height, channels, rows = decode_png(png)
        self.assertEqual((width, height), (900, 1300))
        # Ink on a white page: a fair share of the pixels, several colours.
        white = bytes([255]) * channels
        inked = sum(1 for row in rows for x in range(0, len(row), channels) if row[x:x + channels] != white)
        colours = {bytes(row[x:x + 3]) for row in rows[::4] for x in range(0, len(row), channels * 4)}
        self.assertGreater(inked, width * height // 50, "the screenshot is (nearly) blank")
        self.assertGreater(len(colours), 8, "the screenshot has almost no colours")
        # The chart's blue bars are there.
        self.assertTrue(any(abs(c[0] - 0x1f) < 12 and abs(c[1] - 0x4e) < 12 and abs(c[2] - 0x8c) < 12
                            for c in colours), "no bar colour in the screenshot")


PLAN4 = """
[[routine]]
id = "walk"
title = "Brisk walk"
every = "2d"
duration = "30-60m"

[[routine]]
id = "core"
title = "Core and back exercises"
times_per_week = 3
duration = "15m"

[[routine]]
id = "pilates"
title = "Pilates class"
times_per_week = 1
duration = "45m"

[[routine]]
id = "stretch"
title = "Morning stretches"
every = "1d"
duration = "10m"
"""


def words(pdf):
    """(page, xmin, ymin, xmax, ymax, word) of every word pdftotext finds, and the page sizes."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages, found = [], []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" '
                         r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        if m.group(1):
            pages.append((float(m.group(1)), float(m.group(2))))
        else:
            found.append((len(pages) - 1, *(float(m.group(i)) for i in range(3, 7)), m.group(7)))
    return pages, found


def overlaps(found, slack=0.6):
    """Pairs of words whose boxes overlap by more than slack points each way."""
    bad = []
    by_page = {}
    for w in found:
        by_page.setdefault(w[0], []).append(w)
    for ws in by_page.values():
        ws.sort(key=lambda w: w[2])
        for i, a in enumerate(ws):
            for b in ws[i + 1:]:
                if b[2] >= a[4] - slack:
                    break
                if min(a[3], b[3]) - max(a[1], b[1]) > slack and min(a[4], b[4]) - max(a[2], b[2]) > slack:
                    bad.append((a, b))
    return bad


class EightWeeksPagesTest(unittest.TestCase):
    """Eight weeks of four routines: the HTML printed by Chromium and the PDF
    each take at most 3 A4 pages, page one is the check-up, and no word runs
    off a page or over another."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="move-pages-")
        cls.bus = DBusSession()
        cls.bus.__enter__()
        cls.moved = Moved(cls.bus, PLAN4)
        cls.moved.__enter__()
        d = cls.moved
        now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
        start = now - datetime.timedelta(days=now.weekday() + 49)  # Monday, 7 weeks before this one
        days = (now - start).days
        for day in range(days):
            at = start + datetime.timedelta(days=day, hours=9)
            if at >= now:
                break
            stamp = at.strftime("%Y-%m-%d %H:%M")
            runs = [("stretch",), ("walk",)] if day % 2 == 0 else [("stretch",)]
            if day % 7 in (1, 3, 5):
                runs.append(("core",))
            if day % 7 == 3:
                runs.append(("pilates",))
            for (rid,) in runs:
                ReportTest.check(d.ctl("done", rid, "--at", stamp))
            if day % 3 == 0:
                ReportTest.check(d.ctl("pain", str(max(1, 6 - day // 10)), "--at", stamp))
        ReportTest.check(d.ctl("skip", "walk", "--at", (start + datetime.timedelta(days=9, hours=17)).strftime(
            "%Y-%m-%d %H:%M"), "--reason", "weather", "--note", "a storm all afternoon, the park was closed"))
        ReportTest.check(d.ctl("flare", "--limiting", "--at", (start + datetime.timedelta(days=16)).strftime(
            "%Y-%m-%d %H:%M"), "--note", "lifting boxes"))
        ReportTest.check(d.ctl("score", "rmdq", "11", "--at", (start + datetime.timedelta(hours=10)).strftime(
            "%Y-%m-%d %H:%M")))
        ReportTest.check(d.ctl("score", "rmdq", "8", "--at", "1h ago"))
        cls.html = os.path.join(cls.tmp, "r.html")
        cls.pdf = os.path.join(cls.tmp, "r.pdf")
        ReportTest.check(d.ctl("report", "--weeks", "8", "--name", "A. Patient", "--html", cls.html, "--pdf",
                               cls.pdf))
        profile = tempfile.mkdtemp(prefix="chromium-", dir=cls.tmp)
        cls.printed = os.path.join(cls.tmp, "printed.pdf")
        subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                        f"--print-to-pdf={cls.printed}", "file://" + cls.html],
                       capture_output=True, text=True, timeout=120, check=True)

    @classmethod
    def tearDownClass(cls):
        cls.moved.__exit__(None, None, None)
        cls.bus.__exit__(None, None, None)
        if os.environ.get("MOVE_KEEP_REPORT"):
            print("pages kept in", cls.tmp, file=sys.stderr)
        else:
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def check_pages(self, pdf, first_page_words):
        pages, found = words(pdf)
        self.assertTrue(1 <= len(pages) <= 3, f"{pdf}: {len(pages)} pages")
        for w, h in pages:
            self.assertAlmostEqual(w, 595, delta=1.5)
            self.assertAlmostEqual(h, 842, delta=1.5)
        for page, x0, y0, x1, y1, word in found:
            self.assertTrue(0 <= x0 and x1 <= pages[page][0] and 0 <= y0 and y1 <= pages[page][1],
                            f"{word!r} off page {page + 1}: {x0},{y0} {x1},{y1}")
        bad = overlaps(found)
        self.assertEqual(bad, [], f"{pdf}: words over each other")
        page_one = " ".join(w[5] for w in found if w[0] == 0)
        for text in first_page_words:
            self.assertIn(text, page_one)
        return pages

    def test_html_printed_and_pdf_take_at_most_three_pages(self):
        expected = ["A. Patient", "Summary", "Brisk walk:", "Flares: 1", "RMDQ:", "Weekly minutes of activity"]
        self.check_pages(self.printed, expected)
        self.check_pages(self.pdf, expected)


if __name__ == "__main__":
    unittest.main(verbosity=2)
