// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Inside the plan parser: the one Parser class that lib/plan.cc (the file as
// a whole), lib/plan_settings.cc ([settings], [[hook]]) and
// lib/plan_routine.cc ([[routine]] and its stages) share, with the value
// readers all of them use. Not for use outside those files.

#include <algorithm>
#include <array>
#include <sstream>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lib/i18n.h"
#include "lib/plan.h"
#include "lib/spelling.h"

namespace move::plan_parse {

inline constexpr int kMaxRepeat = 1000;
inline constexpr std::string_view kDurationHint = N_("a duration such as \"90s\", \"10m\", \"1h30m\" or \"2d\"");

inline std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

/// Renders a TOML value as the user wrote it, for "got ..." in messages.
inline std::string shown(const toml::node& n) {
  std::ostringstream out;
  if (n.is_table())
    out << "a table";
  else if (n.is_array())
    out << "an array";
  else if (const auto* s = n.as_string())
    out << '"' << s->get() << '"';
  else
    n.visit([&](const auto& v) { out << v; });
  return out.str();
}

// "'every' in routine \"walk\": expected a duration ..., got \"often\"":
// `subject` is the key and where it is; `what` a marked hint (N_),
// translated here.
inline std::string expected_got(const std::string& subject, std::string_view what, const std::string& got) {
  return strprintf(_("%1$s: expected %2$s, got %3$s"), subject.c_str(), _(std::string(what).c_str()), got.c_str());
}

class Parser {
 public:
  Parser(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(const toml::source_region& at, const std::string& message) const {
    throw PlanError(source_, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), message);
  }

  using Keys = std::vector<std::pair<const toml::key*, const toml::node*>>;

  // Keys of t in file order (toml++ iterates in key order).
  static Keys ordered(const toml::table& t) {
    Keys out;
    out.reserve(t.size());
    for (auto&& [k, v] : t) out.emplace_back(&k, &v);
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) {
      auto pa = a.first->source().begin, pb = b.first->source().begin;
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    return out;
  }

  void check_known(const toml::table& t, std::span<const std::string_view> known, const std::string& where) const {
    check_known(ordered(t), known, where);
  }

  void check_known(const Keys& keys, std::span<const std::string_view> known, const std::string& where) const {
    for (auto [k, v] : keys) {
      std::string_view name = k->str();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      std::string message = strprintf(_("unknown key %1$s%2$s"), quote(name).c_str(), where.c_str());
      if (auto guess = closest(name, known))
        message += strprintf(_(" (did you mean %s?)"), quote(*guess).c_str());
      else {
        message += _(" (expected one of");
        for (std::size_t i = 0; i < known.size(); ++i) message += (i ? ", " : " ") + std::string(known[i]);
        message += ")";
      }
      fail(k->source(), message);
    }
  }

  Plan parse(std::string_view text);  // lib/plan.cc

  // ---- Value readers: each fails with the key, where and what was expected. ----

  // A whole number of reminders, 1 to kMaxRepeat.
  int repeat(const toml::node& n, const std::string& where) {
    auto count = n.value<std::int64_t>();
    if (!n.is_integer() || !count || *count < 1 || *count > kMaxRepeat)
      fail(n.source(),
           expected_got("'repeat'" + where,
                        strprintf(_("a whole number of reminders from 1 to %d"), static_cast<int>(kMaxRepeat)),
                        shown(n)));
    return static_cast<int>(*count);
  }

  const std::string& non_blank(const toml::node& n, std::string_view key, const std::string& where,
                               std::string_view expected) {
    const std::string& s = string(n, key, where, expected);
    if (s.find_first_not_of(" \t") == std::string::npos)
      fail(n.source(), expected_got(quote(key) + where, expected, shown(n)));
    return s;
  }

