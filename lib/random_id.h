// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Random identifiers from the kernel (getrandom): a computer's host id and
// the uuid of each event it shares (lib/sync.h).

#include <string>

namespace move {

/// 32 lowercase hex digits: 128 random bits. Throws std::system_error.
std::string random_host_id();

/// A version 4 UUID, "8-4-4-4-12" lowercase hex. Throws std::system_error.
std::string random_uuid();

}  // namespace move
