// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// An activity file of any of the formats movectl import reads:
// the format told by the content, not the name (".FIT" at byte 8: FIT; a
// root element <gpx>: GPX; <TrainingCenterDatabase>: TCX), a size limit
// checked before reading, and the check that no activity lies in the
// future. See docs/import.md.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/activity.h"

namespace move {

/// Larger files are refused unread: a day's walk is a few MiB even as GPX.
inline constexpr std::uintmax_t kMaxActivityFileBytes = std::uintmax_t{64} << 20;

enum class ActivityFormat { fit, gpx, tcx };

/// The format of a file from its first bytes; nullopt when none of the three.
std::optional<ActivityFormat> sniff_activity_format(std::string_view bytes);

/// "812 bytes", "3.4 KiB", "64 MiB", "2.0 GiB".
std::string format_file_size(std::uintmax_t bytes);

/// Sniffs and parses; throws ImportError naming `name`.
std::vector<Activity> parse_activity_file(std::string_view bytes, std::string_view name);

/// Reads and parses the file at `path` (named as given in errors): "cannot
/// read (No such file or directory)", "not a regular file", "empty file",
/// "too large (2.0 GiB; at most 64 MiB)", "unknown format (not FIT, GPX or
/// TCX)", or what the format's reader says.
std::vector<Activity> read_activity_file(const std::filesystem::path& path);

/// Throws ImportError naming `name` when an activity starts after `now`:
/// "an activity in the future (starts 2027-01-01T00:00:00Z)".
void check_not_future(const std::vector<Activity>& activities, Instant now, std::string_view name);

}  // namespace move
