// SPDX-License-Identifier: GPL-3.0-or-later
// The history against real SQLite files, one fresh directory per test.

#include "lib/history.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/temp_dir.h"
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

#include "lib/history_sql.h"

namespace fs = std::filesystem;
using namespace std::chrono;
using Catch::Matchers::Contains;

namespace move {
namespace {

const Instant t0 = sys_days{2026y / 3 / 29} + 9h;

using test::TempDir;

fs::path db_in(const TempDir& dir) { return dir.path / "history.db"; }

Event event(std::string routine, EventKind kind, Instant at) {
  Event e;
  e.routine = std::move(routine);
  e.kind = kind;
  e.at = at;
  return e;
}

std::vector<std::int64_t> ids(const std::vector<Event>& events) {
  std::vector<std::int64_t> result;
  for (const auto& e : events) result.push_back(e.id);
  return result;
}

struct Failure {
  bool thrown = false;
  bool corrupt = false;
  int code = 0;
  std::string message;
};

template <typename F>
Failure failure_of(F&& f) {
  try {
    f();
  } catch (const HistoryCorrupt& e) {
    return {true, true, e.code(), e.what()};
  } catch (const HistoryError& e) {
    return {true, false, e.code(), e.what()};
  }
  return {};
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

/// A raw connection for what History does not offer: plans, pragmas.
struct RawDb {
  sqlite3* db = nullptr;
  explicit RawDb(const fs::path& file) { REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK); }
  ~RawDb() { sqlite3_close(db); }
  std::string column0(const std::string& sql, int column = 0) {
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string all;
    while (sqlite3_step(s) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(s, column);
      all += text ? reinterpret_cast<const char*>(text) : "NULL";
      all += '\n';
    }
    sqlite3_finalize(s);
    return all;
  }
};

TEST_CASE("event kinds have stable names", "[history]") {
  const std::vector<std::pair<EventKind, std::string_view>> table{
      {EventKind::due, "due"},         {EventKind::done, "done"},       {EventKind::skipped, "skipped"},
      {EventKind::snoozed, "snoozed"}, {EventKind::natural, "natural"}, {EventKind::pain, "pain"},
      {EventKind::paused, "paused"},   {EventKind::resumed, "resumed"}};
  for (const auto& [kind, name] : table) {
    CHECK(to_string(kind) == name);
    CHECK(parse_event_kind(name) == kind);
  }
  CHECK_FALSE(parse_event_kind("Done"));
  CHECK_FALSE(parse_event_kind(""));
  CHECK_FALSE(parse_event_kind("skip"));
}

TEST_CASE("append and list round-trip every field, nulls included", "[history]") {
  TempDir dir;
  History history(db_in(dir));

  Event done = event("walk", EventKind::done, t0);
  done.minutes = 40;
  done.note = "with Anna, 5 km — über the hill";
  Event pain = event("", EventKind::pain, t0 + 1h);
  pain.value = 0;
  pain.note = "";  // an empty note is not a missing note
  Event due = event("desk-break", EventKind::due, t0 + 2h);
  Event natural = event("desk-break", EventKind::natural, t0 + 3h);
  natural.minutes = 0;

  done.id = history.append(done);
  pain.id = history.append(pain);
  due.id = history.append(due);
  natural.id = history.append(natural);
  CHECK(done.id > 0);
  CHECK(pain.id > done.id);
  CHECK(due.id > pain.id);
  CHECK(natural.id > due.id);

  const auto events = history.list({});
  REQUIRE(events.size() == 4);
  CHECK(events[0] == done);
  CHECK(events[1] == pain);
  CHECK(events[2] == due);
  CHECK(events[3] == natural);
  CHECK(events[1].note == std::optional<std::string>(""));
  CHECK_FALSE(events[2].note);
  CHECK_FALSE(events[2].minutes);
  CHECK_FALSE(events[2].value);
  CHECK(history.count() == 4);
}

TEST_CASE("list orders by time, then by order of appending", "[history]") {
  TempDir dir;
  History history(db_in(dir));
  const auto a = history.append(event("walk", EventKind::done, t0 + 2h));
  const auto b = history.append(event("walk", EventKind::done, t0));
  const auto c = history.append(event("core", EventKind::done, t0 + 1h));
  const auto d = history.append(event("walk", EventKind::skipped, t0));
  CHECK(ids(history.list({})) == std::vector{b, d, c, a});
  HistoryQuery walk;
  walk.routine = "walk";
  CHECK(ids(history.list(walk)) == std::vector{b, d, a});
}

TEST_CASE("list filters by routine, time, kind and keeps the latest N", "[history]") {
  TempDir dir;
  History history(db_in(dir));
  const auto walk_done = history.append(event("walk", EventKind::done, t0));
  const auto walk_due = history.append(event("walk", EventKind::due, t0 + 1h));
  const auto desk_natural = history.append(event("desk", EventKind::natural, t0 + 2h));
  const auto pain = history.append(event("", EventKind::pain, t0 + 3h));
  const auto walk_skipped = history.append(event("walk", EventKind::skipped, t0 + 4h));
  const auto walk_done2 = history.append(event("walk", EventKind::done, t0 + 5h));
  using Ids = std::vector<std::int64_t>;

  HistoryQuery q;
  SECTION("routine") {
    q.routine = "walk";
    CHECK(ids(history.list(q)) == Ids{walk_done, walk_due, walk_skipped, walk_done2});
  }
  SECTION("the empty routine is the pain ratings") {
    q.routine = "";
    CHECK(ids(history.list(q)) == Ids{pain});
  }
  SECTION("an unknown routine") {
    q.routine = "swim";
    CHECK(history.list(q).empty());
  }
  SECTION("since is inclusive") {
    q.since = t0 + 1h;
    CHECK(ids(history.list(q)) == Ids{walk_due, desk_natural, pain, walk_skipped, walk_done2});
  }
  SECTION("until is exclusive") {
    q.until = t0 + 2h;
    CHECK(ids(history.list(q)) == Ids{walk_done, walk_due});
  }
  SECTION("since and until with a routine") {
    q.routine = "walk";
    q.since = t0 + 1s;
    q.until = t0 + 5h;
    CHECK(ids(history.list(q)) == Ids{walk_due, walk_skipped});
  }
  SECTION("kinds") {
    q.kinds = {EventKind::done, EventKind::natural};
    CHECK(ids(history.list(q)) == Ids{walk_done, desk_natural, walk_done2});
    q.routine = "walk";
    CHECK(ids(history.list(q)) == Ids{walk_done, walk_done2});
    q.kinds = {EventKind::snoozed};
    CHECK(history.list(q).empty());
  }
  SECTION("limit keeps the latest, in ascending order") {
    q.limit = 2;
    CHECK(ids(history.list(q)) == Ids{walk_skipped, walk_done2});
    q.routine = "walk";
    q.kinds = {EventKind::done, EventKind::due};
    CHECK(ids(history.list(q)) == Ids{walk_due, walk_done2});
    q.limit = 0;
    CHECK(history.list(q).empty());
    q.limit = -1;
    CHECK(history.list(q).empty());
  }
}

TEST_CASE("last finds the latest event of some kinds", "[history]") {
  TempDir dir;
  History history(db_in(dir));
  CHECK_FALSE(history.last("walk", {}));
  history.append(event("walk", EventKind::done, t0));
  const auto due = history.append(event("walk", EventKind::due, t0 + 3h));
  history.append(event("walk", EventKind::done, t0 + 2h));  // appended late, earlier time
  const auto tie1 = history.append(event("walk", EventKind::natural, t0 + 2h));
  history.append(event("core", EventKind::done, t0 + 9h));

  auto last_done = history.last("walk", {EventKind::done});
  REQUIRE(last_done);
  CHECK(last_done->at == t0 + 2h);
  CHECK(last_done->kind == EventKind::done);

  auto last_active = history.last("walk", {EventKind::done, EventKind::natural});
  REQUIRE(last_active);
  CHECK(last_active->id == tie1);  // same instant: the later appended

  auto any = history.last("walk", {});
  REQUIRE(any);
  CHECK(any->id == due);

  CHECK_FALSE(history.last("walk", {EventKind::skipped}));
  CHECK_FALSE(history.last("desk", {EventKind::done}));
}

TEST_CASE("times lists instants of some kinds since an instant", "[history]") {
  TempDir dir;
  History history(db_in(dir));
  history.append(event("core", EventKind::done, t0 + 48h));
  history.append(event("core", EventKind::done, t0 - 1s));
  history.append(event("core", EventKind::skipped, t0 + 24h));
  history.append(event("core", EventKind::done, t0));
  history.append(event("walk", EventKind::done, t0 + 1h));
  using Times = std::vector<Instant>;
  CHECK(history.times("core", {EventKind::done}, t0) == Times{t0, t0 + 48h});
  CHECK(history.times("core", {}, t0) == Times{t0, t0 + 24h, t0 + 48h});
  CHECK(history.times("core", {EventKind::done}, t0 + 1s) == Times{t0 + 48h});
  CHECK(history.times("core", {EventKind::done, EventKind::skipped}, t0 - 1h) ==
        Times{t0 - 1s, t0, t0 + 24h, t0 + 48h});
  CHECK(history.times("swim", {}, t0 - 1h).empty());
  history.append(event("", EventKind::pain, t0));
  CHECK(history.times(std::string_view{}, {}, t0) == Times{t0});
}

TEST_CASE("events merges kinds in order of time, then of appending", "[history]") {
  TempDir dir;
  History history(db_in(dir));
  Event walked = event("walk", EventKind::done, t0 + 2h);
  walked.minutes = 40;
  const auto a = history.append(walked);
  const auto b = history.append(event("walk", EventKind::natural, t0 + 1h));
  const auto c = history.append(event("walk", EventKind::natural, t0 + 2h));  // ties with a, appended later
  history.append(event("walk", EventKind::due, t0 + 90min));
  const auto d = history.append(event("walk", EventKind::done, t0 - 1h));

  const auto all = history.events("walk", {EventKind::done, EventKind::natural}, t0 - 1h);
  std::vector<std::int64_t> ids;
  for (const Event& e : all) ids.push_back(e.id);
  CHECK(ids == std::vector<std::int64_t>{d, b, a, c});
  CHECK(all[2].minutes == 40);
  CHECK(history.events("walk", {EventKind::natural, EventKind::done}, t0).size() == 3);
  CHECK(history.events("walk", {}, t0).size() == 4);
}

TEST_CASE("a batch is one transaction: committed, or gone", "[history]") {
  TempDir dir;
  {
    History history(db_in(dir));
    {
      History::Batch batch(history);
      history.append(event("walk", EventKind::done, t0));
      CHECK(history.first_seen("walk", t0) == t0);
      batch.commit();
    }
    {
      History::Batch batch(history);
      history.append(event("walk", EventKind::done, t0 + 1h));
      CHECK(history.first_seen("core", t0 + 1h) == t0 + 1h);
      CHECK(history.count() == 2);  // seen inside the batch
    }                               // not committed: rolled back
    CHECK(history.count() == 1);
    History::Batch again(history);  // the connection is free for the next one
    again.commit();
  }
  History reopened(db_in(dir));
  CHECK(reopened.count() == 1);
  CHECK(reopened.first_seen("walk", t0 + 5h) == t0);
  CHECK(reopened.first_seen("core", t0 + 5h) == t0 + 5h);
}

TEST_CASE("first_seen keeps the first instant, across reopening", "[history]") {
  TempDir dir;
  {
    History history(db_in(dir));
    CHECK(history.first_seen("walk", t0) == t0);
    CHECK(history.first_seen("walk", t0 + 1h) == t0);
    CHECK(history.first_seen("core", t0 + 2h) == t0 + 2h);
  }
  History history(db_in(dir));
  CHECK(history.first_seen("walk", t0 + 72h) == t0);
  CHECK(history.first_seen("core", t0) == t0 + 2h);
  CHECK(history.count() == 0);  // routines are not events
}

TEST_CASE("events persist across reopening", "[history]") {
  TempDir dir;
  std::vector<Event> written;
  {
    History history(db_in(dir));
    for (int i = 0; i < 3; ++i) {
      Event e = event("walk", EventKind::done, t0 + i * 24h);
      e.minutes = 30 + i;
      e.id = history.append(e);
      written.push_back(e);
    }
  }
  History history(db_in(dir));
  CHECK(history.count() == 3);
  CHECK(history.list({}) == written);
  CHECK(history.append(event("walk", EventKind::due, t0)) > written.back().id);
}

TEST_CASE("History is movable", "[history]") {
  TempDir dir;
  History a(db_in(dir));
  a.append(event("walk", EventKind::done, t0));
  History b(std::move(a));
  b.append(event("walk", EventKind::done, t0 + 1h));
  History c(dir.path / "other.db");
  c = std::move(b);
  CHECK(c.count() == 2);
  CHECK(c.file() == db_in(dir));
}

TEST_CASE("an appended event survives kill -9", "[history]") {
  TempDir dir;
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    close(pipe_fds[0]);
    try {
      History history(db_in(dir));
      Event e = event("walk", EventKind::done, t0);
      e.minutes = 45;
      history.append(e);
      const char ok = '1';
      if (write(pipe_fds[1], &ok, 1) != 1) _exit(1);
      for (;;) pause();  // killed here, History still open
    } catch (...) {
      _exit(2);
    }
  }
  close(pipe_fds[1]);
  char ok = 0;
  const auto got = read(pipe_fds[0], &ok, 1);
  close(pipe_fds[0]);
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(got == 1);
  REQUIRE(WIFSIGNALED(status));
  CHECK(fs::exists(db_in(dir).string() + "-wal"));  // it was not closed cleanly

