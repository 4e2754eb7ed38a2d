// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/plan.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include <unordered_map>

#include "lib/i18n.h"
#include "lib/plan_limits.h"
#include "lib/plan_parser.h"
#include "lib/spelling.h"

namespace move {
namespace {

constexpr std::array<std::string_view, 3> kTopKeys{"settings", "routine", "hook"};

}  // namespace

namespace plan_parse {

Plan Parser::parse(std::string_view text) {
  toml::table root;
  try {
    check_plan_limits(text, source_);  // what toml++ cannot survive
    root = toml::parse(text, std::string_view{source_});
  } catch (const toml::parse_error& e) {
    fail(e.source(), std::string(e.description()));
  }
  Plan plan;
  plan.source = source_;
  check_known(root, kTopKeys, " at the top level");
  plan.has_settings = root.contains("settings");
  if (const toml::node* s = root.get("settings")) plan.settings = settings(*s);
  if (const toml::node* r = root.get("routine")) {
    const toml::array* arr = r->as_array();
    if (!arr || !arr->is_array_of_tables())
      fail(r->source(), _("'routine' must be a list of tables written [[routine]]"));
    if (arr->size() > kMaxRoutines)
      fail((*arr)[kMaxRoutines].source(), strprintf(_("more than %d routines"), static_cast<int>(kMaxRoutines)));
    plan.routines.reserve(arr->size());
    lines_by_id_.reserve(arr->size());
    for (const toml::node& n : *arr) plan.routines.push_back(routine(*n.as_table(), plan));
  }
  if (const toml::node* h = root.get("hook")) plan.hooks = hooks(*h);
  plan.reindex();
  return plan;
}

}  // namespace plan_parse

PlanError::PlanError(std::string file, int line, int column, const std::string& message)
    : std::runtime_error(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

const Routine* Plan::find(std::string_view id) const {
  if (by_id_.size() != routines.size()) {
    for (const Routine& r : routines)
      if (r.id == id) return &r;
    return nullptr;
  }
  auto it = std::lower_bound(by_id_.begin(), by_id_.end(), id,
                             [&](std::size_t i, std::string_view key) { return routines[i].id < key; });
  return it != by_id_.end() && routines[*it].id == id ? &routines[*it] : nullptr;
}

void Plan::reindex() {
  by_id_.resize(routines.size());
  for (std::size_t i = 0; i < by_id_.size(); ++i) by_id_[i] = i;
  // Stable: with duplicate ids (only in a hand-made Plan) find() returns the first, as a scan would.
  std::stable_sort(by_id_.begin(), by_id_.end(),
                   [&](std::size_t a, std::size_t b) { return routines[a].id < routines[b].id; });
}

Plan parse_plan(std::string_view text, std::string_view source) { return plan_parse::Parser(source).parse(text); }

std::string read_plan_text(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw PlanError(file.string(), 0, 0,
                    "this is a folder; give the plan file in it, e.g. " + (file / "plan.toml").string());
  std::ifstream in(file, std::ios::binary);
  if (!in) throw PlanError(file.string(), 0, 0, strprintf(_("cannot read the plan: %s"), std::strerror(errno)));
  // Up to one byte more than the limit, so that check_plan_limits refuses
  // it (`--plan /dev/zero` must not read gigabytes); read in pieces, so that
  // the text kept for the running plan is its own size, not the limit's.
  std::string text;
  char piece[64 * 1024];
  while (text.size() <= kMaxPlanBytes && in) {
    in.read(piece, static_cast<std::streamsize>(std::min(sizeof piece, kMaxPlanBytes + 1 - text.size())));
    text.append(piece, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw PlanError(file.string(), 0, 0, strprintf(_("cannot read the plan: %s"), std::strerror(errno)));
  return text;
}

Plan load_plan(const std::filesystem::path& file) {
  Plan plan = parse_plan(read_plan_text(file), file.string());
  check_runnable(plan);
  return plan;
}

void check_runnable(const Plan& plan) {
  // An empty or truncated file; `[settings]` alone says "no routine" on purpose.
  if (plan.routines.empty() && !plan.has_settings)
    throw PlanError(plan.source, 1, 1,
                    "the plan is empty: no [[routine]] and no [settings] (write [settings] alone for a plan with "
                    "no routine)");
}

std::optional<std::string> plan_warning(const Plan& plan) {
  if (!plan.routines.empty()) return std::nullopt;
  return plan.source + ": the plan has no routine: nothing will remind";
}

namespace {

// describe_schedule in the user's language: the msgids are the fixed words.
std::string local_schedule(const Routine& r) {
  switch (r.kind) {
    case ScheduleKind::every: {
      const std::string every = every_words(r.every);
      // TRANSLATORS: an interval counted only while the person is at the computer: "every 1h active".
      return r.active ? strprintf(_("%s active"), every.c_str()) : every;
    }
    case ScheduleKind::at: {
      std::string times;
      for (std::size_t i = 0; i < r.at.size(); ++i) times += (i ? ", " : "") + format_time_of_day(r.at[i]);
      // TRANSLATORS: a routine's times of day: "at 18:00, 19:30".
      std::string s = strprintf(_("at %s"), times.c_str());
      // TRANSLATORS: the reminder comes this long before the time: "at 18:00 (30m before)".
      if (r.lead.count() > 0) s = strprintf(_("%1$s (%2$s before)"), s.c_str(), duration_words(r.lead).c_str());
      return s;
    }
    case ScheduleKind::times_per_week: {
      const int n = r.times_per_week;
      // TRANSLATORS: a routine's schedule: once a week.
      if (n == 1) return _("1x a week");
      // TRANSLATORS: a routine's schedule: 2 to 7 times a week (once has a message of its own).
      return strprintf(P_("%dx a week", "%dx a week", static_cast<unsigned long>(n)), n);
    }
  }
  return "";
}

}  // namespace

std::string describe_schedule(const Routine& r, Words words) {
  if (words == Words::local) return local_schedule(r);
  switch (r.kind) {
    case ScheduleKind::every: return "every " + format_duration_compact(r.every) + (r.active ? " active" : "");
    case ScheduleKind::at: {
      std::string s = "at ";
      for (std::size_t i = 0; i < r.at.size(); ++i) s += (i ? ", " : "") + format_time_of_day(r.at[i]);
      if (r.lead.count() > 0) s += " (" + format_duration_compact(r.lead) + " before)";
      return s;
    }
    case ScheduleKind::times_per_week: return std::to_string(r.times_per_week) + "x a week";
  }
  return "";
}

}  // namespace move
