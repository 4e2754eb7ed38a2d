// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A history shared between one person's computers through a folder that a
// syncer (Syncthing, Nextcloud, rsync...) keeps the same on each of them
// ([settings] sync_dir). Each computer writes only its own append-only
// journal, SYNC_DIR/<host-id>.jsonl (lib/journal.h), and reads the others':
//
//   local event -> History (committed) -> publish: one write(2) a line,
//                  O_APPEND, fdatasync -> the request is acknowledged
//   other journal changed -> import: new complete lines -> by uuid, once
//                  -> History, and the file's read position, in one batch
//
// Nothing here runs a clock or a loop: the engine calls publish and import
// with `now`; moved's inotify watch (daemon/sync_watch) says when to import.
// Thread: the caller's; not thread-safe.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "lib/history.h"

namespace move {

/// The folder cannot be read or written (missing, read-only, full). The
/// message names the path and the cause.
class SyncError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A journal name this computer reads: "<32 hex digits>.jsonl", not its own.
/// Conflict copies ("….sync-conflict-….jsonl"), hidden and temporary files
/// (".syncthing.*.tmp", "~syncthing~*") never are.
bool journal_name(const std::string& name, const std::string& own_host);

class Sync {
 public:
  struct Host {
    std::string id;    ///< 32 hex digits (lib/random_id.h), kept in the state folder
    std::string name;  ///< gethostname()
  };
  Sync(std::filesystem::path dir, Host self);

  const std::filesystem::path& dir() const noexcept { return dir_; }
  const Host& self() const noexcept { return self_; }
  std::filesystem::path own_journal() const { return dir_ / (self_.id + ".jsonl"); }

  /// Appends to the own journal every event of this computer of a shared
  /// kind (lib/journal.h) that is not in it yet: the first time (no journal
  /// yet) the whole shareable history, after that what was recorded since.
  /// An event without a uuid gets one (History::set_uuid). Each line is one
  /// write(2) of the whole line; one fdatasync at the end. Returns the number
  /// of lines written. Throws SyncError (then nothing is lost: the next call
  /// writes what this one could not) or HistoryError.
  std::int64_t publish(History& history, Instant now);

  /// What import() did.
  struct Imported {
    std::int64_t recorded = 0;    ///< new events handed to record
    std::int64_t duplicates = 0;  ///< lines whose uuid the history has
    std::int64_t invalid = 0;     ///< lines skipped (warned about)
  };
  /// Reads each other journal's new complete lines and hands each entry
  /// whose uuid the history does not have to record (which appends it),
  /// then saves how far the file was read. A partial last line waits; an
  /// invalid one is skipped with one warning naming the file and the line; a
  /// journal that shrank or was replaced by another file is read again from
  /// its start (the uuids keep anything from being recorded twice). Call it
  /// inside a History::Batch. Throws SyncError when the folder cannot be
  /// listed, HistoryError.
  Imported import(History& history, const std::function<void(const Event&)>& record,
                  const std::function<void(const std::string&)>& warn);

 private:
  /// Reads the own journal the first time publish runs: the last seq, and
  /// the last event it holds.
  void load_own(History& history);

  std::filesystem::path dir_;
  Host self_;
  bool loaded_ = false;
  std::int64_t seq_ = 0;      ///< the last seq written
  std::int64_t written_ = 0;  ///< the largest event id known to be in the journal
};

}  // namespace move
