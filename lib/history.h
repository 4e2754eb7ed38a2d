// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The history: every reminder, completion, skip, snooze, natural break and
// pain rating, in an SQLite file (the state dir's history.db). Schedules and
// adherence are computed from it; `movectl history` prints it.

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lib/duration.h"

struct sqlite3;
struct sqlite3_stmt;

namespace move {

/// What happened. The names are stored in the database and appear in
/// `movectl history` and `watch` output: never rename one.
/// paused / resumed: `movectl pause` and `resume` (routine ""; a paused
/// event's value is its length in seconds, none until resumed).
/// held: a reminder fell due while do-not-disturb or a full-screen window
/// held it back (note: why); it is shown when the hold ends.
/// flare: a flare-up (routine ""; value: kFlareLimiting | kFlareCare).
/// score: a function score (routine ""; detail: the scale, value: the total).
/// prescription: the routine as prescribed from `at` on (detail: its plan
/// text, lib/prescription.h; none: it left the plan).
enum class EventKind { due, done, skipped, snoozed, natural, pain, paused, resumed, held, flare, score, prescription };

/// Every kind, in the order above.
inline constexpr EventKind kEventKinds[] = {EventKind::due,     EventKind::done,    EventKind::skipped,
                                            EventKind::snoozed, EventKind::natural, EventKind::pain,
                                            EventKind::paused,  EventKind::resumed, EventKind::held,
                                            EventKind::flare,   EventKind::score,   EventKind::prescription};

/// A flare's value: the flare limited activity; care was sought.
inline constexpr int kFlareLimiting = 1;
inline constexpr int kFlareCare = 2;

/// The kind's name: "due", "done", ..., "prescription".
std::string_view to_string(EventKind kind) noexcept;
/// The inverse of to_string; nullopt for any other text.
std::optional<EventKind> parse_event_kind(std::string_view text) noexcept;

struct Event {
  std::int64_t id = 0;  ///< assigned by History::append, rising
  std::string routine;  ///< routine id; "" for pain ratings
  EventKind kind = EventKind::done;
  Instant at{};
  std::optional<int> minutes;  ///< done / natural: minutes of activity
  std::optional<std::string> note;
  std::optional<int> value;  ///< pain: level 0-10; snoozed, paused: seconds
  /// Where an imported event came from: its dedup key, unique in the
  /// history ("start:2026-11-30T07:12:03Z", lib/activity.h); none otherwise.
  std::optional<std::string> source{};
  /// skipped: why (pain, time, weather, ill, other; lib/skip_reason.h).
  std::optional<std::string> reason{};
  /// score: the scale ("rmdq", "odi"); prescription: the routine's plan text.
  std::optional<std::string> detail{};
  /// Its id in every computer's history when it is shared (lib/sync.h);
  /// none for an event never shared.
  std::optional<std::string> uuid{};
  /// The computer it was recorded on, as that computer names itself in its
  /// journal (lib/journal.h); none: this one.
  std::optional<std::string> host{};
  bool operator==(const Event&) const = default;
};

/// When a snoozed or paused event's length (value, in seconds) runs out;
/// nullopt without one (a pause until resumed).
std::optional<Instant> end_of(const Event& e);

/// Every field narrows the result; an empty query lists everything.
struct HistoryQuery {
  std::optional<std::string> routine;  ///< "" selects pain ratings
  std::optional<Instant> since;        ///< inclusive
  std::optional<Instant> until;        ///< exclusive
  std::vector<EventKind> kinds;        ///< empty: any kind
  std::optional<int> limit;            ///< keep the latest N matches (N <= 0: none)
};

/// Any failure of the database. code() is SQLite's primary result code, so
/// the daemon can tell a full disk or a read-only file from the rest; the
/// message names the file.
class HistoryError : public std::runtime_error {
 public:
  HistoryError(int code, const std::string& message);
  int code() const noexcept { return code_; }
  bool full() const noexcept;      ///< SQLITE_FULL: the disk is full
  bool readonly() const noexcept;  ///< SQLITE_READONLY: cannot write there

