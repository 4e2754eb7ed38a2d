// SPDX-License-Identifier: GPL-3.0-or-later
// movectl's views of the daemon's replies: what people and spreadsheets read.

#include "cmd/views.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "cmd/format.h"
#include "cmd/report_html.h"
#include "cmd/report_text.h"
#include "cmd/table.h"
#include "lib/engine.h"
#include "lib/local_time.h"
#include "lib/plan.h"
#include "lib/report.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"

using namespace move;
namespace json = boost::json;

namespace {

// RFC 4180 records: quoted fields may hold commas, quotes and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false, in_row = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += text[++i];
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = in_row = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
      in_row = true;
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
      in_row = false;
    } else {
      field += c;
      in_row = true;
    }
  }
  if (in_row) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

TEST_CASE("history as CSV carries every field of the JSON, for every kind of event", "[views][csv]") {
  json::array events;
  const Instant at = *parse_datetime("2026-12-02T05:31:26+01:00");
  for (EventKind kind : kEventKinds) {
    const int k = static_cast<int>(kind);
    Event e;
    e.kind = kind;
    e.routine = e.kind == EventKind::pain || e.kind == EventKind::paused || e.kind == EventKind::resumed ||
                        e.kind == EventKind::flare || e.kind == EventKind::score
                    ? ""
                    : "walk";
    e.at = at + Seconds{k};
    e.minutes = k % 2 ? std::optional(40 + k) : std::nullopt;
    e.note = k % 3 ? std::optional<std::string>("after a \"long\" drive, then\nrest") : std::nullopt;
    e.value = kind == EventKind::pain ? 2 : kind == EventKind::flare ? kFlareLimiting : 900;
    if (kind == EventKind::skipped) e.reason = "weather";
    if (kind == EventKind::score) e.detail = "rmdq";
    if (kind == EventKind::prescription) e.detail = "[[routine]]\nid = \"walk\"\nevery = \"2d\"\n";
    if (kind == EventKind::done) e.host = "laptop";  // recorded on another computer (lib/sync.h)
    events.push_back(event_json(e));
  }
  json::object reply{{"ok", true}, {"events", events}};
  std::ostringstream out;
  print_history(reply, "csv", out);
  auto rows = parse_csv(out.str());
  REQUIRE(rows.size() == events.size() + 1);
  const std::vector<std::string>& header = rows[0];
  for (std::size_t i = 0; i < events.size(); ++i) {
    const json::object& e = events[i].as_object();
    INFO(out.str());
    INFO("event " << i << ": " << json::serialize(e));
    REQUIRE(rows[i + 1].size() == header.size());
    // Every JSON field is a column holding the same value...
    for (const auto& field : e) {
      auto col = std::find(header.begin(), header.end(), std::string(field.key()));
      REQUIRE(col != header.end());
      CHECK(rows[i + 1][col - header.begin()] == str(field.value()));
    }
    // ...and a column the event has no field for is empty.
    for (std::size_t c = 0; c < header.size(); ++c)
      if (!e.contains(header[c])) CHECK(rows[i + 1][c].empty());
  }
  // The pain level, the lengths of snoozes and pauses, a skip's reason, a
  // flare's kind, a score and a prescription are there.
  CHECK(rows[0] == std::vector<std::string>{"routine", "kind", "at", "minutes", "note", "level", "seconds", "source",
                                            "reason", "limiting", "care", "scale", "score", "prescription", "host"});
  CHECK(rows[1 + static_cast<int>(EventKind::done)][14] == "laptop");
  CHECK(rows[1 + static_cast<int>(EventKind::skipped)][14].empty());
  CHECK(rows[1 + static_cast<int>(EventKind::skipped)][8] == "weather");
  CHECK(rows[1 + static_cast<int>(EventKind::flare)][9] == "true");
  CHECK(rows[1 + static_cast<int>(EventKind::flare)][10] == "false");
  CHECK(rows[1 + static_cast<int>(EventKind::score)][11] == "rmdq");
  CHECK(rows[1 + static_cast<int>(EventKind::score)][12] == "900");
  CHECK(rows[1 + static_cast<int>(EventKind::prescription)][13].starts_with("[[routine]]\nid = \"walk\""));
  auto pain = rows[1 + static_cast<int>(EventKind::pain)];
  CHECK(pain[1] == "pain");
  CHECK(pain[5] == "2");
  CHECK(rows[1 + static_cast<int>(EventKind::snoozed)][6] == "900");
  CHECK(rows[1 + static_cast<int>(EventKind::paused)][6] == "900");
}

