// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/activity_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "lib/activity_match.h"
#include "tests/fit_writer.h"
#include "tests/import_data.h"
#include "tests/temp_dir.h"

using namespace move;
using namespace move::test;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

std::string error_of(const std::filesystem::path& path) { return import_error(read_activity_file, path); }

std::filesystem::path write(const TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::filesystem::path p = dir.path / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

}  // namespace

TEST_CASE("activity file: the format from the content", "[import][activity_file]") {
  FitWalk w;
  w.start = kStart;
  CHECK(sniff_activity_format(fit_walk(w)) == ActivityFormat::fit);
  CHECK(sniff_activity_format(import_data("opentracks.gpx")) == ActivityFormat::gpx);
  CHECK(sniff_activity_format(import_data("garmin_connect.tcx")) == ActivityFormat::tcx);
  CHECK(sniff_activity_format("\xEF\xBB\xBF<!-- c --><!DOCTYPE gpx>\n<g:gpx xmlns:g=\"x\"/>") == ActivityFormat::gpx);
  CHECK_FALSE(sniff_activity_format("hello <gpx>"));
  CHECK_FALSE(sniff_activity_format("<kml/>"));
  CHECK_FALSE(sniff_activity_format(""));
}

TEST_CASE("activity file: sizes for people", "[import][activity_file]") {
  CHECK(format_file_size(812) == "812 bytes");
  CHECK(format_file_size(3482) == "3.4 KiB");
  CHECK(format_file_size(kMaxActivityFileBytes) == "64 MiB");
  CHECK(format_file_size(std::uintmax_t{2} << 30) == "2 GiB");
  CHECK(format_file_size((std::uintmax_t{2} << 30) + (std::uintmax_t{1} << 29)) == "2.5 GiB");
}

TEST_CASE("activity file: read by content, whatever the name", "[import][activity_file]") {
  TempDir dir;
  FitWalk w;
  w.start = kStart;
  const std::vector<Activity> fit = read_activity_file(write(dir, "walk.gpx", fit_walk(w)));
  REQUIRE(fit.size() == 1);
  CHECK(fit[0].sport == "walking");
  const std::vector<Activity> gpx = read_activity_file(import_path("opentracks.gpx"));
  REQUIRE(gpx.size() == 1);
  const std::vector<Activity> tcx = read_activity_file(import_path("garmin_connect.tcx"));
  REQUIRE(tcx.size() == 1);
  // One walk exported three ways has one key.
  CHECK(fit[0].key == gpx[0].key);
  CHECK(gpx[0].key == tcx[0].key);
}

TEST_CASE("activity file: refused files", "[import][activity_file]") {
  TempDir dir;
  const std::string d = dir.path.string();
  CHECK(error_of(dir.path / "none.fit") == d + "/none.fit: cannot read (No such file or directory)");
  CHECK(error_of(dir.path) == d + ": not a regular file");
  CHECK(error_of(write(dir, "empty.gpx", "")) == d + "/empty.gpx: empty file");
  CHECK(error_of(write(dir, "notes.txt", "a walk, 30 minutes\n")) ==
        d + "/notes.txt: unknown format (not FIT, GPX or TCX)");
  CHECK(error_of(write(dir, "map.kml", "<?xml version=\"1.0\"?>\n<kml/>")) ==
        d + "/map.kml: unknown format (XML with root element <kml>, not GPX or TCX)");
  CHECK(error_of(write(dir, "walk.gpx", "<gpx>\n<trk>\n</gpx>")) == d + "/walk.gpx: not XML (line 3: mismatched tag)");

  // A 2 GiB file (sparse) is refused before it is read.
  const std::filesystem::path big = dir.path / "big.fit";
  const int fd = ::open(big.c_str(), O_WRONLY | O_CREAT, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, off_t{2} << 30) == 0);
  ::close(fd);
  CHECK(error_of(big) == d + "/big.fit: too large (2 GiB; at most 64 MiB)");
}

TEST_CASE("activity file: none in the future", "[import][activity_file]") {
  Activity a;
  a.start = kStart;
  Activity b;
  b.start = kStart + 1h;
  CHECK_NOTHROW(check_not_future({a, b}, kStart + 1h, "walk.fit"));
  try {
    check_not_future({a, b}, kStart + 59min, "walk.fit");
    FAIL("no error");
  } catch (const ImportError& e) {
    CHECK(std::string(e.what()) == "walk.fit: an activity in the future (starts 2026-11-30T08:12:03Z)");
  }
}

TEST_CASE("activity match: sports without regard to case", "[import][activity_match]") {
  const std::vector<RoutineSports> routines{
      {"walk", {"walking", "Hiking"}}, {"ski", {"Cross-country skiing"}}, {"any", {"walking", "other"}}};
  CHECK(match_routine(routines, "walking") == "walk");
  CHECK(match_routine(routines, "WALKING") == "walk");
  CHECK(match_routine(routines, "hiking") == "walk");
  CHECK(match_routine(routines, "cross_country_skiing") == "ski");
  CHECK(match_routine(routines, "Other") == "any");
  CHECK(match_routine(routines, " other ") == "any");
  CHECK_FALSE(match_routine(routines, "running"));
  CHECK_FALSE(match_routine(routines, ""));
  CHECK_FALSE(match_routine({}, "walking"));
  CHECK_FALSE(match_routine({{"empty", {""}}}, ""));
  CHECK(same_sport("e-biking", "E_Biking"));
  CHECK_FALSE(same_sport("walk", "walking"));
}
