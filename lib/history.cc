// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/history.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include "lib/history_sql.h"
#include "lib/history_stmt.h"
#include "lib/local_time.h"

namespace move {

namespace fs = std::filesystem;

namespace {

using namespace history_stmt;

bool earlier(const Event& a, const Event& b) { return a.at != b.at ? a.at < b.at : a.id < b.id; }

/// ",done,natural," for the instr() filter of history_sql.h; none for all.
std::optional<std::string> kind_filter(const EventKind* begin, const EventKind* end) {
  if (begin == end) return std::nullopt;
  std::string text = ",";
  for (auto it = begin; it != end; ++it) {
    text += to_string(*it);
    text += ',';
  }
  return text;
}

}  // namespace

std::optional<Instant> end_of(const Event& e) {
  if (!e.value) return std::nullopt;
  return e.at + Seconds{*e.value};
}

HistoryError::HistoryError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}

bool HistoryError::full() const noexcept { return code_ == SQLITE_FULL; }
bool HistoryError::readonly() const noexcept { return code_ == SQLITE_READONLY; }

// close_v2: a move-assignment closes the old connection before it finalizes
// the old statements; SQLite then frees the connection with the last one.
void detail::CloseDb::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void detail::FinalizeStmt::operator()(sqlite3_stmt* stmt) const noexcept { sqlite3_finalize(stmt); }

History::History(const fs::path& file) : file_(file) { open(); }

History::History(const fs::path& file, std::string why_not) : file_(file), unavailable_(std::move(why_not)) {}

History History::deferred(const fs::path& file, std::string why_not) { return History(file, std::move(why_not)); }

void History::prepare_all() {
  prepare_reads();
  insert_event_ = prepare(sql::kInsertEvent, true);
  insert_routine_ = prepare(sql::kInsertRoutine, true);
  begin_ = prepare(sql::kBegin, true);
  commit_ = prepare(sql::kCommit, true);
  rollback_ = prepare(sql::kRollback, true);
  prepare_sync();
}

void History::prepare_reads() {
  list_all_ = prepare(sql::kListAll, true);
  list_routine_ = prepare(sql::kListRoutine, true);
  of_kind_ = prepare(sql::kOfKind, true);
  last_of_kind_ = prepare(sql::kLastOfKind, true);
  count_events_ = prepare(sql::kCountEvents, true);
  select_routine_ = prepare(sql::kSelectRoutine, true);
  find_source_ = prepare(sql::kFindSource, true);
}

History::~History() = default;
History::History(History&&) noexcept = default;
History& History::operator=(History&&) noexcept = default;

History::Stmt History::prepare(const char* sql, bool persistent) const {
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &raw, nullptr);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) fail(db_.get(), file_, rc, "cannot prepare a statement");
  return stmt;
}

std::int64_t History::append(const Event& event) {
  open_if_needed();
  before_write();
  sqlite3* db = db_.get();
  sqlite3_stmt* s = insert_event_.get();
  ResetGuard guard(s);
  if (const int rc = bind_all(s, event.routine, to_string(event.kind), event.at, event.minutes, event.note, event.value,
                              event.source, event.reason, event.detail, event.uuid, event.host);
      rc != SQLITE_OK)
    fail(db, file_, rc, "cannot append an event");
  step(db, file_, s, "cannot append an event");
  return sqlite3_last_insert_rowid(db);
}

std::vector<Event> History::list(const HistoryQuery& query) const {
  require_open();
  sqlite3* db = db_.get();
  constexpr std::string_view kWhat = "cannot read events";
  const std::int64_t since =
      query.since ? query.since->time_since_epoch().count() : std::numeric_limits<std::int64_t>::min();
  const std::int64_t until =
      query.until ? query.until->time_since_epoch().count() : std::numeric_limits<std::int64_t>::max();
  const auto kinds = kind_filter(query.kinds.data(), query.kinds.data() + query.kinds.size());
  const std::int64_t limit = query.limit ? std::max(*query.limit, 0) : -1;

  sqlite3_stmt* s = query.routine ? list_routine_.get() : list_all_.get();
  ResetGuard guard(s);
  const int rc =
      query.routine ? bind_all(s, since, until, kinds, limit, *query.routine) : bind_all(s, since, until, kinds, limit);
  if (rc != SQLITE_OK) fail(db, file_, rc, kWhat);

  std::vector<Event> events;
  while (step(db, file_, s, kWhat)) events.push_back(read_event(file_, s));
  // The query walks backwards so that LIMIT keeps the latest.
  std::reverse(events.begin(), events.end());
  return events;
}

