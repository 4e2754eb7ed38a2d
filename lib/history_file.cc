// SPDX-License-Identifier: GPL-3.0-or-later
// The history's file: opening it (read-write, or read-only without a
// write), creating and migrating it, checking that it is still the file on
// disk, refusing a newer schema, and setting a corrupt one aside.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "lib/history.h"
#include "lib/history_sql.h"
#include "lib/history_stmt.h"
#include "lib/local_time.h"

namespace move {

namespace fs = std::filesystem;

namespace {

using namespace history_stmt;

/// Why file cannot be opened for reading and writing, or created, as far as
/// the file system tells; nullopt when it does not say.
std::optional<std::string> cannot_open_because(const fs::path& file) {
  auto error = [](const fs::path& p, int err) { return p.string() + ": " + std::strerror(err); };
  std::error_code ec;
  if (fs::exists(file, ec)) {
    if (::access(file.c_str(), R_OK | W_OK) != 0) return error(file, errno);
    return std::nullopt;
  }
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  if (!fs::exists(dir, ec)) return dir.string() + ": no such folder";
  if (!fs::is_directory(dir, ec)) return error(dir, ENOTDIR);
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return "cannot create the file in " + error(dir, errno);
  return std::nullopt;
}

constexpr std::array<const char*, 3> kFileSuffixes{"", "-wal", "-shm"};

}  // namespace

void History::close() noexcept {
  for (Stmt* s : {&insert_event_, &list_all_, &list_routine_, &of_kind_, &last_of_kind_, &count_events_,
                  &insert_routine_, &select_routine_, &begin_, &commit_, &rollback_, &find_source_, &find_uuid_,
                  &local_shared_, &set_uuid_, &sync_files_, &save_sync_file_})
    s->reset();
  db_.reset();
  ids_ = {};
}

void History::open_if_needed() {
  if (read_only_)
    throw HistoryError(SQLITE_READONLY, describe(file_, "opened to read only (no moved is running); nothing written"));
  if (db_) return;
  try {
    open();
  } catch (const HistoryError& e) {
    close();
    unavailable_ = e.what();
    throw;
  }
  unavailable_.clear();
  if (on_recreated) on_recreated("the history can be written again: " + file_.string());
}

void History::require_open() const {
  if (!db_) throw HistoryError(SQLITE_CANTOPEN, "nothing can be recorded: " + unavailable_);
}

sqlite3* History::connect(int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file_.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    // SQLite's errno here is often that of a probe (ENOENT for a file it
    // was about to create), not the cause: name the cause ourselves.
    if ((rc & 0xff) == SQLITE_CANTOPEN)
      if (auto why = cannot_open_because(file_))
        throw HistoryError(SQLITE_CANTOPEN, describe(file_, "cannot open: " + *why));
    fail(raw, file_, rc, "cannot open");
  }
  return raw;
}

void History::open() {
  sqlite3* db = connect(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  // SQLite silently falls back to read-only for a file we may not write.
  if (sqlite3_db_readonly(db, "main") == 1)
    throw HistoryError(SQLITE_READONLY, describe(file_, "cannot open: the file is read-only"));
  // Someone reading the file with sqlite3 must not make append() fail.
  sqlite3_busy_timeout(db, 5000);

  auto exec = [&](const char* sql, std::string_view what) {
    if (const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); rc != SQLITE_OK) fail(db, file_, rc, what);
  };
  // A file that is not a database fails here with SQLITE_NOTADB.
  exec(sql::kPragmas, "cannot open");

  {
    Stmt check = prepare(sql::kQuickCheck, false);
    std::string problems;
    int rows = 0;
    while (step(db, file_, check.get(), "cannot check")) {
      std::string row = column_text(check.get(), 0);
      std::replace(row.begin(), row.end(), '\n', ' ');  // one line for the log
      if (row == "ok") continue;
      if (++rows <= 3) problems += (rows > 1 ? "; " : "") + row;
    }
    if (rows > 0) throw HistoryCorrupt(SQLITE_CORRUPT, describe(file_, "damaged: " + problems));
  }
  refuse_newer_schema();
  exec(sql::kSchema, "cannot create the tables");
  migrate();

  prepare_all();
  files_changed();  // notes which files are open
}

std::string History::files_changed() {
  for (std::size_t i = 0; i < kFileSuffixes.size(); ++i) {
    const std::string path = file_.string() + kFileSuffixes[i];
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      // SQLite creates -wal and -shm on first use and keeps them while open.
      if (ids_[i]) return path + " was deleted";
      continue;
    }
    const FileId id{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
    if (!ids_[i])
      ids_[i] = id;
    else if (*ids_[i] != id)
      return path + " was replaced";
  }
  return {};
}

