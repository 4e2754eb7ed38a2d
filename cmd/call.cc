// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/call.h"

#include <boost/json.hpp>
#include <iostream>

#include "cmd/client.h"
#include "cmd/movectl.h"
#include "cmd/offline.h"
#include "lib/i18n.h"
#include "lib/json_text.h"
#include "lib/paths.h"
#include "lib/protocol.h"

namespace move {

namespace json = boost::json;

int call_moved(const CallTarget& a, json::object request, const std::function<void(const json::object&)>& show,
               const Offline& offline) {
  try {
    json::object reply;
    try {
      Client client(socket_path(a.socket ? std::optional<std::filesystem::path>(*a.socket) : std::nullopt));
      reply = client.call(request);
    } catch (const NoDaemon& e) {
      if (!offline) throw;
      try {
        reply = offline(request);
      } catch (const ProtocolError& x) {
        reply = {{"ok", false}, {"error", x.what()}};
      } catch (const OfflineError& x) {
        std::cerr << "movectl: " << e.what() << "\nmovectl: " << strprintf(_("and %s"), x.what()) << "\n";
        return x.status();
      } catch (const std::exception& x) {
        std::cerr << "movectl: " << e.what()
                  << "\nmovectl: " << strprintf(_("and reading without it failed: %s"), x.what()) << "\n";
        return kExitNoDaemon;
      }
    }
    bool ok = reply.contains("ok") && reply.at("ok").is_bool() && reply.at("ok").as_bool();
    if (a.json) {
      std::cout << to_json_text(reply) << "\n";
    } else if (ok) {
      show(reply);
    }
    if (!ok) {
      std::cerr << "movectl: "
                << (reply.contains("error") ? std::string(reply.at("error").as_string())
                                            : std::string(_("the daemon refused")))
                << "\n";
      return kExitRefused;
    }
    return kExitOk;
  } catch (const NoDaemon& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return kExitNoDaemon;
  }
}

}  // namespace move
