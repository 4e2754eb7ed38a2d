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

#include "lib/plan_limits.h"
#include "lib/spelling.h"

namespace move {
namespace {

constexpr std::array<std::string_view, 3> kTopKeys{"settings", "routine", "hook"};
constexpr std::array<std::string_view, 9> kSettingsKeys{
    "quiet_hours", "snooze",    "idle_threshold",       "import_dir", "sync_dir",
    "repeat",      "encourage", "hold_when_fullscreen", "sound"};
constexpr std::array<std::string_view, 2> kHookKeys{"on", "run"};
constexpr std::array<std::string_view, 4> kHookEvents{"due", "done", "skipped", "held"};
constexpr int kMaxRepeat = 1000;

constexpr std::string_view kDurationHint = "a duration such as \"90s\", \"10m\", \"1h30m\" or \"2d\"";

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// Renders a TOML value as the user wrote it, for "got ..." in messages.
std::string shown(const toml::node& n) {
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
      std::string message = "unknown key " + quote(name) + where;
      if (auto guess = closest(name, known))
        message += " (did you mean " + quote(*guess) + "?)";
      else {
        message += " (expected one of";
        for (std::size_t i = 0; i < known.size(); ++i) message += (i ? ", " : " ") + std::string(known[i]);
        message += ")";
      }
      fail(k->source(), message);
    }
  }

