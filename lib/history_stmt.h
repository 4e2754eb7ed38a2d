// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Inside the history (lib/history*.cc only): the statement helpers, as
// MPD's sticker database has them: bind with a parameter count check,
// reset by a scope guard, one step that throws, columns read back.

#include <sqlite3.h>

#include <cassert>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "lib/history.h"

namespace move::history_stmt {

/// Resets and unbinds a statement when a use of it ends, however it ends, so
/// that it is ready for the next use and holds no read transaction open.
class ResetGuard {
 public:
  explicit ResetGuard(sqlite3_stmt* stmt) noexcept : stmt_(stmt) {}
  ~ResetGuard() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  ResetGuard(const ResetGuard&) = delete;
  ResetGuard& operator=(const ResetGuard&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

inline std::string describe(const std::filesystem::path& file, std::string_view what) {
  return "history " + file.string() + ": " + std::string(what);
}

/// Throws for SQLite result code `rc`: HistoryCorrupt for a damaged file,
/// HistoryError otherwise. The message names the file, what we were doing,
/// SQLite's message and, for I/O failures, the OS error.
[[noreturn]] inline void fail(sqlite3* db, const std::filesystem::path& file, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string message = describe(file, what) + ": ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (db != nullptr && (primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR)) {
    if (const int err = sqlite3_system_errno(db); err != 0) message += std::string(" (") + std::strerror(err) + ")";
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) throw HistoryCorrupt(primary, message);
  throw HistoryError(primary, message);
}

// The bind helper: binds its arguments to ?1, ?2, ... and checks that they
// are exactly the statement's parameters. Returns the first error code.
inline int bind_one(sqlite3_stmt* s, int i, std::int64_t v) { return sqlite3_bind_int64(s, i, v); }
inline int bind_one(sqlite3_stmt* s, int i, int v) { return sqlite3_bind_int(s, i, v); }
inline int bind_one(sqlite3_stmt* s, int i, Instant v) {
  return sqlite3_bind_int64(s, i, v.time_since_epoch().count());
}
inline int bind_one(sqlite3_stmt* s, int i, std::string_view v) {
  // An empty view may have a null data(), which SQLite would bind as NULL.
  return sqlite3_bind_text(s, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
inline int bind_one(sqlite3_stmt* s, int i, const std::string& v) { return bind_one(s, i, std::string_view(v)); }
template <typename T>
inline int bind_one(sqlite3_stmt* s, int i, const std::optional<T>& v) {
  return v ? bind_one(s, i, *v) : sqlite3_bind_null(s, i);
}

template <typename... Args>
inline int bind_all(sqlite3_stmt* s, const Args&... args) {
  assert(sqlite3_bind_parameter_count(s) == static_cast<int>(sizeof...(args)));
  int i = 0;
  int rc = SQLITE_OK;
  ((rc == SQLITE_OK ? (rc = bind_one(s, ++i, args)) : rc), ...);
  return rc;
}

/// One step: true for a row, false when done; throws on error.
inline bool step(sqlite3* db, const std::filesystem::path& file, sqlite3_stmt* s, std::string_view what) {
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db, file, rc, what);
}

inline std::string column_text(sqlite3_stmt* s, int col) {
  const auto* text = sqlite3_column_text(s, col);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(s, col))};
}

inline std::optional<int> column_int(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return std::nullopt;
  return sqlite3_column_int(s, col);
}

inline Instant column_instant(sqlite3_stmt* s, int col) { return Instant{Seconds{sqlite3_column_int64(s, col)}}; }

/// The row of a query that selects the event columns of history_sql.h.
inline Event read_event(const std::filesystem::path& file, sqlite3_stmt* s) {
  Event e;
  e.id = sqlite3_column_int64(s, 0);
  e.routine = column_text(s, 1);
  const std::string kind = column_text(s, 2);
  const auto parsed = parse_event_kind(kind);
  if (!parsed)
    throw HistoryError(SQLITE_MISMATCH,
                       describe(file, "event " + std::to_string(e.id) + " has an unknown kind '" + kind + "'"));
  e.kind = *parsed;
  e.at = column_instant(s, 3);
  e.minutes = column_int(s, 4);
  if (sqlite3_column_type(s, 5) != SQLITE_NULL) e.note = column_text(s, 5);
  e.value = column_int(s, 6);
  if (sqlite3_column_type(s, 7) != SQLITE_NULL) e.source = column_text(s, 7);
  if (sqlite3_column_type(s, 8) != SQLITE_NULL) e.reason = column_text(s, 8);
  if (sqlite3_column_type(s, 9) != SQLITE_NULL) e.detail = column_text(s, 9);
  if (sqlite3_column_type(s, 10) != SQLITE_NULL) e.uuid = column_text(s, 10);
  if (sqlite3_column_type(s, 11) != SQLITE_NULL) e.host = column_text(s, 11);
  return e;
}

}  // namespace move::history_stmt
