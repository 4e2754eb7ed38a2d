// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/import_watch.h"

#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>
#include <system_error>

#include "daemon/clock.h"
#include "daemon/log.h"
#include "lib/activity_file.h"
#include "lib/i18n.h"
#include "lib/import.h"
#include "lib/local_time.h"

namespace move {

namespace asio = boost::asio;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

/// Still being written (Syncthing, browsers, editors) or not ours.
bool ignored(const std::string& name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.ends_with(s); };
  return name.empty() || name.front() == '.' || ends(".tmp") || ends(".part") || ends("~");
}

}  // namespace

fs::path expand_home(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / path.substr(path.size() > 1 ? 2 : 1);
  }
  return path;
}

/// inotify on the folder, as daemon/plan_watch.cc does for the plan.
struct ImportFolder::Watch : std::enable_shared_from_this<Watch> {
  Watch(asio::io_context& io, const fs::path& dir) : fd(io), dir(dir) {
    const int raw = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (raw < 0) throw std::system_error(errno, std::generic_category(), "inotify_init1");
    fd.assign(raw);
    if (::inotify_add_watch(raw, dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR) < 0)
      throw std::system_error(errno, std::generic_category(), dir.string());
  }

  void wait() {
    fd.async_wait(asio::posix::stream_descriptor::wait_read,
                  [self = weak_from_this()](const boost::system::error_code& ec) {
                    auto me = self.lock();
                    if (!me || ec) return;
                    me->drain();
                    if (auto again = self.lock()) again->wait();  // on_file may have replaced the watch
                  });
  }

  void drain() {
    alignas(inotify_event) char buf[8192];
    std::set<std::string> names;
    for (;;) {
      const ssize_t n = ::read(fd.native_handle(), buf, sizeof buf);
      if (n <= 0) break;
      for (char* p = buf; p < buf + n;) {
        auto* ev = reinterpret_cast<inotify_event*>(p);
        if (ev->len > 0 && (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO))) names.insert(ev->name);
        p += sizeof(inotify_event) + ev->len;
      }
    }
    for (const std::string& name : names)
      if (!ignored(name) && on_file) on_file(dir / name);
  }

  asio::posix::stream_descriptor fd;
  fs::path dir;
  std::function<void(const fs::path&)> on_file;
};

ImportFolder::ImportFolder(asio::io_context& io, Record record) : io_(io), record_(std::move(record)) {}

ImportFolder::~ImportFolder() {
  if (watch_) {
    boost::system::error_code ec;
    watch_->fd.cancel(ec);
  }
}

void ImportFolder::follow(const std::string& import_dir, bool retry) {
  if (import_dir == written_ && (watch_ || !retry || import_dir.empty())) return;
  if (watch_) {
    boost::system::error_code ec;
    watch_->fd.cancel(ec);
    watch_.reset();
  }
  written_ = import_dir;
  folder_ = import_dir.empty() ? fs::path() : expand_home(import_dir);
  error_.reset();
  seen_.clear();
  if (import_dir.empty()) return;
  try {
    auto w = std::make_shared<Watch>(io_, folder_);
    w->on_file = [this](const fs::path& file) { import_file(file); };
    w->wait();
    watch_ = std::move(w);
  } catch (const std::system_error& e) {
    // TRANSLATORS: %1$s is a folder, %2$s the system's error text.
    error_ = strprintf(_("cannot watch %1$s: %2$s"), folder_.c_str(), std::strerror(e.code().value()));
    log::warning(
        strprintf(_("import folder: %1$s; nothing is imported from it until it exists and the plan is reloaded"),
                  error_->c_str()));
    return;
  }
  log::info(strprintf(_("import folder: watching %1$s"), folder_.c_str()));
  asio::post(io_, [this, w = std::weak_ptr<Watch>(watch_)] {
    if (w.lock() == watch_ && watch_) scan();
  });
}

