// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/report_cmd.h"

#include <unistd.h>

#include <boost/json.hpp>
#include <iostream>

#include "cmd/movectl.h"
#include "cmd/offline.h"
#include "cmd/report_html.h"
#include "cmd/report_pdf.h"
#include "cmd/report_text.h"
#include "cmd/values.h"
#include "daemon/clock.h"
#include "lib/i18n.h"
#include "lib/json_text.h"
#include "lib/local_time.h"
#include "lib/report.h"
#include "lib/when.h"

namespace move {

namespace json = boost::json;

void report_options(CLI::App& c, ReportArgs& a) {
  auto* weeks = c.add_option("--weeks", a.weeks, _("How many ISO weeks, the current one last"))
                    ->check(CLI::Range(kReportMinWeeks, kReportMaxWeeks));
  auto* since = c.add_option("--since", a.since,
                             _("From the ISO week of this day, e.g. 2026-10-05 (default: the first "
                               "event, at most 12 weeks)"));
  c.add_option("--until", a.until, _("Up to this day, included (default: now)"))->needs(since);
  weeks->excludes(since);
  c.add_option("--name", a.name, _("The name on the report, e.g. the patient's"));
  c.add_option("--html", a.html_file, _("Write a self-contained HTML page (to print or show) to FILE, - for stdout"));
  c.add_option("--pdf", a.pdf_file, _("Write the report as an A4 PDF to FILE, - for stdout"));
  c.footer(
      _("Examples:\n  movectl report\n  movectl report --weeks 12 --html report.html\n"
        "  movectl report --since 2026-10-05 --until 2026-11-29 --name \"A. Patient\" --pdf checkup.pdf"));
}

int report_run(const ReportArgs& a, const CallTarget& target) {
  json::object req{{"cmd", "report"}};
  if (a.weeks) req["weeks"] = *a.weeks;
  if (a.name) req["name"] = *a.name;
  const Instant now = wall_now();
  for (auto [name, text, end] : {std::tuple{"--since", &a.since, false}, std::tuple{"--until", &a.until, true}}) {
    if (!*text) continue;
    auto t = parse_day_bound(**text, now, end);
    if (!t)
      throw BadValue(std::string(name) + " " + **text + ": " + _("a day such as 2026-10-05, \"mon\" or \"yesterday\""));
    req[std::string_view(name).substr(2)] = format_iso8601(*t);
  }
  if (!a.html_file && !a.pdf_file)
    return call_moved(
        target, req, [](auto& r) { print_report(r, std::cout, use_colour(STDOUT_FILENO)); }, report_offline);
  // With --html or --pdf the file is written, --json or not.
  bool written = false;
  const int status = call_moved(
      {target.socket, false}, req,
      [&](auto& r) {
        if (target.json) std::cout << to_json_text(r) << "\n";
        written = true;
        for (const auto& [file, write] :
             {std::pair{a.html_file, &write_report_html}, std::pair{a.pdf_file, &write_report_pdf}}) {
          if (!file) continue;
          const bool ok = write(r, *file);
          written = written && ok;
          if (ok && !target.json && *file != "-")
            std::cout << strprintf(_("report written to %s"), file->c_str()) << "\n";
        }
      },
      report_offline);
  return status == kExitOk && !written ? kExitUsage : status;
}

}  // namespace move
