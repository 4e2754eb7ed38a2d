// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl add` and `rm` applied to the plan file: read, edit surgically,
// validate, write atomically. The one code path both moved (the single
// writer while it runs) and movectl (when no daemon runs) use.

#include <boost/json/object.hpp>
#include <filesystem>
#include <string>

#include "lib/plan.h"
#include "lib/plan_edit.h"

namespace move {

/// The request of `add` ({"cmd":"add","id":...,"every":...}) as a NewRoutine.
/// Throws ProtocolError bad-request for mistyped arguments.
NewRoutine new_routine_from_request(const boost::json::object& request);
/// The same fields as a request, for movectl to send.
boost::json::object request_from_new_routine(const NewRoutine& r);

struct EditedPlan {
  Plan plan;
  std::string text;
};

/// Adds r to the plan file. Throws PlanError / PlanEditError (nothing
/// written) or std::system_error (I/O).
EditedPlan add_to_plan_file(const std::filesystem::path& file, const NewRoutine& r);
/// Removes routine id from the plan file; same errors.
EditedPlan remove_from_plan_file(const std::filesystem::path& file, std::string_view id);
/// Sets routine id's `enabled` in the plan file; same errors.
EditedPlan set_enabled_in_plan_file(const std::filesystem::path& file, std::string_view id, bool enabled);

}  // namespace move