void ImportFolder::scan() {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && !ignored(it->path().filename().string())) files.push_back(it->path());
  }
  if (ec) log::warning(strprintf(_("import folder: cannot list %1$s: %2$s"), folder_.c_str(), ec.message().c_str()));
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) import_file(f);
}

void ImportFolder::refuse(const std::string& name, const std::string& reason, Instant now) {
  ++refused_;
  last_refusal_ = json::object{{"file", name}, {"reason", reason}, {"at", format_iso8601(now)}};
  // TRANSLATORS: %1$s is a file's name, %2$s why it was refused.
  log::warning(strprintf(_("import folder: %1$s not imported: %2$s"), name.c_str(), reason.c_str()));
}

void ImportFolder::import_file(const fs::path& file) {
  const std::string name = file.filename().string();
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;  // gone again, or a folder
  const std::pair<std::uintmax_t, std::int64_t> stamp{static_cast<std::uintmax_t>(st.st_size),
                                                      st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec};
  if (auto it = seen_.find(name); it != seen_.end() && it->second == stamp) return;
  seen_[name] = stamp;
  const Instant now = wall_now();
  std::vector<Activity> activities;
  try {
    activities = read_activity_file(file);
    check_not_future(activities, now, name);
  } catch (const ImportError& e) {
    refuse(name, e.reason(), now);
    return;
  }
  std::vector<json::object> items;
  for (const Activity& a : activities) items.push_back(activity_request(a, name, std::nullopt));
  std::int64_t recorded = 0, duplicates = 0, unmatched = 0;
  std::string detail;
  for (const json::object& request : import_requests(items, false)) {
    const json::object reply = record_(request, now);
    if (!reply.at("ok").as_bool()) {
      refuse(name, std::string(reply.at("error").as_string()), now);
      return;
    }
    recorded += reply.at("recorded").as_int64();
    duplicates += reply.at("duplicates").as_int64();
    unmatched += reply.at("unmatched").as_int64();
    for (const json::value& r : reply.at("results").as_array()) {
      const json::object& o = r.as_object();
      const auto& result = o.at("result").as_string();
      if (result == "recorded")
        // TRANSLATORS: one activity of an imported file: %1$s is the routine's id, %2$s the time (ISO 8601).
        detail += strprintf(_("; %1$s at %2$s"), o.at("routine").as_string().c_str(), o.at("at").as_string().c_str());
      else if (result == "no-routine")
        detail += strprintf(_("; not recorded: %1$s"), o.at("reason").as_string().c_str());
    }
  }
  ++files_;
  recorded_ += recorded;
  duplicates_ += duplicates;
  unmatched_ += unmatched;
  last_file_ = json::object{{"file", name},
                            {"at", format_iso8601(now)},
                            {"recorded", recorded},
                            {"duplicates", duplicates},
                            {"unmatched", unmatched}};
  const std::string line =
      // TRANSLATORS: %1$s is the file's name; %5$s what each activity became ("; ..." each), or nothing.
      strprintf(_("import folder: %1$s: %2$lld recorded, %3$lld already recorded, %4$lld without a routine%5$s"),
                name.c_str(), static_cast<long long>(recorded), static_cast<long long>(duplicates),
                static_cast<long long>(unmatched), detail.c_str());
  // A restart reads the folder again: files with nothing new stay out of the log.
  if (recorded == 0 && unmatched == 0)
    log::debug(line);
  else
    log::info(line);
}

json::object ImportFolder::status() const {
  json::value folder = written_.empty() ? json::value(nullptr) : json::value(folder_.string());
  return {{"folder", folder},
          {"watching", watch_ != nullptr},
          {"error", error_ ? json::value(*error_) : json::value(nullptr)},
          {"files", files_},
          {"recorded", recorded_},
          {"duplicates", duplicates_},
          {"unmatched", unmatched_},
          {"refused", refused_},
          {"last_file", last_file_},
          {"last_refusal", last_refusal_}};
}

}  // namespace move
