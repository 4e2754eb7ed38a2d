// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/when.h"

#include "lib/time_of_day.h"
#include "lib/local_time.h"

namespace move {

std::optional<Instant> parse_when(std::string_view text, Instant now) {
  if (auto t = parse_datetime(text)) return t;
  LocalDays day = local_day(now);
  auto space = text.find(' ');
  std::string_view word = text.substr(0, space);
  std::string_view rest = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  if (word == "now" && rest.empty()) return now;
  if (word == "today" || word == "yesterday") {
    if (word == "yesterday") day -= std::chrono::days(1);
    if (rest.empty()) return at_local(day, 12 * 60);  // a day without a time: its middle
    text = rest;
  }
  std::string padded = text.size() == 4 && text[1] == ':' ? "0" + std::string(text) : std::string(text);  // "7:30"
  auto minutes = parse_time_of_day(padded);
  if (!minutes) return std::nullopt;
  return at_local(day, *minutes);
}

}  // namespace move
