// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Watches the plan file with inotify on its folder, so editors that write a
// new file and rename it over the old one are seen too. Calls on_change
// after a write is closed or a file is moved or created under the plan's
// name, and on_gone when it is deleted or moved away. Event driven: idle it
// costs nothing.

#include <filesystem>
#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace move {

class PlanWatch {
 public:
  /// Throws std::system_error when inotify is not available.
  PlanWatch(boost::asio::io_context& io, const std::filesystem::path& plan, std::function<void()> on_change,
            std::function<void()> on_gone);
  ~PlanWatch();
  PlanWatch(const PlanWatch&) = delete;
  PlanWatch& operator=(const PlanWatch&) = delete;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace move
