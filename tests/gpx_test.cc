// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/gpx.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/import_data.h"

using namespace move;
using namespace move::test;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

// 60 steps of 0.0001 degrees north along a meridian.
constexpr double kSixtySteps = 60 * 6371008.8 * 0.0001 * 3.14159265358979323846 / 180;

std::string error_of(std::string_view text, std::string_view name = "walk.gpx") {
  return import_error(parse_gpx, text, name);
}

std::string gpx(const std::string& trk) {
  return "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"test\" "
         "xmlns=\"http://www.topografix.com/GPX/1/1\">\n" +
         trk + "</gpx>\n";
}

}  // namespace

TEST_CASE("gpx: haversine", "[import][gpx]") {
  CHECK(haversine_m(52.52, 13.40, 52.52, 13.40) == 0);
  CHECK(haversine_m(0, 0, 0, 1) == Approx(111195.08).margin(0.01));
  CHECK(haversine_m(52.5200, 13.4050, 48.1351, 11.5820) == Approx(504200).epsilon(0.002));  // Berlin-Munich
}

TEST_CASE("gpx: as OpenTracks writes it", "[import][gpx]") {
  // <type> in CDATA, times with an offset, two segments around a pause,
  // TrackStats MovingTime, a namespaced <opentracks:time> in extensions.
  const std::vector<Activity> got = parse_gpx(import_data("opentracks.gpx"), "opentracks.gpx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].sport == "walking");
  CHECK(got[0].start == kStart);
  CHECK(got[0].elapsed == 627s);
  CHECK(got[0].moving == Seconds{300});
  REQUIRE(got[0].distance_m);
  CHECK(*got[0].distance_m == Approx(kSixtySteps).margin(0.05));  // not across the pause
  CHECK(got[0].key == "start:2026-11-30T07:12:03Z");
}

TEST_CASE("gpx: as Gadgetbridge writes it", "[import][gpx]") {
  // No <type>; a 120 s gap in the points is a pause.
  const std::vector<Activity> got = parse_gpx(import_data("gadgetbridge.gpx"), "gadgetbridge.gpx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].sport == "");
  CHECK(got[0].start == kStart);
  CHECK(got[0].elapsed == 710s);
  CHECK(got[0].moving == Seconds{590});
  REQUIRE(got[0].distance_m);
  CHECK(*got[0].distance_m == Approx(kSixtySteps).margin(0.05));
}

TEST_CASE("gpx: two tracks as Garmin Connect writes them", "[import][gpx]") {
  const std::vector<Activity> got = parse_gpx(import_data("garmin_two_tracks.gpx"), "garmin.gpx");
  REQUIRE(got.size() == 2);
  CHECK(got[0].sport == "walking");
  CHECK(got[0].start == kStart);
  CHECK(got[0].elapsed == 1200s);
  CHECK(got[0].moving == Seconds{1200});
  CHECK(got[1].sport == "hiking");
  CHECK(got[1].start == kStart + 5h);
  CHECK(got[1].elapsed == 3600s);
  CHECK(got[1].moving == Seconds{3600});  // gaps of 60 s are not pauses
  CHECK(got[1].key == "start:2026-11-30T12:12:03Z");
}

TEST_CASE("gpx: a track without any time refuses the file", "[import][gpx]") {
  CHECK(error_of(import_data("untimed_track.gpx"), "route.gpx") == "route.gpx: no timestamps in track 2 of 2");
  CHECK(error_of(gpx("<trk><type>walking</type><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk>\n")) ==
        "walk.gpx: no timestamps");
  CHECK(error_of(gpx("<trk><name>empty</name></trk>\n")) == "walk.gpx: no timestamps");
}

TEST_CASE("gpx: one point, no namespace, GPX 1.0", "[import][gpx]") {
  const std::string one =
      "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2026-11-30T07:12:03.750Z</time></trkpt>"
      "</trkseg></trk></gpx>";
  const std::vector<Activity> got = parse_gpx(one, "one.gpx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].start == kStart);
  CHECK(got[0].elapsed == 0s);
  CHECK_FALSE(got[0].moving);
  CHECK_FALSE(got[0].distance_m);
  const std::string v10 =
      "<gpx version=\"1.0\" xmlns=\"http://www.topografix.com/GPX/1/0\"><trk><trkseg>"
      "<trkpt lat=\"1\" lon=\"2\"><time>2026-11-30T07:12:03Z</time></trkpt>"
      "<trkpt lat=\"1\" lon=\"2.001\"><time>2026-11-30T07:13:03Z</time></trkpt></trkseg></trk></gpx>";
  const std::vector<Activity> old = parse_gpx(v10, "old.gpx");
  REQUIRE(old.size() == 1);
  CHECK(old[0].elapsed == 60s);
  CHECK(old[0].moving == Seconds{60});
  CHECK(*old[0].distance_m == Approx(111.178).margin(0.01));
}

TEST_CASE("gpx: other namespaces and other parents do not count", "[import][gpx]") {
  const std::string text =
      gpx("<metadata><time>2020-01-01T00:00:00Z</time></metadata>\n"
          "<wpt lat=\"0\" lon=\"0\"><time>2020-01-01T00:00:00Z</time><type>swimming</type></wpt>\n"
          "<trk xmlns:x=\"urn:x\"><x:type>running</x:type><extensions><x:time>bad</x:time>"
          "<type>cycling</type></extensions><type> walking </type>\n"
          "<trkseg><trkpt lat=\"1\" lon=\"2\"><x:time>2020-01-01T00:00:00Z</x:time>"
          "<time>2026-11-30T07:12:03Z</time></trkpt></trkseg></trk>\n");
  const std::vector<Activity> got = parse_gpx(text, "walk.gpx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].sport == "walking");
  CHECK(got[0].start == kStart);
}

TEST_CASE("gpx: deep documents", "[import][gpx]") {
  // fuzz_gpx found the parent's name read after the element stack had moved
  // (heap-use-after-free, seen under MOVE_SANITIZE=ON): many open elements.
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "<e" + std::to_string(i) + ">";
  for (int i = 39; i >= 0; --i) deep += "</e" + std::to_string(i) + ">";
  const std::string text = gpx("<trk><type>walking</type><trkseg><trkpt lat=\"1\" lon=\"2\">" + deep +
                               "<time>2026-11-30T07:12:03Z</time></trkpt></trkseg></trk>");
  const std::vector<Activity> got = parse_gpx(text, "deep.gpx");
  REQUIRE(got.size() == 1);
  CHECK(got[0].start == kStart);
  std::string too_deep;
  for (int i = 0; i < 300; ++i) too_deep += "<e>";
  CHECK(error_of(gpx(too_deep)) == "walk.gpx: refused (line 3: elements nested deeper than 256)");
}

TEST_CASE("gpx: bad files", "[import][gpx]") {
  CHECK(error_of("<gpx>\n<trk>\n</gpx>") == "walk.gpx: not XML (line 3: mismatched tag)");
  CHECK(error_of("") == "walk.gpx: not XML (line 1: no element found)");
  CHECK(error_of("\x89PNG\r\n") == "walk.gpx: not XML (line 1: not well-formed (invalid token))");
  CHECK(error_of("<kml xmlns=\"http://www.opengis.net/kml/2.2\"/>") == "walk.gpx: not GPX (the root element is <kml>)");
  CHECK(error_of(gpx("<wpt lat=\"1\" lon=\"2\"/>")) == "walk.gpx: no track (<trk>) in the file");
  CHECK(error_of(gpx("<trk><trkseg>\n<trkpt lat=\"x\" lon=\"2\"/></trkseg></trk>")) ==
        "walk.gpx: line 4: a <trkpt> without a valid lat and lon");
  CHECK(error_of(gpx("<trk><trkseg><trkpt lat=\"1\" lon=\"2\">\n<time>yesterday</time></trkpt></trkseg></trk>")) ==
        "walk.gpx: line 4: a bad <time> \"yesterday\"");
  CHECK(error_of("<?xml version=\"1.0\"?>\n<!DOCTYPE gpx [\n<!ENTITY a \"aaaaaaaaaa\">\n]>\n<gpx>&a;</gpx>") ==
        "walk.gpx: refused (line 3: the document declares entities)");
}
