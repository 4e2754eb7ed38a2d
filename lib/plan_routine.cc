// SPDX-License-Identifier: GPL-3.0-or-later
// One [[routine]] table of the plan: its keys, in one table (kRoutineKeys),
// and their readers.
#include <array>
#include <chrono>
#include <cstdio>

#include "lib/plan_parser.h"

namespace move::plan_parse {

void Parser::read_every(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.kind = ScheduleKind::every;
  r.every = positive_duration(n, "every", where);
}

void Parser::read_at(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.kind = ScheduleKind::at;
  strings(n, "at", where, N_("times of day \"HH:MM\" such as [\"18:00\"]"), [&](const toml::node& item) {
    auto m = parse_time_of_day(item.as_string()->get());
    if (!m) fail(item.source(), expected_got("'at'" + where, N_("a time of day \"HH:MM\""), shown(item)));
    r.at.push_back(*m);
  });
  std::sort(r.at.begin(), r.at.end());
  r.at.erase(std::unique(r.at.begin(), r.at.end()), r.at.end());
}

void Parser::read_times_per_week(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.kind = ScheduleKind::times_per_week;
  auto count = n.value<std::int64_t>();
  if (!n.is_integer() || !count || *count < 1 || *count > 7)
    fail(n.source(), expected_got("'times_per_week'" + where, N_("a whole number from 1 to 7"), shown(n)));
  r.times_per_week = static_cast<int>(*count);
}

void Parser::read_title(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.title = string(n, "title", where);
}

void Parser::read_notes(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.notes = string(n, "notes", where);
}

void Parser::read_active(Routine& r, const toml::key& k, const toml::node& n, const std::string& where) {
  if (!n.is_boolean()) fail(n.source(), expected_got("'active'" + where, N_("true or false"), shown(n)));
  if (r.kind != ScheduleKind::every) fail(k.source(), "'active'" + where + _(" applies only to 'every' routines"));
  r.active = n.as_boolean()->get();
}

void Parser::read_lead(Routine& r, const toml::key& k, const toml::node& n, const std::string& where) {
  if (r.kind != ScheduleKind::at) fail(k.source(), "'lead'" + where + _(" applies only to 'at' routines"));
  r.lead = duration(n, "lead", where);
  if (r.lead >= std::chrono::days(1)) fail(n.source(), "'lead'" + where + _(": must be shorter than a day"));
}

void Parser::read_duration(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  constexpr std::string_view hint = N_("a length or range such as \"15m\", \"30-60m\" or \"30m-1h\"");
  auto d = parse_duration_range(string(n, "duration", where, hint));
  if (!d) fail(n.source(), expected_got("'duration'" + where, hint, shown(n)));
  r.duration = d;
}

void Parser::read_window(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.window = window(n, "window", where);
}

void Parser::read_on(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.on = DaySet{0};
  strings(n, "on", where, N_("day names such as [\"mon\", \"wed\"], \"weekdays\" or \"weekends\""),
          [&](const toml::node& item) {
            if (!add_day_name(r.on, item.as_string()->get()))
              fail(item.source(),
                   expected_got("'on'" + where, N_("mon, tue, wed, thu, fri, sat, sun, weekdays or weekends"),
                                shown(item)));
          });
}

void Parser::read_exercises(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  strings(n, "exercises", where, N_("a list of strings"),
          [&](const toml::node& item) { r.exercises.push_back(item.as_string()->get()); });
}

void Parser::read_import(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  strings(n, "import", where, N_("sports such as [\"walking\", \"hiking\"]"), [&](const toml::node& item) {
    const std::string& sport = item.as_string()->get();
    if (sport.find_first_not_of(" \t") == std::string::npos)
      fail(item.source(), expected_got("'import'" + where, N_("a sport such as \"walking\""), shown(item)));
    r.import_sports.push_back(sport);
  });
}

void Parser::read_snooze(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.snooze = positive_duration(n, "snooze", where);
}

void Parser::read_repeat(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.repeat = repeat(n, where);
}

void Parser::read_sound(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  r.sound = sound(n, where);
}

void Parser::read_enabled(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  if (!n.is_boolean()) fail(n.source(), expected_got("'enabled'" + where, N_("true or false"), shown(n)));
  r.enabled = n.as_boolean()->get();
}

namespace {

/// The keys of a [[routine]] table, in the order of move-plan(5): the one
/// list behind parsing, the unknown-key check and "did you mean".
struct RoutineKey {
  std::string_view name;
  bool schedule;  ///< one of the schedule kinds: exactly one per routine
  /// Reads the key's value into the routine; nullptr for `id`, read first.
  void (Parser::*reader)(Routine&, const toml::key&, const toml::node&, const std::string&);
  void read(Parser& p, Routine& r, const toml::key& k, const toml::node& n, const std::string& where) const {
    (p.*reader)(r, k, n, where);
  }
};

constexpr RoutineKey kRoutineKeys[] = {
    {"id", false, nullptr},
    {"title", false, &Parser::read_title},
    {"notes", false, &Parser::read_notes},
    {"every", true, &Parser::read_every},
    {"active", false, &Parser::read_active},
    {"at", true, &Parser::read_at},
    {"lead", false, &Parser::read_lead},
    {"times_per_week", true, &Parser::read_times_per_week},
    {"duration", false, &Parser::read_duration},
    {"window", false, &Parser::read_window},
    {"on", false, &Parser::read_on},
    {"exercises", false, &Parser::read_exercises},
    {"import", false, &Parser::read_import},
    {"snooze", false, &Parser::read_snooze},
    {"repeat", false, &Parser::read_repeat},
    {"sound", false, &Parser::read_sound},
    {"enabled", false, &Parser::read_enabled},
    {"start", false, &Parser::read_start},
    {"stage", false, nullptr},  // read after the others: read_stages
};

/// The keys of a [[routine.stage]].
constexpr std::array<std::string_view, 7> kStageKeys{"after",    "every",  "at", "times_per_week",
                                                     "duration", "window", "on"};

/// The keys that make a prescription (Routine::prescription).
constexpr std::array<std::string_view, 9> kPrescriptionKeys{"every",  "active", "at",    "times_per_week", "duration",
                                                            "window", "on",     "start", "stage"};

constexpr auto kRoutineKeyNames = [] {
  std::array<std::string_view, std::size(kRoutineKeys)> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = kRoutineKeys[i].name;
  return names;
}();

const RoutineKey* routine_key(std::string_view name) {
  for (const RoutineKey& k : kRoutineKeys)
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace

Routine Parser::routine(const toml::table& t, const Plan& plan) {
  Routine r;
  r.line = static_cast<int>(t.source().begin.line);
  std::string where = strprintf(_(" in routine #%zu"), plan.routines.size() + 1);
  const toml::node* id = t.get("id");
  if (id) {
    constexpr std::string_view hint = N_("an id of lowercase letters, digits and '-' such as \"desk-break\"");
    r.id = string(*id, "id", where, hint);
    bool slug = !r.id.empty() && std::all_of(r.id.begin(), r.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!slug) fail(id->source(), expected_got("'id'" + where, hint, shown(*id)));
    where = strprintf(_(" in routine %s"), quote(r.id).c_str());
  }
  const Keys keys = ordered(t);  // in file order, for the checks below and the fields after them
  check_known(keys, kRoutineKeyNames, where);
  if (!id) fail(t.source(), strprintf(_("routine #%zu has no 'id'"), plan.routines.size() + 1));
  auto [first, added] = lines_by_id_.try_emplace(id->as_string()->get(), r.line);
  if (!added)
    fail(id->source(),
         strprintf(_("duplicate routine id %1$s (first at line %2$d)"), quote(r.id).c_str(), first->second));

  auto [schedule_key, schedule] = one_schedule(keys, strprintf(_("routine %s"), quote(r.id).c_str()));
  if (!schedule)
    fail(t.source(), strprintf(_("routine %s needs one of 'every', 'at' or 'times_per_week'"), quote(r.id).c_str()));

  routine_key(schedule_key->str())->read(*this, r, *schedule_key, *schedule, where);
  for (auto [k, v] : keys) {
    const RoutineKey* key = routine_key(k->str());
    if (!key->schedule && key->reader) key->read(*this, r, *k, *v, where);
  }
  if (const toml::node* stages = t.get("stage")) read_stages(r, *stages, where);
  r.prescription = prescription_text(t, r.id);
  return r;
}

std::pair<const toml::key*, const toml::node*> Parser::one_schedule(const Keys& keys, const std::string& what) const {
  const toml::key* schedule_key = nullptr;
  const toml::node* schedule = nullptr;
  for (auto [k, v] : keys) {
    const RoutineKey* key = routine_key(k->str());
    if (!key || !key->schedule) continue;
    if (schedule)
      fail(k->source(),
           strprintf(_("%1$s has both %2$s and %3$s (expected exactly one of 'every', 'at', 'times_per_week')"),
                     what.c_str(), quote(schedule_key->str()).c_str(), quote(k->str()).c_str()));
    schedule_key = k;
    schedule = v;
  }
  return {schedule_key, schedule};
}

void Parser::read_start(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
  constexpr std::string_view hint = N_("a date such as \"2026-12-07\"");
  std::optional<std::chrono::year_month_day> day;
  if (const auto* d = n.as_date()) {
    day = std::chrono::year{d->get().year} / static_cast<int>(d->get().month) / static_cast<int>(d->get().day);
  } else if (const auto* s = n.as_string()) {
    int y = 0;
    unsigned m = 0, dd = 0;
    char tail = 0;
    if (s->get().size() == 10 && std::sscanf(s->get().c_str(), "%4d-%2u-%2u%c", &y, &m, &dd, &tail) == 3)
      day = std::chrono::year{y} / static_cast<int>(m) / static_cast<int>(dd);
  }
  if (!day || !day->ok()) fail(n.source(), expected_got("'start'" + where, hint, shown(n)));
  r.start = LocalDays{*day};
}

void Parser::read_stages(Routine& r, const toml::node& n, const std::string& where) {
  const toml::array* arr = n.as_array();
  if (!arr || !arr->is_array_of_tables())
    fail(n.source(), "'stage'" + where + _(" must be a list of tables written [[routine.stage]]"));
  const Routine* previous = &r;
  for (const toml::node& item : *arr) {
    const toml::table& t = *item.as_table();
    Stage stage;
    stage.line = static_cast<int>(t.source().begin.line);
    const std::string what = strprintf(_("the stage at line %1$d of routine %2$s"), stage.line, quote(r.id).c_str());
    const std::string in = strprintf(_(" in %s"), what.c_str());
    const Keys keys = ordered(t);
    check_known(keys, kStageKeys, in);
    const toml::node* after = t.get("after");
    if (!after)
      fail(t.source(), strprintf(_("%s has no 'after' (the time since 'start', such as \"2w\")"), what.c_str()));
    const Seconds since = positive_duration(*after, "after", in);
    if (since % std::chrono::days(1) != Seconds{0})
      fail(after->source(),
           expected_got("'after'" + in, N_("whole days or weeks such as \"10d\" or \"2w\""), shown(*after)));
    stage.after_days = static_cast<int>(since / std::chrono::days(1));
    if (!r.stages.empty() && stage.after_days <= r.stages.back().after_days)
      fail(after->source(), "'after'" + in + ": " +
                                strprintf(_("%1$s is not later than the stage before it (%2$d days, line %3$d)"),
                                          shown(*after).c_str(), r.stages.back().after_days, r.stages.back().line));
    stage.routine = *previous;
    stage.routine.stages.clear();
    stage.routine.prescription.clear();
    Routine& s = stage.routine;
    if (auto [key, node] = one_schedule(keys, what); node) {
      if (r.active && key->str() != "every")
        fail(key->source(), quote(key->str()) + in + _(": an 'active' routine keeps 'every' in its stages"));
      s.every = Seconds{0};
      s.at.clear();
      s.times_per_week = 0;
      if (key->str() != "at") s.lead = Seconds{0};
      routine_key(key->str())->read(*this, s, *key, *node, in);
    }
    for (auto [k, v] : keys) {
      const RoutineKey* key = routine_key(k->str());
      if (key && !key->schedule && key->reader) key->read(*this, s, *k, *v, in);
    }
    r.stages.push_back(std::move(stage));
    previous = &r.stages.back().routine;
  }
}

std::string Parser::prescription_text(const toml::table& t, const std::string& id) {
  toml::table p;
  p.insert("id", id);
  for (std::string_view key : kPrescriptionKeys)
    if (const toml::node* v = t.get(key)) p.insert(key, *v);
  std::ostringstream out;
  out << toml::table{{"routine", toml::array{std::move(p)}}};
  return out.str();
}

}  // namespace move::plan_parse
