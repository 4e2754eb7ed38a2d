// SPDX-License-Identifier: GPL-3.0-or-later
// add and rm applied to a real plan file, and the request they travel in.

#include "lib/plan_file.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "lib/protocol.h"
#include "tests/temp_dir.h"

using namespace move;
namespace json = boost::json;

namespace {

constexpr const char* kPlan = R"(# my plan
[[routine]]
id = "walk"   # the long one
every = "2d"
)";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("a NewRoutine survives the trip through a request", "[plan_file]") {
  NewRoutine r;
  r.id = "yoga";
  r.title = "Yoga";
  r.at = {"18:30", "07:00"};
  r.on = "thu";
  r.duration = "1h";
  r.exercises = {"Cat-cow"};
  NewRoutine back = new_routine_from_request(request_from_new_routine(r));
  CHECK(back.id == "yoga");
  CHECK(back.title == "Yoga");
  CHECK(back.at == std::vector<std::string>{"18:30", "07:00"});
  CHECK(back.on == "thu");
  CHECK(back.duration == "1h");
  CHECK(back.exercises == std::vector<std::string>{"Cat-cow"});
  CHECK(!back.every);
  CHECK(!back.times_per_week);
  CHECK(!back.active);
}

TEST_CASE("mistyped add arguments are bad requests that name the argument", "[plan_file]") {
  auto message = [](json::object req) {
    try {
      new_routine_from_request(req);
    } catch (const ProtocolError& e) {
      CHECK(e.code() == code::kBadRequest);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(message({{"cmd", "add"}}) == "missing argument \"id\"");
  CHECK(message({{"cmd", "add"}, {"id", "x"}, {"at", "18:00"}}) == "argument \"at\" must be a list of strings");
  CHECK(message({{"cmd", "add"}, {"id", "x"}, {"at", json::array{1}}}) == "argument \"at\" must be a list of strings");
  CHECK(message({{"cmd", "add"}, {"id", "x"}, {"times_per_week", 8}}) == "argument \"times_per_week\" must be 1 to 7");
  CHECK(message({{"cmd", "add"}, {"id", "x"}, {"active", "yes"}}) == "argument \"active\" must be true or false");
}

TEST_CASE("add and rm edit the file, keep the rest byte for byte, and return the new plan", "[plan_file]") {
  test::TempDir dir;
  const auto file = dir.path / "plan.toml";
  std::ofstream(file) << kPlan;
  NewRoutine r;
  r.id = "core";
  r.title = "Core";
  r.times_per_week = 3;
  EditedPlan added = add_to_plan_file(file, r);
  CHECK(added.text == slurp(file));
  CHECK(added.text.rfind(kPlan, 0) == 0);  // what was there is untouched
  REQUIRE(added.plan.routines.size() == 2);
  CHECK(added.plan.find("core")->times_per_week == 3);

  EditedPlan removed = remove_from_plan_file(file, "core");
  CHECK(slurp(file) == kPlan);
  CHECK(removed.plan.routines.size() == 1);
}

TEST_CASE("a refused edit writes nothing", "[plan_file]") {
  test::TempDir dir;
  const auto file = dir.path / "plan.toml";
  std::ofstream(file) << kPlan;
  NewRoutine dup;
  dup.id = "walk";
  dup.every = "1d";
  CHECK_THROWS_AS(add_to_plan_file(file, dup), PlanEditError);
  NewRoutine bad;
  bad.id = "x";
  bad.every = "2x";
  CHECK_THROWS_AS(add_to_plan_file(file, bad), PlanError);
  CHECK_THROWS_AS(remove_from_plan_file(file, "nope"), PlanEditError);
  CHECK(slurp(file) == kPlan);
  CHECK_THROWS_AS(add_to_plan_file(dir.path / "missing.toml", dup), PlanError);
}
