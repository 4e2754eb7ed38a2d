// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/activity_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lib/fit.h"
#include "lib/gpx.h"
#include "lib/tcx.h"

namespace move {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

// The local name of the root element, or "" when there is none in reach.
std::string_view root_element(std::string_view s) {
  s = s.substr(0, kSniffBytes);
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  for (;;) {
    const std::size_t lt = s.find('<');
    if (lt == std::string_view::npos) return {};
    if (s.find_first_not_of(" \t\r\n") < lt) return {};  // text before the root: not XML
    s.remove_prefix(lt);
    std::string_view close;
    if (s.substr(0, 2) == "<?")
      close = "?>";
    else if (s.substr(0, 4) == "<!--")
      close = "-->";
    else if (s.substr(0, 2) == "<!")
      close = ">";  // <!DOCTYPE ...> without an internal subset
    if (close.empty()) break;
    const std::size_t end = s.find(close);
    if (end == std::string_view::npos) return {};
    s.remove_prefix(end + close.size());
  }
  s.remove_prefix(1);
  const std::size_t end = s.find_first_of(" \t\r\n/>");
  std::string_view name = s.substr(0, end);
  if (const std::size_t colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
  return name;
}

[[noreturn]] void fail(std::string_view name, const std::string& what) { throw ImportError(name, what); }

std::string too_large(std::uintmax_t size) {
  return "too large (" + format_file_size(size) + "; at most " + format_file_size(kMaxActivityFileBytes) + ")";
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::optional<ActivityFormat> sniff_activity_format(std::string_view bytes) {
  if (bytes.size() >= 12 && bytes.substr(8, 4) == ".FIT") return ActivityFormat::fit;
  const std::string_view root = root_element(bytes);
  if (root == "gpx") return ActivityFormat::gpx;
  if (root == "TrainingCenterDatabase") return ActivityFormat::tcx;
  return std::nullopt;
}

std::string format_file_size(std::uintmax_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes) / 1024;
  int u = 0;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (v == static_cast<double>(static_cast<std::uintmax_t>(v)))
    std::snprintf(buf, sizeof buf, "%.0f %s", v, units[u]);
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

std::vector<Activity> parse_activity_file(std::string_view bytes, std::string_view name) {
  if (bytes.empty()) fail(name, "empty file");
  if (bytes.size() > kMaxActivityFileBytes) fail(name, too_large(bytes.size()));
  if (const std::optional<ActivityFormat> format = sniff_activity_format(bytes)) {
    switch (*format) {
      case ActivityFormat::fit: return parse_fit(bytes, name);
      case ActivityFormat::gpx: return parse_gpx(bytes, name);
      case ActivityFormat::tcx: return parse_tcx(bytes, name);
    }
  }
  const std::string_view root = root_element(bytes);
  if (!root.empty())
    fail(name, "unknown format (XML with root element <" + std::string(root.substr(0, 40)) + ">, not GPX or TCX)");
  fail(name, "unknown format (not FIT, GPX or TCX)");
}

std::vector<Activity> read_activity_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
  if (f.fd < 0) fail(name, std::string("cannot read (") + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) fail(name, std::string("cannot read (") + std::strerror(errno) + ")");
  if (!S_ISREG(st.st_mode)) fail(name, "not a regular file");
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > kMaxActivityFileBytes) fail(name, too_large(size));
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(size) + 1);  // one more: a file that grew shows
  std::size_t got = 0;
  for (;;) {
    if (got == bytes.size()) {
      if (bytes.size() > kMaxActivityFileBytes) fail(name, too_large(bytes.size()));
      bytes.resize(std::min<std::size_t>(bytes.size() * 2, kMaxActivityFileBytes + 1));
    }
    const ssize_t n = ::read(f.fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(name, std::string("cannot read (") + std::strerror(errno) + ")");
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return parse_activity_file(bytes, name);
}

void check_not_future(const std::vector<Activity>& activities, Instant now, std::string_view name) {
  for (const Activity& a : activities)
    if (a.start > now) fail(name, "an activity in the future (starts " + format_utc(a.start) + ")");
}

}  // namespace move
