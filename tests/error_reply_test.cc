// SPDX-License-Identifier: GPL-3.0-or-later
// The one mapping from exceptions to error replies.

#include "lib/error_reply.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <system_error>

#include "lib/history.h"
#include "lib/paths.h"
#include "lib/plan_edit.h"
#include "lib/protocol.h"

using namespace move;
namespace json = boost::json;

namespace {

struct Logged {
  std::vector<std::string> lines;
  ErrorLog log() {
    return [this](const std::string& m) { lines.push_back(m); };
  }
};

template <class F>
json::object reply_to(F&& thrower, Logged& logged, std::string_view cmd = "status") {
  try {
    thrower();
  } catch (...) {
    return reply_to_current_exception(cmd, logged.log());
  }
  FAIL("nothing thrown");
  return {};
}

std::string code_of(const json::object& reply) { return std::string(reply.at("code").as_string()); }
std::string error_of(const json::object& reply) { return std::string(reply.at("error").as_string()); }

}  // namespace

TEST_CASE("typed errors map to their wire codes and are not logged", "[errors]") {
  Logged logged;
  auto r = reply_to([] { throw ProtocolError(code::kUnknownRoutine, "no routine \"x\""); }, logged);
  CHECK(r.at("ok") == false);
  CHECK(code_of(r) == "unknown-routine");
  CHECK(error_of(r) == "no routine \"x\"");
  CHECK(code_of(reply_to([] { throw PlanError("plan.toml", 3, 1, "unknown key"); }, logged)) == "invalid-plan");
  CHECK(error_of(reply_to([] { throw PlanError("plan.toml", 3, 1, "unknown key"); }, logged)) ==
        "plan.toml:3:1: unknown key");
  CHECK(
      code_of(reply_to([] { throw PlanEditError(PlanEditError::Kind::unknown_routine, "plan.toml", "no routine 'x'"); },
                       logged)) == "unknown-routine");
  CHECK(code_of(reply_to([] { throw PlanEditError(PlanEditError::Kind::duplicate_id, "plan.toml", "exists"); },
                         logged)) == "invalid-plan");
  CHECK(code_of(reply_to([] { throw HistoryError(13, "history.db: database or disk is full"); }, logged)) ==
        "io-error");
  CHECK(code_of(reply_to(
            [] {
              throw std::filesystem::filesystem_error("cannot write", "/x/plan.toml",
                                                      std::make_error_code(std::errc::read_only_file_system));
            },
            logged)) == "io-error");
  CHECK(code_of(reply_to([] { throw PathError("no HOME"); }, logged)) == "io-error");
  CHECK(logged.lines.empty());
}

TEST_CASE("anything else is internal, with a log line naming the command and what was thrown", "[errors]") {
  Logged logged;
  auto r = reply_to([] { throw std::out_of_range("map::at"); }, logged, "report");
  CHECK(code_of(r) == "internal");
  CHECK(error_of(r) == "internal error: map::at");
  CHECK(reply_to([] { throw 42; }, logged, "") ==
        json::object{{"ok", false},
                     {"error", "internal error: an exception that is not a std::exception"},
                     {"code", "internal"}});
  CHECK(logged.lines == std::vector<std::string>{"internal error in 'report': map::at",
                                                 "internal error: an exception that is not a std::exception"});
}

TEST_CASE("a log that throws does not keep the reply from being made", "[errors]") {
  try {
    throw std::runtime_error("boom");
  } catch (...) {
    auto r = reply_to_current_exception("x", [](const std::string&) { throw std::runtime_error("log down"); });
    CHECK(code_of(r) == "internal");
  }
}