  History history(db_in(dir));
  const auto events = history.list({});
  REQUIRE(events.size() == 1);
  CHECK(events[0].minutes == 45);
}

TEST_CASE("the file is in WAL mode at the current schema version", "[history]") {
  TempDir dir;
  { History history(db_in(dir)); }
  RawDb raw(db_in(dir));
  CHECK(raw.column0("PRAGMA journal_mode") == "wal\n");
  CHECK(raw.column0("PRAGMA user_version") == std::to_string(sql::kSchemaVersion) + "\n");
}

TEST_CASE("per-routine queries use the index and need no sort", "[history]") {
  TempDir dir;
  History history(db_in(dir));
  RawDb raw(db_in(dir));
  auto plan = [&](const char* sql) { return raw.column0(std::string("EXPLAIN QUERY PLAN ") + sql, 3); };
  {
    const auto p = plan(sql::kListRoutine);
    CHECK_THAT(p, Contains("USING INDEX events_routine_at (routine=? AND at>? AND at<?)"));
    CHECK_THAT(p, !Contains("TEMP B-TREE"));
  }
  // One kind: only that kind's rows are read, whatever else the routine has.
  CHECK_THAT(plan(sql::kOfKind), Contains("USING INDEX events_routine_kind_at (routine=? AND kind=? AND at>?)"));
  CHECK_THAT(plan(sql::kOfKind), !Contains("TEMP B-TREE"));
  CHECK_THAT(plan(sql::kLastOfKind), Contains("USING INDEX events_routine_kind_at (routine=? AND kind=?)"));
  CHECK_THAT(plan(sql::kLastOfKind), !Contains("TEMP B-TREE"));
  const auto all = plan(sql::kListAll);
  CHECK_THAT(all, Contains("USING INDEX events_at"));
  CHECK_THAT(all, !Contains("TEMP B-TREE"));
  CHECK_THAT(plan(sql::kSelectRoutine), Contains("USING INDEX sqlite_autoindex_routines_1"));
}

TEST_CASE("a history in a missing folder says which folder", "[history]") {
  TempDir dir;
  const fs::path file = dir.path / "nowhere" / "history.db";
  const auto failure = failure_of([&] { History history(file); });
  REQUIRE(failure.thrown);
  CHECK(failure.code == SQLITE_CANTOPEN);
  CHECK_THAT(failure.message, Contains((dir.path / "nowhere").string() + ": no such folder"));
}

TEST_CASE("a file that is not a database is corrupt and can be set aside", "[history]") {
  TempDir dir;
  std::string garbage;
  while (garbage.size() < 4096) garbage += "This is not an SQLite database, just text.\n";
  write_file(db_in(dir), garbage);

  const auto failure = failure_of([&] { History history(db_in(dir)); });
  REQUIRE(failure.thrown);
  CHECK(failure.corrupt);
  CHECK(failure.code == SQLITE_NOTADB);
  CHECK_THAT(failure.message, Contains(db_in(dir).string()));

  // A WAL and its index belong to the old file; they move with it.
  write_file(db_in(dir).string() + "-wal", "stale wal");
  write_file(db_in(dir).string() + "-shm", "stale shm");
  const Instant when = sys_days{2026y / 3 / 29} + 14h + 5min + 9s;
  const fs::path aside = set_aside(db_in(dir), when);
  CHECK(aside == db_in(dir).string() + ".corrupt-20260329T140509");
  CHECK_FALSE(fs::exists(db_in(dir)));
  CHECK_FALSE(fs::exists(db_in(dir).string() + "-wal"));
  CHECK(read_file(aside) == garbage);
  CHECK(read_file(aside.string() + "-wal") == "stale wal");
  CHECK(read_file(aside.string() + "-shm") == "stale shm");
  CHECK_FALSE(fs::exists(db_in(dir).string() + "-shm"));

  // The same second again does not overwrite the first.
  write_file(db_in(dir), "more garbage");
  CHECK(set_aside(db_in(dir), when) == aside.string() + "-1");
  CHECK(read_file(aside) == garbage);

  History fresh(db_in(dir));
  CHECK(fresh.count() == 0);
}

TEST_CASE("a damaged database is corrupt", "[history]") {
  TempDir dir;
  {
    History history(db_in(dir));
    Event e = event("walk", EventKind::done, t0);
    e.note = std::string(200, 'n');
    for (int i = 0; i < 500; ++i) history.append(e);
  }
  std::string bytes = read_file(db_in(dir));
  REQUIRE(bytes.size() > 5 * 4096);
  const std::size_t last_page = bytes.size() - 4096;
  // Opening alone never reads the last pages (leaves): only the integrity
  // check finds the damage.
  SECTION("pages scribbled over") {
    for (std::size_t i = last_page - 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0x5a);
  }
  SECTION("a page header that quick_check reports as a problem") {
    bytes[last_page + 5] = 0x00;  // start of the cell content area
    bytes[last_page + 6] = 0x10;
  }
  write_file(db_in(dir), bytes);

  const auto failure = failure_of([&] { History history(db_in(dir)); });
  REQUIRE(failure.thrown);
  CHECK(failure.corrupt);
  CHECK_THAT(failure.message, Contains(db_in(dir).string()));
  CHECK(failure.message.find('\n') == std::string::npos);
}

TEST_CASE("an unusable path is an error naming the file, not corruption", "[history]") {
  TempDir dir;
  write_file(dir.path / "plain", "a regular file, not a directory");
  const fs::path file = dir.path / "plain" / "history.db";
  const auto failure = failure_of([&] { History history(file); });
  REQUIRE(failure.thrown);
  CHECK_FALSE(failure.corrupt);
  CHECK(failure.code == SQLITE_CANTOPEN);
  CHECK_THAT(failure.message, Contains(file.string()) && Contains("cannot open") && Contains("Not a directory"));
}

TEST_CASE("a database of a newer schema is refused, not set aside", "[history]") {
  TempDir dir;
  {
    RawDb raw(db_in(dir));
    raw.column0("PRAGMA user_version = " + std::to_string(sql::kSchemaVersion + 1));
  }
  const auto failure = failure_of([&] { History history(db_in(dir)); });
  REQUIRE(failure.thrown);
  CHECK_FALSE(failure.corrupt);
  CHECK_THAT(failure.message, Contains(db_in(dir).string()) && Contains("newer"));
}

TEST_CASE("HistoryError tells a full disk and a read-only file apart", "[history]") {
  CHECK(HistoryError(SQLITE_FULL, "x").full());
  CHECK_FALSE(HistoryError(SQLITE_FULL, "x").readonly());
  CHECK(HistoryError(SQLITE_READONLY, "x").readonly());
  CHECK_FALSE(HistoryError(SQLITE_IOERR, "x").full());
}

TEST_CASE("a history deleted under the open connection is re-created with everything in it", "[history][deleted]") {
  for (const char* deleted : {"", "-wal", "-shm"}) {
    TempDir dir;
    const fs::path file = db_in(dir);
    History h(file);
    std::vector<std::string> told;
    h.on_recreated = [&](const std::string& m) { told.push_back(m); };
    h.append(event("walk", EventKind::done, t0));
    fs::remove(file.string() + deleted);
    h.append(event("walk", EventKind::done, t0 + 1h));
    {
      History::Batch batch(h);  // a batch checks too; nothing changed since
      h.append(event("walk", EventKind::done, t0 + 2h));
      batch.commit();
    }
    REQUIRE(told.size() == 1);
    REQUIRE_THAT(told[0], Contains("THE HISTORY WAS DELETED: " + file.string() + deleted + " was deleted"));
    History reread(file);  // what the file on disk holds, read by a second connection
    REQUIRE(reread.count() == 3);
    REQUIRE(h.count() == 3);
    for (const auto& entry : fs::directory_iterator(dir.path))
      REQUIRE(entry.path().filename().string().find(".recreate") == std::string::npos);  // no copy left
  }
}

TEST_CASE("a history replaced under the open connection keeps both files", "[history][deleted]") {
  TempDir dir;
  const fs::path file = db_in(dir);
  History h(file);
  std::vector<std::string> told;
  h.on_recreated = [&](const std::string& m) { told.push_back(m); };
  h.append(event("walk", EventKind::done, t0));
  {
    History other(dir.path / "other.db");  // someone moves another database over it
    other.append(event("yoga", EventKind::done, t0));
  }
  fs::remove(dir.path / "other.db-wal");
  fs::remove(dir.path / "other.db-shm");
  fs::rename(dir.path / "other.db", file);
  h.append(event("walk", EventKind::done, t0 + 1h));
  REQUIRE(told.size() == 1);
  REQUIRE_THAT(told[0], Contains(file.string() + " was replaced"));
  REQUIRE_THAT(told[0], Contains("kept as " + file.string() + ".replaced-1"));
  REQUIRE(History(file).count() == 2);
  REQUIRE(History(file.string() + ".replaced-1").list({"yoga", {}, {}, {}, {}}).size() == 1);
}

TEST_CASE("a batch on a deleted history writes to the re-created file", "[history][deleted]") {
  TempDir dir;
  const fs::path file = db_in(dir);
  History h(file);
  h.append(event("walk", EventKind::done, t0));
  fs::remove(file);
  fs::remove(file.string() + "-wal");
  {
    History::Batch batch(h);
    h.append(event("walk", EventKind::due, t0 + 1h));
    batch.commit();
  }
  REQUIRE(History(file).count() == 2);
}

TEST_CASE("a history opened read-only is read, never created nor changed", "[history][readonly]") {
  TempDir dir;
  const fs::path file = db_in(dir);
  CHECK_THROWS_AS(History(file, History::ReadOnly{}), HistoryError);
  CHECK_FALSE(fs::exists(file));  // not created
  {
    History writer(file);
    writer.append(event("walk", EventKind::done, t0));
  }
  std::ifstream in(file, std::ios::binary);
  const std::string before((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  {
    History reader(file, History::ReadOnly{});
    REQUIRE(reader.list({}).size() == 1);
    try {
      reader.append(event("walk", EventKind::done, t0 + 1h));
      FAIL("a read-only history took a write");
    } catch (const HistoryError& e) {
      CHECK(e.readonly());
    }
  }
  std::ifstream again(file, std::ios::binary);
  CHECK(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()) == before);
  CHECK(History(file).list({}).size() == 1);
}

}  // namespace
}  // namespace move

