// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/replies.h"

#include "cmd/format.h"
#include "lib/i18n.h"
#include "lib/local_time.h"

namespace move {

namespace json = boost::json;

namespace {

std::string local(const json::value& iso) {
  auto t = iso.is_string() ? parse_datetime(iso.as_string()) : std::nullopt;
  return t ? format_local(*t) : str(iso);
}

}  // namespace

std::string next_due_line(const json::object& reply) {
  if (!reply.contains("next_due") || reply.at("next_due").is_null()) return "";
  auto t = parse_datetime(reply.at("next_due").as_string());
  return t ? strprintf(_("; next %s"), format_local(*t).c_str()) : "";
}

std::string done_line(const json::object& reply, const std::string& when_said) {
  const json::object& e = reply.at("event").as_object();
  // TRANSLATORS: "walk: done" and when, if not now (" 2026-11-26 18:00").
  std::string line = strprintf(_("%1$s: done%2$s"), str(e.at("routine")).c_str(), when_said.c_str());
  if (!e.at("minutes").is_null()) line += strprintf(_(", %s min"), str(e.at("minutes")).c_str());
  return line + next_due_line(reply);
}

std::string skipped_line(const std::string& id, const std::string& when_said, const std::optional<std::string>& reason,
                         const json::object& reply) {
  // The reason stays the code the history keeps (pain, time, weather, ...).
  return strprintf(_("%1$s: skipped%2$s"), id.c_str(), when_said.c_str()) + (reason ? " (" + *reason + ")" : "") +
         next_due_line(reply);
}

std::string snoozed_line(const std::string& id, const json::object& reply) {
  return strprintf(_("%1$s: snoozed until %2$s"), id.c_str(), local(reply.at("until")).c_str());
}

std::string paused_line(const json::object& reply) {
  if (reply.at("until").is_string()) return strprintf(_("paused until %s"), local(reply.at("until")).c_str());
  return _("paused; `movectl resume` to go on");
}

std::string resumed_line(const json::object& reply) {
  const bool was = !reply.contains("was_paused") || reply.at("was_paused") == true;
  return was ? _("resumed: each routine that fell due meanwhile reminds once") : _("not paused: nothing to resume");
}

std::string pain_line(const json::object& reply) {
  const json::object& e = reply.at("event").as_object();
  return strprintf(_("pain %1$s/10 recorded at %2$s"), str(e.at("level")).c_str(), local(e.at("at")).c_str());
}

std::string reloaded_line(const json::object& reply) {
  const json::value& n = reply.at("routines");
  const unsigned long count = n.is_int64() ? static_cast<unsigned long>(n.as_int64()) : 0;
  return strprintf(P_("plan reloaded: %s routine", "plan reloaded: %s routines", count), str(n).c_str());
}

}  // namespace move
