// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The instant of a local date and time, for tests that say when things
// happen as people write it ("2026-03-29 02:30", in the test's TZ).

#include <catch2/catch.hpp>

#include "lib/local_time.h"

namespace move::test {

/// parse_datetime(local); a text it cannot read fails the test, not the
/// program (a typo in a test's time is the test's error).
inline Instant at(const char* local) {
  auto t = parse_datetime(local);
  REQUIRE(t);
  return *t;
}

}  // namespace move::test
