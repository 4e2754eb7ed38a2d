// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The import folder ([settings] import_dir): a phone's auto-export
// (Gadgetbridge, OpenTracks) synced by Syncthing lands there, and moved
// imports each new activity file on its own, through the engine's `import`
// command, as `movectl import FILE` would.
//
//   inotify (IN_CLOSE_WRITE, IN_MOVED_TO) -> import_file -> read_activity_file
//     -> import requests (lib/import.h) -> record (Engine::handle) -> status
//
// Event driven: idle it costs nothing. When the folder is first watched it
// is scanned once for the files already there: the activities' dedup keys
// keep what was imported before from being recorded twice. A file is read
// again only when its size or modification time changed, so a refused file
// is logged once. Hidden files (Syncthing's ".syncthing.*.tmp") and names
// ending in ".tmp", ".part" or "~" are left alone: they are still being
// written. A missing folder is logged and shown in status; it does not stop
// anything else, and the next reload tries again.
// Thread: the io_context's only.

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "lib/duration.h"

namespace boost::asio {
class io_context;
}

namespace move {

class ImportFolder {
 public:
  /// Records one `import` request, returns the engine's reply.
  using Record = std::function<boost::json::object(const boost::json::object& request, Instant now)>;
  ImportFolder(boost::asio::io_context& io, Record record);
  ~ImportFolder();
  ImportFolder(const ImportFolder&) = delete;
  ImportFolder& operator=(const ImportFolder&) = delete;

  /// Follows the plan's import_dir as written ("" for none; a leading "~"
  /// is the home folder). The folder being watched stays watched; another
  /// one replaces it and is scanned (soon after, from the loop). retry:
  /// try again a folder that could not be watched (a reload).
  void follow(const std::string& import_dir, bool retry);

  /// The "import" object of `status`: {"folder", "watching", "error",
  /// "files", "recorded", "duplicates", "unmatched", "refused",
  /// "last_file": {"file", "at", "recorded", "duplicates", "unmatched"},
  /// "last_refusal": {"file", "reason", "at"}}; null where none.
  boost::json::object status() const;

  /// Reads one file and records its activities (called by the watch).
  void import_file(const std::filesystem::path& file);

 private:
  struct Watch;
  void scan();
  void refuse(const std::string& name, const std::string& reason, Instant now);

  boost::asio::io_context& io_;
  Record record_;
  std::string written_;           ///< import_dir as the plan writes it
  std::filesystem::path folder_;  ///< expanded
  std::shared_ptr<Watch> watch_;  ///< null: none or failed
  std::optional<std::string> error_;
  /// File name -> (size, mtime) when last read.
  std::map<std::string, std::pair<std::uintmax_t, std::int64_t>> seen_;
  std::int64_t files_ = 0, recorded_ = 0, duplicates_ = 0, unmatched_ = 0, refused_ = 0;
  boost::json::value last_file_ = nullptr, last_refusal_ = nullptr;
};

/// "~" and "~/x" with $HOME; anything else as given.
std::filesystem::path expand_home(const std::string& path);

}  // namespace move
