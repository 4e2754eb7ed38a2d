// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/values.h"

#include <algorithm>
#include <optional>

#include "lib/duration.h"
#include "lib/i18n.h"

namespace move {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A length on the command line: "10m", "1h30m"; a bare number asks for a unit.
std::string checked_duration(const std::string& text) {
  auto d = parse_duration(text);
  if (d && d->count() > 0) return text;
  if (all_digits(text)) throw BadValue(text + ": " + strprintf(_("give a unit, e.g. %sm"), text.c_str()));
  throw BadValue(text + ": " + _("a length such as 10m, 2h or 1h30m"));
}

// --minutes 45 or 45m (or 1h): whole minutes, 0 to 1440.
int checked_minutes(const std::string& text) {
  std::optional<long> minutes;
  if (all_digits(text) && text.size() <= 5) {
    minutes = std::stol(text);
  } else if (auto d = parse_duration(text); d && d->count() % 60 == 0 && !text.empty() && text.back() != 's') {
    minutes = d->count() / 60;
  }
  if (!minutes) throw BadValue("--minutes " + text + ": " + _("minutes are a number, e.g. --minutes 45"));
  if (*minutes > 24 * 60) throw BadValue("--minutes " + text + ": " + _("at most a day, 1440"));
  return static_cast<int>(*minutes);
}

// A pain rating: a whole number from 0 to 10.
int checked_level(const std::string& text) {
  if (!all_digits(text) || text.size() > 2 || std::stoi(text) > 10)
    throw BadValue(text + ": " + _("a pain level is a whole number from 0 to 10"));
  return std::stoi(text);
}

}  // namespace move
