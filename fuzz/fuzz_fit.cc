// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the FIT decoder (lib/fit.h) with arbitrary bytes: parse_fit must
// return at least one activity or throw ImportError naming the file; no
// other exception, no crash, no sanitizer report. Most random bytes fail the
// CRC, so each input is tried twice: as it is, and with its header's data
// size and both CRCs made right, so that the fuzzer reaches the records.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "lib/fit.h"

using namespace move;

namespace {

void check(std::string_view bytes) {
  try {
    const std::vector<Activity> got = parse_fit(bytes, "fuzz.fit");
    FUZZ_CHECK(!got.empty(), "no activity and no error");
    for (const Activity& a : got) {
      FUZZ_CHECK(a.key == activity_key(a.start), a.key);
      FUZZ_CHECK(a.elapsed.count() >= 0, "elapsed");
      FUZZ_CHECK(!a.moving || a.moving->count() >= 0, "moving");
      FUZZ_CHECK(!a.distance_m || *a.distance_m >= 0, "distance");
      FUZZ_CHECK(a.start.time_since_epoch().count() >= kFitEpochUnix, "start");
    }
  } catch (const ImportError& e) {
    const std::string what = e.what();
    FUZZ_CHECK(e.file() == "fuzz.fit", what);
    FUZZ_CHECK(what.rfind("fuzz.fit: ", 0) == 0, what);
    FUZZ_CHECK(!e.reason().empty(), what);
  }
}

// The input as one FIT file: header size 12 or 14, data size and CRCs set.
std::string repaired(std::string_view in) {
  std::string b(in);
  if (b.size() < 14) b.resize(14, '\0');
  b[0] = (b[0] & 1) ? 12 : 14;
  const std::size_t header = static_cast<std::uint8_t>(b[0]);
  b.replace(8, 4, ".FIT");
  const std::size_t data = b.size() - header;
  for (int i = 0; i < 4; ++i) b[4 + i] = static_cast<char>((data >> (8 * i)) & 0xFF);
  if (header == 14) {
    const std::uint16_t crc = fit_crc(std::string_view(b).substr(0, 12));
    b[12] = static_cast<char>(crc & 0xFF);
    b[13] = static_cast<char>(crc >> 8);
  }
  const std::uint16_t crc = fit_crc(b);
  b += static_cast<char>(crc & 0xFF);
  b += static_cast<char>(crc >> 8);
  return b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check(bytes);
  check(repaired(bytes));
  return 0;
}
