// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/local_time.h"

#include <cstdio>
#include <ctime>

namespace move {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr Seconds kProbe = hours(30);  // wider than any offset change

}  // namespace

Seconds utc_offset(Instant t) {
  std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm tm{};
  if (!localtime_r(&tt, &tm)) return Seconds{0};
  return Seconds{tm.tm_gmtoff};
}

LocalSeconds to_local(Instant t) { return LocalSeconds{t.time_since_epoch() + utc_offset(t)}; }

Instant from_local(LocalSeconds local) {
  const Instant guess{local.time_since_epoch()};
  const Seconds before = utc_offset(guess - kProbe), after = utc_offset(guess + kProbe);
  // Each offset in force around `local` gives a candidate; it is valid when
  // the zone really has that offset at the candidate instant.
  const Instant first = guess - std::max(before, after), second = guess - std::min(before, after);
  for (Instant c : {first, second})
    if (to_local(c) == local) return c;
  // Skipped: the wall clock jumped over `local`. The gap ends at the
  // transition; find it between the two readings.
  Instant lo = guess - after, hi = guess - before;
  if (lo > hi) std::swap(lo, hi);
  const Seconds off_lo = utc_offset(lo);
  while (hi - lo > Seconds{1}) {
    Instant mid = lo + (hi - lo) / 2;
    if (utc_offset(mid) == off_lo)
      lo = mid;
    else
      hi = mid;
  }
  return hi;
}

LocalDays local_day(Instant t) { return std::chrono::floor<days>(to_local(t)); }

int minute_of_day(Instant t) {
  LocalSeconds l = to_local(t);
  return static_cast<int>(std::chrono::duration_cast<minutes>(l - std::chrono::floor<days>(l)).count());
}

Instant at_local(LocalDays d, int mins) { return from_local(LocalSeconds{d} + minutes(mins)); }

LocalDays iso_week_start(LocalDays d) {
  std::chrono::weekday wd{d};
  return d - days(wd.iso_encoding() - 1);
}

std::string format_iso8601(Instant t) {
  LocalSeconds l = to_local(t);
  LocalDays d = std::chrono::floor<days>(l);
  std::chrono::year_month_day ymd{d};
  auto tod = std::chrono::hh_mm_ss<Seconds>(l - d);
  int off = static_cast<int>(utc_offset(t).count() / 60);
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()) % 100, static_cast<int>(tod.minutes().count()) % 100,
                static_cast<int>(tod.seconds().count()) % 100, sign, (off / 60) % 100, off % 60);
  return buf;
}

std::string format_local(Instant t) {
  std::string iso = format_iso8601(t);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::optional<Instant> parse_datetime(std::string_view s) {
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!num(0, 4, y) || s.size() < 10 || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d))
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  // Nothing a person did lies before 1970 (nor can an Instant from it be
  // stored); year 0 and 1969 are typing mistakes, not dates.
  if (!ymd.ok() || y < 1970) return std::nullopt;
  std::size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
    if (!num(pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' || !num(pos + 4, 2, mi)) return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!num(pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
    }
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  }
  LocalSeconds local = LocalSeconds{LocalDays{ymd}} + hours(h) + minutes(mi) + Seconds(sec);
  if (pos == s.size()) return from_local(local);
  Instant as_utc{local.time_since_epoch()};
  if (s.substr(pos) == "Z") return as_utc;
  int oh, om;
  if (s.size() - pos != 6 || (s[pos] != '+' && s[pos] != '-') || !num(pos + 1, 2, oh) || s[pos + 3] != ':' ||
      !num(pos + 4, 2, om))
    return std::nullopt;
  // Real offsets run from -12:00 to +14:00.
  if (om > 59 || oh * 60 + om > 14 * 60 || (s[pos] == '-' && oh * 60 + om > 12 * 60)) return std::nullopt;
  Seconds off = hours(oh) + minutes(om);
  return s[pos] == '+' ? as_utc - off : as_utc + off;
}

std::string format_utc(Instant t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string format_date(LocalDays d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace move
