// SPDX-License-Identifier: GPL-3.0-or-later
// A history shared through a folder (lib/sync.h, lib/engine_sync.cc): the
// own journal written once per event, other journals imported once by uuid
// whatever happens to their files, and an imported done closing the
// reminder as a local one does. Real files, a real SQLite history.

#include <catch2/catch.hpp>
#include <fstream>

#include "lib/journal.h"
#include "lib/sync.h"
#include "tests/engine_fixture.h"

using namespace move;
using namespace move::test;
namespace fs = std::filesystem;

namespace {

const std::string kSelf(32, 'a');
const std::string kOther(32, 'c');

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string other_line(int n, const char* at_utc, const char* kind = "done", const char* routine = "walk") {
  JournalEntry j;
  j.uuid = "00000000-0000-4000-8000-" + std::string(11, '0') + std::to_string(n);
  j.host = kOther;
  j.host_name = "tablet";
  j.seq = n;
  j.event.at = *parse_datetime(at_utc);
  j.recorded = j.event.at;
  j.event.kind = *parse_event_kind(kind);
  j.event.routine = routine;
  if (j.event.kind == EventKind::pain) j.event.value = 4;
  j.event.minutes = j.event.kind == EventKind::done ? std::optional(30) : std::nullopt;
  return journal_line(j);
}

struct Folder {
  TempDir dir;
  fs::path sync = dir.path / "Sync";
  History history{dir.path / "history.db"};
  Sync s{sync, {kSelf, "laptop"}};
  std::vector<Event> recorded;
  std::vector<std::string> warnings;
  Folder() { fs::create_directory(sync); }
  fs::path other() const { return sync / (kOther + ".jsonl"); }
  void put(const std::string& text, bool append = true) {
    std::ofstream(other(), append ? std::ios::app | std::ios::binary : std::ios::binary) << text;
  }
  Sync::Imported import() {
    History::Batch batch(history);
    auto got = s.import(
        history,
        [&](const Event& e) {
          recorded.push_back(e);
          history.append(e);
        },
        [&](const std::string& w) { warnings.push_back(w); });
    batch.commit();
    return got;
  }
};

}  // namespace

TEST_CASE("journal names: other hosts' journals only", "[sync]") {
  CHECK(journal_name(kOther + ".jsonl", kSelf));
  CHECK(!journal_name(kSelf + ".jsonl", kSelf));
  CHECK(!journal_name(kOther + ".sync-conflict-20261203-101010-ABCDEFG.jsonl", kSelf));
  CHECK(!journal_name("." + kOther + ".jsonl", kSelf));
  CHECK(!journal_name(".syncthing." + kOther + ".jsonl.tmp", kSelf));
  CHECK(!journal_name("~syncthing~" + kOther + ".jsonl.tmp", kSelf));
  CHECK(!journal_name(kOther + ".jsonl~", kSelf));
  CHECK(!journal_name("notes.jsonl", kSelf));
}

TEST_CASE("publish writes the shareable history once, then what is new, in seq order", "[sync]") {
  Folder f;
  const Instant t = *parse_datetime("2026-12-01T10:00:00Z");
  f.history.append({0, "walk", EventKind::done, t, 40, std::nullopt, std::nullopt});
  f.history.append({0, "walk", EventKind::due, t, std::nullopt, std::nullopt, std::nullopt});
  f.history.append({0, "", EventKind::pain, t + Seconds{60}, std::nullopt, std::string("back"), 3});
  f.history.append({0, "walk", EventKind::snoozed, t, std::nullopt, std::nullopt, 600});
  CHECK(f.s.publish(f.history, t + Seconds{120}) == 2);
  CHECK(f.s.publish(f.history, t + Seconds{120}) == 0);
  const fs::path own = f.s.own_journal();
  auto lines = lines_of(own);
  REQUIRE(lines.size() == 2);
  const JournalEntry first = parse_journal_line(lines[0]);
  const JournalEntry second = parse_journal_line(lines[1]);
  CHECK(first.seq == 1);
  CHECK(second.seq == 2);
  CHECK(first.event.kind == EventKind::done);
  CHECK(second.event.value == 3);
  CHECK(first.recorded == t + Seconds{120});
  // The history keeps the uuids the journal gives.
  CHECK(f.history.find_uuid(first.uuid)->kind == EventKind::done);
  CHECK(f.history.find_uuid(second.uuid)->kind == EventKind::pain);

  // A new Sync (moved restarted) goes on from the journal: no line twice.
  f.history.append({0, "walk", EventKind::skipped, t + Seconds{200}, std::nullopt, std::nullopt, std::nullopt});
  Sync again{f.sync, {kSelf, "laptop"}};
  CHECK(again.publish(f.history, t + Seconds{300}) == 1);
  lines = lines_of(own);
  REQUIRE(lines.size() == 3);
  CHECK(parse_journal_line(lines[2]).seq == 3);
  CHECK(parse_journal_line(lines[2]).event.kind == EventKind::skipped);
}

