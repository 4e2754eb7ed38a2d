// SPDX-License-Identifier: GPL-3.0-or-later
// Back-dated pain ratings and skips, and skip reasons: `--at` and
// `--reason` as the engine takes them.

#include <catch2/catch.hpp>

#include "tests/engine_fixture.h"

using namespace move;
using namespace move::test;
using Catch::Matchers::Contains;

TEST_CASE("pain --at records yesterday's rating on yesterday", "[engine][backdate]") {
  Fixture f("2026-11-26 09:00");
  auto r = f.call({{"cmd", "pain"}, {"level", 6}, {"at", "2026-11-25T21:00:00+01:00"}}, at("2026-11-26 09:10"));
  REQUIRE(r.at("ok") == true);
  CHECK(r.at("event").at("at") == "2026-11-25T21:00:00+01:00");
  const auto pains = f.history.list({"", {}, {}, {EventKind::pain}, {}});
  REQUIRE(pains.size() == 1);
  CHECK(pains[0].at == at("2026-11-25 21:00"));
  CHECK(pains[0].value == 6);
}

TEST_CASE("skip --at --reason records when and why; the reason is a field of the history", "[engine][backdate]") {
  Fixture f("2026-11-26 09:00");
  auto r = f.call(
      {{"cmd", "skip"}, {"id", "walk"}, {"at", "2026-11-25T18:00:00+01:00"}, {"reason", "weather"}, {"note", "storm"}},
      at("2026-11-26 09:10"));
  REQUIRE(r.at("ok") == true);
  CHECK(r.at("event").at("reason") == "weather");
  const auto skip = f.history.last("walk", {EventKind::skipped});
  REQUIRE(skip);
  CHECK(skip->at == at("2026-11-25 18:00"));
  CHECK(skip->reason == "weather");
  CHECK(skip->note == "storm");
  // Without a reason the field is there, null.
  auto plain = f.call({{"cmd", "skip"}, {"id", "desk"}}, at("2026-11-26 10:00"));
  CHECK(plain.at("event").at("reason").is_null());
}

TEST_CASE("an --at in the future or before the look-back, or an unknown reason, is refused", "[engine][backdate]") {
  Fixture f("2026-11-26 09:00");
  const Instant now = at("2026-11-26 09:10");
  auto error = [&](json::object req) { return std::string(f.call(req, now).at("error").as_string()); };
  CHECK_THAT(error({{"cmd", "pain"}, {"level", 3}, {"at", "2026-11-26T12:00:00+01:00"}}), Contains("in the future"));
  CHECK_THAT(error({{"cmd", "skip"}, {"id", "walk"}, {"at", "2026-11-27T08:00:00+01:00"}}), Contains("in the future"));
  CHECK_THAT(error({{"cmd", "pain"}, {"level", 3}, {"at", "2020-01-01T12:00:00+01:00"}}),
             Contains("before the history's look-back"));
  CHECK_THAT(error({{"cmd", "done"}, {"id", "walk"}, {"at", "2020-01-01T12:00:00+01:00"}}),
             Contains("before the history's look-back"));
  CHECK(error({{"cmd", "skip"}, {"id", "walk"}, {"reason", "wether"}}) ==
        "argument \"reason\" must be one of ill, other, pain, time, weather, got \"wether\" (did you mean "
        "'weather'?)");
  CHECK(f.recorded() == 0);
}
