// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every SQL statement of the history database, in one place. Statements are
// prepared once when History opens; the tests run EXPLAIN QUERY PLAN on the
// queries to pin their use of the indexes.

namespace move::sql {

/// PRAGMA user_version of the schema below. Bump it with a migration.
/// 1: the first release. 2: events.source (kMigrateTo2). 3: events.reason
/// and events.detail (kMigrateTo3). 4: events.uuid, events.host and the
/// table sync_files, for a history shared between computers (kMigrateTo4).
inline constexpr int kSchemaVersion = 4;

// A file of an older schema opened read-only (movectl without a daemon,
// before a moved of this release migrated it): the columns later schemas
// added, as NULL, through a view in the connection's temporary schema, which
// unqualified names find before the file's own tables. One per old version.
inline constexpr const char* kReadSchema1 =
    "CREATE TEMP VIEW events AS SELECT *, NULL AS source, NULL AS reason, NULL AS detail, NULL AS uuid, NULL AS host"
    " FROM main.events;";
inline constexpr const char* kReadSchema2 =
    "CREATE TEMP VIEW events AS SELECT *, NULL AS reason, NULL AS detail, NULL AS uuid, NULL AS host FROM main.events;";
inline constexpr const char* kReadSchema3 =
    "CREATE TEMP VIEW events AS SELECT *, NULL AS uuid, NULL AS host FROM main.events;";

/// Run at every open, before anything else. WAL + synchronous=FULL: a commit
/// is fsync'd before append() returns, so an acknowledged event survives
/// kill -9 and power loss. Events come a few an hour; the fsync is free.
/// Where WAL is impossible (no shared memory) SQLite keeps its rollback
/// journal, which is as durable with synchronous=FULL.
inline constexpr const char* kPragmas =
    "PRAGMA journal_mode = WAL;"
    "PRAGMA synchronous = FULL;";

/// One row per problem; the single row "ok" when the file is sound.
inline constexpr const char* kQuickCheck = "PRAGMA quick_check";

inline constexpr const char* kUserVersion = "PRAGMA user_version";

/// Idempotent: run at every open inside one transaction. It makes the
/// tables of version 1; kMigrateTo2 takes a new file or a version 1 file on
/// to version 2 (so a new file goes the way an old one went).
/// `at` and `first_seen` are Unix seconds (UTC). `routine` is '' for pain.
/// id is the rowid, so the index entries end in id and "ORDER BY at, id"
/// needs no sort. events_routine_kind_at answers "the latest done of walk"
/// and "walk's completions since" without reading the routine's other
/// events (a reminder, a snooze...): their cost does not grow with the
/// history. An older file gains it at its next open (an index changes no
/// row, so no version of its own).
inline constexpr const char* kSchema =
    "BEGIN IMMEDIATE;"
    "CREATE TABLE IF NOT EXISTS events("
    "  id INTEGER PRIMARY KEY,"
    "  routine TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  minutes INTEGER,"
    "  note TEXT,"
    "  value INTEGER);"
    "CREATE INDEX IF NOT EXISTS events_routine_at ON events(routine, at);"
    "CREATE INDEX IF NOT EXISTS events_at ON events(at);"
    "CREATE INDEX IF NOT EXISTS events_routine_kind_at ON events(routine, kind, at);"
    "CREATE TABLE IF NOT EXISTS routines("
    "  id TEXT PRIMARY KEY,"
    "  first_seen INTEGER NOT NULL);"
    "COMMIT;";

/// Version 1 -> 2, in one transaction with the version check (History
/// runs it when user_version < 2; a failure midway rolls it all back):
/// events.source, the key an imported activity is recorded under
/// ("start:2026-11-30T07:12:03Z"), NULL for everything else; unique, so
/// that an activity imported twice is recorded once. Existing rows are not
/// touched (ADD COLUMN gives them NULL).
inline constexpr const char* kMigrateTo2 =
    "ALTER TABLE events ADD COLUMN source TEXT;"
    "CREATE UNIQUE INDEX events_source ON events(source) WHERE source IS NOT NULL;"
    "PRAGMA user_version = 2;";

/// Version 2 -> 3, likewise in one transaction: events.reason, why a skip
/// was skipped (pain, time, weather, ill, other), and events.detail, what a
/// kind needs besides the other columns (a score's scale; a prescription's
/// routine as the plan wrote it). NULL for every existing row.
inline constexpr const char* kMigrateTo3 =
    "ALTER TABLE events ADD COLUMN reason TEXT;"
    "ALTER TABLE events ADD COLUMN detail TEXT;"
    "PRAGMA user_version = 3;";

/// Version 3 -> 4, likewise in one transaction: what a history shared
/// through a synced folder needs (lib/sync.h). events.uuid, the id an event
/// has in every computer's history (unique; NULL for an event never
/// shared); events.host, the computer an event was recorded on (its name as
/// its journal gives it; NULL: this one). sync_files: how far each other
/// computer's journal was read (name "<host-id>.jsonl", inode, offset of the
/// first byte not read, lines read, the uuid of the last line read, to know
/// the same journal again when a syncer replaced the file; the host's name,
/// its last seq and when it last wrote; events recorded from it). Existing
/// rows are not touched.
inline constexpr const char* kMigrateTo4 =
    "ALTER TABLE events ADD COLUMN uuid TEXT;"
    "ALTER TABLE events ADD COLUMN host TEXT;"
    "CREATE UNIQUE INDEX events_uuid ON events(uuid) WHERE uuid IS NOT NULL;"
    "CREATE TABLE sync_files("
    "  name TEXT PRIMARY KEY,"
    "  inode INTEGER NOT NULL,"
    "  offset INTEGER NOT NULL,"
    "  line INTEGER NOT NULL,"
    "  host TEXT NOT NULL,"
    "  host_name TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  recorded INTEGER,"
    "  events INTEGER NOT NULL,"
    "  last_uuid TEXT NOT NULL);"
    "PRAGMA user_version = 4;";

inline constexpr const char* kInsertEvent =
    "INSERT INTO events(routine, kind, at, minutes, note, value, source, reason, detail, uuid, host)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

// The list queries walk the index backwards so that LIMIT keeps the latest
// rows; the caller reverses them. ?1 since (inclusive), ?2 until (exclusive),
// ?3 kinds as ",done,natural," or NULL for all, ?4 limit (-1: none).
#define MOVE_SQL_EVENT_COLUMNS \
  "SELECT id, routine, kind, at, minutes, note, value, source, reason, detail, uuid, host FROM events"
#define MOVE_SQL_KIND_FILTER "(?3 IS NULL OR instr(?3, ',' || kind || ',') > 0)"

inline constexpr const char* kListAll = MOVE_SQL_EVENT_COLUMNS " WHERE at >= ?1 AND at < ?2 AND " MOVE_SQL_KIND_FILTER
                                                               " ORDER BY at DESC, id DESC LIMIT ?4";

/// As kListAll, ?5 the routine.
inline constexpr const char* kListRoutine = MOVE_SQL_EVENT_COLUMNS
    " WHERE routine = ?5 AND at >= ?1 AND at < ?2 AND " MOVE_SQL_KIND_FILTER " ORDER BY at DESC, id DESC LIMIT ?4";

/// One kind of one routine: ?1 routine, ?2 kind, ?3 since (inclusive).
inline constexpr const char* kOfKind = MOVE_SQL_EVENT_COLUMNS
    " WHERE routine = ?1 AND kind = ?2 AND at >= ?3"
    " ORDER BY at, id";

/// The latest event of one kind: ?1 routine, ?2 kind.
inline constexpr const char* kLastOfKind = MOVE_SQL_EVENT_COLUMNS
    " WHERE routine = ?1 AND kind = ?2"
    " ORDER BY at DESC, id DESC LIMIT 1";

/// The event recorded under a source key: ?1 the key (events_source).
inline constexpr const char* kFindSource = MOVE_SQL_EVENT_COLUMNS " WHERE source = ?1";

/// The event of a uuid: ?1 the uuid (events_uuid).
inline constexpr const char* kFindUuid = MOVE_SQL_EVENT_COLUMNS " WHERE uuid = ?1";

/// This computer's events of the kinds it shares (lib/journal.h shareable(),
/// the same list) recorded after event ?1, by id, at most ?2: a range of the
/// rowid, so the cost is what it returns.
inline constexpr const char* kLocalShared = MOVE_SQL_EVENT_COLUMNS
    " WHERE id > ?1 AND host IS NULL AND kind IN ('done', 'skipped', 'pain', 'flare', 'score', 'prescription')"
    " ORDER BY id LIMIT ?2";

#undef MOVE_SQL_EVENT_COLUMNS
#undef MOVE_SQL_KIND_FILTER

inline constexpr const char* kBegin = "BEGIN IMMEDIATE";
inline constexpr const char* kCommit = "COMMIT";
inline constexpr const char* kRollback = "ROLLBACK";

inline constexpr const char* kCountEvents = "SELECT count(*) FROM events";

/// ?1 routine id, ?2 first_seen. Keeps an existing row as it is.
inline constexpr const char* kInsertRoutine =
    "INSERT INTO routines(id, first_seen) VALUES(?1, ?2)"
    " ON CONFLICT(id) DO NOTHING";

/// An event shared for the first time gets its uuid: ?1 id, ?2 uuid. Only
/// ever fills the empty column; nothing recorded changes.
inline constexpr const char* kSetUuid = "UPDATE events SET uuid = ?2 WHERE id = ?1 AND uuid IS NULL";

inline constexpr const char* kSyncFiles =
    "SELECT name, inode, offset, line, host, host_name, seq, recorded, events, last_uuid FROM sync_files ORDER BY name";

/// ?1 .. ?10 as kSyncFiles' columns.
inline constexpr const char* kSaveSyncFile =
    "INSERT INTO sync_files(name, inode, offset, line, host, host_name, seq, recorded, events, last_uuid)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " ON CONFLICT(name) DO UPDATE SET inode = ?2, offset = ?3, line = ?4, host = ?5, host_name = ?6, seq = ?7,"
    " recorded = ?8, events = ?9, last_uuid = ?10";

inline constexpr const char* kSelectRoutine = "SELECT first_seen FROM routines WHERE id = ?1";

}  // namespace move::sql
