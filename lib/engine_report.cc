// SPDX-License-Identifier: GPL-3.0-or-later
// The `report` command of Engine: the report model of lib/report.h.

#include "lib/engine.h"
#include "lib/protocol.h"
#include "lib/report_range.h"

namespace move {

boost::json::object Engine::cmd_report(const boost::json::object& request, Instant now) {
  return report_reply(plan_, history_, request, now);
}

}  // namespace move
