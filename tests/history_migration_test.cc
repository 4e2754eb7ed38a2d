// SPDX-License-Identifier: GPL-3.0-or-later
// The migrations, each on a history made by the release before it: version
// 1 -> 2 (events.source) on tests/data/history-v1.db (moved + movectl done,
// pain, skip, snooze), 2 -> 3 (events.reason, events.detail) on
// tests/data/history-v2.db (moved + movectl done --at, pain, skip, snooze,
// pause, resume, import). Nothing of the old file may be lost or changed.

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "lib/history.h"
#include "lib/history_sql.h"
#include "tests/temp_dir.h"

using namespace move;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

const fs::path kFixture = fs::path(MOVE_TEST_DATA) / "history-v1.db";

/// sqlite3 on the side, for what History does not show.
struct Raw {
  sqlite3* db = nullptr;
  explicit Raw(const fs::path& file) { REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK); }
  ~Raw() { sqlite3_close(db); }
  std::string rows(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string all;
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* text = sqlite3_column_text(s, c);
        all += (c ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      all += '\n';
    }
    sqlite3_finalize(s);
    return all;
  }
  void exec(const std::string& sql) { REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK); }
};

const std::string kCurrent = std::to_string(sql::kSchemaVersion) + "\n";

constexpr const char* kOldColumns = "SELECT id, routine, kind, at, minutes, note, value FROM events ORDER BY id";

fs::path copy_of_fixture(const test::TempDir& dir, const fs::path& fixture = kFixture) {
  const fs::path file = dir.path / "history.db";
  fs::copy_file(fixture, file);
  return file;
}

const fs::path kFixture2 = fs::path(MOVE_TEST_DATA) / "history-v2.db";
constexpr const char* kColumns2 = "SELECT id, routine, kind, at, minutes, note, value, source FROM events ORDER BY id";

}  // namespace

TEST_CASE("the version 1 fixture is what the release before wrote", "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir);
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == "1\n");
  CHECK(raw.rows("SELECT count(*) FROM events") == "9\n");
  CHECK(raw.rows("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'source'") == "0\n");
}

TEST_CASE("a version 1 history opens migrated to 2 with every old event unchanged", "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir);
  std::string events_before, routines_before;
  {
    Raw raw(file);
    events_before = raw.rows(kOldColumns);
    routines_before = raw.rows("SELECT id, first_seen FROM routines ORDER BY id");
  }
  REQUIRE(!events_before.empty());
  {
    History h(file);
    const std::vector<Event> all = h.list({});
    REQUIRE(all.size() == 9);
    for (const Event& e : all) CHECK(!e.source);
    const auto walks = h.list({"walk", {}, {}, {EventKind::done}, {}});
    REQUIRE(walks.size() == 2);
    CHECK(walks[0].minutes == 45);
    CHECK(walks[0].note == "along the river");
    CHECK(h.list({"", {}, {}, {EventKind::pain}, {}}).size() == 2);
  }
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == std::to_string(sql::kSchemaVersion) + "\n");
  CHECK(raw.rows(kOldColumns) == events_before);
  CHECK(raw.rows("SELECT id, first_seen FROM routines ORDER BY id") == routines_before);
  CHECK(raw.rows("SELECT count(*) FROM events WHERE source IS NOT NULL") == "0\n");
  CHECK(raw.rows("SELECT name FROM sqlite_master WHERE name = 'events_source'") == "events_source\n");
}

