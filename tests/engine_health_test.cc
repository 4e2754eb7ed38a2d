// SPDX-License-Identifier: GPL-3.0-or-later
// Flare-ups and function scores as the engine records them, and the days
// since the last activity-limiting flare in `status`.

#include <catch2/catch.hpp>

#include "lib/health.h"
#include "tests/engine_fixture.h"

using namespace move;
using namespace move::test;
using Catch::Matchers::Contains;

TEST_CASE("flare records its flags and note; status counts local days since the last limiting one",
          "[engine][health]") {
  Fixture f("2026-11-20 09:00");
  auto status = [&](Instant now) { return f.call({{"cmd", "status"}}, now).at("days_since_limiting_flare"); };
  CHECK(status(at("2026-11-20 09:00")).is_null());

  auto r = f.call(
      {{"cmd", "flare"}, {"limiting", true}, {"care", true}, {"note", "boxes"}, {"at", "2026-11-21T23:30:00+01:00"}},
      at("2026-11-22 10:00"));
  REQUIRE(r.at("ok") == true);
  CHECK(r.at("event").at("limiting") == true);
  CHECK(r.at("event").at("care") == true);
  CHECK(r.at("event").at("note") == "boxes");
  const auto flares = f.history.list({"", {}, {}, {EventKind::flare}, {}});
  REQUIRE(flares.size() == 1);
  CHECK(flares[0].value == (kFlareLimiting | kFlareCare));
  CHECK(flares[0].at == at("2026-11-21 23:30"));
  REQUIRE(!f.events.empty());
  CHECK(f.events.back().at("event") == "flare");

  // 23:30 yesterday is one day ago at 00:10 today: local calendar days.
  CHECK(status(at("2026-11-22 00:10")) == 1);
  CHECK(status(at("2026-12-03 09:00")) == 12);
  // A flare that did not limit activity does not reset the count.
  REQUIRE(f.call({{"cmd", "flare"}}, at("2026-12-01 09:00")).at("event").at("limiting") == false);
  CHECK(status(at("2026-12-03 09:00")) == 12);
  REQUIRE(f.call({{"cmd", "flare"}, {"limiting", true}}, at("2026-12-03 08:00")).at("ok") == true);
  CHECK(status(at("2026-12-03 09:00")) == 0);
}

TEST_CASE("days since a limiting flare across the end of summer time are calendar days", "[engine][health]") {
  Fixture f("2026-10-24 09:00");
  REQUIRE(f.call({{"cmd", "flare"}, {"limiting", true}}, at("2026-10-24 23:00")).at("ok") == true);
  // 25 October 2026 has 25 hours in Berlin; two days later is still 2.
  CHECK(f.call({{"cmd", "status"}}, at("2026-10-26 22:59")).at("days_since_limiting_flare") == 2);
}

TEST_CASE("score records the scale and total; out of range, unknown scale and future --at are refused",
          "[engine][health]") {
  Fixture f("2026-11-20 09:00");
  const Instant now = at("2026-11-20 10:00");
  auto r = f.call({{"cmd", "score"}, {"scale", "rmdq"}, {"score", 24}}, now);
  REQUIRE(r.at("ok") == true);
  CHECK(r.at("event").at("scale") == "rmdq");
  CHECK(r.at("event").at("score") == 24);
  REQUIRE(
      f.call({{"cmd", "score"}, {"scale", "odi"}, {"score", 0}, {"at", "2026-11-01T10:00:00+01:00"}}, now).at("ok") ==
      true);
  const auto scores = f.history.list({"", {}, {}, {EventKind::score}, {}});
  REQUIRE(scores.size() == 2);
  CHECK(scores[0].detail == "odi");
  CHECK(scores[0].at == at("2026-11-01 10:00"));
  CHECK(scores[1].detail == "rmdq");
  CHECK(scores[1].value == 24);

  auto error = [&](json::object req) { return std::string(f.call(req, now).at("error").as_string()); };
  CHECK(error({{"cmd", "score"}, {"scale", "rmdq"}, {"score", 25}}) ==
        "argument \"score\": an RMDQ total is 0 to 24, got 25");
  CHECK(error({{"cmd", "score"}, {"scale", "odi"}, {"score", -1}}) ==
        "argument \"score\": an ODI total is 0 to 100, got -1");
  CHECK(error({{"cmd", "score"}, {"scale", "rmq"}, {"score", 3}}) ==
        "argument \"scale\" must be rmdq or odi, got \"rmq\" (did you mean \"rmdq\"?)");
  CHECK_THAT(error({{"cmd", "score"}, {"scale", "odi"}, {"score", 3}, {"at", "2026-11-21T10:00:00+01:00"}}),
             Contains("in the future"));
  CHECK_THAT(error({{"cmd", "flare"}, {"at", "2020-01-01T10:00:00+01:00"}}),
             Contains("before the history's look-back"));
  CHECK_THAT(error({{"cmd", "flare"}, {"severe", true}}), Contains("unknown argument \"severe\""));
  CHECK(f.history.list({"", {}, {}, {EventKind::score}, {}}).size() == 2);
  CHECK(f.history.list({"", {}, {}, {EventKind::flare}, {}}).empty());
}
