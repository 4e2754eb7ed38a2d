// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/check.h"

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cmd/movectl.h"
#include "cmd/table.h"
#include "lib/i18n.h"
#include "lib/json_text.h"
#include "lib/local_time.h"
#include "lib/paths.h"
#include "lib/plan.h"
#include "lib/schedule.h"

namespace move {

Plan load_existing_plan(const std::filesystem::path& file, bool given) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec))
    throw PlanError(file.string(), 0, 0,
                    given ? strprintf(_("no plan here; copy the example plan, %s"), MOVE_EXAMPLE_PLAN_FILE)
                          : strprintf(_("no plan here; moved writes the example plan here at its first start, or "
                                        "copy the example plan, %s"),
                                      MOVE_EXAMPLE_PLAN_FILE));
  return load_plan(file);
}

int run_check(const CheckOptions& options) {
  Instant from = std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  if (options.from) {
    auto t = parse_datetime(*options.from);
    if (!t) {
      std::cerr << "movectl: "
                << strprintf(_("--from: expected a date and time such as \"2026-03-28 12:00\" or ISO 8601, got \"%s\""),
                             options.from->c_str())
                << "\n";
      return kExitUsage;
    }
    from = *t;
  }
  std::filesystem::path file = options.plan ? std::filesystem::path(*options.plan) : plan_path();
  Plan plan;
  try {
    plan = load_existing_plan(file, options.plan.has_value());
    if (auto w = plan_warning(plan)) std::cerr << "movectl: " << strprintf(_("warning: %s"), w->c_str()) << "\n";
  } catch (const PlanError& e) {
    if (options.json)
      std::cout << to_json_text(boost::json::object{{"ok", false}, {"error", e.what()}, {"code", "invalid-plan"}})
                << "\n";
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }

  if (options.json) {
    boost::json::array routines;
    for (const Routine& r : plan.routines) {
      boost::json::array next;
      for (Instant t : preview(r, plan, from, options.next)) next.emplace_back(format_iso8601(t));
      routines.emplace_back(boost::json::object{
          {"id", r.id}, {"title", r.display_title()}, {"schedule", describe_schedule(r)}, {"next", std::move(next)}});
    }
    std::cout << to_json_text(
                     boost::json::object{{"ok", true}, {"plan", file.string()}, {"routines", std::move(routines)}})
              << "\n";
    return kExitOk;
  }

  std::cout << strprintf(P_("%1$s: valid, %2$zu routine", "%1$s: valid, %2$zu routines", plan.routines.size()),
                         file.string().c_str(), plan.routines.size())
            << "\n";
  Table table({_("ID"), _("TITLE"), _("SCHEDULE"), options.next > 0 ? _("NEXT") : ""});
  for (const Routine& r : plan.routines) {
    auto times = preview(r, plan, from, options.next);
    std::string schedule = describe_schedule(r, Words::local) + (r.enabled ? "" : std::string(" ") + _("(disabled)"));
    if (options.next > 0 && times.empty()) table.add({r.id, r.display_title(), schedule, _("never")});
    if (options.next == 0) table.add({r.id, r.display_title(), schedule, ""});
    for (std::size_t i = 0; i < times.size(); ++i) {
      std::string when = format_local(times[i]) + " " + weekday_name(times[i]);
      if (i == 0)
        table.add({r.id, r.display_title(), schedule, when});
      else
        table.add({"", "", "", when});
    }
  }
  table.print(std::cout);
  return kExitOk;
}

}  // namespace move
