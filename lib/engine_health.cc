// SPDX-License-Identifier: GPL-3.0-or-later
// `flare` and `score`: flare-ups and function scores for the history (and
// the report). Both take --at, back-dated as done, skip and pain are.

#include <chrono>

#include "lib/adherence.h"
#include "lib/engine.h"
#include "lib/engine_args.h"
#include "lib/health.h"
#include "lib/local_time.h"
#include "lib/protocol.h"
#include "lib/spelling.h"

namespace move {

const Scale* find_scale(std::string_view name) noexcept {
  for (const Scale& s : kScales)
    if (s.name == name) return &s;
  return nullptr;
}

std::optional<int> days_since_limiting_flare(const History& history, Instant now) {
  const auto flares = history.events("", {EventKind::flare}, now - std::chrono::days(kLookbackDays));
  for (auto it = flares.rbegin(); it != flares.rend(); ++it)
    if (it->at <= now && (it->value.value_or(0) & kFlareLimiting))
      return static_cast<int>((local_day(now) - local_day(it->at)).count());
  return std::nullopt;
}

boost::json::object Engine::cmd_flare(const boost::json::object& request, Instant now) {
  const Instant at = past_arg(request, "at", now);
  const int flags = (get_optional_bool(request, "limiting").value_or(false) ? kFlareLimiting : 0) |
                    (get_optional_bool(request, "care").value_or(false) ? kFlareCare : 0);
  Event e{0, "", EventKind::flare, at, std::nullopt, get_optional_string(request, "note"), flags};
  e.id = record(e);
  boost::json::object ev = event_json(e);
  ev["event"] = "flare";
  emit(std::move(ev));
  return {{"ok", true}, {"event", event_json(e)}};
}

boost::json::object Engine::cmd_score(const boost::json::object& request, Instant now) {
  const std::string name = get_string(request, "scale");
  const Scale* scale = find_scale(name);
  if (!scale) {
    std::string message = "argument \"scale\" must be rmdq or odi, got \"" + name + "\"";
    constexpr std::string_view kNames[] = {"odi", "rmdq"};
    if (auto near = closest(name, kNames)) message += " (did you mean \"" + std::string(*near) + "\"?)";
    throw ProtocolError(code::kBadRequest, message);
  }
  const std::int64_t total = get_int(request, "score");
  if (total < 0 || total > scale->max)
    throw ProtocolError(code::kBadRequest, "argument \"score\": an " + std::string(scale->title) + " total is 0 to " +
                                               std::to_string(scale->max) + ", got " + std::to_string(total));
  const Instant at = past_arg(request, "at", now);
  Event e{0, "", EventKind::score, at, std::nullopt, std::nullopt, static_cast<int>(total)};
  e.detail = scale->name;
  e.id = record(e);
  boost::json::object ev = event_json(e);
  ev["event"] = "score";
  emit(std::move(ev));
  return {{"ok", true}, {"event", event_json(e)}};
}

}  // namespace move
