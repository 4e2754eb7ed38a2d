// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the plan parser (lib/plan.h) with arbitrary text: parse_plan must
// return a valid plan or throw PlanError naming the source with a line and
// column inside the text; no other exception, no crash, no sanitizer report.
// A plan it accepts satisfies the invariants the scheduler relies on.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "lib/plan.h"
#include "lib/prescription.h"

using namespace move;

namespace {

bool slug(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The schedule and dose invariants the scheduler relies on: of a routine
// and of each of its stages.
void check_prescribed(const Routine& r) {
  switch (r.kind) {
    case ScheduleKind::every: FUZZ_CHECK(r.every.count() > 0, "every"); break;
    case ScheduleKind::at:
      FUZZ_CHECK(!r.at.empty(), "at empty");
      FUZZ_CHECK(std::is_sorted(r.at.begin(), r.at.end()), "at sorted");
      FUZZ_CHECK(std::adjacent_find(r.at.begin(), r.at.end()) == r.at.end(), "at unique");
      for (int m : r.at) FUZZ_CHECK(m >= 0 && m < 24 * 60, "at range");
      FUZZ_CHECK(r.lead.count() >= 0 && r.lead.count() < 86400, "lead");
      break;
    case ScheduleKind::times_per_week:
      FUZZ_CHECK(r.times_per_week >= 1 && r.times_per_week <= 7, "times_per_week");
      break;
  }
  if (r.active) FUZZ_CHECK(r.kind == ScheduleKind::every, "active");
  if (r.duration) FUZZ_CHECK(r.duration->min.count() > 0 && r.duration->min <= r.duration->max, "duration");
  if (r.window)
    FUZZ_CHECK(r.window->start >= 0 && r.window->start < 1440 && r.window->end >= 0 && r.window->end <= 1440 &&
                   r.window->start != r.window->end,
               "window");
  FUZZ_CHECK(!r.on.empty(), "on empty");
}

void check_plan(const Plan& plan) {
  FUZZ_CHECK(plan.source == "fuzz.toml", plan.source);
  FUZZ_CHECK(plan.settings.snooze.count() > 0, "snooze");
  FUZZ_CHECK(plan.settings.idle_threshold.count() > 0, "idle_threshold");
  std::set<std::string> ids;
  for (const Routine& r : plan.routines) {
    FUZZ_CHECK(slug(r.id), "id " + r.id);
    FUZZ_CHECK(ids.insert(r.id).second, "duplicate id " + r.id);
    FUZZ_CHECK(plan.find(r.id) == &r, "find");
    FUZZ_CHECK(r.line >= 1, "line");
    check_prescribed(r);
    int after = 0;
    for (const Stage& st : r.stages) {
      FUZZ_CHECK(st.after_days > after, "stages ascending");
      after = st.after_days;
      FUZZ_CHECK(st.routine.stages.empty(), "a stage has no stages");
      check_prescribed(st.routine);
    }
    // What the history keeps of it reads back as the same prescription.
    FUZZ_CHECK(same_prescription(parse_prescription(r.prescription), r), "prescription round trip " + r.id);
    if (r.snooze) FUZZ_CHECK(r.snooze->count() > 0, "routine snooze");
    FUZZ_CHECK(!r.display_title().empty(), "title");
    FUZZ_CHECK(!describe_schedule(r).empty(), "describe_schedule");
    // No catalogue is bound: the local words are their msgids, the fixed words.
    FUZZ_CHECK(describe_prescription(r, Words::local) == describe_prescription(r), "local words " + r.id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  try {
    Plan plan = parse_plan(text, "fuzz.toml");
    check_plan(plan);
  } catch (const PlanError& e) {
    const std::string what = e.what();
    FUZZ_CHECK(e.file() == "fuzz.toml", what);
    FUZZ_CHECK(what.rfind("fuzz.toml:", 0) == 0, what);
    FUZZ_CHECK(e.line() >= 0 && e.line() <= lines + 1, what);
    FUZZ_CHECK(e.column() >= 0, what);
  }
  // Any other exception escapes: libFuzzer reports it (std::terminate).
  return 0;
}
