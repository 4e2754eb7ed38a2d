// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/plan_file.h"

#include <boost/json.hpp>

#include "lib/atomic_file.h"
#include "lib/protocol.h"

namespace move {

namespace json = boost::json;

namespace {

std::vector<std::string> strings_arg(const json::object& request, std::string_view key) {
  std::vector<std::string> out;
  auto it = request.find(key);
  if (it == request.end() || it->value().is_null()) return out;
  const json::array* arr = it->value().if_array();
  if (!arr) throw ProtocolError(code::kBadRequest, "argument \"" + std::string(key) + "\" must be a list of strings");
  for (const json::value& v : *arr) {
    if (!v.is_string())
      throw ProtocolError(code::kBadRequest, "argument \"" + std::string(key) + "\" must be a list of strings");
    out.emplace_back(v.as_string());
  }
  return out;
}

EditedPlan write_edit(const std::filesystem::path& file, std::string text) {
  Plan plan = parse_plan(text, file.string());
  write_file_atomically(file, text);
  return {std::move(plan), std::move(text)};
}

}  // namespace

NewRoutine new_routine_from_request(const json::object& request) {
  NewRoutine r;
  r.id = get_string(request, "id");
  r.title = get_optional_string(request, "title").value_or("");
  r.every = get_optional_string(request, "every");
  r.active = get_optional_bool(request, "active").value_or(false);
  r.at = strings_arg(request, "at");
  if (auto n = get_optional_int(request, "times_per_week")) {
    if (*n < 1 || *n > 7) throw ProtocolError(code::kBadRequest, "argument \"times_per_week\" must be 1 to 7");
    r.times_per_week = static_cast<int>(*n);
  }
  r.on = get_optional_string(request, "on");
  r.window = get_optional_string(request, "window");
  r.duration = get_optional_string(request, "duration");
  r.exercises = strings_arg(request, "exercises");
  r.notes = get_optional_string(request, "notes");
  r.lead = get_optional_string(request, "lead");
  r.snooze = get_optional_string(request, "snooze");
  r.enabled = get_optional_bool(request, "enabled");
  return r;
}

json::object request_from_new_routine(const NewRoutine& r) {
  auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
  auto list = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) a.emplace_back(s);
    return a;
  };
  json::object o{{"cmd", "add"},
                 {"id", r.id},
                 {"every", opt(r.every)},
                 {"active", r.active},
                 {"at", list(r.at)},
                 {"times_per_week", opt(r.times_per_week)},
                 {"on", opt(r.on)},
                 {"window", opt(r.window)},
                 {"duration", opt(r.duration)},
                 {"exercises", list(r.exercises)},
                 {"notes", opt(r.notes)}};
  if (!r.title.empty()) o["title"] = r.title;
  // New arguments only when given, so that an older moved is not asked them.
  if (r.lead) o["lead"] = *r.lead;
  if (r.snooze) o["snooze"] = *r.snooze;
  if (r.enabled) o["enabled"] = *r.enabled;
  return o;
}

EditedPlan add_to_plan_file(const std::filesystem::path& file, const NewRoutine& r) {
  return write_edit(file, add_routine(read_plan_text(file), file.string(), r));
}

EditedPlan remove_from_plan_file(const std::filesystem::path& file, std::string_view id) {
  return write_edit(file, remove_routine(read_plan_text(file), file.string(), id));
}

EditedPlan set_enabled_in_plan_file(const std::filesystem::path& file, std::string_view id, bool enabled) {
  return write_edit(file, set_enabled(read_plan_text(file), file.string(), id, enabled));
}

}  // namespace move