  Plan parse(std::string_view text) {
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
        fail(r->source(), "'routine' must be a list of tables written [[routine]]");
      if (arr->size() > kMaxRoutines)
        fail((*arr)[kMaxRoutines].source(), "more than " + std::to_string(kMaxRoutines) + " routines");
      plan.routines.reserve(arr->size());
      lines_by_id_.reserve(arr->size());
      for (const toml::node& n : *arr) plan.routines.push_back(routine(*n.as_table(), plan));
    }
    if (const toml::node* h = root.get("hook")) plan.hooks = hooks(*h);
    plan.reindex();
    return plan;
  }

 private:
  Settings settings(const toml::node& n) {
    const toml::table* t = n.as_table();
    if (!t) fail(n.source(), "'settings' must be a table written [settings]");
    check_known(*t, kSettingsKeys, " in [settings]");
    Settings s;
    const std::string where = " in [settings]";
    if (auto* q = t->get("quiet_hours")) s.quiet_hours = window(*q, "quiet_hours", where);
    if (auto* v = t->get("snooze")) s.snooze = positive_duration(*v, "snooze", where);
    if (auto* v = t->get("idle_threshold")) s.idle_threshold = positive_duration(*v, "idle_threshold", where);
    if (auto* v = t->get("import_dir")) s.import_dir = import_dir(*v, where);
    if (auto* v = t->get("sync_dir")) s.sync_dir = import_dir(*v, where, "sync_dir", "\"~/Sync/move\"");
    if (auto* v = t->get("repeat")) s.repeat = repeat(*v, where);
    if (auto* v = t->get("encourage")) {
      if (const toml::array* a = v->as_array(); !a || !a->empty())
        strings(*v, "encourage", where, "a list of short lines", [&](const toml::node& item) {
          s.encourage.push_back(non_blank(item, "encourage", where, "a line of words"));
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

  // A whole number of reminders, 1 to kMaxRepeat.
  int repeat(const toml::node& n, const std::string& where) {
    auto count = n.value<std::int64_t>();
    if (!n.is_integer() || !count || *count < 1 || *count > kMaxRepeat)
      fail(n.source(), "'repeat'" + where + ": expected a whole number of reminders from 1 to " +
                           std::to_string(kMaxRepeat) + ", got " + shown(n));
    return static_cast<int>(*count);
  }

  const std::string& non_blank(const toml::node& n, std::string_view key, const std::string& where,
                               std::string_view expected) {
    const std::string& s = string(n, key, where, expected);
    if (s.find_first_not_of(" \t") == std::string::npos)
      fail(n.source(), quote(key) + where + ": expected " + std::string(expected) + ", got " + shown(n));
    return s;
  }

  // A freedesktop sound theme name such as "message" or "bell".
  std::string sound(const toml::node& n, const std::string& where) {
    constexpr std::string_view hint = "a sound theme name such as \"message\" or \"bell\"";
    const std::string& s = non_blank(n, "sound", where, hint);
    if (s.find('/') != std::string::npos)
      fail(n.source(),
           "'sound'" + where + ": expected " + std::string(hint) + " (a name, not a file), got " + shown(n));
    return s;
  }

  std::vector<Hook> hooks(const toml::node& n) {
    const toml::array* arr = n.as_array();
    if (!arr || !arr->is_array_of_tables()) fail(n.source(), "'hook' must be a list of tables written [[hook]]");
    std::vector<Hook> out;
    for (const toml::node& item : *arr) {
      const toml::table& t = *item.as_table();
      Hook h;
      h.line = static_cast<int>(t.source().begin.line);
      const std::string where = " in the [[hook]] at line " + std::to_string(h.line);
      check_known(t, kHookKeys, where);
      const toml::node* on = t.get("on");
      const toml::node* run = t.get("run");
      if (!on) fail(t.source(), "the [[hook]] at line " + std::to_string(h.line) + " has no 'on'");
      if (!run) fail(t.source(), "the [[hook]] at line " + std::to_string(h.line) + " has no 'run'");
      strings(*on, "on", where, "events such as [\"due\", \"done\"]", [&](const toml::node& e) {
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
  // where moved was started.
  std::string import_dir(const toml::node& n, const std::string& where, const std::string& key = "import_dir",
                         const std::string& example = "\"~/Sync/tracker\"") {
    const std::string hint = "a folder such as " + example + " or \"/home/me/" + example.substr(8);
    const std::string& dir = string(n, key, where, hint);
    if (!(dir.starts_with("/") || dir == "~" || dir.starts_with("~/")))
      fail(n.source(), "'" + key + "'" + where + ": expected " + hint + " (absolute, or under ~), got " + shown(n));
    return dir;
  }

  const std::string& string(const toml::node& n, std::string_view key, const std::string& where,
                            std::string_view expected = "a string") {
    const auto* s = n.as_string();
    if (!s) fail(n.source(), quote(key) + where + ": expected " + std::string(expected) + ", got " + shown(n));
    return s->get();
  }

  Seconds duration(const toml::node& n, std::string_view key, const std::string& where) {
    const std::string& text = string(n, key, where, kDurationHint);
    auto d = parse_duration(text);
    if (!d) fail(n.source(), quote(key) + where + ": expected " + std::string(kDurationHint) + ", got " + shown(n));
    return *d;
  }

  Seconds positive_duration(const toml::node& n, std::string_view key, const std::string& where) {
    Seconds d = duration(n, key, where);
    if (d.count() == 0) fail(n.source(), quote(key) + where + ": must be longer than 0");
    return d;
  }

  Window window(const toml::node& n, std::string_view key, const std::string& where) {
    constexpr std::string_view hint = "a window \"HH:MM-HH:MM\" such as \"09:00-17:30\" or \"22:00-07:30\"";
    auto w = parse_window(string(n, key, where, hint));
    if (!w) fail(n.source(), quote(key) + where + ": expected " + std::string(hint) + ", got " + shown(n));
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
    if (!arr || arr->empty())
      fail(n.source(), quote(key) + where + ": expected " + std::string(expected) + ", got " + shown(n));
    for (const toml::node& item : *arr) {
      if (!item.is_string())
        fail(item.source(), quote(key) + where + ": expected " + std::string(expected) + ", got " + shown(item));
      each(item);
    }
  }

  Routine routine(const toml::table& t, const Plan& plan);  // after kRoutineKeys

 public:
  // ---- One reader per routine key (kRoutineKeys), in file order; the
  // schedule's key is read first, so the others may depend on its kind. ----

  void read_every(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.kind = ScheduleKind::every;
    r.every = positive_duration(n, "every", where);
  }
  void read_at(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.kind = ScheduleKind::at;
    strings(n, "at", where, "times of day \"HH:MM\" such as [\"18:00\"]", [&](const toml::node& item) {
      auto m = parse_time_of_day(item.as_string()->get());
      if (!m) fail(item.source(), "'at'" + where + ": expected a time of day \"HH:MM\", got " + shown(item));
      r.at.push_back(*m);
    });
    std::sort(r.at.begin(), r.at.end());
    r.at.erase(std::unique(r.at.begin(), r.at.end()), r.at.end());
  }
  void read_times_per_week(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.kind = ScheduleKind::times_per_week;
    auto count = n.value<std::int64_t>();
    if (!n.is_integer() || !count || *count < 1 || *count > 7)
      fail(n.source(), "'times_per_week'" + where + ": expected a whole number from 1 to 7, got " + shown(n));
    r.times_per_week = static_cast<int>(*count);
  }
  void read_title(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.title = string(n, "title", where);
  }
  void read_notes(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.notes = string(n, "notes", where);
  }
  void read_active(Routine& r, const toml::key& k, const toml::node& n, const std::string& where) {
    if (!n.is_boolean()) fail(n.source(), "'active'" + where + ": expected true or false, got " + shown(n));
    if (r.kind != ScheduleKind::every) fail(k.source(), "'active'" + where + " applies only to 'every' routines");
    r.active = n.as_boolean()->get();
  }
  void read_lead(Routine& r, const toml::key& k, const toml::node& n, const std::string& where) {
    if (r.kind != ScheduleKind::at) fail(k.source(), "'lead'" + where + " applies only to 'at' routines");
    r.lead = duration(n, "lead", where);
    if (r.lead >= std::chrono::days(1)) fail(n.source(), "'lead'" + where + ": must be shorter than a day");
  }
  void read_duration(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    constexpr std::string_view hint = "a length or range such as \"15m\", \"30-60m\" or \"30m-1h\"";
    auto d = parse_duration_range(string(n, "duration", where, hint));
    if (!d) fail(n.source(), "'duration'" + where + ": expected " + std::string(hint) + ", got " + shown(n));
    r.duration = d;
  }
  void read_window(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.window = window(n, "window", where);
  }
  void read_on(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.on = DaySet{0};
    strings(n, "on", where, "day names such as [\"mon\", \"wed\"], \"weekdays\" or \"weekends\"",
            [&](const toml::node& item) {
              if (!add_day_name(r.on, item.as_string()->get()))
                fail(item.source(), "'on'" + where +
                                        ": expected mon, tue, wed, thu, fri, sat, sun, weekdays or weekends, got " +
                                        shown(item));
            });
  }
  void read_exercises(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    strings(n, "exercises", where, "a list of strings",
            [&](const toml::node& item) { r.exercises.push_back(item.as_string()->get()); });
  }
  void read_import(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    strings(n, "import", where, "sports such as [\"walking\", \"hiking\"]", [&](const toml::node& item) {
      const std::string& sport = item.as_string()->get();
      if (sport.find_first_not_of(" \t") == std::string::npos)
        fail(item.source(), "'import'" + where + ": expected a sport such as \"walking\", got " + shown(item));
      r.import_sports.push_back(sport);
    });
  }
  void read_snooze(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.snooze = positive_duration(n, "snooze", where);
  }
  void read_repeat(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.repeat = repeat(n, where);
  }
  void read_sound(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    r.sound = sound(n, where);
  }
  void read_enabled(Routine& r, const toml::key&, const toml::node& n, const std::string& where) {
    if (!n.is_boolean()) fail(n.source(), "'enabled'" + where + ": expected true or false, got " + shown(n));
    r.enabled = n.as_boolean()->get();
  }

 private:
  std::string source_;
  /// Routine id -> line of its [[routine]], for duplicates: views of the
  /// TOML tree, used only while parse() holds it.
  std::unordered_map<std::string_view, int> lines_by_id_;
};

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
};

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

Routine Parser::routine(const toml::table& t, const Plan& plan) {
  Routine r;
  r.line = static_cast<int>(t.source().begin.line);
  std::string where = " in routine #" + std::to_string(plan.routines.size() + 1);
  const toml::node* id = t.get("id");
  if (id) {
    constexpr std::string_view hint = "an id of lowercase letters, digits and '-' such as \"desk-break\"";
    r.id = string(*id, "id", where, hint);
    bool slug = !r.id.empty() && std::all_of(r.id.begin(), r.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
    if (!slug) fail(id->source(), "'id'" + where + ": expected " + std::string(hint) + ", got " + shown(*id));
    where = " in routine " + quote(r.id);
  }
  const Keys keys = ordered(t);  // in file order, for the checks below and the fields after them
  check_known(keys, kRoutineKeyNames, where);
  if (!id) fail(t.source(), "routine #" + std::to_string(plan.routines.size() + 1) + " has no 'id'");
  auto [first, added] = lines_by_id_.try_emplace(id->as_string()->get(), r.line);
  if (!added)
    fail(id->source(),
         "duplicate routine id " + quote(r.id) + " (first at line " + std::to_string(first->second) + ")");

  // Exactly one schedule.
  const toml::key* schedule_key = nullptr;
  const toml::node* schedule = nullptr;
  for (auto [k, v] : keys) {
    if (!routine_key(k->str())->schedule) continue;
    if (schedule)
      fail(k->source(), "routine " + quote(r.id) + " has both " + quote(schedule_key->str()) + " and " +
                            quote(k->str()) + " (expected exactly one of 'every', 'at', 'times_per_week')");
    schedule_key = k;
    schedule = v;
  }
  if (!schedule) fail(t.source(), "routine " + quote(r.id) + " needs one of 'every', 'at' or 'times_per_week'");

  routine_key(schedule_key->str())->read(*this, r, *schedule_key, *schedule, where);
  for (auto [k, v] : keys) {
    const RoutineKey* key = routine_key(k->str());
    if (!key->schedule && key->reader) key->read(*this, r, *k, *v, where);
  }
  return r;
}

}  // namespace

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

Plan parse_plan(std::string_view text, std::string_view source) { return Parser(source).parse(text); }

std::string read_plan_text(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw PlanError(file.string(), 0, 0,
                    "this is a folder; give the plan file in it, e.g. " + (file / "plan.toml").string());
  std::ifstream in(file, std::ios::binary);
  if (!in) throw PlanError(file.string(), 0, 0, "cannot read the plan: " + std::string(std::strerror(errno)));
  // Up to one byte more than the limit, so that check_plan_limits refuses
  // it (`--plan /dev/zero` must not read gigabytes); read in pieces, so that
  // the text kept for the running plan is its own size, not the limit's.
  std::string text;
  char piece[64 * 1024];
  while (text.size() <= kMaxPlanBytes && in) {
    in.read(piece, static_cast<std::streamsize>(std::min(sizeof piece, kMaxPlanBytes + 1 - text.size())));
    text.append(piece, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw PlanError(file.string(), 0, 0, "cannot read the plan: " + std::string(std::strerror(errno)));
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

std::string describe_schedule(const Routine& r) {
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
