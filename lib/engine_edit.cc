// SPDX-License-Identifier: GPL-3.0-or-later
// `add` and `rm`: moved is the one writer of the plan while it runs. Their
// errors (PlanEditError, PlanError, a file that cannot be written) become
// replies in reply_to_current_exception.

#include "lib/engine.h"
#include "lib/plan_file.h"
#include "lib/protocol.h"

namespace move {

namespace json = boost::json;

json::object Engine::cmd_add(const json::object& request, Instant now) {
  NewRoutine r = new_routine_from_request(request);
  EditedPlan edited = add_to_plan_file(plan_file_, r);
  set_plan(std::move(edited.plan), std::move(edited.text), now);
  const Routine* added = plan_.find(r.id);
  return {
      {"ok", true}, {"id", r.id}, {"schedule", added ? describe_schedule(*added) : ""}, {"plan", plan_file_.string()}};
}

json::object Engine::cmd_enable(const json::object& request, Instant now) {
  std::string id = get_string(request, "id");
  EditedPlan edited = set_enabled_in_plan_file(plan_file_, id, true);
  set_plan(std::move(edited.plan), std::move(edited.text), now);
  return {{"ok", true}, {"id", id}, {"enabled", true}, {"plan", plan_file_.string()}};
}

json::object Engine::cmd_disable(const json::object& request, Instant now) {
  std::string id = get_string(request, "id");
  EditedPlan edited = set_enabled_in_plan_file(plan_file_, id, false);
  set_plan(std::move(edited.plan), std::move(edited.text), now);
  notifier_.withdraw(id);
  return {{"ok", true}, {"id", id}, {"enabled", false}, {"plan", plan_file_.string()}};
}

json::object Engine::cmd_rm(const json::object& request, Instant now) {
  std::string id = get_string(request, "id");
  EditedPlan edited = remove_from_plan_file(plan_file_, id);
  set_plan(std::move(edited.plan), std::move(edited.text), now);
  return {{"ok", true}, {"id", id}, {"plan", plan_file_.string()}};
}

}  // namespace move
