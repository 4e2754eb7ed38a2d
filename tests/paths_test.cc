// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/paths.h"

#include <catch2/catch.hpp>

#include <map>

using namespace move;
using Env = std::map<std::string, std::string, std::less<>>;

namespace {

EnvLookup fake(Env env) {
  return [env = std::move(env)](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("plan path", "[paths]") {
  CHECK(plan_path(fake({{"HOME", "/home/ann"}})) == "/home/ann/.config/move/plan.toml");
  CHECK(plan_path(fake({{"HOME", "/home/ann"}, {"XDG_CONFIG_HOME", "/cfg"}})) == "/cfg/move/plan.toml");
  CHECK(plan_path(fake({{"HOME", "/home/ann"}, {"XDG_CONFIG_HOME", ""}})) == "/home/ann/.config/move/plan.toml");
  // The XDG spec: a relative path is invalid and ignored.
  CHECK(plan_path(fake({{"HOME", "/home/ann"}, {"XDG_CONFIG_HOME", "cfg"}})) == "/home/ann/.config/move/plan.toml");
  CHECK(plan_path(fake({{"XDG_CONFIG_HOME", "/cfg"}, {"MOVE_PLAN", "/p/plan.toml"}})) == "/p/plan.toml");
  CHECK(plan_path(fake({{"MOVE_PLAN", ""}, {"XDG_CONFIG_HOME", "/cfg"}})) == "/cfg/move/plan.toml");
  CHECK(plan_path(fake({{"MOVE_PLAN", "/p/plan.toml"}}), "my.toml") == "my.toml");
  CHECK(plan_path(fake({{"MOVE_PLAN", "/p/plan.toml"}}), std::filesystem::path()) == "/p/plan.toml");
}

TEST_CASE("socket path", "[paths]") {
  CHECK(socket_path(fake({{"HOME", "/home/ann"}}), 1000) == "/tmp/move-1000/moved.sock");
  CHECK(socket_path(fake({{"XDG_RUNTIME_DIR", ""}}), 1000) == "/tmp/move-1000/moved.sock");
  CHECK(socket_path(fake({{"XDG_RUNTIME_DIR", "/run/user/1000"}}), 1000) == "/run/user/1000/move/moved.sock");
  CHECK(socket_path(fake({{"XDG_RUNTIME_DIR", "/run/user/1000"}, {"MOVE_SOCKET", "/s.sock"}}), 1000) == "/s.sock");
  CHECK(socket_path(fake({{"MOVE_SOCKET", "/s.sock"}}), 1000, "/opt.sock") == "/opt.sock");
}

TEST_CASE("state dir", "[paths]") {
  CHECK(state_dir(fake({{"HOME", "/home/ann"}})) == "/home/ann/.local/state/move");
  CHECK(state_dir(fake({{"HOME", "/home/ann"}, {"XDG_STATE_HOME", "/st"}})) == "/st/move");
  CHECK(state_dir(fake({{"XDG_STATE_HOME", "/st"}, {"MOVE_STATE_DIR", "/m"}})) == "/m");
  CHECK(state_dir(fake({{"MOVE_STATE_DIR", "/m"}}), "/o") == "/o");
}

TEST_CASE("no HOME and no XDG variable", "[paths]") {
  CHECK_THROWS_WITH(plan_path(fake({})),
                    "cannot find a home for move's files: neither XDG_CONFIG_HOME nor HOME is set");
  CHECK_THROWS_WITH(state_dir(fake({})), "cannot find a home for move's files: neither XDG_STATE_HOME nor HOME is set");
  CHECK_THROWS_AS(state_dir(fake({})), PathError);
}

TEST_CASE("the process environment", "[paths]") {
  // Always some home, from HOME or the password database.
  auto home = process_env()("HOME");
  REQUIRE(home);
  CHECK(!home->empty());
  CHECK(process_env()("MOVE_SURELY_UNSET_VARIABLE_42") == std::nullopt);
}
