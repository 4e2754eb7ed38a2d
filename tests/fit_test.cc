// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/fit.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/fit_writer.h"
#include "tests/import_data.h"

using namespace move;
using namespace move::test;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

std::string error_of(std::string_view bytes, std::string_view name = "walk.fit") {
  return import_error(parse_fit, bytes, name);
}

FitWalk walk() {
  FitWalk w;
  w.start = kStart;
  return w;
}

// The one session of fit_walk(walk()): 61 records 10 s apart.
void check_walk(const std::vector<Activity>& got) {
  REQUIRE(got.size() == 1);
  const Activity& a = got[0];
  CHECK(a.sport == "walking");
  CHECK(a.start == kStart);
  CHECK(a.elapsed == 600s);
  CHECK(a.moving == Seconds{590});
  REQUIRE(a.distance_m);
  CHECK(*a.distance_m == Approx(834.0));
  CHECK(a.key == "start:2026-11-30T07:12:03Z");
}

}  // namespace

TEST_CASE("fit: the CRC is the FIT SDK's CRC-16", "[import][fit]") {
  CHECK(fit_crc("") == 0);
  CHECK(fit_crc("123456789") == 0xBB3D);  // CRC-16/ARC check value
  CHECK(fit_crc("6789", fit_crc("12345")) == 0xBB3D);
}

TEST_CASE("fit: sport names as the FIT profile spells them", "[import][fit]") {
  CHECK(fit_sport_name(0) == "generic");
  CHECK(fit_sport_name(1) == "running");
  CHECK(fit_sport_name(2) == "cycling");
  CHECK(fit_sport_name(11) == "walking");
  CHECK(fit_sport_name(17) == "hiking");
  CHECK(fit_sport_name(35) == "snowshoeing");
  CHECK(fit_sport_name(254) == "all");
  CHECK(fit_sport_name(50) == "sport_50");
  CHECK(fit_sport_name(200) == "sport_200");
}

TEST_CASE("fit: a walk's session", "[import][fit]") { check_walk(parse_fit(fit_walk(walk()), "walk.fit")); }

TEST_CASE("fit: big-endian definitions", "[import][fit]") {
  FitWalk w = walk();
  w.big_endian = true;
  const std::string bytes = fit_walk(w);
  CHECK(bytes != fit_walk(walk()));
  check_walk(parse_fit(bytes, "walk.fit"));
}

TEST_CASE("fit: 12-byte header, and a 14-byte one with CRC 0", "[import][fit]") {
  FitWalk w = walk();
  w.header_size = 12;
  check_walk(parse_fit(fit_walk(w), "walk.fit"));
  FitWriter f;
  f.define(0, 18, {{2, 4, kUint32}, {7, 4, kUint32}});
  f.data(0, {fit_time(kStart), 600000});
  const std::vector<Activity> got = parse_fit(f.finish(14, false), "walk.fit");
  REQUIRE(got.size() == 1);
  CHECK(got[0].start == kStart);
}

TEST_CASE("fit: developer fields are skipped", "[import][fit]") {
  FitWalk w = walk();
  w.developer = true;
  check_walk(parse_fit(fit_walk(w), "walk.fit"));
}

TEST_CASE("fit: compressed timestamp headers", "[import][fit]") {
  FitWalk w = walk();
  w.compressed = true;
  check_walk(parse_fit(fit_walk(w), "walk.fit"));

  // A session under a compressed header, without start_time: its start is
  // its timestamp minus total_elapsed_time.
  FitWriter f;
  f.define(0, 20, {{253, 4, kUint32}});
  f.data(0, {fit_time(kStart) + 590});
  f.define(1, 18, {{7, 4, kUint32}, {5, 1, kEnum}});
  f.compressed(1, static_cast<unsigned>((fit_time(kStart) + 600) & 0x1F), {600000, 17});
  const std::vector<Activity> got = parse_fit(f.finish(), "hike.fit");
  REQUIRE(got.size() == 1);
  CHECK(got[0].start == kStart);
  CHECK(got[0].elapsed == 600s);
  CHECK(got[0].sport == "hiking");
  CHECK_FALSE(got[0].moving);
  CHECK_FALSE(got[0].distance_m);
}

TEST_CASE("fit: several sessions, and chained files", "[import][fit]") {
  FitWalk w = walk();
  w.sessions = 2;
  const std::vector<Activity> two = parse_fit(fit_walk(w), "multi.fit");
  REQUIRE(two.size() == 2);
  CHECK(two[0].start == kStart);
  CHECK(two[1].start == kStart + 610s);
  CHECK(two[1].key == "start:2026-11-30T07:22:13Z");

  FitWalk later = walk();
  later.start = kStart + 1h;
  later.sport = 17;
  const std::vector<Activity> chained = parse_fit(fit_walk(walk()) + fit_walk(later), "chain.fit");
  REQUIRE(chained.size() == 2);
  CHECK(chained[0].sport == "walking");
  CHECK(chained[1].sport == "hiking");
  CHECK(chained[1].start == kStart + 1h);
}

