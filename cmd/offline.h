// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// movectl without moved: `history` and `report` answered from the files
// moved uses (lib/paths.h): the history database opened read-only (never
// created, changed or checked, so that a moved starting meanwhile is not
// disturbed) and, for the report, the plan file moved would read. Each says
// on stderr that moved is not running and what was read.

#include <boost/json/object.hpp>
#include <stdexcept>
#include <string>

namespace move {

/// What could not be read offline: what() says what and why ("the history
/// could not be read: ..."), status is movectl's exit status for it (2 for
/// an invalid plan, 3 for no history).
class OfflineError : public std::runtime_error {
 public:
  OfflineError(const std::string& what, int status) : std::runtime_error(what), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

/// The `history` request answered from the history file, as moved would.
/// Throws OfflineError, and ProtocolError for a bad request.
boost::json::object history_offline(const boost::json::object& request);

/// The `report` request (its "weeks") answered from the plan and the history
/// file: lib/report.h's model up to now. Throws OfflineError.
boost::json::object report_offline(const boost::json::object& request);

}  // namespace move
