// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whole-file writes that a crash or a concurrent reader never sees half done:
// `movectl add`/`rm` rewrite the plan while moved may be reading it.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace move {

/// Replaces file's contents with text: a temporary file in the same folder
/// (unique name, O_CLOEXEC), written whole and fsync'd, given the old file's
/// mode (and owner and group, when allowed), renamed over file, then the
/// folder fsync'd. A new file gets 0666 minus the umask. A symbolic link is
/// followed, so the link stays and its target is replaced. On failure file is
/// untouched and no temporary file is left. Throws std::system_error whose
/// what() names the file. With `mode` (health data: 0600) the file gets
/// that mode whatever it had.
void write_file_atomically(const std::filesystem::path& file, std::string_view text,
                           std::optional<mode_t> mode = std::nullopt);

/// The whole file, bytes as they are. Throws std::system_error naming it.
std::string read_file(const std::filesystem::path& file);

}  // namespace move
