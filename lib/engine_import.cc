// SPDX-License-Identifier: GPL-3.0-or-later
// The `import` command: activities read from tracker files (lib/import.h)
// recorded as `done` of their routine, at their start, with their minutes,
// each under its dedup key (Event::source) so that an activity imported
// twice is recorded once. movectl import and moved's import folder both
// come here.

#include <cmath>
#include <cstdio>
#include <set>

#include "lib/activity_match.h"
#include "lib/engine.h"
#include "lib/local_time.h"
#include "lib/protocol.h"

namespace move {

namespace json = boost::json;

namespace {

/// Most activities one request may carry (movectl sends 100 at a time).
constexpr std::size_t kMaxActivities = 1000;

struct Incoming {
  Instant at{};
  int minutes = 0;
  std::optional<double> distance_m;
  std::string key, sport, file;
  std::optional<std::string> routine;
};

Incoming read_incoming(const json::value& v, std::size_t i) {
  const std::string where = "activities[" + std::to_string(i) + "]";
  if (!v.is_object()) throw ProtocolError(code::kBadRequest, "argument \"" + where + "\" must be an object");
  const json::object& o = v.as_object();
  auto bad = [&](const std::string& what) { return ProtocolError(code::kBadRequest, where + ": " + what); };
  Incoming a;
  try {
    const std::string at = get_string(o, "at");
    const auto t = parse_datetime(at);
    if (!t) throw bad("\"at\" must be a date and time such as \"2026-11-30T07:12:03Z\", got \"" + at + "\"");
    a.at = *t;
    const std::int64_t minutes = get_int(o, "minutes");
    if (minutes < 0 || minutes > 24 * 60) throw bad("\"minutes\" must be 0 to 1440");
    a.minutes = static_cast<int>(minutes);
    if (const auto* d = o.if_contains("distance_m"); d && !d->is_null()) {
      if (!d->is_number()) throw bad("\"distance_m\" must be a number or null");
      const double m = d->to_number<double>();
      if (!std::isfinite(m) || m < 0) throw bad("\"distance_m\" must be 0 or more");
      a.distance_m = m;
    }
    a.key = get_string(o, "key");
    if (a.key.empty() || a.key.size() > 200) throw bad("\"key\" must be 1 to 200 characters");
    a.sport = get_optional_string(o, "sport").value_or("");
    a.file = get_optional_string(o, "file").value_or("");
    a.routine = get_optional_string(o, "routine");
  } catch (const ProtocolError& e) {
    if (std::string_view(e.what()).starts_with(where)) throw;
    throw bad(e.what());
  }
  return a;
}

/// "walking, 5.23 km, from walk.gpx": what the history's note keeps.
std::string import_note(const Incoming& a) {
  std::string note = a.sport;
  if (a.distance_m) {
    char km[32];
    std::snprintf(km, sizeof km, "%.2f km", *a.distance_m / 1000);
    note += (note.empty() ? "" : ", ") + std::string(km);
  }
  note += (note.empty() ? "imported" : ", imported");
  if (!a.file.empty()) note += " from " + a.file;
  return note;
}

json::value or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

}  // namespace

json::object Engine::cmd_import(const json::object& request, Instant now) {
  const bool dry_run = get_optional_bool(request, "dry_run").value_or(false);
  const json::value* list = request.if_contains("activities");
  if (!list || !list->is_array())
    throw ProtocolError(code::kBadRequest, "argument \"activities\" must be a list of activities");
  if (list->as_array().size() > kMaxActivities)
    throw ProtocolError(code::kBadRequest, "at most " + std::to_string(kMaxActivities) + " activities in one request");

  // Everything is checked before anything is recorded.
  std::vector<Incoming> items;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    Incoming a = read_incoming(list->as_array()[i], i);
    if (a.at > now + Seconds{60})
      throw ProtocolError(code::kBadRequest, (a.file.empty() ? "an activity" : a.file) +
                                                 ": an activity in the future (starts " + format_iso8601(a.at) + ")");
    if (a.routine && !plan_.find(*a.routine))
      throw ProtocolError(code::kUnknownRoutine, "no routine \"" + *a.routine + "\" in the plan");
    items.push_back(std::move(a));
  }
  std::vector<RoutineSports> sports;
  for (const Routine& r : plan_.routines)
    if (!r.import_sports.empty()) sports.push_back({r.id, r.import_sports});

  int recorded = 0, duplicates = 0, unmatched = 0;
  json::array results;
  std::set<std::string, std::less<>> keys;     // of this request
  std::set<std::string, std::less<>> touched;  // routines recorded to
  std::optional<History::Batch> batch;         // one fsync for a whole folder
  try {
    if (!dry_run && !items.empty()) batch.emplace(history_);
    for (const Incoming& a : items) {
      json::object res{
          {"file", a.file}, {"at", format_iso8601(a.at)}, {"key", a.key}, {"sport", a.sport}, {"minutes", a.minutes}};
      res["distance_m"] = a.distance_m ? json::value(*a.distance_m) : json::value(nullptr);
      std::optional<std::string> id = a.routine ? a.routine : match_routine(sports, a.sport);
      const std::optional<Event> earlier = history_.find_source(a.key);
      if (earlier || keys.contains(a.key)) {
        res["result"] = "duplicate";
        res["routine"] = earlier ? json::value(earlier->routine) : or_null(id);
        if (earlier) res["recorded_at"] = format_iso8601(earlier->at);
        ++duplicates;
      } else if (!id) {
        res["result"] = "no-routine";
        res["routine"] = nullptr;
        res["reason"] = a.sport.empty() ? std::string("the file names no sport (--routine ID says which routine)")
                                        : "no routine imports \"" + a.sport + "\" (add it to a routine's import list)";
        ++unmatched;
      } else {
        keys.insert(a.key);
        res["routine"] = *id;
        if (dry_run) {
          res["result"] = "would-record";
        } else {
          touched.insert(*id);
          complete(*plan_.find(*id), EventKind::done, a.at, a.minutes, import_note(a), true, a.key);
          res["result"] = "recorded";
        }
        ++recorded;
      }
      results.push_back(std::move(res));
    }
    if (batch) batch->commit();
  } catch (...) {
    // Rolled back: what the engine keeps of the routines is read anew.
    batch.reset();
    for (const std::string& id : touched) {
      tracked_.erase(id);
      if (const Routine* r = plan_.find(id)) try {
          track(*r, now);
        } catch (const std::exception&) {
        }
    }
    throw;
  }
  return {{"ok", true},
          {"dry_run", dry_run},
          {"recorded", recorded},
          {"duplicates", duplicates},
          {"unmatched", unmatched},
          {"results", std::move(results)}};
}

}  // namespace move
