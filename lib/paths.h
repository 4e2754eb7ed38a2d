// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Where move keeps its files (docs/design.md, "Files and names"):
///
///   plan      --plan       > MOVE_PLAN      > $XDG_CONFIG_HOME/move/plan.toml > ~/.config/move/plan.toml
///   socket    --socket     > MOVE_SOCKET    > $XDG_RUNTIME_DIR/move/moved.sock > /tmp/move-$UID/moved.sock
///   state dir --state-dir  > MOVE_STATE_DIR > $XDG_STATE_HOME/move            > ~/.local/state/move
///
/// Pure functions of their inputs: the environment comes in as a lookup
/// function so tests never touch the real one. Nothing is created or checked
/// on disk here. An empty variable counts as unset; an XDG_* variable that is
/// not an absolute path is ignored, as the XDG base directory spec asks.
/// MOVE_* variables and explicit options are taken as given (may be relative).

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace move {

/// Returns the value of an environment variable, nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Thrown when no location can be derived (no XDG variable and no HOME).
struct PathError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The process environment (getenv). When HOME is unset, its "HOME" falls back
/// to the home directory in the password database.
EnvLookup process_env();

/// `explicit_path` is the command-line option, when given.
std::filesystem::path plan_path(const EnvLookup& env, const std::optional<std::filesystem::path>& explicit_path = {});
/// `uid` names the /tmp fallback folder (pass getuid()).
std::filesystem::path socket_path(const EnvLookup& env, unsigned uid,
                                  const std::optional<std::filesystem::path>& explicit_path = {});
/// The folder of history.db.
std::filesystem::path state_dir(const EnvLookup& env, const std::optional<std::filesystem::path>& explicit_path = {});

/// Conveniences on the process environment and getuid().
std::filesystem::path plan_path(const std::optional<std::filesystem::path>& explicit_path = {});
std::filesystem::path socket_path(const std::optional<std::filesystem::path>& explicit_path = {});
std::filesystem::path state_dir(const std::optional<std::filesystem::path>& explicit_path = {});

}  // namespace move
