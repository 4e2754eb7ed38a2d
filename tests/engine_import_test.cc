// SPDX-License-Identifier: GPL-3.0-or-later
// The engine's `import` command (lib/engine_import.cc) with a real SQLite
// history: sports matched to routines, dedup keys, forced routine, dry run.

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>

#include "lib/activity.h"
#include "lib/engine.h"
#include "lib/import.h"
#include "lib/local_time.h"
#include "lib/report.h"
#include "tests/temp_dir.h"

using namespace move;
using namespace std::chrono_literals;
namespace json = boost::json;
using Catch::Matchers::Contains;

namespace {

struct NullNotifier : Notifier {
  bool show(const Notification&) override { return true; }
  void withdraw(std::string_view) override {}
};

constexpr const char* kPlan = R"(
[[routine]]
id = "desk"
every = "1h"
duration = "3-5m"

[[routine]]
id = "walk"
every = "2d"
duration = "30-60m"
import = ["walking", "Hiking"]

[[routine]]
id = "ride"
times_per_week = 2
import = "cycling"
)";

const Instant kNow = *parse_datetime("2026-12-02T09:00:00Z");
const Instant kStart = *parse_datetime("2026-11-30T07:12:03Z");

struct Fixture {
  test::TempDir dir;
  std::filesystem::path plan_file = dir.path / "plan.toml";
  History history{dir.path / "history.db"};
  NullNotifier notifier;
  std::unique_ptr<Engine> engine;
  Fixture() {
    std::ofstream(plan_file) << kPlan;
    engine = std::make_unique<Engine>(parse_plan(kPlan, plan_file.string()), kPlan, plan_file, history, notifier,
                                      kNow - 72h);
  }
  json::object import(std::vector<json::object> activities, bool dry_run = false) {
    json::array list;
    for (auto& a : activities) list.push_back(std::move(a));
    return engine->handle({{"cmd", "import"}, {"dry_run", dry_run}, {"activities", std::move(list)}}, kNow);
  }
  std::vector<Event> dones() { return history.list({std::nullopt, {}, {}, {EventKind::done}, {}}); }
};

Activity activity(std::string sport, Instant start = kStart, int moving_min = 42) {
  Activity a;
  a.sport = std::move(sport);
  a.start = start;
  a.elapsed = Seconds{moving_min * 60 + 300};
  a.moving = Seconds{moving_min * 60};
  a.distance_m = 5234.0;
  a.key = activity_key(start);
  return a;
}

json::object item(const Activity& a, std::string file = "walk.gpx", std::optional<std::string> routine = {}) {
  return activity_request(a, file, routine);
}

std::string result(const json::object& reply, std::size_t i) {
  return std::string(reply.at("results").as_array().at(i).at("result").as_string());
}

}  // namespace

TEST_CASE("import records a done of the routine whose import list names the sport", "[import][engine]") {
  Fixture f;
  json::object reply = f.import({item(activity("WALKING"))});
  REQUIRE(reply.at("ok").as_bool());
  CHECK(reply.at("recorded").as_int64() == 1);
  CHECK(result(reply, 0) == "recorded");
  CHECK(reply.at("results").as_array()[0].at("routine").as_string() == "walk");
  const auto dones = f.dones();
  REQUIRE(dones.size() == 1);
  CHECK(dones[0].routine == "walk");
  CHECK(dones[0].at == kStart);
  CHECK(dones[0].minutes == 42);  // the moving time, not the dose's 30
  CHECK(dones[0].source == "start:2026-11-30T07:12:03Z");
  CHECK_THAT(*dones[0].note, Contains("5.23 km") && Contains("walk.gpx"));
  // The engine's own figures follow.
  json::object status = f.engine->handle({{"cmd", "status"}, {"id", "walk"}}, kNow);
  CHECK(status.at("routines").as_array()[0].at("minutes_7d").as_int64() == 42);
  CHECK(status.at("routines").as_array()[0].at("last_done").as_string() == format_iso8601(kStart));
  // A string import list works as a list of one.
  CHECK(f.import({item(activity("cycling", kStart - 24h))}).at("results").as_array()[0].at("routine") == "ride");
}

TEST_CASE("the same activity imported twice, from any file or format, is recorded once", "[import][engine]") {
  Fixture f;
  REQUIRE(f.import({item(activity("walking"))}).at("recorded").as_int64() == 1);
  json::object again = f.import({item(activity("walking"))});
  CHECK(again.at("recorded").as_int64() == 0);
  CHECK(again.at("duplicates").as_int64() == 1);
  CHECK(result(again, 0) == "duplicate");
  // The TCX export of the same walk: sport "Other", forced to walk.
  json::object tcx = f.import({item(activity("Other", kStart, 40), "walk.tcx", "walk")});
  CHECK(result(tcx, 0) == "duplicate");
  CHECK(tcx.at("results").as_array()[0].at("routine") == "walk");
  // Twice in one request.
  const Instant later = kStart + 26h;
  json::object twice = f.import({item(activity("walking", later)), item(activity("walking", later), "b.fit")});
  CHECK(result(twice, 0) == "recorded");
  CHECK(result(twice, 1) == "duplicate");
  CHECK(f.dones().size() == 2);
}

