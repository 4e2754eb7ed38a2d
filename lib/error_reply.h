// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The one place where an exception raised while serving a request becomes
/// its error reply, as MPD's PrintError does: typed errors map to their wire
/// codes, anything else is a bug and becomes "internal" and a log line.

#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace move {

/// Receives the log line of an internal error.
using ErrorLog = std::function<void(const std::string&)>;

/// Call inside a catch block: the reply to the exception being handled.
///   ProtocolError            its own code
///   PlanEditError            unknown-routine or invalid-plan, by its kind
///   PlanError                invalid-plan
///   HistoryError, std::system_error, PathError   io-error
///   anything else            internal, and log gets
///                            "internal error in 'CMD': WHAT" (cmd may be empty)
/// Never throws.
boost::json::object reply_to_current_exception(std::string_view cmd, const ErrorLog& log) noexcept;

}  // namespace move
