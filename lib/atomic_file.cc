// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/atomic_file.h"

#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace move {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(int error, const std::string& what, const fs::path& file) {
  throw std::system_error(error, std::generic_category(), what + " " + file.string());
}

// Closes on scope exit; unlinks the temporary file unless released.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd >= 0) ::close(fd);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  char* name() { return path_.data(); }
  void release() { path_.clear(); }

  int fd = -1;

 private:
  std::string path_;
};

// Follows symbolic links, so the link survives the rename.
fs::path resolve(const fs::path& file) {
  fs::path p = file;
  for (int depth = 0; depth < 40; ++depth) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p;
    fs::path target = fs::read_symlink(p, ec);
    if (ec) fail(ec.value(), "cannot write", file);
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  fail(ELOOP, "cannot write", file);
}

// The process's umask, read without changing it (Linux >= 4.7).
mode_t current_umask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.starts_with("Umask:")) return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  return 022;
}

}  // namespace

void write_file_atomically(const fs::path& file, std::string_view text, std::optional<mode_t> mode) {
  const fs::path target = resolve(file);
  fs::path folder = target.parent_path();
  if (folder.empty()) folder = ".";

  TempFile temp((folder / ("." + target.filename().string() + ".XXXXXX")).string());
  temp.fd = ::mkostemp(temp.name(), O_CLOEXEC);
  if (temp.fd < 0) {
    int error = errno;
    temp.release();
    fail(error, "cannot write", file);
  }

  struct stat old;
  if (::stat(target.c_str(), &old) == 0) {
    if (::fchmod(temp.fd, old.st_mode & 07777) != 0) fail(errno, "cannot set the mode of", file);
    // Only root or the owner of both may give the file away; otherwise it is ours.
    if ((old.st_uid != ::geteuid() || old.st_gid != ::getegid()) && ::fchown(temp.fd, old.st_uid, old.st_gid) != 0 &&
        errno != EPERM)
      fail(errno, "cannot set the owner of", file);
  } else if (errno == ENOENT) {
    if (::fchmod(temp.fd, 0666 & ~current_umask()) != 0) fail(errno, "cannot set the mode of", file);
  } else {
    fail(errno, "cannot write", file);
  }
  if (mode && ::fchmod(temp.fd, *mode) != 0) fail(errno, "cannot set the mode of", file);

  while (!text.empty()) {
    ssize_t n = ::write(temp.fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno, "cannot write", file);
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(temp.fd) != 0) fail(errno, "cannot write", file);
  int fd = temp.fd;
  temp.fd = -1;
  if (::close(fd) != 0) fail(errno, "cannot write", file);
  if (::rename(temp.name(), target.c_str()) != 0) fail(errno, "cannot replace", file);
  temp.release();

  // The rename itself is durable only once the folder is synced.
  int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) fail(errno, "cannot sync the folder of", file);
  int synced = ::fsync(dir);
  int error = errno;
  ::close(dir);
  if (synced != 0) fail(error, "cannot sync the folder of", file);
}

std::string read_file(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(errno, "cannot read", file);
  std::string text;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      ::close(fd);
      fail(error, "cannot read", file);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace move
