// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/words.h"

#include <array>
#include <optional>

#include "lib/i18n.h"

namespace move {
namespace {

struct OneUnit {
  unsigned long n;
  char unit;  // w, d, h, m or s
};

// The compact form ("2d") of s when it is a number of one unit.
std::optional<OneUnit> one_unit(Seconds s) {
  const std::string c = format_duration_compact(s);
  std::size_t i = 0;
  unsigned long n = 0;
  for (; i < c.size() && c[i] >= '0' && c[i] <= '9'; ++i) n = n * 10 + static_cast<unsigned long>(c[i] - '0');
  if (i == 0 || i + 1 != c.size()) return std::nullopt;
  return OneUnit{n, c[i]};
}

}  // namespace

std::string every_words(Seconds every) {
  const auto u = one_unit(every);
  // TRANSLATORS: an interval of several units, as the plan writes it: "every 1h30m".
  if (!u) return strprintf(_("every %s"), format_duration_compact(every).c_str());
  const unsigned long n = u->n;
  if (n == 1) {
    switch (u->unit) {
      // TRANSLATORS: a routine's interval: every week, day, hour, minute or second.
      case 'w': return _("every 1w");
      case 'd': return _("every 1d");
      case 'h': return _("every 1h");
      case 'm': return _("every 1m");
      default: return _("every 1s");
    }
  }
  switch (u->unit) {
    // TRANSLATORS: a routine's interval of 2 or more weeks (w), days (d), hours (h), minutes (m) or seconds (s);
    // one of each has a message of its own ("every 1d").
    case 'w': return strprintf(P_("every %luw", "every %luw", n), n);
    case 'd': return strprintf(P_("every %lud", "every %lud", n), n);
    case 'h': return strprintf(P_("every %luh", "every %luh", n), n);
    case 'm': return strprintf(P_("every %lum", "every %lum", n), n);
    default: return strprintf(P_("every %lus", "every %lus", n), n);
  }
}

std::string duration_words(Seconds s) {
  const auto u = one_unit(s);
  if (!u) return format_duration_compact(s);
  const unsigned long n = u->n;
  switch (u->unit) {
    // TRANSLATORS: a length of weeks (w), days (d), hours (h), minutes (m) or seconds (s): "30m".
    case 'w': return strprintf(P_("%luw", "%luw", n), n);
    case 'd': return strprintf(P_("%lud", "%lud", n), n);
    case 'h': return strprintf(P_("%luh", "%luh", n), n);
    case 'm': return strprintf(P_("%lum", "%lum", n), n);
    default: return strprintf(P_("%lus", "%lus", n), n);
  }
}

std::string day_words(DaySet set) {
  // TRANSLATORS: the days a routine is on.
  if (set == DaySet::all()) return _("every day");
  if (set.bits == 0x1f) return _("weekdays");
  if (set.bits == 0x60) return _("weekends");
  // TRANSLATORS: weekdays, abbreviated: the days a routine is on ("mon, wed").
  static constexpr std::array<const char*, 7> kNames{N_("mon"), N_("tue"), N_("wed"), N_("thu"),
                                                     N_("fri"), N_("sat"), N_("sun")};
  std::string out;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (!(set.bits & (1u << i))) continue;
    if (!out.empty()) out += ", ";
    out += _(kNames[i]);
  }
  return out;
}

}  // namespace move
