// SPDX-License-Identifier: GPL-3.0-or-later
// The names of the history's kinds (lib/history.h): stored in the database
// and the journals, never renamed.
#include <array>
#include <cassert>
#include <string_view>

#include "lib/history.h"

namespace move {

namespace {

constexpr std::array<std::string_view, 12> kKindNames{"due",     "done",  "skipped", "snoozed",
                                                      "natural", "pain",  "paused",  "resumed",
                                                      "held",    "flare", "score",   "prescription"};

}  // namespace

std::string_view to_string(EventKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  assert(i < kKindNames.size());
  return kKindNames[i];
}

std::optional<EventKind> parse_event_kind(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == text) return static_cast<EventKind>(i);
  return std::nullopt;
}

}  // namespace move
