// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/presence.h"

namespace move {

std::string_view to_string(Presence p) {
  switch (p) {
    case Presence::active: return "active";
    case Presence::idle: return "idle";
    case Presence::locked: return "locked";
    case Presence::asleep: return "asleep";
  }
  return "active";
}

}  // namespace move
