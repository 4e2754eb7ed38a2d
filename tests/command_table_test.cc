// SPDX-License-Identifier: GPL-3.0-or-later
// The one command table, and everything that names the commands agreeing
// with it: movectl's subcommands, the bash, zsh and fish completions and
// movectl(1).

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "cmd/movectl.h"
#include "lib/engine.h"

using namespace move;

namespace {

std::string read_source(const std::string& relative) {
  std::ifstream in(std::string(MOVE_SOURCE_DIR) + "/" + relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

/// The commands movectl must have: the wire's, but for the handshake, and
/// `check`, `help` and `edit`, which need no daemon.
std::set<std::string> expected_subcommands() {
  std::set<std::string> names;
  for (const Engine::Command& c : Engine::commands())
    if (c.name != "hello") names.insert(std::string(c.name));
  names.insert("check");
  names.insert("help");
  names.insert("edit");
  return names;
}

/// The names after `key` on the one line that sets it: `local commands="a b"`
/// (bash), `set -l commands a b` (fish).
std::set<std::string> list_after(const std::string& text, const std::regex& line) {
  std::smatch m;
  REQUIRE(std::regex_search(text, m, line));
  return words(m[1].str());
}

}  // namespace

TEST_CASE("the command table is sorted, unique and found by name", "[commands]") {
  auto all = Engine::commands();
  REQUIRE(all.size() >= 16);
  for (std::size_t i = 1; i < all.size(); ++i) {
    INFO(all[i - 1].name << " before " << all[i].name);
    CHECK(all[i - 1].name < all[i].name);
  }
  for (const Engine::Command& c : all) {
    INFO(c.name);
    CHECK(Engine::find_command(c.name) == &c);
    CHECK(!c.summary.empty());
    CHECK((c.handler == nullptr) == (c.access == Engine::Access::transport));
  }
  CHECK(Engine::find_command("stauts") == nullptr);
  CHECK(Engine::find_command("") == nullptr);
  CHECK(Engine::find_command("zzz") == nullptr);
  CHECK(Engine::find_command("status")->access == Engine::Access::reads);
  CHECK(Engine::find_command("done")->access == Engine::Access::writes);
  CHECK(Engine::find_command("watch")->access == Engine::Access::transport);
}

TEST_CASE("movectl, the completions and movectl(1) name the daemon's commands", "[commands]") {
  const std::set<std::string> expected = expected_subcommands();

  const auto subs = movectl_commands();
  CHECK(std::set<std::string>(subs.begin(), subs.end()) == expected);
  CHECK(subs.size() == expected.size());  // none twice

  CHECK(list_after(read_source("completions/movectl"), std::regex(R"(local commands="([^"]*)\")")) == expected);
  CHECK(list_after(read_source("completions/movectl.fish"), std::regex(R"(set -l commands ([^\n]*))")) == expected);

  // zsh: 'name:description' entries of the commands=( ... ) array.
  const std::string zsh = read_source("completions/_movectl");
  std::smatch block;
  REQUIRE(std::regex_search(zsh, block, std::regex(R"(commands=\(([^)]*)\))")));
  std::set<std::string> zsh_names;
  const std::string entries = block[1].str();
  const std::regex entry(R"('([a-z]+):)");
  for (auto it = std::sregex_iterator(entries.begin(), entries.end(), entry); it != std::sregex_iterator(); ++it)
    zsh_names.insert((*it)[1].str());
  CHECK(zsh_names == expected);

  // movectl(1): the items of the outer list of "Commands", written
  // `.It Cm name ...` or `.It Xo` then `.Cm name ...`.
  std::istringstream man(read_source("man/movectl.1"));
  std::set<std::string> man_names;
  bool in_commands = false, after_xo = false;
  int depth = 0;
  for (std::string line; std::getline(man, line);) {
    if (line.rfind(".Ss Commands", 0) == 0)
      in_commands = true;
    else if (line.rfind(".Sh", 0) == 0 ||
             (in_commands && line.rfind(".Ss", 0) == 0 && depth == 0 && !man_names.empty()))
      in_commands = false;
    if (!in_commands) continue;
    if (line.rfind(".Bl", 0) == 0) ++depth;
    if (line.rfind(".El", 0) == 0) --depth;
    std::smatch m;
    if (depth == 1 && std::regex_search(line, m, std::regex(R"(^\.It Cm ([a-z]+))"))) man_names.insert(m[1].str());
    if (after_xo && std::regex_search(line, m, std::regex(R"(^\.Cm ([a-z]+))"))) man_names.insert(m[1].str());
    after_xo = depth == 1 && line == ".It Xo";
  }
  CHECK(man_names == expected);
}
