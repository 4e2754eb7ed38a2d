// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sync folder ([settings] sync_dir, --sync-dir, MOVE_SYNC_DIR) watched
// with inotify: a journal written whole and closed (a copy, rsync, an
// append) or moved into place (Syncthing's temporary file renamed) calls
// on_change once per batch of inotify events; the engine then reads what is
// new (Engine::import_synced). Files that are not journals of other hosts
// (lib/sync.h journal_name) are ignored here already. Event driven: idle it
// costs nothing. The folder deleted or moved away: on_gone.
// Thread: the io_context's only.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace boost::asio {
class io_context;
}

namespace move {

class SyncWatch {
 public:
  SyncWatch(boost::asio::io_context& io, std::function<void()> on_change, std::function<void()> on_gone);
  ~SyncWatch();
  SyncWatch(const SyncWatch&) = delete;
  SyncWatch& operator=(const SyncWatch&) = delete;

  /// Watches dir (own_host: the journal not to react to) instead of any
  /// folder before; returns why it cannot (no such folder...), nullopt
  /// when it watches.
  std::optional<std::string> watch(const std::filesystem::path& dir, const std::string& own_host);
  void stop();
  bool watching() const { return impl_ != nullptr; }

 private:
  struct Impl;
  boost::asio::io_context& io_;
  std::function<void()> on_change_, on_gone_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
