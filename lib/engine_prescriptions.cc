// SPDX-License-Identifier: GPL-3.0-or-later
// The prescriptions moved runs, kept in the history (kind `prescription`):
// one record per routine whenever what the plan prescribes changes (first
// start, reload, add, rm), and the timelines the figures follow.
#include "lib/engine.h"

namespace move {

void Engine::record_prescriptions(Instant now) {
  if (!history_.available()) return;
  if (!prescriptions_) {
    try {
      prescriptions_ = read_prescriptions(history_, on_warning);
    } catch (const HistoryError& e) {
      if (on_warning) on_warning(std::string("prescriptions not read: ") + e.what());
      return;
    }
  }
  auto keep = [&](const std::string& id, Instant at, const Routine* r) {
    Event e;
    e.routine = id;
    e.kind = EventKind::prescription;
    e.at = at;
    if (r) e.detail = r->prescription;
    if (record(e, false) == 0) return;
    (*prescriptions_)[id].push_back({at, r ? std::optional<Routine>(*r) : std::nullopt});
  };
  for (const Routine& r : plan_.routines) {
    if (r.prescription.empty()) continue;  // a hand-made routine: nothing to keep
    const auto it = prescriptions_->find(r.id);
    if (it != prescriptions_->end() && !it->second.empty()) {
      const auto& last = it->second.back().routine;
      if (last && same_prescription(*last, r)) continue;
      keep(r.id, now, &r);
    } else {
      // The first: since moved first saw the routine (a history kept before
      // prescriptions were: the plan it runs now is the best known).
      keep(r.id, std::min(now, track(r, now).state.anchor), &r);
    }
  }
  for (const auto& [id, records] : *prescriptions_)
    if (!records.empty() && records.back().routine && !plan_.find(id)) keep(id, now, nullptr);
}

Timeline Engine::timeline_for(const Routine& r, Instant start) const {
  const RoutineState& st = tracked_.at(r.id).state;
  if (!prescriptions_) return timeline(r, start);
  const auto it = prescriptions_->find(r.id);
  return prescribed(it == prescriptions_->end() ? std::vector<PrescriptionRecord>{} : it->second, r, st.anchor, start);
}

boost::json::object stage_json(const Routine& r, LocalDays start, Instant now) {
  const std::size_t i = stage_index(r, start, now);
  const LocalDays since = i == 0 ? start : start + std::chrono::days(r.stages[i - 1].after_days);
  const std::optional<Instant> next = next_stage(r, start, now);
  return {{"number", i + 1},
          {"of", r.stages.size() + 1},
          {"since", format_date(since)},
          {"next", next ? boost::json::value(format_date(local_day(*next))) : boost::json::value(nullptr)}};
}

}  // namespace move
