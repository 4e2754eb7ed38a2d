// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Values as people type them on movectl's command line, checked before
// anything is sent: a mistake is said in words for people (exit 2), not in
// the wire protocol's.

#include <stdexcept>
#include <string>
#include <string_view>

namespace move {

/// A value people got wrong; what() says what to type instead.
struct BadValue : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool all_digits(std::string_view s);
/// A length: "10m", "1h30m"; a bare number asks for a unit ("15: give a unit, e.g. 15m").
std::string checked_duration(const std::string& text);
/// --minutes 45 or 45m (or 1h): whole minutes, 0 to 1440.
int checked_minutes(const std::string& text);
/// A pain rating: a whole number from 0 to 10.
int checked_level(const std::string& text);

}  // namespace move
