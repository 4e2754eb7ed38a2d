// SPDX-License-Identifier: GPL-3.0-or-later
// Which weeks a report covers: --weeks, --since/--until, and the default
// since the first event; the programme's first week is never dropped for
// the current partial one.

#include "lib/report_range.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "lib/local_time.h"
#include "lib/protocol.h"
#include "tests/plan_texts.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"
#include "tests/local_at.h"

namespace json = boost::json;

namespace move {
namespace {

using test::at;

struct Fixture {
  test::TzGuard tz{"Europe/Berlin"};
  test::TempDir dir;
  History history{dir.path / "history.db"};
  void done(const char* when) {
    history.append({0, "walk", EventKind::done, at(when), 30, std::nullopt, std::nullopt});
  }
};

// Wednesday 25 Nov 2026: the current week began Monday 23 Nov.
const char* const kNow = "2026-11-25 12:00";

TEST_CASE("report range: by default since the first event, at most 12 weeks (+ the first one)", "[report][range]") {
  Fixture f;
  const Instant now = at(kNow);
  CHECK(report_range(f.history, {}, now).weeks == 1);  // nothing recorded: this week
  f.done("2026-11-03 18:00");                          // week of 2 Nov: 4 weeks to now
  CHECK(report_range(f.history, {}, now).weeks == 4);
  CHECK(report_range(f.history, {}, now).end == now);
  f.done("2026-08-31 18:00");  // week of 31 Aug: 13 ISO weeks; the first is kept
  CHECK(report_range(f.history, {}, now).weeks == 13);
  f.done("2026-08-25 18:00");  // began earlier still: the 12 latest weeks
  CHECK(report_range(f.history, {}, now).weeks == 12);
}

TEST_CASE("report range: --weeks N keeps the programme's first week beside the current partial one",
          "[report][range]") {
  Fixture f;
  const Instant now = at(kNow);
  f.done("2026-09-28 18:00");  // the week of 28 Sep: 8 full weeks and the current one
  CHECK(report_range(f.history, {{"weeks", 8}}, now).weeks == 9);
  CHECK(report_range(f.history, {{"weeks", 9}}, now).weeks == 9);
  CHECK(report_range(f.history, {{"weeks", 4}}, now).weeks == 4);    // the first week is far: N
  CHECK(report_range(f.history, {{"weeks", 12}}, now).weeks == 12);  // empty weeks before: as asked
  f.done("2026-09-21 18:00");                                        // the programme began a week earlier: 8 is 8
  CHECK(report_range(f.history, {{"weeks", 8}}, now).weeks == 8);
}

TEST_CASE("report range: --since and --until in whole ISO weeks, across the end of summer time", "[report][range]") {
  Fixture f;
  const Instant now = at(kNow);
  // Thursday 22 Oct to the end of Sunday 1 Nov: weeks of 19 and 26 Oct (25 Oct has 25 hours).
  auto r =
      report_range(f.history, {{"since", "2026-10-22T00:00:00+02:00"}, {"until", "2026-11-02T00:00:00+01:00"}}, now);
  CHECK(r.weeks == 2);
  CHECK(r.end == at("2026-11-01 23:59:59"));
  r = report_range(f.history, {{"since", "2026-11-23T00:00:00+01:00"}}, now);
  CHECK(r.weeks == 1);
  CHECK(r.end == now);
  // An until after now: as of now.
  r = report_range(f.history, {{"since", "2026-11-16T00:00:00+01:00"}, {"until", "2026-12-31T00:00:00+01:00"}}, now);
  CHECK(r.weeks == 2);
  CHECK(r.end == now);
}

TEST_CASE("report range: reversed, in the future, too long, or mixed with weeks: refused", "[report][range]") {
  Fixture f;
  const Instant now = at(kNow);
  auto error = [&](json::object req) {
    try {
      report_range(f.history, req, now);
    } catch (const ProtocolError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(error({{"since", "2026-11-20T00:00:00+01:00"}, {"until", "2026-11-10T00:00:00+01:00"}}) ==
        "argument \"until\" (2026-11-10T00:00:00+01:00) is not after \"since\" (2026-11-20T00:00:00+01:00)");
  CHECK(error({{"since", "2026-12-20T00:00:00+01:00"}}) ==
        "argument \"since\" is in the future: 2026-12-20T00:00:00+01:00");
  CHECK(error({{"since", "2020-01-06T00:00:00+01:00"}}).find("a report covers at most 104") != std::string::npos);
  CHECK(error({{"weeks", 4}, {"since", "2026-11-02T00:00:00+01:00"}}) ==
        "argument \"weeks\" goes with neither \"since\" nor \"until\"");
  CHECK(error({{"until", "2026-11-02T00:00:00+01:00"}}) == "argument \"until\" needs \"since\"");
  CHECK(error({{"weeks", 0}}) == "argument \"weeks\" must be 1 to 104");
}

}  // namespace
}  // namespace move

namespace move {

TEST_CASE("report: the name is --name, else the plan's [settings] name", "[report][range]") {
  test::TzGuard tz{"Europe/Berlin"};
  test::TempDir dir;
  History history{dir.path / "history.db"};
  const Instant now = *parse_datetime("2026-11-25 12:00");
  const Plan named = parse_plan("[settings]\nname = \"Sam Smith\"\n", "plan.toml");
  CHECK(report_reply(named, history, {}, now).at("name") == "Sam Smith");
  CHECK(report_reply(named, history, {{"name", "S. Smith"}}, now).at("name") == "S. Smith");
  CHECK(report_reply(parse_plan("[settings]\n", "plan.toml"), history, {}, now).at("name").is_null());
  CHECK(test::plan_error_of("[settings]\nname = \" \"\n") ==
        "plan.toml:2:8: 'name' in [settings]: expected a name such as \"Sam Smith\", got \" \"");
}

}  // namespace move
