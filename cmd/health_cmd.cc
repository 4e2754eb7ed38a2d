// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/health_cmd.h"

#include <boost/json.hpp>
#include <iostream>

#include "cmd/at_option.h"
#include "cmd/format.h"
#include "cmd/values.h"
#include "daemon/clock.h"
#include "lib/health.h"
#include "lib/i18n.h"
#include "lib/local_time.h"

namespace move {

namespace json = boost::json;

namespace {

std::string recorded_at(const json::object& reply) {
  return format_local(*parse_datetime(reply.at("event").at("at").as_string()));
}

}  // namespace

void flare_options(CLI::App& c, HealthArgs& a) {
  add_at_option(c, a.at);
  c.add_flag("--limiting", a.limiting, _("It kept you from your usual activities"));
  c.add_flag("--care", a.care, _("You sought care for it (physiotherapist, doctor)"));
  c.add_option("--note", a.note, _("A note for the history"));
  c.footer(
      _("Examples:\n  movectl flare --limiting --note \"lifting the boxes\"\n"
        "  movectl flare --at \"mon 08:00\" --limiting --care"));
}

int flare_run(const HealthArgs& a, const CallTarget& target) {
  json::object req{{"cmd", "flare"}, {"limiting", a.limiting}, {"care", a.care}};
  if (a.note) req["note"] = *a.note;
  put_at(a.at, req, wall_now());
  return call_moved(target, req, [&](const json::object& r) {
    const char* how = a.limiting ? (a.care ? _("activity-limiting flare, care sought, recorded at %s")
                                           : _("activity-limiting flare recorded at %s"))
                                 : (a.care ? _("flare, care sought, recorded at %s") : _("flare recorded at %s"));
    std::cout << strprintf(how, recorded_at(r).c_str()) << "\n";
  });
}

void score_options(CLI::App& c, HealthArgs& a) {
  c.add_option("scale", a.scale, _("rmdq (Roland-Morris, 0-24) or odi (Oswestry, 0-100)"))
      ->required()
      ->check(CLI::IsMember({"rmdq", "odi"}));
  c.add_option("total", a.score, _("The questionnaire's total, a whole number"))->required();
  add_at_option(c, a.at);
  c.footer(
      _("move ships no questionnaire texts: take it on paper or with your physiotherapist.\n"
        "Examples:\n  movectl score rmdq 9\n  movectl score odi 32 --at \"2026-11-02 10:00\""));
}

int checked_score(const std::string& scale, const std::string& text) {
  const Scale* s = find_scale(scale);
  if (!s) throw BadValue(scale + ": " + _("a scale is rmdq or odi"));
  if (!all_digits(text) || text.size() > 3 || std::stoi(text) > s->max)
    throw BadValue(
        text + ": " +
        strprintf(_("an %1$s total is a whole number from 0 to %2$d"), std::string(s->title).c_str(), s->max));
  return std::stoi(text);
}

int score_run(const HealthArgs& a, const CallTarget& target) {
  json::object req{{"cmd", "score"}, {"scale", a.scale}, {"score", checked_score(a.scale, a.score)}};
  put_at(a.at, req, wall_now());
  return call_moved(target, req, [&](const json::object& r) {
    const Scale* s = find_scale(a.scale);
    std::cout << strprintf(_("%1$s %2$s/%3$d recorded at %4$s"), std::string(s->title).c_str(),
                           str(r.at("event").at("score")).c_str(), s->max, recorded_at(r).c_str())
              << "\n";
  });
}

}  // namespace move