void History::ensure_on_disk() {
  require_open();
  const std::string why = files_changed();
  if (why.empty()) return;
  // The connection still reads what was deleted: copy all of it (the -wal's
  // frames included) to a new file, then open that in place of the old one.
  // An empty file made exclusively (VACUUM INTO takes an empty file).
  std::string name = file_.string() + ".recreate-XXXXXX";
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0)
    throw HistoryError(SQLITE_CANTOPEN,
                       describe(file_, why + " while moved ran and could not be re-created: " + std::strerror(errno)));
  ::close(fd);
  const fs::path copy = name;
  std::error_code ec;
  char* sql = sqlite3_mprintf("VACUUM INTO %Q", copy.c_str());
  const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr);
  sqlite3_free(sql);
  if (rc != SQLITE_OK) {
    std::string message =
        describe(file_, why + " while moved ran and could not be re-created: ") + sqlite3_errmsg(db_.get());
    fs::remove(copy, ec);
    throw HistoryError(rc & 0xff, message);
  }
  const fs::path file = file_;
  auto told = std::move(on_recreated);
  { History old(std::move(*this)); }  // closed here
  // A file someone put in its place is kept, under a new name, not overwritten.
  std::string kept;
  if (why == file.string() + " was replaced") {
    for (int n = 1; kept.empty() || fs::exists(kept, ec); ++n) kept = file.string() + ".replaced-" + std::to_string(n);
    fs::rename(file, kept, ec);
    if (ec) kept.clear();
  }
  // The old -wal and -shm must not be replayed into the new file.
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
  std::error_code renamed;
  fs::rename(copy, file, renamed);
  *this = History(file);
  on_recreated = std::move(told);
  if (renamed)
    throw HistoryError(SQLITE_CANTOPEN,
                       describe(file, why + "; cannot re-create it from " + copy.string() + ": " + renamed.message()));
  if (on_recreated)
    on_recreated("THE HISTORY WAS DELETED: " + why + " while moved ran; re-created " + file_.string() +
                 " from what moved still had open, nothing is lost" +
                 (kept.empty() ? std::string() : "; the file found in its place is kept as " + kept));
}

void History::before_write() {
  open_if_needed();
  if (sqlite3_get_autocommit(db_.get())) ensure_on_disk();
}

History::History(const fs::path& file, ReadOnly) : file_(file) {
  sqlite3* db = connect(SQLITE_OPEN_READONLY);
  sqlite3_busy_timeout(db, 5000);
  read_only_ = true;  // every write is refused in open_if_needed(), with SQLITE_READONLY
  if (const int version = refuse_newer_schema(); version < sql::kSchemaVersion) {
    // A file of an earlier release, not yet migrated by a moved of this
    // one: read it as if it were, through a view in the connection's own
    // temporary schema (names resolve there first); the file is untouched.
    const char* view = version < 2 ? sql::kReadSchema1 : version < 3 ? sql::kReadSchema2 : sql::kReadSchema3;
    const int rc = sqlite3_exec(db, view, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(db, file_, rc, "cannot read the old schema");
  }
  prepare_reads();
}

int History::refuse_newer_schema() {
  Stmt version = prepare(sql::kUserVersion, false);
  step(db_.get(), file_, version.get(), "cannot read the schema version");
  if (const int v = sqlite3_column_int(version.get(), 0); v > sql::kSchemaVersion)
    throw HistoryError(SQLITE_ERROR,
                       describe(file_, "written by a newer move (schema version " + std::to_string(v) +
                                           ", this one knows " + std::to_string(sql::kSchemaVersion) + ")"));
  return sqlite3_column_int(version.get(), 0);
}

fs::path set_aside(const fs::path& file, Instant now) {
  std::string stamp = format_utc(now);  // 2026-11-26T12:00:00Z -> 20261126T120000
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':' || c == 'Z'; });

  const std::string base = file.string() + ".corrupt-" + stamp;
  auto taken = [](const std::string& p) { return fs::exists(p) || fs::exists(p + "-wal") || fs::exists(p + "-shm"); };
  std::string target = base;
  for (int n = 1; taken(target); ++n) target = base + "-" + std::to_string(n);

  fs::rename(file, target);
  for (const char* suffix : {"-wal", "-shm"}) {
    const fs::path from = file.string() + suffix;
    if (fs::exists(from)) fs::rename(from, target + suffix);
  }
  return target;
}

}  // namespace move
