// SPDX-License-Identifier: GPL-3.0-or-later
// "Did you mean": edit distance and the nearest candidate.

#include "lib/spelling.h"

#include <array>
#include <catch2/catch.hpp>

using namespace move;
using namespace std::string_view_literals;

TEST_CASE("edit_distance counts insertions, deletions and substitutions", "[spelling]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("every", "every") == 0);
  CHECK(edit_distance("evry", "every") == 1);
  CHECK(edit_distance("stauts", "status") == 2);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("closest suggests only a near candidate", "[spelling]") {
  constexpr std::array kKeys{"every"sv, "at"sv, "times_per_week"sv, "duration"sv, "window"sv, "enabled"sv};
  CHECK(closest("evry", kKeys) == "every");
  CHECK(closest("durration", kKeys) == "duration");
  CHECK(closest("windwo", kKeys) == "window");
  CHECK(closest("times-per-week", kKeys) == "times_per_week");
  CHECK(closest("colour", kKeys) == std::nullopt);
  CHECK(closest("", kKeys) == std::nullopt);
  CHECK(closest("every", std::span<const std::string_view>{}) == std::nullopt);
  constexpr std::array kCommands{"status"sv, "snooze"sv, "skip"sv};
  CHECK(closest("stauts", kCommands) == "status");
  // Two letters swapped are one typo, even in a short word.
  constexpr std::array kRoutines{"walk"sv, "core"sv, "desk-break"sv};
  CHECK(closest("wakl", kRoutines) == "walk");
  CHECK(closest("deks-break", kRoutines) == "desk-break");
  CHECK(closest("wkal", kRoutines) == std::nullopt);
  constexpr std::array kKinds{"pain"sv, "paused"sv, "done"sv};
  CHECK(closest("pian", kKinds) == "pain");
}
