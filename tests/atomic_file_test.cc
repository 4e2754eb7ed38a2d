// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/atomic_file.h"

#include <catch2/catch.hpp>

#include "tests/temp_dir.h"
#include <cerrno>
#include <cstdlib>
#include <sys/stat.h>
#include <system_error>

using namespace move;
namespace fs = std::filesystem;

namespace {

// A fresh folder, removed with everything in it.

using move::test::TempDir;

std::size_t entries(const TempDir& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir.path), {}));
}

mode_t mode_of(const fs::path& p) {
  struct stat st;
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// Sets the umask for one test.
struct UmaskGuard {
  explicit UmaskGuard(mode_t m) : old(::umask(m)) {}
  ~UmaskGuard() { ::umask(old); }
  mode_t old;
};

}  // namespace

TEST_CASE("an atomic write replaces the text and keeps the mode, leaving no temporary file", "[atomic_file]") {
  TempDir dir;
  fs::path file = dir.path / "plan.toml";
  write_file_atomically(file, "old\n");
  REQUIRE(::chmod(file.c_str(), 0640) == 0);

  write_file_atomically(file, std::string("new\0text", 8));
  REQUIRE(read_file(file) == std::string("new\0text", 8));
  REQUIRE(mode_of(file) == 0640);
  REQUIRE(entries(dir) == 1);

  write_file_atomically(file, "");
  REQUIRE(read_file(file).empty());
  REQUIRE(mode_of(file) == 0640);
}

TEST_CASE("an atomic write creates a new file with the umask's mode", "[atomic_file]") {
  TempDir dir;
  UmaskGuard umask(027);
  fs::path file = dir.path / "new.toml";
  write_file_atomically(file, "x = 1\n");
  REQUIRE(read_file(file) == "x = 1\n");
  REQUIRE(mode_of(file) == 0640);
  REQUIRE(entries(dir) == 1);
}

TEST_CASE("an atomic write through a symbolic link replaces the target, not the link", "[atomic_file]") {
  TempDir dir;
  fs::create_directory(dir.path / "dotfiles");
  fs::path target = dir.path / "dotfiles" / "plan.toml";
  write_file_atomically(target, "old\n");
  fs::path link = dir.path / "plan.toml";
  fs::create_symlink("dotfiles/plan.toml", link);

  write_file_atomically(link, "new\n");
  REQUIRE(fs::is_symlink(fs::symlink_status(link)));
  REQUIRE(read_file(target) == "new\n");
  REQUIRE(fs::directory_iterator(dir.path / "dotfiles")->path() == target);
}

TEST_CASE("an atomic write into a missing folder names the file", "[atomic_file]") {
  TempDir dir;
  fs::path file = dir.path / "missing" / "plan.toml";
  try {
    write_file_atomically(file, "x\n");
    FAIL("no error");
  } catch (const std::system_error& e) {
    REQUIRE(e.code() == std::errc::no_such_file_or_directory);
    REQUIRE(std::string(e.what()) == "cannot write " + file.string() + ": No such file or directory");
  }
  REQUIRE(entries(dir) == 0);
}

TEST_CASE("read_file names a missing file", "[atomic_file]") {
  TempDir dir;
  fs::path file = dir.path / "none.toml";
  try {
    read_file(file);
    FAIL("no error");
  } catch (const std::system_error& e) {
    REQUIRE(std::string(e.what()) == "cannot read " + file.string() + ": No such file or directory");
  }
}
