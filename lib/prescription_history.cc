// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/prescription_history.h"

namespace move {

PrescriptionRecords read_prescriptions(const History& history, const std::function<void(const std::string&)>& warn) {
  PrescriptionRecords out;
  HistoryQuery q;
  q.kinds = {EventKind::prescription};
  for (const Event& e : history.list(q)) {
    PrescriptionRecord rec{e.at, std::nullopt};
    if (e.detail) {
      try {
        rec.routine = parse_prescription(*e.detail);
      } catch (const PlanError& err) {
        if (warn) warn("prescription of " + e.routine + " at " + format_iso8601(e.at) + " not read: " + err.what());
        continue;
      }
    }
    out[e.routine].push_back(std::move(rec));
  }
  return out;
}

Timeline prescribed(std::vector<PrescriptionRecord> records, const Routine& current, Instant first_seen,
                    Instant start) {
  if (records.empty()) return timeline(current, start);
  if (records.front().at <= first_seen) records.front().at = std::min(records.front().at, start);
  return timeline(records, std::min(start, first_seen));
}

std::vector<PrescriptionChange> prescription_changes(const std::string& routine, const Timeline& tl, Instant from,
                                                     Instant to) {
  std::vector<PrescriptionChange> out;
  for (std::size_t i = 1; i < tl.size(); ++i) {
    if (tl[i].from < from || tl[i].from > to) continue;
    out.push_back({routine, tl[i].from, tl[i - 1].routine, tl[i].routine});
  }
  return out;
}

}  // namespace move
