// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Local civil time <-> UTC instants through the system time zone (TZ, else
// /etc/localtime), DST exact. Reads the zone database, never the clock.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "lib/duration.h"

namespace move {

using LocalSeconds = std::chrono::local_seconds;
using LocalDays = std::chrono::local_days;

/// Local time minus UTC at instant t (+3600 s for CET).
Seconds utc_offset(Instant t);

/// The local wall-clock reading at t.
LocalSeconds to_local(Instant t);

/// The instant a local wall-clock reading names. In a repeated hour (DST
/// ends) the first of the two; in a skipped hour (DST starts) the end of the
/// gap, so a reminder set inside it fires once, right after.
Instant from_local(LocalSeconds local);

/// The local calendar day of t.
LocalDays local_day(Instant t);

/// Minutes after local midnight of t, 0..1439.
int minute_of_day(Instant t);

/// The instant of `minutes` after midnight on local day d (24:00 is the next
/// midnight), through from_local.
Instant at_local(LocalDays d, int minutes);

/// Monday of the ISO week holding d.
LocalDays iso_week_start(LocalDays d);

/// ISO 8601 with the local offset: "2026-11-26T07:00:00+01:00".
std::string format_iso8601(Instant t);

/// "2026-12-07".
std::string format_date(LocalDays d);

/// UTC, ISO 8601 to the second: "2026-11-30T07:12:03Z".
std::string format_utc(Instant t);

/// "2026-11-26 07:00" for tables.
std::string format_local(Instant t);

/// Reads "2026-03-28 12:00", "2026-03-28T12:00[:SS]", "2026-03-28" (midnight),
/// local, or with a "Z" / "+01:00" offset; nullopt when malformed, before
/// 1970, or with an offset no zone has (beyond -12:00 / +14:00).
std::optional<Instant> parse_datetime(std::string_view text);

}  // namespace move
