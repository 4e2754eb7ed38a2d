// SPDX-License-Identifier: GPL-3.0-or-later
// The words of a schedule and a prescription (fixed for the JSON, local for
// people) and the rule beside them in replies (lib/rule_json.h), read back by
// movectl (cmd/rule.h). The tests run without a catalogue: local words are
// the msgids, which are the fixed words (test_locale.py has the German).
#include "lib/rule_json.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "cmd/report_html_checkup.h"
#include "cmd/rule.h"
#include "cmd/views.h"
#include "lib/prescription.h"
#include "lib/words.h"
#include "tests/plan_texts.h"

using namespace move;
namespace json = boost::json;

namespace {

constexpr const char* kRoutines = R"([[routine]]
id = "walk"
every = "2d"
duration = "30-60m"
window = "09:00-17:00"
on = ["mon", "wed"]
[[routine]]
id = "desk"
every = "1h"
active = true
duration = "30s"
[[routine]]
id = "pilates"
at = ["18:00", "19:30"]
lead = "30m"
on = "weekdays"
[[routine]]
id = "core"
times_per_week = 3
duration = "10m-1h"
window = "22:00-24:00"
[[routine]]
id = "once"
times_per_week = 1
[[routine]]
id = "odd"
every = "1h30m"
on = "weekends"
[[routine]]
id = "weekly"
every = "14d"
)";

Plan plan() { return parse_plan(kRoutines, "plan.toml"); }

}  // namespace

TEST_CASE("words: fixed is today's English, byte for byte", "[words]") {
  const Plan p = plan();
  CHECK(describe_schedule(*p.find("walk")) == "every 2d");
  CHECK(describe_prescription(*p.find("walk")) == "every 2d, 30–60 min, 09:00-17:00, mon, wed");
  CHECK(describe_schedule(*p.find("desk")) == "every 1h active");
  CHECK(describe_prescription(*p.find("pilates")) == "at 18:00, 19:30 (30m before), weekdays");
  CHECK(describe_prescription(*p.find("core")) == "3x a week, 10–60 min, 22:00-24:00");
  CHECK(describe_schedule(*p.find("odd")) == "every 1h30m");
  CHECK(describe_schedule(*p.find("weekly")) == "every 2w");
  const Routine staged = parse_plan(test::kStagedWalk, "plan.toml").routines.at(0);
  CHECK(describe_with_stages(staged) ==
        "every 2d, 15–20 min; from 2026-12-21: every 2d, 20–30 min; from 2027-01-18: 5x a week, 30 min");
  Routine unstarted = staged;
  unstarted.start.reset();
  CHECK(describe_with_stages(unstarted) ==
        "every 2d, 15–20 min; after 14 days: every 2d, 20–30 min; after 42 days: 5x a week, 30 min");
}

TEST_CASE("words: local ones are the fixed ones in English (their msgids)", "[words]") {
  for (const Routine& r : plan().routines) {
    CHECK(describe_schedule(r, Words::local) == describe_schedule(r));
    CHECK(describe_prescription(r, Words::local) == describe_prescription(r));
  }
  const Routine staged = parse_plan(test::kStagedWalk, "plan.toml").routines.at(0);
  CHECK(describe_with_stages(staged, std::nullopt, Words::local) == describe_with_stages(staged));
  Routine unstarted = staged;
  unstarted.start.reset();
  unstarted.stages[0].after_days = 1;  // a plural made by ngettext, not by hand
  CHECK(describe_with_stages(unstarted, std::nullopt, Words::local) ==
        "every 2d, 15–20 min; after 1 day: every 2d, 20–30 min; after 42 days: 5x a week, 30 min");
  CHECK(every_words(std::chrono::seconds{0}) == "every 0s");
  CHECK(duration_words(std::chrono::minutes{90}) == "1h30m");
  CHECK(duration_words(std::chrono::days{7}) == "1w");
  CHECK(day_words(DaySet::all()) == "every day");
  CHECK(day_words(DaySet{0x41}) == "mon, sun");
}

TEST_CASE("rule: the prescription as data, read back into the same routine", "[words][rule]") {
  const Plan p = plan();
  CHECK(json::serialize(rule_json(*p.find("walk"))) ==
        R"({"kind":"every","every_s":172800,"active":false,"duration":{"min_s":1800,"max_s":3600},)"
        R"("window":"09:00-17:00","on":["mon","wed"]})");
  CHECK(json::serialize(rule_json(*p.find("pilates"))) ==
        R"({"kind":"at","at":["18:00","19:30"],"lead_s":1800,"duration":null,"window":null,)"
        R"("on":["mon","tue","wed","thu","fri"]})");
  CHECK(json::serialize(rule_json(*p.find("once"))) ==
        R"({"kind":"times_per_week","times_per_week":1,"duration":null,"window":null,)"
        R"("on":["mon","tue","wed","thu","fri","sat","sun"]})");
  for (const Routine& r : p.routines) {
    const std::optional<Routine> back = routine_of_rule(rule_json(r));
    REQUIRE(back);
    Routine flat = r;
    flat.start.reset();
    CHECK(same_prescription(*back, flat));
  }
  const Routine staged = parse_plan(test::kStagedWalk, "plan.toml").routines.at(0);
  Routine stage = staged.stages[1].routine;  // the stage's routine keeps the start its days count from
  stage.start.reset();
  CHECK(same_prescription(*routine_of_rule(rule_json(stage)), stage));
  CHECK(rule_or_null(nullptr).is_null());
}