TEST_CASE("after the migration sources are kept, found and unique; a second open changes nothing",
          "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir);
  Event e;
  e.routine = "walk";
  e.kind = EventKind::done;
  e.at = Instant{Seconds{1796000000}};
  e.minutes = 42;
  e.source = "start:2026-11-30T07:12:03Z";
  std::int64_t id = 0;
  {
    History h(file);
    id = h.append(e);
    REQUIRE(h.find_source("start:2026-11-30T07:12:03Z"));
    CHECK(h.find_source("start:2026-11-30T07:12:03Z")->id == id);
    CHECK(h.find_source("start:2026-11-30T07:12:03Z")->minutes == 42);
    CHECK(!h.find_source("start:2026-11-30T07:12:04Z"));
    // The unique index: the same source cannot be stored twice.
    CHECK_THROWS_AS(h.append(e), HistoryError);
    Event plain = e;
    plain.source.reset();
    h.append(plain);
    h.append(plain);  // NULL sources are not unique
  }
  History again(file);
  CHECK(again.count() == 12);
  const auto found = again.find_source("start:2026-11-30T07:12:03Z");
  REQUIRE(found);
  CHECK(found->source == e.source);
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
}

TEST_CASE("a migration failing midway rolls back whole: the file stays version 1, unchanged", "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir);
  std::string before;
  {
    Raw raw(file);
    // ALTER TABLE succeeds, then CREATE INDEX events_source fails on the name.
    raw.exec("CREATE INDEX events_source ON events(note)");
    before = raw.rows(kOldColumns);
  }
  try {
    History h(file);
    FAIL("opened");
  } catch (const HistoryError& e) {
    CHECK_THAT(e.what(), Contains(file.string()) && Contains("version 2") && Contains("nothing was changed"));
  }
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == "1\n");
  CHECK(raw.rows("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'source'") == "0\n");
  CHECK(raw.rows(kOldColumns) == before);
  // Once the obstacle is gone the migration goes through.
  raw.exec("DROP INDEX events_source");
  { History h(file); }
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
  CHECK(raw.rows(kOldColumns) == before);
}

TEST_CASE("a new history starts at the current version with every column", "[history][migration]") {
  test::TempDir dir;
  { History h(dir.path / "history.db"); }
  Raw raw(dir.path / "history.db");
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
  CHECK(raw.rows("SELECT group_concat(name, ',') FROM pragma_table_info('events')") ==
        "id,routine,kind,at,minutes,note,value,source,reason,detail,uuid,host\n");
}

TEST_CASE("the version 2 fixture is what the release before wrote", "[history][migration]") {
  test::TempDir dir;
  Raw raw(copy_of_fixture(dir, kFixture2));
  CHECK(raw.rows("PRAGMA user_version") == "2\n");
  CHECK(raw.rows("SELECT count(*) FROM events") == "8\n");
  CHECK(raw.rows("SELECT count(*) FROM pragma_table_info('events') WHERE name IN ('reason', 'detail')") == "0\n");
}

TEST_CASE("a version 2 history opens migrated to 3 with every old event unchanged", "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir, kFixture2);
  std::string events_before, routines_before;
  {
    Raw raw(file);
    events_before = raw.rows(kColumns2);
    routines_before = raw.rows("SELECT id, first_seen FROM routines ORDER BY id");
  }
  {
    History h(file);
    const std::vector<Event> all = h.list({});
    REQUIRE(all.size() == 8);
    for (const Event& e : all) {
      CHECK(!e.reason);
      CHECK(!e.detail);
    }
    const auto walks = h.list({"walk", {}, {}, {EventKind::done}, {}});
    REQUIRE(walks.size() == 2);
    CHECK(walks[0].note == "by the river");
    CHECK(walks[1].source == "start:2026-11-30T07:12:03Z");
    CHECK(h.find_source("start:2026-11-30T07:12:03Z"));
    // The new columns take what the new kinds need.
    Event skip{0, "walk", EventKind::skipped, Instant{Seconds{1796300000}}, {}, "rain", {}, {}, "weather", {}};
    Event score{0, "", EventKind::score, Instant{Seconds{1796300001}}, {}, {}, 12, {}, {}, "rmdq"};
    h.append(skip);
    h.append(score);
    const auto back = h.list({"walk", {}, {}, {EventKind::skipped}, {}});
    REQUIRE(back.size() == 1);
    CHECK(back[0].reason == "weather");
    CHECK(h.list({"", {}, {}, {EventKind::score}, {}}).at(0).detail == "rmdq");
  }
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
  CHECK(raw.rows(kColumns2 + std::string(" LIMIT 8")) == events_before);
  CHECK(raw.rows("SELECT id, first_seen FROM routines ORDER BY id") == routines_before);
  CHECK(raw.rows("SELECT count(*) FROM events WHERE id <= 8 AND (reason IS NOT NULL OR detail IS NOT NULL)") == "0\n");
}

