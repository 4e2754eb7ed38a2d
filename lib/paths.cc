// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/paths.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace move {
namespace fs = std::filesystem;

namespace {

/// A non-empty value, or nullopt.
std::optional<std::string> nonempty(const EnvLookup& env, std::string_view name) {
  auto v = env(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

/// An XDG base directory variable: only absolute paths count.
std::optional<fs::path> xdg(const EnvLookup& env, std::string_view name) {
  auto v = nonempty(env, name);
  if (!v || (*v)[0] != '/') return std::nullopt;
  return fs::path(*v);
}

/// $XDG_VAR/move, else $HOME/<home_relative>/move.
fs::path base_dir(const EnvLookup& env, std::string_view var, std::string_view home_relative) {
  if (auto dir = xdg(env, var)) return *dir / "move";
  if (auto home = nonempty(env, "HOME")) return fs::path(*home) / home_relative / "move";
  throw PathError("cannot find a home for move's files: neither " + std::string(var) + " nor HOME is set");
}

std::optional<std::string> passwd_home() {
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd pw{};
  passwd* result = nullptr;
  if (::getpwuid_r(::getuid(), &pw, buf.data(), buf.size(), &result) != 0 || !result || !pw.pw_dir) return std::nullopt;
  return std::string(pw.pw_dir);
}

}  // namespace

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    std::string key(name);
    if (const char* v = std::getenv(key.c_str()); v && *v) return std::string(v);
    if (name == "HOME") return passwd_home();
    return std::nullopt;
  };
}

fs::path plan_path(const EnvLookup& env, const std::optional<fs::path>& explicit_path) {
  if (explicit_path && !explicit_path->empty()) return *explicit_path;
  if (auto v = nonempty(env, "MOVE_PLAN")) return *v;
  return base_dir(env, "XDG_CONFIG_HOME", ".config") / "plan.toml";
}

fs::path socket_path(const EnvLookup& env, unsigned uid, const std::optional<fs::path>& explicit_path) {
  if (explicit_path && !explicit_path->empty()) return *explicit_path;
  if (auto v = nonempty(env, "MOVE_SOCKET")) return *v;
  if (auto dir = xdg(env, "XDG_RUNTIME_DIR")) return *dir / "move" / "moved.sock";
  return fs::path("/tmp") / ("move-" + std::to_string(uid)) / "moved.sock";
}

fs::path state_dir(const EnvLookup& env, const std::optional<fs::path>& explicit_path) {
  if (explicit_path && !explicit_path->empty()) return *explicit_path;
  if (auto v = nonempty(env, "MOVE_STATE_DIR")) return *v;
  return base_dir(env, "XDG_STATE_HOME", ".local/state");
}

fs::path plan_path(const std::optional<fs::path>& explicit_path) { return plan_path(process_env(), explicit_path); }
fs::path socket_path(const std::optional<fs::path>& explicit_path) {
  return socket_path(process_env(), ::getuid(), explicit_path);
}
fs::path state_dir(const std::optional<fs::path>& explicit_path) { return state_dir(process_env(), explicit_path); }

}  // namespace move