TEST_CASE("rule: movectl says the rule, else the text moved sent", "[words][rule]") {
  const Routine walk = *plan().find("walk");
  // The text is not what the rule says: the words must come from the rule.
  json::object o{{"schedule", "from the text"}, {"on", "text days"}, {"rule", rule_json(walk)}};
  CHECK(schedule_words(o) == "every 2d");
  CHECK(days_words(o) == "mon, wed");
  json::object change{{"from", "from the text"}, {"from_rule", rule_json(walk)}, {"to", "gone"}, {"to_rule", nullptr}};
  CHECK(prescription_words(change, "from_rule", "from") == "every 2d, 30–60 min, 09:00-17:00, mon, wed");
  CHECK(prescription_words(change, "to_rule", "to") == "not in the plan");
  // An older moved (no rule) or a rule movectl cannot read: the text.
  o.erase("rule");
  CHECK(schedule_words(o) == "from the text");
  CHECK(days_words(o) == "text days");
  for (const char* bad :
       {R"({"kind":"sometimes"})", R"({"kind":"every","every_s":"2d","on":[]})",
        R"({"kind":"at","at":["25:00"],"lead_s":0,"on":["mon"]})", R"({"kind":"every","every_s":60,"on":["someday"]})",
        R"({"kind":"every","every_s":60,"window":"all day","on":["mon"]})", "[]"}) {
    o["rule"] = json::parse(bad);
    CHECK(schedule_words(o) == "from the text");
    CHECK_FALSE(routine_of_rule(o["rule"]));
  }
}

TEST_CASE("rule: movectl list's schedule and days come from the rule", "[words][rule][views]") {
  const Routine pilates = *plan().find("pilates");
  json::object r{{"id", "pilates"},        {"title", "Pilates"},  {"schedule", "from the text"},
                 {"enabled", true},        {"on", "text days"},   {"notes", ""},
                 {"window", nullptr},      {"duration", nullptr}, {"rule", rule_json(pilates)},
                 {"import", json::array{}}};
  std::ostringstream out;
  print_list(json::object{{"ok", true}, {"plan", "plan.toml"}, {"routines", json::array{r}}}, out);
  CHECK(out.str().find("at 18:00, 19:30 (30m before)") != std::string::npos);
  CHECK(out.str().find("weekdays") != std::string::npos);
  CHECK(out.str().find("from the text") == std::string::npos);
}

TEST_CASE("rule: status's stage line and the report's changes say the rule", "[words][rule][views]") {
  const Plan p = plan();
  json::object routine{{"id", "walk"},
                       {"state", "waiting"},
                       {"next_due", nullptr},
                       {"last_done", nullptr},
                       {"done_7d", 0},
                       {"expected_7d", 1},
                       {"adherence_7d", 0},
                       {"done_28d", 0},
                       {"expected_28d", 4},
                       {"adherence_28d", 0},
                       {"streak", 0},
                       {"minutes_7d", 0},
                       {"target_minutes_7d", nullptr},
                       {"schedule", "from the text"},
                       {"rule", rule_json(*p.find("core"))},
                       {"stage", json::object{{"number", 2}, {"of", 3}, {"since", "2026-12-21"}, {"next", nullptr}}}};
  std::ostringstream out;
  print_status(
      json::object{{"ok", true}, {"paused", false}, {"paused_until", nullptr}, {"routines", json::array{routine}}},
      out);
  CHECK(out.str().find("walk: stage 2 of 3 since 2026-12-21 (3x a week), the last stage") != std::string::npos);

  const json::object reply{{"prescriptions", json::array{json::object{{"routine", "walk"},
                                                                      {"at", "2026-12-21T00:00:00+01:00"},
                                                                      {"from", "text before"},
                                                                      {"to", "text after"},
                                                                      {"from_rule", rule_json(*p.find("once"))},
                                                                      {"to_rule", nullptr}}}}};
  const std::string html = prescriptions_html(reply, "walk");
  CHECK(html.find(": 1x a week → not in the plan</p>") != std::string::npos);
  CHECK(html.find("text before") == std::string::npos);
}
