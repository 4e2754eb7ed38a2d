// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the GPX and TCX readers (lib/gpx.h, lib/tcx.h, lib/xml_reader.h)
// with arbitrary text: each must return at least one activity or throw
// ImportError naming the file; no other exception, no crash, no sanitizer
// report. Expat itself is Debian's library, not instrumented: the fuzzer
// sees the callbacks, not inside the XML parser.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "lib/activity_file.h"
#include "lib/gpx.h"
#include "lib/tcx.h"

using namespace move;

namespace {

template <typename Parse>
void check(Parse parse, std::string_view text) {
  try {
    const std::vector<Activity> got = parse(text, "fuzz.xml");
    FUZZ_CHECK(!got.empty(), "no activity and no error");
    for (const Activity& a : got) {
      FUZZ_CHECK(a.key == activity_key(a.start), a.key);
      FUZZ_CHECK(a.elapsed.count() >= 0, "elapsed");
      FUZZ_CHECK(!a.moving || a.moving->count() >= 0, "moving");
      FUZZ_CHECK(!a.distance_m || *a.distance_m >= 0, "distance");
    }
  } catch (const ImportError& e) {
    const std::string what = e.what();
    FUZZ_CHECK(e.file() == "fuzz.xml", what);
    FUZZ_CHECK(what.rfind("fuzz.xml: ", 0) == 0, what);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(parse_gpx, text);
  check(parse_tcx, text);
  check(parse_activity_file, text);
  return 0;
}
