// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One request to moved and its reply shown: the path of every movectl
// subcommand that asks moved something.

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>

namespace move {

struct CallTarget {
  std::optional<std::string> socket;  ///< --socket
  bool json = false;                  ///< --json: print the reply as is
};

/// Answers a request without moved (cmd/offline.h).
using Offline = std::function<boost::json::object(const boost::json::object& request)>;

/// Sends request and shows the reply (show, or the JSON with --json);
/// returns the exit status (cmd/movectl.h). With no daemon, offline (when
/// given) answers instead.
int call_moved(const CallTarget& target, boost::json::object request,
               const std::function<void(const boost::json::object&)>& show, const Offline& offline = {});

}  // namespace move