TEST_CASE("fit: invalid values are absent", "[import][fit]") {
  FitWriter f;
  f.define(0, 18, {{2, 4, kUint32}, {5, 1, kEnum}, {7, 4, kUint32}, {8, 4, kUint32}, {9, 4, kUint32}});
  f.data(0, {fit_time(kStart), 0xFF, 1800000, 0xFFFFFFFF, 0xFFFFFFFF});
  const std::vector<Activity> got = parse_fit(f.finish(), "walk.fit");
  REQUIRE(got.size() == 1);
  CHECK(got[0].sport == "");
  CHECK(got[0].elapsed == 1800s);
  CHECK_FALSE(got[0].moving);
  CHECK_FALSE(got[0].distance_m);
}

TEST_CASE("fit: total_moving_time before total_timer_time; ms rounded", "[import][fit]") {
  FitWriter f;
  f.define(0, 18, {{2, 4, kUint32}, {7, 4, kUint32}, {8, 4, kUint32}, {59, 4, kUint32}});
  f.data(0, {fit_time(kStart), 1800499, 1700000, 1500500});
  const std::vector<Activity> got = parse_fit(f.finish(), "walk.fit");
  REQUIRE(got.size() == 1);
  CHECK(got[0].elapsed == 1800s);
  CHECK(got[0].moving == Seconds{1501});
}

TEST_CASE("fit: a flipped byte is a CRC error", "[import][fit]") {
  std::string bytes = fit_walk(walk());
  bytes[40] = static_cast<char>(bytes[40] ^ 0x01);
  CHECK(error_of(bytes, "ride.fit") == "ride.fit: CRC mismatch (file says 0xF4C3, data gives 0x0077)");
  std::string header = fit_walk(walk());
  header[4] = static_cast<char>(header[4] ^ 0x01);
  CHECK(error_of(header) == "walk.fit: header CRC mismatch (file says 0x2542, header gives 0xE983)");
}

TEST_CASE("fit: truncated files", "[import][fit]") {
  const std::string bytes = fit_walk(walk());
  CHECK(error_of(bytes.substr(0, bytes.size() - 1)) == "walk.fit: truncated (the header announces " +
                                                           std::to_string(bytes.size()) + " bytes, " +
                                                           std::to_string(bytes.size() - 1) + " present)");
  CHECK(error_of(bytes.substr(0, 13)) == "walk.fit: truncated (in the file header)");
  CHECK(error_of(bytes.substr(0, 11)) == "walk.fit: not FIT (11 bytes, shorter than a FIT header)");
  CHECK(error_of("") == "walk.fit: not FIT (0 bytes, shorter than a FIT header)");
}

TEST_CASE("fit: malformed files", "[import][fit]") {
  CHECK(error_of("<?xml version=\"1.0\"?><gpx/>") == "walk.fit: not FIT (no \".FIT\" signature)");

  FitWriter undefined;
  undefined.raw("\x05");
  CHECK(error_of(undefined.finish()) == "walk.fit: data message of undefined local message type 5 at byte 14");

  FitWriter cut;
  cut.define(0, 18, {{2, 4, kUint32}});
  cut.raw(std::string("\x00\x01\x02", 3));
  CHECK(error_of(cut.finish()) == "walk.fit: truncated data message at byte 23");

  FitWriter def;
  def.raw(std::string("\x40\x00\x00\x12\x00\x03\x02\x04", 8));
  CHECK(error_of(def.finish()) == "walk.fit: truncated definition message at byte 14");

  FitWriter arch;
  arch.raw(std::string("\x40\x00\x02\x12\x00\x00", 6));
  CHECK(error_of(arch.finish()) == "walk.fit: bad architecture 2 in a definition at byte 14");

  std::string stray = fit_walk(walk()) + "junk";
  CHECK(error_of(stray) == "walk.fit: 4 stray bytes after the FIT data at byte " + std::to_string(stray.size() - 4));
}

TEST_CASE("fit: no session, no start time", "[import][fit]") {
  FitWriter course;
  course.define(0, 0, {{0, 1, kEnum}});
  course.data(0, {6});
  CHECK(error_of(course.finish()) == "walk.fit: no session message (not an activity file?)");

  FitWriter no_start;
  no_start.define(0, 18, {{2, 4, kUint32}, {7, 4, kUint32}});
  no_start.data(0, {0xFFFFFFFF, 600000});
  CHECK(error_of(no_start.finish()) == "walk.fit: no timestamps (session 1 has no start_time)");

  FitWriter relative;
  relative.define(0, 18, {{2, 4, kUint32}, {7, 4, kUint32}});
  relative.data(0, {3600, 600000});
  CHECK(error_of(relative.finish()) == "walk.fit: session 1 starts at 3600 s after the device started, not a date");

  FitWriter no_length;
  no_length.define(0, 18, {{2, 4, kUint32}});
  no_length.data(0, {fit_time(kStart)});
  CHECK(error_of(no_length.finish()) == "walk.fit: session 1 has no total_elapsed_time at byte 23");
}
