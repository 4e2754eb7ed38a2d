// SPDX-License-Identifier: GPL-3.0-or-later
// The engine with a real SQLite history and a fake notifier at the seam.

#include "lib/engine.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <sstream>

#include "cmd/views.h"
#include "lib/local_time.h"
#include "tests/engine_fixture.h"
#include "tests/temp_dir.h"
#include "tests/tz_guard.h"

using namespace move;
using namespace move::test;
using namespace std::chrono_literals;
namespace json = boost::json;

TEST_CASE("the engine fires once when due, suggests exercises in turn and repeats after the snooze length",
          "[engine]") {
  Fixture f("2026-11-26 09:00");
  REQUIRE(f.engine->next_wake(at("2026-11-26 09:00")) == at("2026-11-26 10:00"));
  f.engine->fire_due(at("2026-11-26 09:59"));
  REQUIRE(f.notifier.shown.empty());
  f.engine->fire_due(at("2026-11-26 10:00"));
  REQUIRE(f.notifier.shown.size() == 1);
  REQUIRE(f.notifier.shown[0].summary == "Get up");
  REQUIRE(f.notifier.shown[0].body == "3–5 min\nTry: Calf raises");
  REQUIRE(f.notifier.shown[0].fallback_hint == "Run: movectl done desk  (or snooze, skip)");
  f.engine->fire_due(at("2026-11-26 10:00"));
  REQUIRE(f.notifier.shown.size() == 1);  // once per occurrence
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:00")) == at("2026-11-26 10:10"));
  f.engine->fire_due(at("2026-11-26 10:10"));
  REQUIRE(f.notifier.shown.size() == 2);
  REQUIRE(f.notifier.shown[1].body == "3–5 min\nTry: Stretch");
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"due", "due"});
  REQUIRE(f.events.back().at("event") == "due");
}

TEST_CASE("done withdraws the reminder, records the dose and restarts the interval", "[engine]") {
  Fixture f("2026-11-26 09:00");
  f.engine->fire_due(at("2026-11-26 10:00"));
  f.engine->on_action("desk", "done", at("2026-11-26 10:03"));
  REQUIRE(f.notifier.withdrawn == std::vector<std::string>{"desk"});
  auto done = f.history.last("desk", {EventKind::done});
  REQUIRE(done);
  REQUIRE(done->minutes == 3);
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:03")) == at("2026-11-26 11:03"));
  auto status = f.call({{"cmd", "status"}, {"id", "desk"}}, at("2026-11-26 10:04"));
  REQUIRE(status.at("routines").as_array()[0].at("state") == "waiting");
}

TEST_CASE("a restart continues from the history", "[engine]") {
  Fixture f("2026-11-26 09:00");
  REQUIRE(f.call({{"cmd", "done"}, {"id", "desk"}, {"minutes", 4}}, at("2026-11-26 09:30")).at("ok") == true);
  f.engine.reset();
  f.open(at("2026-11-26 12:00"), kPlan);
  // Down from 09:30 to 12:00: one reminder now, not one per missed hour.
  REQUIRE(f.engine->next_wake(at("2026-11-26 12:00")) == at("2026-11-26 12:00"));
  f.engine->fire_due(at("2026-11-26 12:00"));
  REQUIRE(f.notifier.shown.size() == 1);
  REQUIRE(f.engine->next_wake(at("2026-11-26 12:00")) == at("2026-11-26 12:10"));
}

