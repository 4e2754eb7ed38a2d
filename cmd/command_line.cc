// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/command_line.h"

#include <algorithm>
#include <iostream>
#include <string_view>
#include <vector>

#include "cmd/movectl.h"
#include "lib/i18n.h"
#include "lib/spelling.h"

namespace move {

int unknown_command(const std::string& word, const CLI::App& app) {
  std::vector<std::string> commands;
  for (const CLI::App* c : app.get_subcommands({})) commands.push_back(c->get_name());
  const std::vector<std::string_view> names(commands.begin(), commands.end());
  std::cerr << "movectl: " << strprintf(_("unknown command '%s'"), word.c_str());
  if (auto guess = closest(word, names))
    std::cerr << strprintf(_(" (did you mean '%s'?)"), std::string(*guess).c_str());
  std::cerr << _("; `movectl help` lists the commands") << "\n";
  return kExitUsage;
}

std::optional<int> precheck(int argc, char** argv, const CLI::App& app) {
  int i = 1;
  for (; i < argc; ++i) {
    std::string_view w = argv[i];
    if (w == "--socket")
      ++i;
    else if (w == "--")
      return std::nullopt;
    else if (w.empty() || w[0] != '-')
      break;
  }
  if (i >= argc) return std::nullopt;
  const std::string word = argv[i];
  const CLI::App* sub = nullptr;
  for (const CLI::App* c : app.get_subcommands({}))
    if (c->get_name() == word) sub = c;
  if (!sub) return unknown_command(word, app);
  std::vector<std::string> known;
  for (const CLI::App* owner : {&app, sub})
    for (const CLI::Option* o : owner->get_options())
      for (const std::string& n : o->get_lnames()) known.push_back("--" + n);
  for (++i; i < argc; ++i) {
    std::string w = argv[i];
    if (w == "--") break;
    if (w.size() < 3 || w.rfind("--", 0) != 0) continue;
    w = w.substr(0, w.find('='));
    if (std::find(known.begin(), known.end(), w) != known.end()) continue;
    std::cerr << "movectl " << word << ": " << strprintf(_("unknown option '%s'"), w.c_str());
    std::vector<std::string_view> names(known.begin(), known.end());
    if (auto guess = closest(w, names)) std::cerr << strprintf(_(" (did you mean '%s'?)"), std::string(*guess).c_str());
    std::cerr << strprintf(_("; `movectl help %s` lists its options"), word.c_str()) << "\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace move
