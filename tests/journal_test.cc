// SPDX-License-Identifier: GPL-3.0-or-later
// The sync journal's line (lib/journal.h): what is written, read back the
// same, and each way a line can be wrong, with its message.

#include <catch2/catch.hpp>

#include "lib/journal.h"
#include "lib/local_time.h"
#include "lib/random_id.h"

using namespace move;

namespace {

const std::string kHost(32, 'a');

JournalEntry done_entry() {
  JournalEntry j;
  j.uuid = "0b6f0e6a-2c4e-4c1e-9d8e-6f1f0c9b1a01";
  j.host = kHost;
  j.host_name = "laptop";
  j.seq = 7;
  j.recorded = *parse_datetime("2026-11-24T17:10:02Z");
  j.event.routine = "walk";
  j.event.kind = EventKind::done;
  j.event.at = *parse_datetime("2026-11-24T18:10:00+01:00");
  j.event.minutes = 40;
  j.event.note = "by the \"river\"\nthen home";
  return j;
}

}  // namespace

TEST_CASE("a journal line is one JSON object of UTC times, ending in a newline", "[journal][sync]") {
  CHECK(journal_line(done_entry()) ==
        R"({"v":1,"uuid":"0b6f0e6a-2c4e-4c1e-9d8e-6f1f0c9b1a01","host":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",)"
        R"("host_name":"laptop","seq":7,"at":"2026-11-24T17:10:00Z","recorded":"2026-11-24T17:10:02Z",)"
        R"("kind":"done","routine":"walk","minutes":40,"note":"by the \"river\"\nthen home"})"
        "\n");
}

TEST_CASE("every shareable kind reads back as written, with its uuid and host", "[journal][sync]") {
  for (EventKind kind : kEventKinds) {
    if (!shareable(kind)) continue;
    JournalEntry j = done_entry();
    j.event.kind = kind;
    j.event.minutes.reset();
    if (kind == EventKind::pain || kind == EventKind::flare || kind == EventKind::score) j.event.routine = "";
    if (kind == EventKind::pain) j.event.value = 6;
    if (kind == EventKind::flare) j.event.value = kFlareLimiting | kFlareCare;
    if (kind == EventKind::score) {
      j.event.value = 12;
      j.event.detail = "rmdq";
    }
    if (kind == EventKind::skipped) j.event.reason = "weather";
    if (kind == EventKind::prescription) j.event.detail = "[[routine]]\nid = \"walk\"\nevery = \"2d\"\n";
    std::string line = journal_line(j);
    REQUIRE(line.back() == '\n');
    line.pop_back();
    INFO(line);
    JournalEntry back = parse_journal_line(line);
    JournalEntry expected = j;
    expected.event.uuid = j.uuid;
    expected.event.host = "laptop";
    CHECK(back == expected);
  }
}

TEST_CASE("desk-time kinds are not shared", "[journal][sync]") {
  for (EventKind kind :
       {EventKind::due, EventKind::snoozed, EventKind::natural, EventKind::held, EventKind::paused, EventKind::resumed})
    CHECK(!shareable(kind));
  std::string line = journal_line(done_entry());
  line.pop_back();
  const auto at = line.find("\"done\"");
  line.replace(at, 6, "\"snoozed\"");
  CHECK_THROWS_WITH(parse_journal_line(line), "kind \"snoozed\" is not shared between computers");
}

TEST_CASE("a host without a name is known by its id; fields a later version adds are ignored", "[journal][sync]") {
  std::string line = journal_line(done_entry());
  line.pop_back();
  line.replace(line.find("\"laptop\""), 8, "\"\"");
  line.insert(line.size() - 1, R"(,"mood":"fine")");
  const JournalEntry j = parse_journal_line(line);
  CHECK(j.event.host == kHost);
  CHECK(j.event.minutes == 40);
}

TEST_CASE("a line that is not an entry says why", "[journal][sync]") {
  const std::string h = R"("host":")" + kHost + R"(","host_name":"x",)";
  const std::string base = R"({"v":1,"uuid":"ab-12",)" + h + R"("seq":1,"recorded":"2026-11-24T17:10:02Z",)";
  struct Case {
    std::string line, message;
  };
  auto c = GENERATE_COPY(
      Case{"", "not JSON (incomplete JSON)"}, Case{R"({"v":1,"uuid":"a)", "not JSON (incomplete JSON)"},
      Case{"[1]", "not a JSON object"}, Case{R"({"uuid":"x"})", "no \"v\""},
      Case{R"({"v":2})", "version 2 is not known to this move (it reads version 1)"}, Case{R"({"v":1})", "no \"uuid\""},
      Case{R"({"v":1,"uuid":7})", "\"uuid\" must be a string"},
      Case{R"({"v":1,"uuid":"ZZ"})", "\"uuid\" must be hex digits and '-', got \"ZZ\""},
      Case{R"({"v":1,"uuid":"ab","host":"abc"})", "\"host\" must be 32 hex digits, got \"abc\""},
      Case{R"({"v":1,"uuid":"ab",)" + h + R"("seq":0})", "\"seq\" must be from 1 to 9223372036854775807, got 0"},
      Case{base + R"("at":"2026-11-24T18:10:00+01:00"})",
           "\"at\" must be a UTC time like 2026-11-24T17:10:00Z, got \"2026-11-24T18:10:00+01:00\""},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"jog"})", "unknown kind \"jog\""},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"done","routine":"Walk"})",
           "\"routine\" must be a routine id (a-z, 0-9, -), got \"Walk\""},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"done","routine":"walk","minutes":-1})",
           "\"minutes\" must be from 0 to 100000, got -1"},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"done","routine":"walk","minutes":1.5})",
           "\"minutes\" must be a whole number"},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"done","routine":"walk","note":3})",
           "\"note\" must be a string or null"},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"pain","routine":""})",
           "a pain entry needs \"level\" (0 to 10)"},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"pain","routine":"","level":11})",
           "\"level\" must be from 0 to 10, got 11"},
      Case{base + R"("at":"2026-11-24T17:10:00Z","kind":"flare","routine":"","limiting":"yes"})",
           "\"limiting\" must be true or false"},
      Case{std::string(kJournalLineMax + 1, ' '), "longer than 1048576 bytes"});
  INFO(c.line);
  CHECK_THROWS_WITH(parse_journal_line(c.line), c.message);
}

TEST_CASE("host ids and uuids are random and well formed", "[journal][sync]") {
  const std::string a = random_host_id(), b = random_host_id();
  CHECK(valid_host_id(a));
  CHECK(a != b);
  CHECK(!valid_host_id("ABCDEF0123456789abcdef0123456789"));
  CHECK(!valid_host_id(a.substr(1)));
  const std::string u = random_uuid();
  REQUIRE(u.size() == 36);
  CHECK(u[8] == '-');
  CHECK(u[14] == '4');
  CHECK(std::string("89ab").find(u[19]) != std::string::npos);
  CHECK(u != random_uuid());
}