TEST_CASE("pause holds reminders back and resume gives one per overdue routine", "[engine]") {
  Fixture f("2026-11-26 09:00");
  REQUIRE(f.call({{"cmd", "pause"}}, at("2026-11-26 09:30")).at("ok") == true);
  REQUIRE(f.engine->next_wake(at("2026-11-26 09:30")) == std::nullopt);
  f.engine->fire_due(at("2026-11-26 13:00"));
  REQUIRE(f.notifier.shown.empty());
  f.call({{"cmd", "resume"}}, at("2026-11-26 13:00"));
  f.engine->fire_due(at("2026-11-26 13:00"));
  REQUIRE(f.notifier.shown.size() == 1);

  // A timed pause ends by itself.
  f.call({{"cmd", "pause"}, {"duration", "30m"}}, at("2026-11-26 13:05"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 13:05")) == at("2026-11-26 13:35"));
  f.engine->fire_due(at("2026-11-26 13:35"));
  REQUIRE_FALSE(f.engine->paused());
  REQUIRE(f.notifier.shown.size() == 2);
}

TEST_CASE("a pause outlives a restart of moved, until it runs out or is ended", "[engine]") {
  Fixture f("2026-11-26 09:00");
  auto restart = [&](const char* now) {
    f.engine.reset();
    f.open(at(now), kPlan);
  };
  REQUIRE(f.call({{"cmd", "pause"}, {"duration", "2h"}}, at("2026-11-26 09:00")).at("ok") == true);
  restart("2026-11-26 10:00");
  REQUIRE(f.engine->paused());
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:00")) == at("2026-11-26 11:00"));
  restart("2026-11-26 11:30");  // it ran out while moved was down
  REQUIRE_FALSE(f.engine->paused());

  f.call({{"cmd", "pause"}}, at("2026-11-26 11:40"));  // until resumed
  restart("2026-11-27 08:00");
  REQUIRE(f.engine->paused());
  REQUIRE(f.call({{"cmd", "status"}}, at("2026-11-27 08:00")).at("paused_until").is_null());
  f.call({{"cmd", "resume"}}, at("2026-11-27 08:05"));
  restart("2026-11-27 08:10");
  REQUIRE_FALSE(f.engine->paused());

  // The record shows the pauses, for a check-up.
  std::vector<std::string> record;
  for (const Event& e : f.history.list({std::string(), {}, {}, {}, {}}))
    record.push_back(std::string(to_string(e.kind)) + (e.value ? " " + std::to_string(*e.value) : ""));
  REQUIRE(record == std::vector<std::string>{"paused 7200", "paused", "resumed"});
  auto json = f.call({{"cmd", "history"}, {"kind", "paused"}}, at("2026-11-27 08:10")).at("events").as_array();
  REQUIRE(json.at(0).at("seconds") == 7200);

  // history narrowed by until (exclusive) and kind (one or a list).
  auto kinds = [&](json::object request) {
    request["cmd"] = "history";
    json::object r = f.call(request, at("2026-11-27 08:10"));
    REQUIRE(r.at("ok") == true);
    std::vector<std::string> out;
    for (const json::value& e : r.at("events").as_array()) out.emplace_back(e.at("kind").as_string());
    return out;
  };
  REQUIRE(kinds({{"kind", "resumed"}}) == std::vector<std::string>{"resumed"});
  REQUIRE(kinds({{"kind", json::array{"paused", "resumed"}}}) ==
          std::vector<std::string>{"paused", "paused", "resumed"});
  REQUIRE(kinds({{"kind", "paused"}, {"until", "2026-11-26T11:40:00+01:00"}}) == std::vector<std::string>{"paused"});
  json::object bad = f.call({{"cmd", "history"}, {"kind", "pasued"}}, at("2026-11-27 08:10"));
  REQUIRE(bad.at("ok") == false);
  REQUIRE(std::string(bad.at("error").as_string()).find("did you mean \"paused\"") != std::string::npos);
}

TEST_CASE("snooze and skip", "[engine]") {
  Fixture f("2026-11-26 09:00");
  f.engine->fire_due(at("2026-11-26 10:00"));
  auto r = f.call({{"cmd", "snooze"}, {"id", "desk"}, {"duration", "25m"}}, at("2026-11-26 10:01"));
  REQUIRE(r.at("until") == "2026-11-26T10:26:00+01:00");
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:01")) == at("2026-11-26 10:26"));
  auto s = f.call({{"cmd", "status"}, {"id", "desk"}}, at("2026-11-26 10:02"));
  REQUIRE(s.at("routines").as_array()[0].at("state") == "snoozed");
  f.call({{"cmd", "skip"}, {"id", "desk"}, {"note", "meeting"}}, at("2026-11-26 10:05"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:05")) == at("2026-11-26 11:05"));
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"due", "snoozed", "skipped"});
  REQUIRE(f.history.last("desk", {EventKind::skipped})->note == "meeting");
}

TEST_CASE("bad requests get error codes and change nothing", "[engine]") {
  Fixture f("2026-11-26 09:00");
  auto code = [&](json::object req) { return std::string(f.call(req, at("2026-11-26 09:10")).at("code").as_string()); };
  REQUIRE(code({{"cmd", "fly"}}) == "unknown-command");
  REQUIRE(code({{"cmd", "done"}, {"id", "nope"}}) == "unknown-routine");
  REQUIRE(code({{"cmd", "done"}}) == "bad-request");
  REQUIRE(code({{"cmd", "done"}, {"id", "walk"}, {"minutes", -5}}) == "bad-request");
  REQUIRE(code({{"cmd", "done"}, {"id", "walk"}, {"at", "tomorrow"}}) == "bad-request");
  REQUIRE(code({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-27T09:00:00+01:00"}}) == "bad-request");
  REQUIRE(code({{"cmd", "snooze"}, {"id", "walk"}, {"duration", "ten"}}) == "bad-request");
  REQUIRE(code({{"cmd", "pain"}, {"level", 11}}) == "bad-request");
  REQUIRE(code({{"cmd", "next"}, {"count", 0}}) == "bad-request");
  REQUIRE(f.recorded() == 0);
}

TEST_CASE("a backfilled done counts on its day", "[engine]") {
  Fixture f("2026-11-26 09:00");
  auto r = f.call({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-25T18:00:00+01:00"}, {"minutes", 45}},
                  at("2026-11-26 09:10"));
  REQUIRE(r.at("ok") == true);
  auto s = f.call({{"cmd", "status"}, {"id", "walk"}}, at("2026-11-26 09:11")).at("routines").as_array()[0];
  REQUIRE(s.at("last_done") == "2026-11-25T18:00:00+01:00");
  REQUIRE(s.at("done_7d") == 1);
  REQUIRE(s.at("minutes_7d") == 45);
  REQUIRE(s.at("next_due") == "2026-11-27T18:00:00+01:00");
}

TEST_CASE("status follows completions made after it first read the history", "[engine]") {
  Fixture f("2026-11-26 09:00");
  f.call({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-20T18:00:00+01:00"}, {"minutes", 30}},
         at("2026-11-26 09:01"));
  auto walk = [&](const char* now) {
    return f.call({{"cmd", "status"}, {"id", "walk"}}, at(now)).at("routines").as_array()[0];
  };
  REQUIRE(walk("2026-11-26 09:02").at("done_7d") == 1);
  // After that first status: a live done, then a backfill older than both.
  f.call({{"cmd", "done"}, {"id", "walk"}, {"minutes", 40}}, at("2026-11-26 09:03"));
  f.call({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-10-30T18:00:00+01:00"}, {"minutes", 50}},
         at("2026-11-26 09:04"));
  auto s = walk("2026-11-26 09:05");
  REQUIRE(s.at("done_7d") == 2);
  REQUIRE(s.at("minutes_7d") == 70);
  REQUIRE(s.at("done_28d") == 3);  // 30 October is 27 days and 15 hours back
  // The same figures as an engine that reads it all from the file.
  f.engine.reset();
  f.open(at("2026-11-26 09:05"), kPlan);
  REQUIRE(walk("2026-11-26 09:05") == s);
}

TEST_CASE("reminders due together are all shown before any is recorded", "[engine]") {
  Fixture f("2026-11-26 09:00", std::string(kPlan) + "\n[[routine]]\nid = \"neck\"\nevery = \"1h\"\n");
  std::vector<std::int64_t> stored_at_show;
  f.notifier.on_show = [&] { stored_at_show.push_back(f.recorded()); };
  f.engine->fire_due(at("2026-11-26 10:00"));
  REQUIRE(f.notifier.shown.size() == 2);
  REQUIRE(f.notifier.shown[0].routine == "desk");
  REQUIRE(f.notifier.shown[1].routine == "neck");
  REQUIRE(stored_at_show == std::vector<std::int64_t>{0, 0});
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"due"});
  REQUIRE(f.kinds("neck") == std::vector<std::string>{"due"});
  REQUIRE(f.events.size() == 2);
  REQUIRE(f.events[1].at("routine") == "neck");
}

TEST_CASE("reload: an invalid plan is refused whole and the running plan stays", "[engine]") {
  Fixture f("2026-11-26 09:00");
  f.write(std::string(kPlan) + "\n[[routine]]\nid = \"core\"\nevry = \"1d\"\n");
  auto r = f.call({{"cmd", "reload"}}, at("2026-11-26 09:05"));
  REQUIRE(r.at("code") == "invalid-plan");
  REQUIRE_THAT(std::string(r.at("error").as_string()),
               Catch::EndsWith("plan.toml:19:1: unknown key 'evry' in routine 'core' (did you mean 'every'?)"));
  REQUIRE(f.engine->plan().routines.size() == 2);

  f.write("[[routine]]\nid = \"walk\"\nevery = \"1d\"\n");
  r = f.call({{"cmd", "reload"}}, at("2026-11-26 09:06"));
  REQUIRE(r.at("ok") == true);
  REQUIRE(r.at("changed") == true);
  REQUIRE(f.engine->plan().routines.size() == 1);
  // The notification about the refused file goes, and the routine that left.
  REQUIRE(f.notifier.withdrawn == std::vector<std::string>{std::string(kPlanNotification), "desk"});
  REQUIRE(f.call({{"cmd", "reload"}}, at("2026-11-26 09:07")).at("changed") == false);
}

TEST_CASE("next lists upcoming reminders in time order", "[engine]") {
  Fixture f("2026-11-26 09:00");
  auto r = f.call({{"cmd", "next"}, {"count", 3}}, at("2026-11-26 09:00"));
  auto& next = r.at("next").as_array();
  REQUIRE(next.size() == 3);
  REQUIRE(next[0].at("at") == "2026-11-26T10:00:00+01:00");
  REQUIRE(next[1].at("at") == "2026-11-26T11:00:00+01:00");
  REQUIRE(next[2].at("in_s") == 3 * 3600);
}

TEST_CASE("next merges the routines' reminders by time, ties in plan order", "[engine]") {
  Fixture f("2026-11-26 09:00", "[[routine]]\nid = \"b\"\nevery = \"2h\"\n\n[[routine]]\nid = \"a\"\nevery = \"3h\"\n");
  auto r = f.call({{"cmd", "next"}, {"count", 5}}, at("2026-11-26 09:00"));
  std::vector<std::string> got;
  for (const auto& n : r.at("next").as_array())
    got.push_back(std::string(n.at("id").as_string()) + "@" + std::string(n.at("at").as_string()).substr(11, 5));
  REQUIRE(got == std::vector<std::string>{"b@11:00", "a@12:00", "b@13:00", "b@15:00", "a@15:00"});
}

namespace {
constexpr const char* kDeskPlan = R"([[routine]]
id = "desk"
every = "1h"
active = true
duration = "3-5m"
)";
}  // namespace

TEST_CASE("away time does not count toward an active routine", "[engine][presence]") {
  Fixture f("2026-11-26 09:00", kDeskPlan);
  f.engine->on_presence(Presence::idle, at("2026-11-26 09:20"), at("2026-11-26 09:22"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 09:22")) == std::nullopt);  // held back while away
  f.engine->fire_due(at("2026-11-26 10:00"));
  REQUIRE(f.notifier.shown.empty());
  // Back after 2 minutes: less than the 3 minute dose, not a break.
  f.engine->on_presence(Presence::active, at("2026-11-26 09:22"), at("2026-11-26 09:22"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 09:22")) == at("2026-11-26 10:02"));
  auto s = f.call({{"cmd", "status"}}, at("2026-11-26 09:30")).at("routines").as_array()[0];
  REQUIRE(s.at("active_s") == 28 * 60);
  REQUIRE(f.kinds("desk").empty());
}

TEST_CASE("desk time is not counted while moved was down", "[engine][presence]") {
  Fixture f("2026-11-26 09:00", kDeskPlan);
  f.call({{"cmd", "done"}, {"id", "desk"}}, at("2026-11-26 17:00"));
  f.engine.reset();  // the computer is off for the night
  f.open(at("2026-11-27 08:00"), kDeskPlan);
  REQUIRE(f.engine->next_wake(at("2026-11-27 08:00")) == at("2026-11-27 09:00"));
  auto s = f.call({{"cmd", "status"}}, at("2026-11-27 08:30")).at("routines").as_array()[0];
  REQUIRE(s.at("active_s") == 30 * 60);
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"done"});  // no break made up
}

TEST_CASE("an absence as long as the dose is a natural break", "[engine][presence]") {
  Fixture f("2026-11-26 09:00", kDeskPlan);
  f.engine->fire_due(at("2026-11-26 10:00"));
  f.call({{"cmd", "snooze"}, {"id", "desk"}}, at("2026-11-26 10:01"));
  f.notifier.withdrawn.clear();
  f.engine->on_presence(Presence::locked, at("2026-11-26 10:05"), at("2026-11-26 10:05"));
  f.engine->on_presence(Presence::active, at("2026-11-26 10:12"), at("2026-11-26 10:12"));
  REQUIRE(f.kinds("desk") == std::vector<std::string>{"due", "snoozed", "natural"});
  auto natural = f.history.last("desk", {EventKind::natural});
  REQUIRE(natural->at == at("2026-11-26 10:12"));
  REQUIRE(natural->minutes == 7);
  REQUIRE(f.notifier.withdrawn == std::vector<std::string>{"desk"});  // the snoozed one is closed
  // Not due right after coming back: a fresh hour.
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:12")) == at("2026-11-26 11:12"));
  auto s = f.call({{"cmd", "status"}}, at("2026-11-26 10:30")).at("routines").as_array()[0];
  REQUIRE(s.at("state") == "waiting");
  REQUIRE(s.at("active_s") == 18 * 60);
  REQUIRE(s.at("longest_sitting_s") == 65 * 60);  // 09:00 to 10:05
  REQUIRE(s.at("done_7d") == 1);
}

TEST_CASE("sleep is an absence too; one reminder after a short one", "[engine][presence]") {
  Fixture f("2026-11-26 09:00", kDeskPlan);
  f.engine->on_presence(Presence::asleep, at("2026-11-26 09:59"), at("2026-11-26 09:59"));
  f.engine->on_presence(Presence::active, at("2026-11-26 10:01"), at("2026-11-26 10:01"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:01")) == at("2026-11-26 10:02"));
  f.engine->fire_due(at("2026-11-26 10:05"));
  f.engine->fire_due(at("2026-11-26 10:05"));
  REQUIRE(f.notifier.shown.size() == 1);
}

TEST_CASE("status shows the week's average pain beside activity", "[engine]") {
  Fixture f("2026-11-26 09:00");
  REQUIRE(f.call({{"cmd", "status"}}, at("2026-11-26 09:00")).at("pain_7d").is_null());
  f.call({{"cmd", "pain"}, {"level", 4}}, at("2026-11-26 09:00"));
  f.call({{"cmd", "pain"}, {"level", 3}, {"note", "after the walk"}}, at("2026-11-26 19:00"));
  REQUIRE(f.call({{"cmd", "status"}}, at("2026-11-26 19:00")).at("pain_7d") == 3.5);
  REQUIRE(f.call({{"cmd", "status"}}, at("2026-12-03 10:00")).at("pain_7d") == 3.0);
}

TEST_CASE("engine error messages, pinned as people read them", "[engine][errors]") {
  Fixture f("2026-11-26 09:00");
  auto error = [&](json::object req) {
    json::object reply = f.call(req, at("2026-11-26 09:10"));
    REQUIRE(reply.at("ok") == false);
    return std::string(reply.at("code").as_string()) + ": " + std::string(reply.at("error").as_string());
  };
  CHECK(error({{"cmd", "stauts"}}) == "unknown-command: unknown command \"stauts\" (did you mean \"status\"?)");
  CHECK(error({{"cmd", "fly"}}) == "unknown-command: unknown command \"fly\"");
  CHECK(error({{"cmd", "watch"}}) == "bad-request: \"watch\" is answered by moved's connection, not here");
  CHECK(error({{"cmd", "done"}, {"id", "nope"}}) == "unknown-routine: no routine \"nope\" in the plan");
  CHECK(error({{"cmd", "done"}, {"id", "wakl"}}) ==
        "unknown-routine: no routine \"wakl\" in the plan (did you mean \"walk\"?)");
  CHECK(error({{"cmd", "done"}}) == "bad-request: missing argument \"id\"");
  CHECK(error({{"cmd", "done"}, {"id", 5}}) == "bad-request: argument \"id\" must be a string");
  CHECK(error({{"cmd", "done"}, {"id", "walk"}, {"minutes", -5}}) ==
        "bad-request: argument \"minutes\" must be 0 to 1440");
  CHECK(error({{"cmd", "done"}, {"id", "walk"}, {"at", "tomorrow"}}) ==
        "bad-request: argument \"at\" must be a date and time such as \"2026-11-26T18:00:00+01:00\", got \"tomorrow\"");
  CHECK(error({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-27T09:00:00+01:00"}}) ==
        "bad-request: argument \"at\" is in the future: 2026-11-27T09:00:00+01:00");
  CHECK(error({{"cmd", "snooze"}, {"id", "walk"}, {"duration", "ten"}}) ==
        "bad-request: argument \"duration\" must be a duration such as \"10m\" or \"1h30m\", got \"ten\"");
  CHECK(error({{"cmd", "pain"}, {"level", 11}}) == "bad-request: argument \"level\" must be 0 to 10");
  CHECK(error({{"cmd", "next"}, {"count", 0}}) == "bad-request: argument \"count\" must be 1 to 1000");
  CHECK(error({{"cmd", "rm"}, {"id", "nope"}}) == "unknown-routine: no routine 'nope' in the plan");
  f.write("[[routine]]\nid = \"walk\"\nevry = \"2d\"\n");
  CHECK(error({{"cmd", "reload"}}) ==
        "invalid-plan: " + f.plan_file.string() + ":3:1: unknown key 'evry' in routine 'walk' (did you mean 'every'?)");
}

TEST_CASE("an unexpected exception inside a command is 'internal' and is logged with the command", "[engine][errors]") {
  Fixture f("2026-11-26 09:00");
  std::vector<std::string> log;
  f.engine->on_error = [&](const std::string& m) { log.push_back(m); };
  // A bug in whatever the engine calls: here the listener of its events.
  f.engine->on_event = [](const json::object&) { throw std::logic_error("listener broke"); };
  json::object reply = f.call({{"cmd", "done"}, {"id", "walk"}}, at("2026-11-26 09:10"));
  CHECK(reply == json::object{{"ok", false}, {"error", "internal error: listener broke"}, {"code", "internal"}});
  REQUIRE(log == std::vector<std::string>{"internal error in 'done': listener broke"});
  // A typed error is an answer, not a bug: no log line.
  f.call({{"cmd", "done"}, {"id", "nope"}}, at("2026-11-26 09:11"));
  CHECK(log.size() == 1);
}

TEST_CASE("an argument a command does not take is refused, with 'did you mean'", "[engine][errors]") {
  Fixture f("2026-11-26 09:00");
  auto error = [&](json::object req) {
    json::object reply = f.call(req, at("2026-11-26 09:10"));
    REQUIRE(reply.at("ok") == false);
    CHECK(reply.at("code") == "bad-request");
    return std::string(reply.at("error").as_string());
  };
  CHECK(error({{"cmd", "done"}, {"id", "walk"}, {"minute", 45}}) ==
        "unknown argument \"minute\" for \"done\" (did you mean \"minutes\"?)");
  CHECK(error({{"cmd", "pause"}, {"durration", "1h"}}) ==
        "unknown argument \"durration\" for \"pause\" (did you mean \"duration\"?)");
  CHECK(error({{"cmd", "resume"}, {"now", true}}) == "unknown argument \"now\" for \"resume\" (it takes none)");
  CHECK(error({{"cmd", "status"}, {"colour", "red"}}) == "unknown argument \"colour\" for \"status\"");
  // Nothing was recorded or changed by the refused ones.
  CHECK(f.recorded() == 0);
  CHECK_FALSE(f.engine->paused());
  // Every argument movectl sends is one the command takes.
  CHECK(f.call({{"cmd", "done"}, {"id", "walk"}, {"minutes", 45}, {"at", nullptr}, {"note", nullptr}},
               at("2026-11-26 09:10"))
            .at("ok") == true);
}

TEST_CASE("dates before 1970 and offsets no zone has are refused", "[engine][errors]") {
  Fixture f("2026-11-26 09:00");
  for (const char* bad : {"2026-11-26T08:00:00+99:99", "2026-11-26T08:00:00+14:30", "2026-11-26T08:00:00-12:30",
                          "2026-11-26T08:00:00+01:60", "0000-01-01T00:00:00Z", "1969-12-31T23:00:00Z"}) {
    INFO(bad);
    CHECK(f.call({{"cmd", "done"}, {"id", "walk"}, {"at", bad}}, at("2026-11-26 09:10")).at("code") == "bad-request");
  }
  CHECK(f.recorded() == 0);
  CHECK(
      f.call({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-25T08:00:00+14:00"}}, at("2026-11-26 09:10")).at("ok") ==
      true);
  CHECK(
      f.call({{"cmd", "done"}, {"id", "walk"}, {"at", "2026-11-25T08:00:00-12:00"}}, at("2026-11-26 09:10")).at("ok") ==
      true);
}

TEST_CASE("after the clock was set back, reminders do not stall for the size of the jump", "[engine][clock]") {
  Fixture f("2026-11-29 09:00");  // booted three days ahead
  f.engine->fire_due(at("2026-11-29 10:00"));
  REQUIRE(f.notifier.shown.size() == 1);
  // NTP sets the clock back: the loop wakes (cancel-on-set) and fires.
  f.engine->fire_due(at("2026-11-26 10:00"));
  REQUIRE(f.engine->next_wake(at("2026-11-26 10:00")) == at("2026-11-26 11:00"));
  f.engine->fire_due(at("2026-11-26 11:00"));
  REQUIRE(f.notifier.shown.size() == 2);
  auto status = f.call({{"cmd", "status"}, {"id", "walk"}}, at("2026-11-26 11:00"));
  REQUIRE(status.at("routines").as_array()[0].at("next_due") == "2026-11-28T10:00:00+01:00");
}

TEST_CASE("reload: an empty or truncated plan is refused, [settings] alone is taken", "[engine]") {
  Fixture f("2026-11-26 09:00");
  f.write("# truncated\n");
  REQUIRE_THROWS_WITH(f.engine->reload(at("2026-11-26 09:01")), Catch::Contains(":1:1: the plan is empty"));
  REQUIRE(f.engine->plan().routines.size() == 2);  // the running plan stays
  f.write("[settings]\n");
  REQUIRE(f.engine->reload(at("2026-11-26 09:02")));
  REQUIRE(f.engine->plan().routines.empty());
}

TEST_CASE("status names quiet hours in force; next names what is due now and the pause", "[engine][status]") {
  std::string plan = kPlan;
  plan.replace(plan.find("snooze = \"10m\""), 14, "snooze = \"10m\"\nquiet_hours = \"22:00-07:30\"");
  Fixture f("2026-11-30 21:00", plan);  // Monday; 31 November does not exist: a month end ahead
  auto s = f.call({{"cmd", "status"}}, at("2026-11-30 23:10"));
  CHECK(s.at("quiet_hours") == "22:00-07:30");
  CHECK(s.at("quiet_until") == "2026-12-01T07:30:00+01:00");
  CHECK(f.call({{"cmd", "status"}}, at("2026-12-01 07:30")).at("quiet_until").is_null());
  CHECK(f.call({{"cmd", "status"}}, at("2026-12-01 06:00")).at("quiet_until") == "2026-12-01T07:30:00+01:00");
  // Across the end of summer time (25 October 2026): quiet until 07:30 winter time.
  CHECK(f.call({{"cmd", "status"}}, at("2026-10-25 01:30")).at("quiet_until") == "2026-10-25T07:30:00+01:00");

  f.engine->fire_due(at("2026-12-01 10:00"));
  auto n = f.call({{"cmd", "next"}}, at("2026-12-01 10:01"));
  CHECK(n.at("due") == json::array{"desk"});
  f.call({{"cmd", "done"}, {"id", "desk"}}, at("2026-12-01 10:02"));
  CHECK(f.call({{"cmd", "next"}}, at("2026-12-01 10:03")).at("due") == json::array{});
  f.call({{"cmd", "pause"}, {"duration", "1h"}}, at("2026-12-01 10:05"));
  CHECK(f.call({{"cmd", "next"}}, at("2026-12-01 10:06")).at("paused_until") == "2026-12-01T11:05:00+01:00");
  CHECK(f.call({{"cmd", "resume"}}, at("2026-12-01 10:07")).at("was_paused") == true);
  CHECK(f.call({{"cmd", "resume"}}, at("2026-12-01 10:08")).at("was_paused") == false);
}

TEST_CASE("a refused hand edit: one notification naming file:line:col, and status says why", "[engine][reload]") {
  Fixture f("2026-11-26 09:00");
  f.write(std::string(kPlan) + "\n[[routine]]\nid = \"core\"\nevry = \"1d\"\n");
  auto bad = f.call({{"cmd", "reload"}}, at("2026-11-26 09:01"));
  REQUIRE(bad.at("ok") == false);
  f.call({{"cmd", "reload"}}, at("2026-11-26 09:02"));  // again, e.g. SIGHUP: no second notification
  std::vector<Notification> about_plan;
  for (const Notification& n : f.notifier.shown)
    if (n.routine == kPlanNotification) about_plan.push_back(n);
  REQUIRE(about_plan.size() == 1);
  CHECK_FALSE(about_plan[0].actions);
  CHECK(about_plan[0].body.find(f.plan_file.string() + ":19:1: unknown key 'evry'") != std::string::npos);
  auto s = f.call({{"cmd", "status"}}, at("2026-11-26 09:03"));
  REQUIRE(s.at("plan_error").is_string());
  CHECK(std::string(s.at("plan_error").as_string()).find(":19:1: unknown key 'evry'") != std::string::npos);
  CHECK(s.at("routines").as_array().size() == 2);  // the previous plan runs

  f.write(std::string(kPlan) + "\n[[routine]]\nid = \"core\"\nevery = \"1d\"\n");
  REQUIRE(f.call({{"cmd", "reload"}}, at("2026-11-26 09:04")).at("ok") == true);
  CHECK(f.call({{"cmd", "status"}}, at("2026-11-26 09:05")).at("plan_error").is_null());
  CHECK(std::count(f.notifier.withdrawn.begin(), f.notifier.withdrawn.end(), std::string(kPlanNotification)) == 1);
}

TEST_CASE("a dose under a minute is never recorded as 0 minutes", "[engine][dose]") {
  std::string plan = std::string(kPlan) + "\n[[routine]]\nid = \"breathe\"\nevery = \"1h\"\nduration = \"30s\"\n";
  Fixture f("2026-11-26 09:00", plan);
  auto r = f.call({{"cmd", "done"}, {"id", "breathe"}}, at("2026-11-26 09:10"));
  CHECK(r.at("event").at("minutes") == 1);
  auto d = f.call({{"cmd", "done"}, {"id", "desk"}}, at("2026-11-26 09:11"));
  CHECK(d.at("event").at("minutes") == 3);
  auto list = f.call({{"cmd", "list"}}, at("2026-11-26 09:12")).at("routines").as_array();
  CHECK(list.at(2).at("duration").at("min_s") == 30);
  std::ostringstream out;
  print_list(f.call({{"cmd", "list"}}, at("2026-11-26 09:12")), out);
  std::istringstream lines(out.str());
  std::string breathe;
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("breathe", 0) == 0) breathe = line;
  CHECK(breathe.find("30s") != std::string::npos);
  CHECK(breathe.find(" 0 min") == std::string::npos);
}
