// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/tcx.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/import_data.h"

using namespace move;
using namespace move::test;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

std::string error_of(std::string_view text, std::string_view name = "walk.tcx") {
  return import_error(parse_tcx, text, name);
}

std::string tcx(const std::string& activities) {
  return "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase "
         "xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\">\n<Activities>\n" +
         activities + "</Activities>\n</TrainingCenterDatabase>\n";
}

}  // namespace

TEST_CASE("tcx: as Garmin Connect exports it, three laps", "[import][tcx]") {
  // Laps of 600, 600 and 300 s; a pause of 177 s before the third.
  const std::vector<Activity> got = parse_tcx(import_data("garmin_connect.tcx"), "garmin.tcx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].sport == "Other");
  CHECK(got[0].start == kStart);
  CHECK(got[0].elapsed == 1677s);
  CHECK(got[0].moving == Seconds{1500});
  REQUIRE(got[0].distance_m);
  CHECK(*got[0].distance_m == Approx(1990.5));  // the laps', not the trackpoints'
  CHECK(got[0].key == "start:2026-11-30T07:12:03Z");
}

TEST_CASE("tcx: several activities; start without <Id>", "[import][tcx]") {
  const std::string text =
      tcx("<Activity Sport=\"Running\"><Id>2026-11-30T07:12:03Z</Id>"
          "<Lap StartTime=\"2026-11-30T07:12:03Z\"><TotalTimeSeconds>1800.4</TotalTimeSeconds>"
          "<DistanceMeters>5000</DistanceMeters></Lap></Activity>\n"
          "<Activity Sport=\"Biking\"><Id>my ride</Id>"
          "<Lap StartTime=\"2026-11-30T17:00:00+01:00\"><TotalTimeSeconds>3600</TotalTimeSeconds>"
          "<Track><Trackpoint><Time>2026-11-30T16:00:00Z</Time></Trackpoint>"
          "<Trackpoint><Time>2026-11-30T17:10:00Z</Time></Trackpoint></Track></Lap></Activity>\n");
  const std::vector<Activity> got = parse_tcx(text, "two.tcx");
  REQUIRE(got.size() == 2);
  CHECK(got[0].sport == "Running");
  CHECK(got[0].elapsed == 1800s);
  CHECK(got[0].moving == Seconds{1800});
  CHECK(got[0].distance_m == 5000.0);
  CHECK(got[1].sport == "Biking");
  CHECK(got[1].start == sys_days{2026y / 11 / 30} + 16h);
  CHECK(got[1].elapsed == 70min);  // to the last trackpoint, after the lap's end
  CHECK(got[1].moving == Seconds{3600});
  CHECK_FALSE(got[1].distance_m);
}

TEST_CASE("tcx: extensions and other parents do not count", "[import][tcx]") {
  const std::string text =
      tcx("<Activity Sport=\"Other\" xmlns:x=\"urn:x\"><Id>2026-11-30T07:12:03Z</Id>"
          "<Lap StartTime=\"2026-11-30T07:12:03Z\"><TotalTimeSeconds>60</TotalTimeSeconds>"
          "<Track><Trackpoint><Time>2026-11-30T07:13:03Z</Time><DistanceMeters>99999</DistanceMeters>"
          "</Trackpoint></Track><Extensions><x:DistanceMeters>7</x:DistanceMeters>"
          "<x:Time>bad</x:Time></Extensions></Lap></Activity>\n");
  const std::vector<Activity> got = parse_tcx(text, "walk.tcx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].elapsed == 60s);
  CHECK_FALSE(got[0].distance_m);
}

TEST_CASE("tcx: bad files", "[import][tcx]") {
  CHECK(error_of("<TrainingCenterDatabase>\n<Activities>\n</Activity>") ==
        "walk.tcx: not XML (line 3: mismatched tag)");
  CHECK(error_of("<gpx/>") == "walk.tcx: not TCX (the root element is <gpx>)");
  CHECK(error_of(tcx("")) == "walk.tcx: no activity (<Activity>) in the file");
  CHECK(error_of(tcx("<Activity Sport=\"Other\"><Id>x</Id></Activity>")) == "walk.tcx: no timestamps");
  CHECK(error_of(tcx("<Activity Sport=\"Other\"><Id>2026-11-30T07:12:03Z</Id></Activity>"
                     "<Activity Sport=\"Other\"></Activity>")) == "walk.tcx: no timestamps in activity 2 of 2");
  CHECK(error_of(tcx("<Activity Sport=\"Other\">\n<Lap StartTime=\"soon\"/></Activity>")) ==
        "walk.tcx: line 5: a bad Lap StartTime \"soon\"");
  CHECK(error_of(tcx("<Activity Sport=\"Other\"><Lap StartTime=\"2026-11-30T07:12:03Z\">\n"
                     "<TotalTimeSeconds>-5</TotalTimeSeconds></Lap></Activity>")) ==
        "walk.tcx: line 5: a bad <TotalTimeSeconds> \"-5\"");
}
