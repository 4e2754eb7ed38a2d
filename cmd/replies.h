// SPDX-License-Identifier: GPL-3.0-or-later
// The one line movectl prints for a command's reply (done, skip, snooze,
// pause, resume, pain, reload), in the user's language; --json prints the
// reply itself instead.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

namespace move {

/// "; next 2026-11-28 07:00" from the reply's next_due, or "".
std::string next_due_line(const boost::json::object& reply);
/// "walk: done 2026-11-26 18:00, 45 min; next ..." (`when_said` from put_at).
std::string done_line(const boost::json::object& reply, const std::string& when_said);
std::string skipped_line(const std::string& id, const std::string& when_said, const std::optional<std::string>& reason,
                         const boost::json::object& reply);
std::string snoozed_line(const std::string& id, const boost::json::object& reply);
std::string paused_line(const boost::json::object& reply);
std::string resumed_line(const boost::json::object& reply);
std::string pain_line(const boost::json::object& reply);
std::string reloaded_line(const boost::json::object& reply);

}  // namespace move