TEST_CASE("next --format plain prints a line per reminder; paused says so; waybar has a due class", "[views][next]") {
  test::TzGuard tz("UTC");
  json::array next;
  for (int i = 0; i < 3; ++i)
    next.push_back(json::object{{"id", "r" + std::to_string(i)},
                                {"title", "R"},
                                {"at", "2026-12-02T1" + std::to_string(i) + ":00:00+00:00"},
                                {"in_s", 3600 * (i + 1)}});
  json::object reply{{"ok", true}, {"paused", false}, {"due", json::array{}}, {"next", next}};
  std::ostringstream plain;
  print_next(reply, "plain", plain);
  CHECK(plain.str() == "r0 in 1h\nr1 in 2h\nr2 in 3h\n");

  reply["paused"] = true;
  reply["paused_until"] = "2026-12-02T09:30:00+00:00";
  std::ostringstream paused, table;
  print_next(reply, "plain", paused);
  CHECK(paused.str().rfind("paused until 2026-12-02 09:30\n", 0) == 0);
  print_next(reply, "table", table);
  CHECK(table.str().find("paused until 2026-12-02 09:30") != std::string::npos);

  reply["paused"] = false;
  reply["due"] = json::array{"walk"};
  std::ostringstream waybar;
  print_next(reply, "waybar", waybar);
  json::object w = json::parse(waybar.str()).as_object();
  CHECK(w.at("class") == "due");
  CHECK(w.at("text") == "walk due");
}

TEST_CASE("status shows quiet hours in force and desk time since the last break", "[views][status]") {
  test::TzGuard tz("UTC");
  json::object routine{{"id", "desk-break"},
                       {"state", "waiting"},
                       {"next_due", nullptr},
                       {"last_done", nullptr},
                       {"done_7d", 0},
                       {"expected_7d", 5},
                       {"adherence_7d", 0},
                       {"done_28d", 0},
                       {"expected_28d", 20},
                       {"adherence_28d", 0},
                       {"streak", 0},
                       {"minutes_7d", 0},
                       {"target_minutes_7d", nullptr},
                       {"active_s", 47 * 60 + 30},
                       {"longest_sitting_s", 3000}};
  json::object reply{{"ok", true},
                     {"paused", false},
                     {"paused_until", nullptr},
                     {"quiet_hours", "22:00-07:30"},
                     {"quiet_until", "2026-12-02T07:30:00+00:00"},
                     {"routines", json::array{routine}}};
  std::ostringstream out;
  print_status(reply, out);
  CHECK(out.str().find("desk-break: 47m at the desk since the last break") != std::string::npos);
  CHECK(out.str().find("quiet hours (22:00-07:30) until 2026-12-02 07:30") != std::string::npos);
}

TEST_CASE("numbers never in scientific notation", "[views][numbers]") {
  CHECK(report_format::fraction(8, 14000) == "8 of 14000");
  CHECK(report_format::fraction(3, 3.5) == "3 of 3.5");
  CHECK(report_format::fraction(1, 1.08) == "1 of 1");
  CHECK(report_format::fraction(0, 0.857) == "0 of 1");
  CHECK(number_text(1.4e7) == "14000000");
}

TEST_CASE("table columns line up with wide (CJK) characters", "[views][table]") {
  Table t({"ID", "TITLE", "X"});
  t.add({"walk", "散歩", "1"});
  t.add({"yoga", "Yoga", "2"});
  t.add({"café", "Cafe\xcc\x81", "3"});  // a precomposed and a combining é
  std::ostringstream out;
  t.print(out);
  std::istringstream lines(out.str());
  std::vector<std::size_t> x_at;
  for (std::string line; std::getline(lines, line);) x_at.push_back(display_width(line.substr(0, line.size() - 1)));
  CHECK(display_width("散歩") == 4);
  CHECK(display_width("Cafe\xcc\x81") == 4);
  REQUIRE(x_at.size() == 4);
  CHECK(x_at[1] == x_at[0]);
  CHECK(x_at[2] == x_at[0]);
  CHECK(x_at[3] == x_at[0]);
}

TEST_CASE("no colour with TERM=dumb, even on a terminal", "[views][colour]") {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  int tty = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(tty >= 0);
  const char* old_term = std::getenv("TERM");
  std::optional<std::string> saved = old_term ? std::optional<std::string>(old_term) : std::nullopt;
  const char* no_color = std::getenv("NO_COLOR");
  if (!no_color || !*no_color) {
    ::setenv("TERM", "xterm-256color", 1);
    CHECK(use_colour(tty));
  }
  ::setenv("TERM", "dumb", 1);
  CHECK_FALSE(use_colour(tty));
  if (saved)
    ::setenv("TERM", saved->c_str(), 1);
  else
    ::unsetenv("TERM");
  ::close(tty);
  ::close(master);
}

TEST_CASE("the HTML report is written for its owner only (0600)", "[views][report]") {
  test::TempDir dir;
  const auto file = dir.path / "report.html";
  const mode_t old = ::umask(022);
  History history(dir.path / "history.db");
  Plan plan = parse_plan("[[routine]]\nid = \"walk\"\nevery = \"2d\"\n", "plan.toml");
  json::object reply = report_json(plan, history, *parse_datetime("2026-12-02T12:00:00+01:00"), 2);
  bool written = write_report_html(reply, file.string());
  ::umask(old);
  REQUIRE(written);
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}
