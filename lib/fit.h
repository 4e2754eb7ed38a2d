// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small decoder of Garmin FIT activity files: the file header,
// definition and data messages (normal and compressed-timestamp headers,
// local message types 0-15, developer fields skipped, little- and big-endian
// definitions), the header and file CRCs, chained files. Of the messages it
// reads only session (global 18); each session is one Activity. Pure. See
// docs/import.md.

#include <cstdint>
#include <string_view>
#include <vector>

#include "lib/activity.h"

namespace move {

/// FIT timestamps count seconds from 1989-12-31T00:00:00Z.
inline constexpr std::int64_t kFitEpochUnix = 631065600;

/// The FIT CRC-16 (the FIT SDK's nibble-table CRC) of `bytes`, continuing
/// from `crc`.
std::uint16_t fit_crc(std::string_view bytes, std::uint16_t crc = 0);

/// The FIT profile's name of a sport enum value: 0 "generic", 1 "running",
/// 2 "cycling", 11 "walking", 17 "hiking", ...; "sport_N" for a value the
/// table does not know.
std::string fit_sport_name(unsigned value);

/// The sessions of a FIT file. Throws ImportError naming `name` when the
/// file is not FIT, is truncated, fails a CRC, has a malformed message, has
/// no session, or a session without a start time.
std::vector<Activity> parse_fit(std::string_view bytes, std::string_view name);

}  // namespace move
