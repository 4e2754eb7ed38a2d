// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Arguments of the engine's commands that more than one file of handlers
// reads: times on the wire (ISO 8601), and when something happened.

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "lib/duration.h"

namespace move {

/// request[key] as an instant (ISO 8601); nullopt when it is absent or null.
/// Throws ProtocolError bad-request for any other text.
std::optional<Instant> time_arg(const boost::json::object& request, std::string_view key);

/// When something happened: request[key], else now. Refused in the future
/// (a minute of clock difference allowed) and before the history's
/// look-back, which no figure would count.
Instant past_arg(const boost::json::object& request, std::string_view key, Instant now);

}  // namespace move
