// SPDX-License-Identifier: GPL-3.0-or-later
// CLI11's refusals made again from their parts (cmd/cli_text): each case is a
// real parse by CLI11 of a command line of the kind movectl takes, so a
// CLI11 whose wording changed fails here instead of reaching people raw.
#include "cmd/cli_text.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

namespace {

struct Line {
  CLI::App app{"test", "movectl"};
  CLI::App* sub = app.add_subcommand("next", "");
  std::string id;
  int count = 5, minutes = 0;
  std::string format = "table";
  std::optional<std::string> every, at;
  bool active = false;

  Line() {
    sub->add_option("id", id, "Routine id")->required();
    sub->add_option("--count", count, "How many")->check(CLI::Range(1, 1000));
    sub->add_option("--minutes", minutes, "");
    sub->add_option("--format", format, "")->check(CLI::IsMember({"table", "json", "csv"}));
    auto* e = sub->add_option("--every", every, "");
    auto* a = sub->add_option("--at", at, "");
    e->excludes(a);
    sub->add_flag("--active", active, "")->needs(e);
  }

  // What movectl would say of this command line.
  std::string refusal(std::vector<std::string> args) {
    std::vector<const char*> argv{"movectl", "next"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    try {
      app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& e) {
      return move::parse_error_text(e);
    }
    return "(accepted)";
  }
};

}  // namespace

TEST_CASE("CLI11's refusals are said again from their parts", "[cli]") {
  CHECK(Line().refusal({}) == "id is required");
  CHECK(Line().refusal({"walk", "yoga"}) == "unexpected argument: yoga");
  CHECK(Line().refusal({"walk", "yoga", "core"}) == "unexpected arguments: yoga core");
  CHECK(Line().refusal({"walk", "--count", "0"}) == "--count: 0 is not in 1 to 1000");
  CHECK(Line().refusal({"walk", "--count", "many"}) == "--count: many is not in 1 to 1000");  // checked first
  CHECK(Line().refusal({"walk", "--minutes", "many"}) == "--minutes: 'many' is not a valid value");
  CHECK(Line().refusal({"walk", "--format", "xml"}) == "--format: 'xml' is not one of table, json, csv");
  CHECK(Line().refusal({"walk", "--every", "2d", "--at", "18:00"}) == "--every cannot be given with --at");
  CHECK(Line().refusal({"walk", "--active"}) == "--active needs --every");
  CHECK(Line().refusal({"walk", "--count", "3"}) == "(accepted)");
}
