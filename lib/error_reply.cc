// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/error_reply.h"

#include <exception>
#include <system_error>

#include "lib/history.h"
#include "lib/paths.h"
#include "lib/plan_edit.h"
#include "lib/protocol.h"

namespace move {

namespace {

boost::json::object internal(std::string_view cmd, const std::string& what, const ErrorLog& log) {
  if (log) {
    try {
      log("internal error" + (cmd.empty() ? std::string() : " in '" + std::string(cmd) + "'") + ": " + what);
    } catch (...) {
      // A log that cannot write must not turn an answer into a crash.
    }
  }
  return error_reply(code::kInternal, "internal error: " + what);
}

}  // namespace

boost::json::object reply_to_current_exception(std::string_view cmd, const ErrorLog& log) noexcept {
  try {
    throw;
  } catch (const ProtocolError& e) {
    return error_reply(e);
  } catch (const PlanEditError& e) {
    return error_reply(e.kind() == PlanEditError::Kind::unknown_routine ? code::kUnknownRoutine : code::kInvalidPlan,
                       e.what());
  } catch (const PlanError& e) {
    return error_reply(code::kInvalidPlan, e.what());
  } catch (const HistoryError& e) {
    return error_reply(code::kIoError, e.what());
  } catch (const std::system_error& e) {
    return error_reply(code::kIoError, e.what());
  } catch (const PathError& e) {
    return error_reply(code::kIoError, e.what());
  } catch (const std::exception& e) {
    return internal(cmd, e.what(), log);
  } catch (...) {
    return internal(cmd, "an exception that is not a std::exception", log);
  }
}

}  // namespace move
