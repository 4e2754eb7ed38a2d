// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/engine_args.h"

#include <chrono>
#include <string>

#include "lib/adherence.h"
#include "lib/local_time.h"
#include "lib/protocol.h"

namespace move {

std::optional<Instant> time_arg(const boost::json::object& request, std::string_view key) {
  auto text = get_optional_string(request, key);
  if (!text) return std::nullopt;
  auto t = parse_datetime(*text);
  if (!t)
    throw ProtocolError(code::kBadRequest, "argument \"" + std::string(key) +
                                               "\" must be a date and time such as \"2026-11-26T18:00:00+01:00\", "
                                               "got \"" +
                                               *text + "\"");
  return t;
}

Instant past_arg(const boost::json::object& request, std::string_view key, Instant now) {
  const Instant at = time_arg(request, key).value_or(now);
  const std::string name(key);
  if (at > now + Seconds{60})
    throw ProtocolError(code::kBadRequest, "argument \"" + name + "\" is in the future: " + format_iso8601(at));
  if (at < now - std::chrono::days(kLookbackDays))
    throw ProtocolError(code::kBadRequest, "argument \"" + name + "\" is more than " + std::to_string(kLookbackDays) +
                                               " days ago, before the history's look-back: " + format_iso8601(at));
  return at;
}

}  // namespace move