TEST_CASE("a migration to 3 failing midway rolls back whole: the file stays version 2", "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir, kFixture2);
  Raw raw(file);
  // ADD COLUMN reason succeeds, then ADD COLUMN detail fails on the name.
  raw.exec("ALTER TABLE events ADD COLUMN detail TEXT");
  const std::string before = raw.rows(kColumns2);
  try {
    History h(file);
    FAIL("opened");
  } catch (const HistoryError& e) {
    CHECK_THAT(e.what(), Contains(file.string()) && Contains("version 3") && Contains("nothing was changed"));
  }
  CHECK(raw.rows("PRAGMA user_version") == "2\n");
  CHECK(raw.rows("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'reason'") == "0\n");
  CHECK(raw.rows(kColumns2) == before);
  raw.exec("ALTER TABLE events DROP COLUMN detail");
  { History h(file); }
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
  CHECK(raw.rows(kColumns2) == before);
}

TEST_CASE("a version 2 history read without a daemon is read as version 3, untouched", "[history][migration]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir, kFixture2);
  {
    History ro(file, History::ReadOnly{});
    const auto all = ro.list({});
    REQUIRE(all.size() == 8);
    CHECK(!all[0].reason);
    CHECK(all.back().kind == EventKind::resumed);
  }
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == "2\n");
}

namespace {

const fs::path kFixture3 = fs::path(MOVE_TEST_DATA) / "history-v3.db";
constexpr const char* kColumns3 =
    "SELECT id, routine, kind, at, minutes, note, value, source, reason, detail FROM events ORDER BY id";

}  // namespace

TEST_CASE("the version 3 fixture is what the release before wrote", "[history][migration]") {
  test::TempDir dir;
  Raw raw(copy_of_fixture(dir, kFixture3));
  CHECK(raw.rows("PRAGMA user_version") == "3\n");
  CHECK(raw.rows("SELECT count(*) FROM events") == "9\n");
  CHECK(raw.rows("SELECT count(*) FROM pragma_table_info('events') WHERE name IN ('uuid', 'host')") == "0\n");
  CHECK(raw.rows("SELECT count(*) FROM sqlite_master WHERE name = 'sync_files'") == "0\n");
}

