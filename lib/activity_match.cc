// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/activity_match.h"

namespace move {

namespace {

char fold(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if (c == '-' || c == ' ') return '_';
  return c;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool same_sport(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

std::optional<std::string> match_routine(const std::vector<RoutineSports>& routines, std::string_view sport) {
  if (trim(sport).empty()) return std::nullopt;
  for (const RoutineSports& r : routines)
    for (const std::string& s : r.sports)
      if (same_sport(s, sport)) return r.routine;
  return std::nullopt;
}

}  // namespace move