TEST_CASE("a journal cut short by a crash is ended, so the next line stands on its own", "[sync]") {
  Folder f;
  const Instant t = *parse_datetime("2026-12-01T10:00:00Z");
  f.history.append({0, "walk", EventKind::done, t, 40, std::nullopt, std::nullopt});
  f.s.publish(f.history, t);
  std::ofstream(f.s.own_journal(), std::ios::app) << R"({"v":1,"uuid":"cut)";
  f.history.append({0, "walk", EventKind::done, t + Seconds{60}, 40, std::nullopt, std::nullopt});
  Sync again{f.sync, {kSelf, "laptop"}};
  CHECK(again.publish(f.history, t + Seconds{60}) == 1);
  const auto lines = lines_of(f.s.own_journal());
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == R"({"v":1,"uuid":"cut)");
  CHECK(parse_journal_line(lines[2]).seq == 2);
}

TEST_CASE("publish into a folder that is not there throws SyncError naming it; nothing is lost", "[sync]") {
  TempDir dir;
  History history{dir.path / "history.db"};
  Sync s{dir.path / "missing", {kSelf, "laptop"}};
  history.append({0, "walk", EventKind::done, *parse_datetime("2026-12-01T10:00:00Z"), 40, std::nullopt, std::nullopt});
  CHECK_THROWS_WITH(s.publish(history, *parse_datetime("2026-12-01T10:00:00Z")),
                    Catch::Matchers::Contains((dir.path / "missing").string()) &&
                        Catch::Matchers::Contains("No such file or directory"));
  fs::create_directory(dir.path / "missing");
  CHECK(s.publish(history, *parse_datetime("2026-12-01T10:01:00Z")) == 1);
}

TEST_CASE("import: each line once, a partial line waits, an invalid one is skipped once", "[sync]") {
  Folder f;
  const std::string l1 = other_line(1, "2026-12-01T07:00:00Z");
  const std::string l2 = other_line(2, "2026-12-01T08:00:00Z", "pain", "");
  f.put(l1 + l2.substr(0, 20));
  CHECK(f.import().recorded == 1);
  CHECK(f.import().recorded == 0);  // nothing new: the partial line waits
  f.put(l2.substr(20) + "{oops}\n" + other_line(3, "2026-12-01T09:00:00Z"));
  auto got = f.import();
  CHECK(got.recorded == 2);
  CHECK(got.invalid == 1);
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0] == "sync: " + kOther + ".jsonl line 3: not JSON (syntax error); skipped");
  CHECK(f.import().invalid == 0);  // logged once
  REQUIRE(f.recorded.size() == 3);
  CHECK(f.recorded[0].host == "tablet");
  CHECK(f.recorded[1].kind == EventKind::pain);
  const auto files = f.history.sync_files();
  REQUIRE(files.size() == 1);
  CHECK(files[0].seq == 3);
  CHECK(files[0].line == 4);
  CHECK(files[0].events == 3);
  CHECK(files[0].offset == static_cast<std::int64_t>(fs::file_size(f.other())));
}

TEST_CASE("import: a replaced journal goes on where it was; a shrunk or different one is read again by uuid",
          "[sync]") {
  Folder f;
  const std::string l1 = other_line(1, "2026-12-01T07:00:00Z"), l2 = other_line(2, "2026-12-01T08:00:00Z"),
                    l3 = other_line(3, "2026-12-01T09:00:00Z");
  f.put(l1 + l2);
  CHECK(f.import().recorded == 2);
  // Replaced, as Syncthing does: a new file renamed over the old, one line more.
  const fs::path tmp = f.sync / ".syncthing.tmp";
  std::ofstream(tmp) << l1 + l2 + l3;
  fs::rename(tmp, f.other());
  auto got = f.import();
  CHECK(got.recorded == 1);
  CHECK(got.duplicates == 0);  // went on from where it was
  CHECK(f.warnings.empty());
  // Shrunk: read from the start, nothing doubled.
  f.put(l3, false);
  got = f.import();
  CHECK(got.recorded == 0);
  CHECK(got.duplicates == 1);
  CHECK(f.warnings.size() == 1);
  // Replaced by other lines of the same length: the anchor differs, read again.
  std::ofstream(tmp) << l2 + l1 + l3 + other_line(4, "2026-12-01T10:00:00Z");
  fs::rename(tmp, f.other());
  got = f.import();
  CHECK(got.recorded == 1);
  CHECK(got.duplicates == 3);
  CHECK(f.history.count() == 4);
}

