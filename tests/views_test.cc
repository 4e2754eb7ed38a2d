// SPDX-License-Identifier: GPL-3.0-or-later
// movectl's views of the daemon's replies: what people and spreadsheets read.

#include "cmd/views.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "cmd/format.h"
#include "lib/engine.h"
#include "lib/local_time.h"

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
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
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
  for (int k = 0; k <= static_cast<int>(EventKind::resumed); ++k) {
    Event e;
    e.kind = static_cast<EventKind>(k);
    e.routine = e.kind == EventKind::pain || e.kind == EventKind::paused || e.kind == EventKind::resumed ? "" : "walk";
    e.at = at + Seconds{k};
    e.minutes = k % 2 ? std::optional(40 + k) : std::nullopt;
    e.note = k % 3 ? std::optional<std::string>("after a \"long\" drive, then\nrest") : std::nullopt;
    e.value = k == static_cast<int>(EventKind::pain) ? 2 : 900;
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
  // The pain level and the lengths of snoozes and pauses are there.
  CHECK(rows[0] == std::vector<std::string>{"routine", "kind", "at", "minutes", "note", "level", "seconds"});
  auto pain = rows[1 + static_cast<int>(EventKind::pain)];
  CHECK(pain[1] == "pain");
  CHECK(pain[5] == "2");
  CHECK(rows[1 + static_cast<int>(EventKind::snoozed)][6] == "900");
  CHECK(rows[1 + static_cast<int>(EventKind::paused)][6] == "900");
}