 private:
  int code_;
};

/// The file is not a database or is damaged (SQLITE_NOTADB, SQLITE_CORRUPT,
/// or a failed quick_check). The caller may set_aside() it and start anew.
class HistoryCorrupt : public HistoryError {
 public:
  using HistoryError::HistoryError;
};

namespace detail {
struct CloseDb {
  void operator()(sqlite3* db) const noexcept;
};
struct FinalizeStmt {
  void operator()(sqlite3_stmt* stmt) const noexcept;
};
}  // namespace detail

/// One open history file. Not thread-safe: the daemon uses it from its loop
/// thread only. Movable; a moved-from History may only be destroyed or
/// assigned to. All methods throw HistoryError (HistoryCorrupt when damage
/// shows up later).
class History {
 public:
  /// Opens `file`, creating it and its schema when missing (the directory
  /// must exist), and runs PRAGMA quick_check: O(size), about a second per
  /// million events. Throws HistoryCorrupt for a damaged file and
  /// HistoryError for anything else, e.g. a file of a newer schema version.
  explicit History(const std::filesystem::path& file);
  /// A history not open yet because it could not be (a full disk, a
  /// read-only folder at start): reads throw HistoryError naming why_not;
  /// each write first tries to open the file again, so recording resumes by
  /// itself once it can (and on_recreated is told).
  static History deferred(const std::filesystem::path& file, std::string why_not);
  /// Opens an existing file only to read it (SQLITE_OPEN_READONLY), as
  /// `movectl history` does without a daemon: never creates, changes or
  /// checks it, so that a running moved is not disturbed. Writing throws.
  struct ReadOnly {};
  History(const std::filesystem::path& file, ReadOnly);
  ~History();
  History(History&&) noexcept;
  History& operator=(History&&) noexcept;
  History(const History&) = delete;
  History& operator=(const History&) = delete;

  /// Stores `event` (its id is ignored) and returns the new id. Durable when
  /// it returns: committed and fsync'd, safe from kill -9 and power loss
  /// (inside a Batch: when the batch commits).
  std::int64_t append(const Event& event);

  /// Groups appends and first_seen() into one transaction, so that many
  /// writes cost one fsync (a first start with 10,000 routines). One at a
  /// time; the History must outlive it.
  class Batch {
   public:
    explicit Batch(History& history);  ///< BEGIN IMMEDIATE; throws HistoryError
    ~Batch();                          ///< rolls back what was not committed
    Batch(const Batch&) = delete;
    Batch& operator=(const Batch&) = delete;
    /// Makes the batch's writes durable. Throws HistoryError; the writes are
    /// then lost (SQLite rolls back on a full disk).
    void commit();

   private:
    void rollback() noexcept;  ///< if SQLite has not rolled back already
    History& history_;
    bool open_ = true;
  };

  /// Matching events ordered by `at`, then id (order of appending).
  std::vector<Event> list(const HistoryQuery& query) const;

  /// The latest event of `routine` of one of `kinds` (empty: any kind).
  /// O(log n): one index probe per kind.
  std::optional<Event> last(std::string_view routine, std::initializer_list<EventKind> kinds) const;

  /// `routine`'s events of `kinds` (empty: any) at or after `since`,
  /// ordered by `at`, then id. Reads only the rows it returns.
  std::vector<Event> events(std::string_view routine, std::initializer_list<EventKind> kinds, Instant since) const;

  /// The instants of events(routine, kinds, since).
  std::vector<Instant> times(std::string_view routine, std::initializer_list<EventKind> kinds, Instant since) const;

  /// The instant `routine` was first seen: stores `now` the first time it is
  /// asked for a routine id, then returns that stored value for ever (the
  /// start of an `every` routine that was never done).
  Instant first_seen(std::string_view routine, Instant now);

  /// The event recorded under `source` (Event::source), if any. O(log n).
  std::optional<Event> find_source(std::string_view source) const;

  // Sync (lib/sync.h; lib/history_sync.cc). A read-only history has none.

