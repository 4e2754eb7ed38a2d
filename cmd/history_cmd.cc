// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/history_cmd.h"

#include <boost/json.hpp>
#include <iostream>
#include <tuple>

#include "cmd/movectl.h"
#include "cmd/offline.h"
#include "cmd/views.h"
#include "daemon/clock.h"
#include "lib/history.h"
#include "lib/i18n.h"
#include "lib/json_text.h"
#include "lib/local_time.h"
#include "lib/spelling.h"
#include "lib/when.h"

namespace move {

namespace json = boost::json;

namespace {

/// "due, done, ...": every kind of event, for --kind.
std::string kind_names() {
  std::string out;
  for (EventKind k : kEventKinds) out += (out.empty() ? "" : ", ") + std::string(to_string(k));
  return out;
}

}  // namespace

void history_options(CLI::App& c, HistoryArgs& a) {
  c.add_option("id", a.id, _("Only this routine"));
  c.add_option("--since", a.since, _("From this day (its 00:00) or time, e.g. 2026-11-01, yesterday, \"mon 18:00\""));
  c.add_option("--until", a.until, _("Up to this day (the whole day) or time (not included)"));
  c.add_option("--kind", a.kinds, strprintf(_("Only these kinds: %s"), kind_names().c_str()))->delimiter(',');
  c.add_flag("--prescriptions", a.prescriptions, _("Only the prescriptions moved kept: what the plan prescribed when"));
  c.add_option("--format", a.format, _("table, json or csv"))->check(CLI::IsMember({"table", "json", "csv"}));
  c.footer(
      _("Examples:\n  movectl history walk --since 2026-11-01 --until 2026-11-30\n"
        "  movectl history --kind pain,done --since mon\n  movectl history --prescriptions walk\n"
        "  movectl history --format csv > move.csv"));
}
int history_run(const HistoryArgs& a, const CallTarget& target) {
  json::object req{{"cmd", "history"}, {"id", a.id ? json::value(*a.id) : json::value(nullptr)}};
  const Instant now = wall_now();
  for (auto [name, text, end] : {std::tuple{"--since", &a.since, false}, std::tuple{"--until", &a.until, true}}) {
    if (!*text) continue;
    auto t = parse_day_bound(**text, now, end);
    if (!t) {
      std::cerr << "movectl: " << name << ": "
                << strprintf(_("expected a day or time such as \"2026-11-01\", \"yesterday\" or \"2026-11-01 18:00\", "
                               "got \"%s\""),
                             (*text)->c_str())
                << "\n";
      return kExitUsage;
    }
    req[std::string_view(name).substr(2)] = format_iso8601(*t);
  }
  if (!a.kinds.empty()) {
    std::vector<std::string_view> known;
    for (EventKind k : kEventKinds) known.push_back(to_string(k));
    json::array kinds;
    for (const std::string& k : a.kinds) {
      if (!parse_event_kind(k)) {
        std::cerr << "movectl: --kind: no kind '" << k << "'";
        if (auto guess = closest(k, known)) std::cerr << " (did you mean '" << *guess << "'?)";
        std::cerr << "; kinds: " << kind_names() << "\n";
        return kExitUsage;
      }
      kinds.emplace_back(k);
    }
    req["kind"] = std::move(kinds);
  }
  if (a.prescriptions) req["kind"] = json::array{"prescription"};
  if (a.format == "json") {
    // The events array as is: what scripts read.
    return call_moved(
        target, req, [](auto& r) { std::cout << to_json_text(r.at("events")) << "\n"; }, history_offline);
  }
  return call_moved(
      target, req, [&](auto& r) { print_history(r, a.format, std::cout); }, history_offline);
}

}  // namespace move
