// SPDX-License-Identifier: GPL-3.0-or-later
// The plan's [settings] table and its [[hook]] tables.
#include <array>

#include "lib/plan_parser.h"

namespace move::plan_parse {
namespace {

constexpr std::array<std::string_view, 10> kSettingsKeys{
    "name",     "quiet_hours", "snooze",    "idle_threshold",       "import_dir",
    "sync_dir", "repeat",      "encourage", "hold_when_fullscreen", "sound"};
constexpr std::array<std::string_view, 2> kHookKeys{"on", "run"};
constexpr std::array<std::string_view, 4> kHookEvents{"due", "done", "skipped", "held"};

}  // namespace

Settings Parser::settings(const toml::node& n) {
  const toml::table* t = n.as_table();
  if (!t) fail(n.source(), _("'settings' must be a table written [settings]"));
  check_known(*t, kSettingsKeys, _(" in [settings]"));
  Settings s;
  const std::string where = _(" in [settings]");
  if (auto* q = t->get("quiet_hours")) s.quiet_hours = window(*q, "quiet_hours", where);
  if (auto* v = t->get("snooze")) s.snooze = positive_duration(*v, "snooze", where);
  if (auto* v = t->get("idle_threshold")) s.idle_threshold = positive_duration(*v, "idle_threshold", where);
  if (auto* v = t->get("import_dir")) s.import_dir = import_dir(*v, where);
  if (auto* v = t->get("name")) s.name = non_blank(*v, "name", where, N_("a name such as \"Sam Smith\""));
  if (auto* v = t->get("sync_dir")) s.sync_dir = import_dir(*v, where, "sync_dir", "\"~/Sync/move\"");
  if (auto* v = t->get("repeat")) s.repeat = repeat(*v, where);
  if (auto* v = t->get("encourage")) {
    if (const toml::array* a = v->as_array(); !a || !a->empty())
      strings(*v, "encourage", where, N_("a list of short lines"), [&](const toml::node& item) {
        s.encourage.push_back(non_blank(item, "encourage", where, N_("a line of words")));
      });
  }
  if (auto* v = t->get("hold_when_fullscreen")) {
    if (!v->is_boolean())
      fail(v->source(), "'hold_when_fullscreen'" + where + ": expected true or false, got " + shown(*v));
    s.hold_when_fullscreen = v->as_boolean()->get();
  }
  if (auto* v = t->get("sound")) s.sound = sound(*v, where);
  return s;
}

std::vector<Hook> Parser::hooks(const toml::node& n) {
  const toml::array* arr = n.as_array();
  if (!arr || !arr->is_array_of_tables()) fail(n.source(), "'hook' must be a list of tables written [[hook]]");
  std::vector<Hook> out;
  for (const toml::node& item : *arr) {
    const toml::table& t = *item.as_table();
    Hook h;
    h.line = static_cast<int>(t.source().begin.line);
    const std::string where = strprintf(_(" in the [[hook]] at line %d"), h.line);
    check_known(t, kHookKeys, where);
    const toml::node* on = t.get("on");
    const toml::node* run = t.get("run");
    if (!on) fail(t.source(), "the [[hook]] at line " + std::to_string(h.line) + " has no 'on'");
    if (!run) fail(t.source(), "the [[hook]] at line " + std::to_string(h.line) + " has no 'run'");
    strings(*on, "on", where, N_("events such as [\"due\", \"done\"]"), [&](const toml::node& e) {
      const std::string& name = e.as_string()->get();
      if (std::find(kHookEvents.begin(), kHookEvents.end(), name) == kHookEvents.end()) {
        std::string message = "'on'" + where + ": unknown event " + quote(name);
        if (auto guess = closest(name, kHookEvents))
          message += " (did you mean " + quote(*guess) + "?)";
        else
          message += " (expected due, done, skipped or held)";
        fail(e.source(), message);
      }
      if (std::find(h.on.begin(), h.on.end(), name) == h.on.end()) h.on.push_back(name);
    });
    constexpr std::string_view hint = "a program and its arguments such as [\"/usr/bin/notify-phone\", \"--urgent\"]";
    if (!run->is_array())
      fail(run->source(),
           "'run'" + where + ": expected " + std::string(hint) + " (a list: no shell runs it), got " + shown(*run));
    strings(*run, "run", where, hint, [&](const toml::node& a) { h.run.push_back(a.as_string()->get()); });
    const std::string& prog = h.run.front();
    const toml::node& first = *run->as_array()->get(0);
    if (prog.empty() || (prog.find('/') != std::string::npos && !prog.starts_with("/")))
      fail(first.source(),
           "'run'" + where + ": the program must be an absolute path or a name found in PATH, got " + shown(first));
    out.push_back(std::move(h));
  }
  return out;
}

// An absolute path or one under "~"; a relative one would depend on
// where moved was started. key: import_dir or sync_dir; example: "~/Sync/x".
std::string Parser::import_dir(const toml::node& n, const std::string& where, const std::string& key,
                               const std::string& example) {
  const std::string hint = "a folder such as " + example + " or \"/home/me/" + example.substr(8);
  const std::string& dir = string(n, key, where, hint);
  if (!(dir.starts_with("/") || dir == "~" || dir.starts_with("~/")))
    fail(n.source(), "'" + key + "'" + where + ": expected " + hint + " (absolute, or under ~), got " + shown(n));
  return dir;
}

}  // namespace move::plan_parse