namespace move {

TEST_CASE("a deferred history: reads say why, the first write that can opens it", "[history]") {
  test::TempDir dir;
  const auto file = dir.path / "later" / "history.db";
  History h = History::deferred(file, "the disk is full");
  CHECK_FALSE(h.available());
  CHECK(h.unavailable() == "the disk is full");
  CHECK_THROWS_WITH(h.count(), "nothing can be recorded: the disk is full");
  const Event walk{0, "walk", EventKind::done, sys_days{2026y / 11 / 26} + 9h, 30, std::nullopt, std::nullopt};
  CHECK_THROWS_AS(h.append(walk), HistoryError);  // the folder is still missing
  CHECK_FALSE(h.available());
  CHECK_THAT(h.unavailable(), Contains(file.parent_path().string()));
  std::vector<std::string> told;
  h.on_recreated = [&](const std::string& m) { told.push_back(m); };
  std::filesystem::create_directory(file.parent_path());
  CHECK(h.append(walk) > 0);
  CHECK(h.available());
  CHECK(h.count() == 1);
  CHECK(told.size() == 1);
}

}  // namespace move

namespace move {

TEST_CASE("a history of the release before, opened read-only, is read as it is and left untouched",
          "[history][readonly][migration]") {
  TempDir dir;
  const fs::path file = db_in(dir);
  fs::copy_file(std::string(MOVE_TEST_DATA) + "/history-v1.db", file);
  auto bytes = [&] {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string before = bytes();
  {
    History old(file, History::ReadOnly{});
    const std::vector<Event> events = old.list({});
    REQUIRE(events.size() >= 6);
    for (const Event& e : events) CHECK_FALSE(e.source);  // schema 1 has none
    CHECK(old.count() == static_cast<std::int64_t>(events.size()));
    try {
      old.append(event("walk", EventKind::done, t0));
      FAIL("a read-only history took a write");
    } catch (const HistoryError& e) {
      CHECK(e.readonly());
    }
  }
  CHECK(bytes() == before);
}

}  // namespace move
