// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/idle_select.h"

#include <cstdlib>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

#include "daemon/idle_gnome.h"
#include "daemon/idle_logind.h"
#include "daemon/idle_wayland.h"
#include "daemon/idle_x11.h"
#include "daemon/log.h"
#include "lib/i18n.h"

namespace move {

namespace {

struct Candidate {
  std::string_view name;
  std::function<std::unique_ptr<IdleSource>()> make;
};

std::unique_ptr<IdleSource> attempt(const Candidate& c) {
  try {
    return c.make();
  } catch (const std::exception& e) {
    log::debug("idle source " + std::string(c.name) + " not available: " + e.what());
    return nullptr;
  }
}

}  // namespace

std::unique_ptr<IdleSource> choose_idle_source(boost::asio::io_context& io, Seconds threshold) {
  const Candidate candidates[] = {
      {"wayland", [&] { return std::make_unique<WaylandIdle>(io, threshold); }},
      {"gnome", [&] { return std::make_unique<GnomeIdle>(threshold); }},
      {"x11", [&] { return std::make_unique<X11Idle>(io, threshold); }},
      {"logind", [&] { return std::make_unique<LogindIdle>(); }},
  };
  const char* forced = std::getenv("MOVE_IDLE_SOURCE");
  std::unique_ptr<IdleSource> chosen;
  if (forced && *forced) {
    std::string_view want = forced;
    bool known = want == "none";
    for (const auto& c : candidates)
      if (c.name == want) {
        known = true;
        chosen = attempt(c);
        if (!chosen) log::warning(strprintf(_("idle source %1$s (%2$s) is not available"), forced, "MOVE_IDLE_SOURCE"));
      }
    if (!known)
      log::warning(
          // TRANSLATORS: %1$s is the environment variable MOVE_IDLE_SOURCE, %2$s its value; the list names the
          // idle sources as they are written.
          strprintf(_("%1$s=%2$s is not one of wayland, gnome, x11, logind, none"), "MOVE_IDLE_SOURCE", forced));
  } else {
    for (const auto& c : candidates)
      if ((chosen = attempt(c))) break;
  }
  if (chosen)
    // TRANSLATORS: %1$s is the idle source (wayland, gnome, x11 or logind), %2$s a duration such as 5m: after
    // that long without input the person counts as away from the computer.
    log::info(strprintf(_("idle source: %1$s (idle after %2$s)"), std::string(chosen->name()).c_str(),
                        format_duration(threshold).c_str()));
  else
    // TRANSLATORS: without an idle source, desk breaks count the time on the clock, present or not.
    log::info(_("no idle source: counting wall-clock time"));
  return chosen;
}

}  // namespace move
