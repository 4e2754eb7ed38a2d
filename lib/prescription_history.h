// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The prescriptions the history keeps (kind `prescription`): read back into
// timelines, and the changes a report names. moved records them
// (lib/engine_prescriptions.cc).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "lib/history.h"
#include "lib/prescription.h"

namespace move {

/// Each routine's prescription records, ascending by time.
using PrescriptionRecords = std::map<std::string, std::vector<PrescriptionRecord>, std::less<>>;

/// Every prescription record of the history, by routine. A record whose text
/// does not read back is left out and passed to warn. Throws HistoryError.
PrescriptionRecords read_prescriptions(const History& history,
                                       const std::function<void(const std::string&)>& warn = {});

/// The timeline a routine's figures follow: its records (none: current,
/// prescribed as it is, since start), counted from start. first_seen is
/// when moved first saw it; start may be earlier (a backfilled done). The
/// first record, made when moved first ran the routine (or first ran it
/// since prescriptions are kept), stands from start.
Timeline prescribed(std::vector<PrescriptionRecord> records, const Routine& current, Instant first_seen, Instant start);

/// A change of prescription, for the report: routine's before -> after at
/// `at` (after is nullopt when it left the plan, before when it came back).
struct PrescriptionChange {
  std::string routine;
  Instant at;
  std::optional<Routine> before;
  std::optional<Routine> after;
};

/// The changes in [from, to] (to included: a change made now): each record that follows
/// another of its routine and prescribes otherwise, and each stage that
/// began, in time order.
std::vector<PrescriptionChange> prescription_changes(const std::string& routine, const Timeline& tl, Instant from,
                                                     Instant to);

}  // namespace move
