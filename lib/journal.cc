// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/journal.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <limits>
#include <optional>

#include "lib/local_time.h"

namespace move {

namespace json = boost::json;

namespace {

json::value or_null(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value or_null(const std::optional<int>& i) { return i ? json::value(*i) : json::value(nullptr); }

[[noreturn]] void bad(const std::string& why) { throw JournalError(why); }

const json::value* field(const json::object& o, std::string_view key) { return o.if_contains(key); }

std::string required_string(const json::object& o, std::string_view key, std::size_t max) {
  const json::value* v = field(o, key);
  if (!v) bad("no \"" + std::string(key) + "\"");
  if (!v->is_string()) bad("\"" + std::string(key) + "\" must be a string");
  const json::string& s = v->as_string();
  if (s.size() > max) bad("\"" + std::string(key) + "\" is longer than " + std::to_string(max) + " bytes");
  return std::string(s.data(), s.size());
}

std::optional<std::string> optional_string(const json::object& o, std::string_view key) {
  const json::value* v = field(o, key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) bad("\"" + std::string(key) + "\" must be a string or null");
  return std::string(v->as_string().data(), v->as_string().size());
}

std::optional<std::int64_t> optional_int(const json::object& o, std::string_view key, std::int64_t min,
                                         std::int64_t max) {
  const json::value* v = field(o, key);
  if (!v || v->is_null()) return std::nullopt;
  std::int64_t n = 0;
  if (v->is_int64())
    n = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(max))
    n = static_cast<std::int64_t>(v->as_uint64());
  else
    bad("\"" + std::string(key) + "\" must be a whole number");
  if (n < min || n > max)
    bad("\"" + std::string(key) + "\" must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " +
        std::to_string(n));
  return n;
}

std::optional<int> optional_small(const json::object& o, std::string_view key, int min, int max) {
  auto n = optional_int(o, key, min, max);
  return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
}

bool optional_bool(const json::object& o, std::string_view key) {
  const json::value* v = field(o, key);
  if (!v || v->is_null()) return false;
  if (!v->is_bool()) bad("\"" + std::string(key) + "\" must be true or false");
  return v->as_bool();
}

Instant utc(const json::object& o, std::string_view key) {
  const std::string text = required_string(o, key, 40);
  const auto t = text.ends_with('Z') ? parse_datetime(text) : std::nullopt;
  if (!t) bad("\"" + std::string(key) + "\" must be a UTC time like 2026-11-24T17:10:00Z, got \"" + text + "\"");
  return *t;
}

bool slug(std::string_view s) noexcept {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool uuid_text(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'f') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace

bool shareable(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::done:
    case EventKind::skipped:
    case EventKind::pain:
    case EventKind::flare:
    case EventKind::score:
    case EventKind::prescription: return true;
    default: return false;
  }
}

bool valid_host_id(std::string_view id) noexcept {
  if (id.size() != 32) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'f') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string journal_line(const JournalEntry& entry) {
  const Event& e = entry.event;
  json::object o{{"v", kJournalVersion},
                 {"uuid", entry.uuid},
                 {"host", entry.host},
                 {"host_name", entry.host_name},
                 {"seq", entry.seq},
                 {"at", format_utc(e.at)},
                 {"recorded", format_utc(entry.recorded)},
                 {"kind", to_string(e.kind)},
                 {"routine", e.routine},
                 {"minutes", or_null(e.minutes)},
                 {"note", or_null(e.note)}};
  switch (e.kind) {
    case EventKind::pain: o["level"] = or_null(e.value); break;
    case EventKind::skipped: o["reason"] = or_null(e.reason); break;
    case EventKind::flare:
      o["limiting"] = (e.value.value_or(0) & kFlareLimiting) != 0;
      o["care"] = (e.value.value_or(0) & kFlareCare) != 0;
      break;
    case EventKind::score:
      o["scale"] = or_null(e.detail);
      o["score"] = or_null(e.value);
      break;
    case EventKind::prescription: o["prescription"] = or_null(e.detail); break;
    default: break;
  }
  return json::serialize(o) + "\n";
}

JournalEntry parse_journal_line(std::string_view line) {
  if (line.size() > kJournalLineMax) bad("longer than " + std::to_string(kJournalLineMax) + " bytes");
  boost::system::error_code ec;
  json::value parsed = json::parse(line, ec);
  if (ec) bad("not JSON (" + ec.message() + ")");
  if (!parsed.is_object()) bad("not a JSON object");
  const json::object& o = parsed.as_object();
  const auto version = optional_int(o, "v", 0, std::numeric_limits<int>::max());
  if (!version) bad("no \"v\"");
  if (*version != kJournalVersion)
    bad("version " + std::to_string(*version) + " is not known to this move (it reads version " +
        std::to_string(kJournalVersion) + ")");

  JournalEntry entry;
  entry.uuid = required_string(o, "uuid", 64);
  if (!uuid_text(entry.uuid)) bad("\"uuid\" must be hex digits and '-', got \"" + entry.uuid + "\"");
  entry.host = required_string(o, "host", 64);
  if (!valid_host_id(entry.host)) bad("\"host\" must be 32 hex digits, got \"" + entry.host + "\"");
  entry.host_name = required_string(o, "host_name", 255);
  const auto seq = optional_int(o, "seq", 1, std::numeric_limits<std::int64_t>::max());
  if (!seq) bad("no \"seq\"");
  entry.seq = *seq;
  entry.recorded = utc(o, "recorded");

  Event& e = entry.event;
  e.at = utc(o, "at");
  const std::string kind = required_string(o, "kind", 32);
  const auto k = parse_event_kind(kind);
  if (!k) bad("unknown kind \"" + kind + "\"");
  if (!shareable(*k)) bad("kind \"" + kind + "\" is not shared between computers");
  e.kind = *k;
  e.routine = required_string(o, "routine", 200);
  if (!slug(e.routine)) bad("\"routine\" must be a routine id (a-z, 0-9, -), got \"" + e.routine + "\"");
  e.minutes = optional_small(o, "minutes", 0, 100000);
  e.note = optional_string(o, "note");
  switch (e.kind) {
    case EventKind::pain:
      e.value = optional_small(o, "level", 0, 10);
      if (!e.value) bad("a pain entry needs \"level\" (0 to 10)");
      break;
    case EventKind::skipped: e.reason = optional_string(o, "reason"); break;
    case EventKind::flare:
      e.value = (optional_bool(o, "limiting") ? kFlareLimiting : 0) | (optional_bool(o, "care") ? kFlareCare : 0);
      break;
    case EventKind::score:
      e.detail = optional_string(o, "scale");
      e.value = optional_small(o, "score", 0, 1000);
      break;
    case EventKind::prescription: e.detail = optional_string(o, "prescription"); break;
    default: break;
  }
  e.uuid = entry.uuid;
  e.host = entry.host_name.empty() ? entry.host : entry.host_name;
  return entry;
}

}  // namespace move