TEST_CASE("an activity no routine imports is reported, not recorded; --routine forces one", "[import][engine]") {
  Fixture f;
  json::object reply = f.import({item(activity("running")), item(activity("", kStart + 1h))});
  REQUIRE(reply.at("ok").as_bool());
  CHECK(reply.at("unmatched").as_int64() == 2);
  CHECK(result(reply, 0) == "no-routine");
  CHECK_THAT(std::string(reply.at("results").as_array()[0].at("reason").as_string()), Contains("\"running\""));
  CHECK_THAT(std::string(reply.at("results").as_array()[1].at("reason").as_string()), Contains("--routine"));
  CHECK(f.dones().empty());

  json::object forced = f.import({item(activity("running"), "run.fit", "desk")});
  CHECK(result(forced, 0) == "recorded");
  REQUIRE(f.dones().size() == 1);
  CHECK(f.dones()[0].routine == "desk");

  // An unknown forced routine refuses the whole request.
  json::object unknown = f.import({item(activity("walking", kStart - 48h)), item(activity("walking"), "x", "swim")});
  CHECK(!unknown.at("ok").as_bool());
  CHECK(unknown.at("code") == "unknown-routine");
  CHECK(f.dones().size() == 1);
}

TEST_CASE("a dry run says what would be recorded and records nothing", "[import][engine]") {
  Fixture f;
  f.import({item(activity("walking"))});
  const auto count = f.history.count();
  json::object dry = f.import(
      {item(activity("walking")), item(activity("hiking", kStart - 24h)), item(activity("swimming", kStart - 48h))},
      true);
  REQUIRE(dry.at("ok").as_bool());
  CHECK(dry.at("dry_run").as_bool());
  CHECK(result(dry, 0) == "duplicate");
  CHECK(result(dry, 1) == "would-record");
  CHECK(result(dry, 2) == "no-routine");
  CHECK(dry.at("recorded").as_int64() == 1);
  CHECK(f.history.count() == count);
}

TEST_CASE("import refuses a bad request whole: the future, bad fields", "[import][engine]") {
  Fixture f;
  json::object future = f.import({item(activity("walking", kStart - 24h)), item(activity("walking", kNow + 1h))});
  CHECK(!future.at("ok").as_bool());
  CHECK_THAT(std::string(future.at("error").as_string()), Contains("walk.gpx") && Contains("future"));
  json::object bad = item(activity("walking"));
  bad["minutes"] = 2000;
  json::object reply = f.import({bad});
  CHECK(!reply.at("ok").as_bool());
  CHECK_THAT(std::string(reply.at("error").as_string()), Contains("activities[0]") && Contains("minutes"));
  CHECK(!f.engine->handle({{"cmd", "import"}}, kNow).at("ok").as_bool());
  CHECK(f.dones().empty());
}

TEST_CASE("activity_minutes takes the moving time, else the elapsed time, at most a day", "[import]") {
  Activity a = activity("walking");
  a.moving = Seconds{41 * 60 + 31};
  CHECK(activity_minutes(a) == 42);
  a.moving.reset();
  a.elapsed = Seconds{47 * 60};
  CHECK(activity_minutes(a) == 47);
  a.elapsed = std::chrono::hours(30);
  CHECK(activity_minutes(a) == 1440);
  std::vector<json::object> many(250, item(activity("walking")));
  const auto requests = import_requests(many, false);
  REQUIRE(requests.size() == 3);
  CHECK(requests[2].at("activities").as_array().size() == 50);
}

TEST_CASE("plan keys import (routine) and import_dir (settings)", "[import][plan]") {
  const Plan p = parse_plan(kPlan, "plan.toml");
  CHECK(p.find("walk")->import_sports == std::vector<std::string>{"walking", "Hiking"});
  CHECK(p.find("ride")->import_sports == std::vector<std::string>{"cycling"});
  CHECK(p.find("desk")->import_sports.empty());
  CHECK(p.settings.import_dir.empty());
  CHECK(parse_plan("[settings]\nimport_dir = \"~/Sync/tracker\"\n", "p").settings.import_dir == "~/Sync/tracker");
  CHECK(parse_plan("[settings]\nimport_dir = \"/srv/tracks\"\n", "p").settings.import_dir == "/srv/tracks");
  auto error = [](const std::string& text) {
    try {
      parse_plan(text, "plan.toml");
    } catch (const PlanError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error("[settings]\nimport_dir = \"Sync/tracker\"\n"),
             Contains("plan.toml:2:14") && Contains("'import_dir'") && Contains("absolute"));
  CHECK_THAT(error("[[routine]]\nid = \"w\"\nevery = \"1d\"\nimport = 3\n"),
             Contains("'import'") && Contains("sports"));
  CHECK_THAT(error("[[routine]]\nid = \"w\"\nevery = \"1d\"\nimport = [\"walking\", \" \"]\n"),
             Contains("plan.toml:4:22") && Contains("a sport"));
  CHECK_THAT(error("[[routine]]\nid = \"w\"\nevery = \"1d\"\nimprot = [\"walking\"]\n"),
             Contains("did you mean 'import'"));
}

TEST_CASE("list shows each routine's import list", "[import][engine]") {
  Fixture f;
  json::object list = f.engine->handle({{"cmd", "list"}}, kNow);
  const json::array& routines = list.at("routines").as_array();
  CHECK(routines[1].at("import") == json::array{"walking", "Hiking"});
  CHECK(routines[0].at("import").as_array().empty());
}

TEST_CASE("the report counts a week's imported sessions apart, with their own minutes", "[import][report]") {
  Fixture f;
  f.import({item(activity("walking", kStart, 47))});
  f.engine->handle({{"cmd", "done"}, {"id", "walk"}, {"at", format_iso8601(kStart + 2h)}}, kNow);
  const Plan plan = parse_plan(kPlan, "plan.toml");
  const json::object report = report_json(plan, f.history, kNow, 1);
  const json::object& walk = report.at("routines").as_array()[1].as_object();
  REQUIRE(walk.at("id") == "walk");
  const json::object& week = walk.at("weeks").as_array()[0].as_object();
  CHECK(week.at("done").as_int64() == 2);
  CHECK(week.at("imported").as_int64() == 1);
  CHECK(week.at("minutes").as_int64() == 47 + 30);
}