  /// The event of `uuid`, if any. O(log n).
  std::optional<Event> find_uuid(std::string_view uuid) const;
  /// This computer's events (host none) of the kinds it shares, recorded
  /// after event id `after`, by id, at most `limit`.
  std::vector<Event> local_shared_after(std::int64_t after, int limit) const;
  /// Gives event `id` the uuid it is shared under, when it has none yet.
  void set_uuid(std::int64_t id, const std::string& uuid);
  /// How far another computer's journal was read.
  struct SyncFile {
    std::string name;                 ///< "<host-id>.jsonl"
    std::uint64_t inode = 0;          ///< of the file read
    std::int64_t offset = 0;          ///< the first byte not read yet (a partial line waits)
    std::int64_t line = 0;            ///< lines read, for messages
    std::string host;                 ///< the host id
    std::string host_name;            ///< as its last line says
    std::int64_t seq = 0;             ///< the highest seq read
    std::optional<Instant> recorded;  ///< the latest "recorded" read: when it last wrote
    std::int64_t events = 0;          ///< events recorded from it
    std::string last_uuid;            ///< of the line that ends at offset ("": not a valid line)
  };
  std::vector<SyncFile> sync_files() const;
  void save_sync_file(const SyncFile& file);

  /// Number of events stored.
  std::int64_t count() const;

  const std::filesystem::path& file() const noexcept { return file_; }
  /// False while deferred and not yet opened; unavailable() says why.
  bool available() const noexcept { return db_ != nullptr; }
  const std::string& unavailable() const noexcept { return unavailable_; }

  /// Before each write (an append or first_seen outside a Batch, and each
  /// Batch): when history.db, its -wal or its -shm was deleted or replaced
  /// since it was opened, what SQLite still has open is copied to a new
  /// history.db (VACUUM INTO), which is then opened in its place; so nothing
  /// is acknowledged that is not in the file at file(). on_recreated is told
  /// (the daemon logs it loudly; it is also told when a deferred history
  /// opens at last). Throws HistoryError when it cannot be done:
  /// the write is refused.
  void ensure_on_disk();
  std::function<void(const std::string&)> on_recreated;

 private:
  History(const std::filesystem::path& file, std::string why_not);
  /// sqlite3_open_v2 of file_ with flags into db_; throws HistoryError
  /// naming the cause.
  sqlite3* connect(int flags);
  /// The file's schema version; throws HistoryError when it is newer than
  /// this move knows.
  int refuse_newer_schema();
  /// Prepares every statement, once per connection (prepare_reads: those
  /// that only read, all a read-only history has).
  void prepare_all();
  void prepare_reads();
  void prepare_sync();        ///< lib/history_sync.cc
  void open();                ///< the constructor's work; throws HistoryError
  void open_if_needed();      ///< open() a deferred history before a write
  void require_open() const;  ///< throws HistoryError while deferred
  void close() noexcept;
  /// device and inode of history.db, -wal and -shm when (first) seen open.
  using FileId = std::array<std::uint64_t, 2>;
  /// Why the files at file()'s path are not those open, or "" when they are.
  std::string files_changed();
  void before_write();  ///< ensure_on_disk() unless inside a transaction
  using Stmt = std::unique_ptr<sqlite3_stmt, detail::FinalizeStmt>;

  /// `persistent`: kept for the life of the connection (a hint to SQLite).
  Stmt prepare(const char* sql, bool persistent) const;
  /// Takes a file of an older schema version to sql::kSchemaVersion, in one
  /// transaction: all or nothing. Throws HistoryError.
  void migrate();

  std::filesystem::path file_;
  // Declared before the statements: destroyed after them.
  std::unique_ptr<sqlite3, detail::CloseDb> db_;
  Stmt insert_event_;
  Stmt list_all_;
  Stmt list_routine_;
  Stmt of_kind_;
  Stmt last_of_kind_;
  Stmt count_events_;
  Stmt insert_routine_;
  Stmt select_routine_;
  Stmt find_source_;
  Stmt find_uuid_;
  Stmt local_shared_;
  Stmt set_uuid_;
  Stmt sync_files_;
  Stmt save_sync_file_;
  Stmt begin_;
  Stmt commit_;
  Stmt rollback_;
  std::array<std::optional<FileId>, 3> ids_;
  bool read_only_ = false;   ///< opened with ReadOnly: every write is refused
  std::string unavailable_;  ///< why a deferred history is not open
};

/// Renames a damaged `file` to "<file>.corrupt-<YYYYmmddTHHMMSS>" (`now` in
/// UTC; "-1", "-2"... appended if that name is taken), together with its
/// "-wal" and "-shm" files so that they cannot be replayed into a new
/// database. Returns the new path. The History on `file` must be closed.
/// Throws std::filesystem::filesystem_error.
std::filesystem::path set_aside(const std::filesystem::path& file, Instant now);

}  // namespace move
