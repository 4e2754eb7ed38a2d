// SPDX-License-Identifier: GPL-3.0-or-later
// The `report` command of Engine: the report model of lib/report.h.

#include "lib/engine.h"
#include "lib/protocol.h"
#include "lib/report.h"

namespace move {

boost::json::object Engine::cmd_report(const boost::json::object& request, Instant now) {
  const std::int64_t weeks = get_optional_int(request, "weeks").value_or(kReportDefaultWeeks);
  if (weeks < kReportMinWeeks || weeks > kReportMaxWeeks)
    throw ProtocolError(code::kBadRequest, "argument \"weeks\" must be " + std::to_string(kReportMinWeeks) + " to " +
                                               std::to_string(kReportMaxWeeks));
  return report_json(plan_, history_, now, static_cast<int>(weeks));
}

}  // namespace move
