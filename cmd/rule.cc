// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/rule.h"

#include <boost/json.hpp>

#include "cmd/format.h"
#include "lib/i18n.h"
#include "lib/prescription.h"
#include "lib/words.h"

namespace move {

namespace json = boost::json;

std::string schedule_words(const json::object& o) {
  const json::value* rule = o.if_contains("rule");
  if (const auto r = rule ? routine_of_rule(*rule) : std::nullopt) return describe_schedule(*r, Words::local);
  const json::value* text = o.if_contains("schedule");
  return text ? str(*text) : "";
}

std::string days_words(const json::object& o) {
  const json::value* rule = o.if_contains("rule");
  if (const auto r = rule ? routine_of_rule(*rule) : std::nullopt) return day_words(r->on);
  const json::value* text = o.if_contains("on");
  return text ? str(*text) : "";
}

}  // namespace move
