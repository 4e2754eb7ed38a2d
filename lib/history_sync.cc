// SPDX-License-Identifier: GPL-3.0-or-later
// The history's part of sync (lib/sync.h): events found by uuid, this
// computer's shared events in the order they were recorded, and how far
// each other computer's journal has been read.
#include <sqlite3.h>

#include "lib/history.h"
#include "lib/history_sql.h"
#include "lib/history_stmt.h"

namespace move {

using namespace history_stmt;

void History::prepare_sync() {
  find_uuid_ = prepare(sql::kFindUuid, true);
  local_shared_ = prepare(sql::kLocalShared, true);
  set_uuid_ = prepare(sql::kSetUuid, true);
  sync_files_ = prepare(sql::kSyncFiles, true);
  save_sync_file_ = prepare(sql::kSaveSyncFile, true);
}

std::optional<Event> History::find_uuid(std::string_view uuid) const {
  require_open();
  constexpr std::string_view kWhat = "cannot read events";
  sqlite3_stmt* s = find_uuid_.get();
  if (s == nullptr) return std::nullopt;  // read-only: no sync
  ResetGuard guard(s);
  if (const int rc = bind_all(s, uuid); rc != SQLITE_OK) fail(db_.get(), file_, rc, kWhat);
  if (!step(db_.get(), file_, s, kWhat)) return std::nullopt;
  return read_event(file_, s);
}

std::vector<Event> History::local_shared_after(std::int64_t after, int limit) const {
  require_open();
  constexpr std::string_view kWhat = "cannot read events";
  sqlite3_stmt* s = local_shared_.get();
  ResetGuard guard(s);
  if (const int rc = bind_all(s, after, limit); rc != SQLITE_OK) fail(db_.get(), file_, rc, kWhat);
  std::vector<Event> events;
  while (step(db_.get(), file_, s, kWhat)) events.push_back(read_event(file_, s));
  return events;
}

void History::set_uuid(std::int64_t id, const std::string& uuid) {
  before_write();
  constexpr std::string_view kWhat = "cannot give an event its uuid";
  sqlite3_stmt* s = set_uuid_.get();
  ResetGuard guard(s);
  if (const int rc = bind_all(s, id, uuid); rc != SQLITE_OK) fail(db_.get(), file_, rc, kWhat);
  step(db_.get(), file_, s, kWhat);
}

std::vector<History::SyncFile> History::sync_files() const {
  require_open();
  constexpr std::string_view kWhat = "cannot read the sync positions";
  sqlite3_stmt* s = sync_files_.get();
  ResetGuard guard(s);
  std::vector<SyncFile> files;
  while (step(db_.get(), file_, s, kWhat)) {
    SyncFile f;
    f.name = column_text(s, 0);
    f.inode = static_cast<std::uint64_t>(sqlite3_column_int64(s, 1));
    f.offset = sqlite3_column_int64(s, 2);
    f.line = sqlite3_column_int64(s, 3);
    f.host = column_text(s, 4);
    f.host_name = column_text(s, 5);
    f.seq = sqlite3_column_int64(s, 6);
    if (sqlite3_column_type(s, 7) != SQLITE_NULL) f.recorded = column_instant(s, 7);
    f.events = sqlite3_column_int64(s, 8);
    f.last_uuid = column_text(s, 9);
    files.push_back(std::move(f));
  }
  return files;
}

void History::save_sync_file(const SyncFile& f) {
  before_write();
  constexpr std::string_view kWhat = "cannot save a sync position";
  sqlite3_stmt* s = save_sync_file_.get();
  ResetGuard guard(s);
  if (const int rc = bind_all(s, f.name, static_cast<std::int64_t>(f.inode), f.offset, f.line, f.host, f.host_name,
                              f.seq, f.recorded, f.events, f.last_uuid);
      rc != SQLITE_OK)
    fail(db_.get(), file_, rc, kWhat);
  step(db_.get(), file_, s, kWhat);
}

}  // namespace move