  // A freedesktop sound theme name such as "message" or "bell".
  std::string sound(const toml::node& n, const std::string& where) {
    constexpr std::string_view hint = N_("a sound theme name such as \"message\" or \"bell\"");
    const std::string& s = non_blank(n, "sound", where, hint);
    if (s.find('/') != std::string::npos)
      fail(n.source(),
           expected_got("'sound'" + where,
                        N_("a sound theme name such as \"message\" or \"bell\" (a name, not a file)"), shown(n)));
    return s;
  }

  const std::string& string(const toml::node& n, std::string_view key, const std::string& where,
                            std::string_view expected = N_("a string")) {
    const auto* s = n.as_string();
    if (!s) fail(n.source(), expected_got(quote(key) + where, expected, shown(n)));
    return s->get();
  }

  Seconds duration(const toml::node& n, std::string_view key, const std::string& where) {
    const std::string& text = string(n, key, where, kDurationHint);
    auto d = parse_duration(text);
    if (!d) fail(n.source(), expected_got(quote(key) + where, kDurationHint, shown(n)));
    return *d;
  }

  Seconds positive_duration(const toml::node& n, std::string_view key, const std::string& where) {
    Seconds d = duration(n, key, where);
    if (d.count() == 0) fail(n.source(), quote(key) + where + _(": must be longer than 0"));
    return d;
  }

  Window window(const toml::node& n, std::string_view key, const std::string& where) {
    constexpr std::string_view hint = N_("a window \"HH:MM-HH:MM\" such as \"09:00-17:30\" or \"22:00-07:30\"");
    auto w = parse_window(string(n, key, where, hint));
    if (!w) fail(n.source(), expected_got(quote(key) + where, hint, shown(n)));
    return *w;
  }

  // A string or an array of strings, each checked by `each`.
  template <class F>
  void strings(const toml::node& n, std::string_view key, const std::string& where, std::string_view expected,
               F&& each) {
    if (n.is_string()) {
      each(n);
      return;
    }
    const toml::array* arr = n.as_array();
    if (!arr || arr->empty()) fail(n.source(), expected_got(quote(key) + where, expected, shown(n)));
    for (const toml::node& item : *arr) {
      if (!item.is_string()) fail(item.source(), expected_got(quote(key) + where, expected, shown(item)));
      each(item);
    }
  }

  // ---- lib/plan_routine.cc: one [[routine]], and one reader per routine key
  // (kRoutineKeys), in file order; the schedule's key is read first, so the
  // others may depend on its kind. ----

  Routine routine(const toml::table& t, const Plan& plan);
  /// The one schedule key of keys (nullptrs when none); fails when two.
  /// what names the table ("routine 'walk'").
  std::pair<const toml::key*, const toml::node*> one_schedule(const Keys& keys, const std::string& what) const;
  void read_start(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_stages(Routine& r, const toml::node& n, const std::string& where);
  static std::string prescription_text(const toml::table& t, const std::string& id);
  void read_every(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_at(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_times_per_week(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_title(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_notes(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_active(Routine& r, const toml::key& k, const toml::node& n, const std::string& where);
  void read_lead(Routine& r, const toml::key& k, const toml::node& n, const std::string& where);
  void read_duration(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_window(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_on(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_exercises(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_import(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_snooze(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_repeat(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_sound(Routine& r, const toml::key&, const toml::node& n, const std::string& where);
  void read_enabled(Routine& r, const toml::key&, const toml::node& n, const std::string& where);

 private:
  Settings settings(const toml::node& n);        // lib/plan_settings.cc
  std::vector<Hook> hooks(const toml::node& n);  // lib/plan_settings.cc
  std::string import_dir(const toml::node& n, const std::string& where, const std::string& key = "import_dir",
                         const std::string& example = "\"~/Sync/tracker\"");

  std::string source_;
  /// Routine id -> line of its [[routine]], for duplicates: views of the
  /// TOML tree, used only while parse() holds it.
  std::unordered_map<std::string_view, int> lines_by_id_;
};

}  // namespace move::plan_parse