TEST_CASE("a version 3 history opens migrated to 4 with every old event unchanged", "[history][migration][sync]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir, kFixture3);
  std::string events_before, routines_before;
  {
    Raw raw(file);
    events_before = raw.rows(kColumns3);
    routines_before = raw.rows("SELECT id, first_seen FROM routines ORDER BY id");
  }
  {
    History h(file);
    const std::vector<Event> all = h.list({});
    REQUIRE(all.size() == 9);
    for (const Event& e : all) {
      CHECK(!e.uuid);
      CHECK(!e.host);
    }
    const auto walks = h.list({"walk", {}, {}, {EventKind::done, EventKind::skipped}, {}});
    REQUIRE(walks.size() == 3);
    CHECK(walks[0].note == "along the river");
    CHECK(walks[0].minutes == 45);
    CHECK(walks[1].reason == "weather");
    CHECK(walks[1].note == "storm");
    // The shareable events, in the order recorded: done, done, pain, skipped, pain, done.
    std::vector<std::string> kinds;
    for (const Event& e : h.local_shared_after(0, 100)) kinds.emplace_back(to_string(e.kind));
    CHECK(kinds == std::vector<std::string>{"done", "done", "pain", "skipped", "pain", "done"});
    // The new columns: a uuid is unique and found; an imported event keeps its host.
    h.set_uuid(2, "0b6f0e6a-2c4e-4c1e-9d8e-6f1f0c9b1a01");
    CHECK(h.find_uuid("0b6f0e6a-2c4e-4c1e-9d8e-6f1f0c9b1a01")->id == 2);
    h.set_uuid(2, "another");  // a uuid once given stays
    CHECK(h.find_uuid("0b6f0e6a-2c4e-4c1e-9d8e-6f1f0c9b1a01")->id == 2);
    Event imported{0, "walk", EventKind::done, Instant{Seconds{1796300000}}, 30, {}, {}};
    imported.uuid = "0b6f0e6a-2c4e-4c1e-9d8e-6f1f0c9b1a02";
    imported.host = "laptop";
    h.append(imported);
    CHECK_THROWS_AS(h.append(imported), HistoryError);  // events_uuid is unique
    CHECK(h.find_uuid(*imported.uuid)->host == "laptop");
    CHECK(h.local_shared_after(0, 100).size() == 6);  // an imported event is not this computer's to share
    History::SyncFile f{"cccccccccccccccccccccccccccccccc.jsonl",
                        42,
                        1234,
                        7,
                        std::string(32, 'c'),
                        "tablet",
                        7,
                        Instant{Seconds{1796300000}},
                        5,
                        "u7"};
    h.save_sync_file(f);
    f.offset = 2000;
    h.save_sync_file(f);
    REQUIRE(h.sync_files().size() == 1);
    CHECK(h.sync_files()[0].offset == 2000);
    CHECK(h.sync_files()[0].host_name == "tablet");
  }
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
  CHECK(raw.rows(kColumns3 + std::string(" LIMIT 9")) == events_before);
  CHECK(raw.rows("SELECT id, first_seen FROM routines ORDER BY id") == routines_before);
  CHECK(raw.rows("SELECT count(*) FROM events WHERE id <= 9 AND host IS NOT NULL") == "0\n");
  CHECK(raw.rows("SELECT name FROM sqlite_master WHERE name = 'events_uuid'") == "events_uuid\n");
}

TEST_CASE("a migration to 4 failing midway rolls back whole: the file stays version 3", "[history][migration][sync]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir, kFixture3);
  Raw raw(file);
  // ADD COLUMN uuid and host succeed, then CREATE TABLE sync_files fails on the name.
  raw.exec("CREATE TABLE sync_files(x)");
  const std::string before = raw.rows(kColumns3);
  try {
    History h(file);
    FAIL("opened");
  } catch (const HistoryError& e) {
    CHECK_THAT(e.what(), Contains(file.string()) && Contains("version 4") && Contains("nothing was changed"));
  }
  CHECK(raw.rows("PRAGMA user_version") == "3\n");
  CHECK(raw.rows("SELECT count(*) FROM pragma_table_info('events') WHERE name IN ('uuid', 'host')") == "0\n");
  CHECK(raw.rows(kColumns3) == before);
  raw.exec("DROP TABLE sync_files");
  { History h(file); }
  CHECK(raw.rows("PRAGMA user_version") == kCurrent);
  CHECK(raw.rows(kColumns3) == before);
}

TEST_CASE("a version 3 history read without a daemon is read as version 4, untouched", "[history][migration][sync]") {
  test::TempDir dir;
  const fs::path file = copy_of_fixture(dir, kFixture3);
  {
    History ro(file, History::ReadOnly{});
    const auto all = ro.list({});
    REQUIRE(all.size() == 9);
    CHECK(!all[0].uuid);
    CHECK(!all[0].host);
  }
  Raw raw(file);
  CHECK(raw.rows("PRAGMA user_version") == "3\n");
}