std::optional<Event> History::last(std::string_view routine, std::initializer_list<EventKind> kinds) const {
  if (kinds.size() == 0) {
    HistoryQuery query;
    query.routine = std::string(routine);
    query.limit = 1;
    auto events = list(query);
    if (events.empty()) return std::nullopt;
    return std::move(events.front());
  }
  require_open();
  constexpr std::string_view kWhat = "cannot read events";
  std::optional<Event> latest;
  for (EventKind kind : kinds) {
    sqlite3_stmt* s = last_of_kind_.get();
    ResetGuard guard(s);
    if (const int rc = bind_all(s, routine, to_string(kind)); rc != SQLITE_OK) fail(db_.get(), file_, rc, kWhat);
    if (!step(db_.get(), file_, s, kWhat)) continue;
    Event e = read_event(file_, s);
    if (!latest || earlier(*latest, e)) latest = std::move(e);
  }
  return latest;
}

std::vector<Event> History::events(std::string_view routine, std::initializer_list<EventKind> kinds,
                                   Instant since) const {
  if (kinds.size() == 0) {
    HistoryQuery query;
    query.routine = std::string(routine);
    query.since = since;
    return list(query);
  }
  require_open();
  constexpr std::string_view kWhat = "cannot read events";
  std::vector<Event> result;
  for (EventKind kind : kinds) {
    sqlite3_stmt* s = of_kind_.get();
    ResetGuard guard(s);
    if (const int rc = bind_all(s, routine, to_string(kind), since); rc != SQLITE_OK) fail(db_.get(), file_, rc, kWhat);
    const auto middle = static_cast<std::ptrdiff_t>(result.size());
    while (step(db_.get(), file_, s, kWhat)) result.push_back(read_event(file_, s));
    // Each kind comes sorted: merge it into the kinds before it.
    std::inplace_merge(result.begin(), result.begin() + middle, result.end(), earlier);
  }
  return result;
}

std::vector<Instant> History::times(std::string_view routine, std::initializer_list<EventKind> kinds,
                                    Instant since) const {
  std::vector<Instant> result;
  for (const Event& e : events(routine, kinds, since)) result.push_back(e.at);
  return result;
}

Instant History::first_seen(std::string_view routine, Instant now) {
  open_if_needed();
  before_write();
  sqlite3* db = db_.get();
  constexpr std::string_view kWhat = "cannot record a routine";
  {
    sqlite3_stmt* s = insert_routine_.get();
    ResetGuard guard(s);
    if (const int rc = bind_all(s, routine, now); rc != SQLITE_OK) fail(db, file_, rc, kWhat);
    step(db, file_, s, kWhat);
  }
  sqlite3_stmt* s = select_routine_.get();
  ResetGuard guard(s);
  if (const int rc = bind_all(s, routine); rc != SQLITE_OK) fail(db, file_, rc, kWhat);
  if (!step(db, file_, s, kWhat)) throw HistoryError(SQLITE_INTERNAL, describe(file_, "routine vanished after insert"));
  return column_instant(s, 0);
}

History::Batch::Batch(History& history) : history_(history) {
  history_.open_if_needed();
  history_.ensure_on_disk();
  sqlite3_stmt* s = history_.begin_.get();
  ResetGuard guard(s);
  step(history_.db_.get(), history_.file_, s, "cannot begin a transaction");
}

History::Batch::~Batch() {
  if (open_) rollback();
}

void History::Batch::rollback() noexcept {
  if (sqlite3_get_autocommit(history_.db_.get())) return;  // no transaction: SQLite rolled back already
  sqlite3_stmt* s = history_.rollback_.get();
  sqlite3_step(s);
  sqlite3_reset(s);
}

void History::Batch::commit() {
  open_ = false;
  sqlite3* db = history_.db_.get();
  constexpr std::string_view kWhat = "cannot commit";
  // After a full disk or an I/O error SQLite may have rolled back itself.
  if (sqlite3_get_autocommit(db))
    throw HistoryError(SQLITE_ABORT,
                       describe(history_.file_, std::string(kWhat) + ": the transaction was rolled back"));
  sqlite3_stmt* s = history_.commit_.get();
  ResetGuard guard(s);
  try {
    step(db, history_.file_, s, kWhat);
  } catch (const HistoryError&) {
    rollback();
    throw;
  }
}

std::optional<Event> History::find_source(std::string_view source) const {
  assert(db_ && "use of a moved-from History");
  constexpr std::string_view kWhat = "cannot read events";
  sqlite3_stmt* s = find_source_.get();
  ResetGuard guard(s);
  if (const int rc = bind_all(s, source); rc != SQLITE_OK) fail(db_.get(), file_, rc, kWhat);
  if (!step(db_.get(), file_, s, kWhat)) return std::nullopt;
  return read_event(file_, s);
}

std::int64_t History::count() const {
  require_open();
  sqlite3_stmt* s = count_events_.get();
  ResetGuard guard(s);
  step(db_.get(), file_, s, "cannot count events");
  return sqlite3_column_int64(s, 0);
}

}  // namespace move