TEST_CASE("import ignores conflict copies, temporary files and the own journal", "[sync]") {
  Folder f;
  const std::string lines = other_line(1, "2026-12-01T07:00:00Z") + other_line(2, "2026-12-01T08:00:00Z");
  for (const std::string& name : {kOther + ".sync-conflict-20261203-101010-ABCDEFG.jsonl",
                                  "~syncthing~" + kOther + ".jsonl.tmp", "." + kOther + ".jsonl", kSelf + ".jsonl"})
    std::ofstream(f.sync / name) << lines;
  CHECK(f.import().recorded == 0);
  f.put(lines);
  CHECK(f.import().recorded == 2);
}

TEST_CASE("a line claiming another host than its file's is skipped", "[sync]") {
  Folder f;
  std::string line = other_line(1, "2026-12-01T07:00:00Z");
  const std::string third(32, 'd');
  line.replace(line.find(kOther), 32, third);
  f.put(line);
  CHECK(f.import().invalid == 1);
  CHECK(f.warnings.at(0) ==
        "sync: " + kOther + ".jsonl line 1: written by host " + third + ", not by the file's own host; skipped");
}

TEST_CASE("an imported done closes the reminder and reschedules, as a local done does", "[sync][engine]") {
  Fixture fx("2026-12-01 10:00");
  fs::create_directory(fx.dir.path / "Sync");
  fx.engine->set_sync(std::make_unique<Sync>(fx.dir.path / "Sync", Sync::Host{kSelf, "laptop"}),
                      at("2026-12-01 10:00"));
  // walk (every 2d) falls due two days after it was first seen.
  fx.engine->fire_due(at("2026-12-03 10:00"));
  REQUIRE(!fx.notifier.shown.empty());
  CHECK(fx.notifier.shown.back().routine == "walk");
  // The tablet's clock is hours off; its line says when it was done, in UTC.
  std::ofstream(fx.dir.path / "Sync" / (kOther + ".jsonl")) << other_line(1, "2026-12-03T09:30:00Z");
  CHECK(fx.engine->import_synced(at("2026-12-03 10:31")) == 1);
  CHECK(fx.notifier.withdrawn.back() == "walk");
  const auto walk = fx.call({{"cmd", "status"}, {"id", "walk"}}, at("2026-12-03 10:31"));
  const auto& r = walk.at("routines").as_array().at(0).as_object();
  CHECK(r.at("state") == "waiting");
  CHECK(r.at("last_done") == "2026-12-03T10:30:00+01:00");
  CHECK(r.at("next_due") == "2026-12-05T10:30:00+01:00");
  const auto& sync = walk.at("sync").as_object();
  CHECK(sync.at("hosts").as_array().at(0).at("name") == "tablet");
  CHECK(sync.at("hosts").as_array().at(0).at("last_wrote") == "2026-12-03T10:30:00+01:00");
  CHECK(sync.at("imported") == 1);
  // Not written to the own journal: it is the tablet's. The own journal has
  // the prescriptions this computer runs (written when sync was turned on).
  auto own = lines_of(fx.dir.path / "Sync" / (kSelf + ".jsonl"));
  REQUIRE(own.size() == 2);
  CHECK(parse_journal_line(own[0]).event.kind == EventKind::prescription);
  CHECK(parse_journal_line(own[1]).event.kind == EventKind::prescription);
  // A local done goes to the own journal before the reply.
  fx.call({{"cmd", "done"}, {"id", "desk"}}, at("2026-12-03 10:40"));
  own = lines_of(fx.dir.path / "Sync" / (kSelf + ".jsonl"));
  REQUIRE(own.size() == 3);
  CHECK(parse_journal_line(own[2]).event.routine == "desk");
  CHECK(parse_journal_line(own[2]).event.at == at("2026-12-03 10:40"));
  // The history JSON names the host of the imported event, null for the own.
  const auto h = fx.call({{"cmd", "history"}}, at("2026-12-03 10:41"));
  std::vector<std::string> hosts;
  for (const auto& e : h.at("events").as_array())
    if (e.at("kind") == "done") hosts.push_back(e.at("host").is_null() ? "-" : std::string(e.at("host").as_string()));
  CHECK(hosts == std::vector<std::string>{"tablet", "-"});
}

TEST_CASE("import: a line longer than any journal line is skipped whole, in bounded memory", "[sync]") {
  Folder f;
  const std::string huge(kJournalLineMax * 2 + 17, 'x');
  f.put(huge);
  CHECK(f.import().invalid == 0);  // no end yet: waits
  f.put("\n" + other_line(1, "2026-12-01T07:00:00Z"));
  const auto got = f.import();
  CHECK(got.invalid == 1);
  CHECK(got.recorded == 1);
  CHECK(f.warnings.at(0) == "sync: " + kOther + ".jsonl line 1: longer than 1048576 bytes; skipped");
  CHECK(f.history.sync_files().at(0).offset == static_cast<std::int64_t>(fs::file_size(f.other())));
}
