// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// This computer as the sync folder knows it (lib/sync.h): a random id made
// once and kept in the state folder (STATE/host-id), so it stays the same
// across restarts and is never shared by two computers, and gethostname().

#include <filesystem>

#include "lib/sync.h"

namespace move {

/// Reads STATE/host-id, writing a new random one when there is none (or
/// it is not 32 hex digits: the damaged one is kept as host-id.bad).
/// Throws std::runtime_error naming the file when it cannot be read or made.
Sync::Host this_host(const std::filesystem::path& state_dir);

}  // namespace move
