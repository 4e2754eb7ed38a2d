// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `--at WHEN` of done, skip and pain (and every command that records
// something that happened): a time as people type it, taken as the latest
// such time not in the future ("18:00" typed in the morning is yesterday's).

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "lib/duration.h"

namespace move {

/// Adds --at to c, writing into at.
void add_at_option(CLI::App& c, std::optional<std::string>& at);

/// With --at given, sets request["at"] (ISO 8601) and returns the time in
/// words for the reply line (" 2026-12-01 18:00", with "(yesterday: ...)"
/// when the time of day has not come yet today); without it "". Throws
/// BadValue (cmd/values.h) for a time movectl cannot read.
std::string put_at(const std::optional<std::string>& at, boost::json::object& request, Instant now);

}  // namespace move
