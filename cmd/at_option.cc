// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/at_option.h"

#include "cmd/values.h"
#include "lib/i18n.h"
#include "lib/local_time.h"
#include "lib/when.h"

namespace move {

void add_at_option(CLI::App& c, std::optional<std::string>& at) {
  c.add_option("--at", at,
               _("When, if not now: 18:00 (the latest), \"yesterday 6pm\", \"mon 18:00\", \"2h ago\", -90m, ISO 8601"));
}

std::string put_at(const std::optional<std::string>& at, boost::json::object& request, Instant now) {
  if (!at) return {};
  auto t = parse_when(*at, now, Lean::past);
  if (!t)
    throw BadValue("--at " + *at + ": " +
                   _("a time such as 18:00, 6pm, \"yesterday 18:00\", \"mon 18:00\", \"2h ago\", -90m or "
                     "\"2026-11-25 18:00\""));
  request["at"] = format_iso8601(*t);
  std::string said = " " + format_local(*t);
  if (parse_when(*at, now, Lean::today) != t)
    said += strprintf(_(" (yesterday: %s has not come yet today)"), at->c_str());
  return said;
}

}  // namespace move
