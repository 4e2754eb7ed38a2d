// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/import.h"

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cmd/client.h"
#include "cmd/format.h"
#include "cmd/movectl.h"
#include "daemon/clock.h"
#include "lib/activity_file.h"
#include "lib/import.h"
#include "lib/i18n.h"
#include "lib/json_text.h"
#include "lib/local_time.h"
#include "lib/paths.h"

namespace move {

namespace json = boost::json;

namespace {

std::string import_line(const json::object& r, bool dry_run) {
  std::string line = str(r.at("file")) + ": " + format_local(*parse_datetime(r.at("at").as_string()));
  if (!r.at("sport").as_string().empty()) line += " " + str(r.at("sport"));
  line += ", " + str(r.at("minutes")) + " min";
  if (r.at("distance_m").is_number()) {
    line += ", " + human_decimal(r.at("distance_m").to_number<double>() / 1000, 2) + " km";
  }
  const auto& result = r.at("result").as_string();
  if (result == "recorded") return line + strprintf(_(": recorded as %s"), str(r.at("routine")).c_str());
  if (result == "would-record") return line + strprintf(_(": would be recorded as %s"), str(r.at("routine")).c_str());
  if (result == "duplicate")
    return line + _(": already recorded") + (r.at("routine").is_string() ? " (" + str(r.at("routine")) + ")" : "");
  return line + (dry_run ? _(": would not be recorded: ") : _(": not recorded: ")) + str(r.at("reason"));
}
}  // namespace

int run_import(const ImportOptions& a) {
  // Every file is read and checked here, before anything is sent: a bad
  // file is refused whole and nothing of it reaches the history.
  const Instant now = wall_now();
  std::vector<json::object> items;
  json::array refused;
  for (const std::string& file : a.files) {
    try {
      std::vector<Activity> activities = read_activity_file(file);
      check_not_future(activities, now, file);
      for (const Activity& act : activities) items.push_back(activity_request(act, file, a.routine));
    } catch (const ImportError& e) {
      std::cerr << "movectl: " << e.what() << "\n";
      refused.push_back(json::object{{"file", e.file()}, {"reason", e.reason()}});
    }
  }
  const int bad_files = refused.empty() ? kExitOk : kExitUsage;
  json::object total{{"ok", true},
                     {"dry_run", a.dry_run},
                     {"recorded", 0},
                     {"duplicates", 0},
                     {"unmatched", 0},
                     {"results", json::array()},
                     {"refused", std::move(refused)}};
  if (!items.empty()) {
    try {
      Client client(socket_path(a.socket ? std::optional<std::filesystem::path>(*a.socket) : std::nullopt));
      for (const json::object& request : import_requests(items, a.dry_run)) {
        json::object reply = client.call(request);
        if (!reply.contains("ok") || !reply.at("ok").is_bool() || !reply.at("ok").as_bool()) {
          if (a.json) std::cout << to_json_text(reply) << "\n";
          std::cerr << "movectl: "
                    << (reply.contains("error") ? str(reply.at("error")) : std::string(_("the daemon refused")))
                    << "\n";
          return kExitRefused;
        }
        for (const char* n : {"recorded", "duplicates", "unmatched"})
          total[n] = total.at(n).as_int64() + reply.at(n).as_int64();
        for (json::value& r : reply.at("results").as_array()) total.at("results").as_array().push_back(std::move(r));
      }
    } catch (const NoDaemon& e) {
      std::cerr << "movectl: " << e.what() << "\n";
      return kExitNoDaemon;
    }
  }
  if (a.json) {
    std::cout << to_json_text(total) << "\n";
    return bad_files;
  }
  for (const json::value& r : total.at("results").as_array())
    std::cout << import_line(r.as_object(), a.dry_run) << "\n";
  if (!items.empty())
    std::cout << strprintf(a.dry_run ? _("dry run: %1$lld would be recorded, %2$lld already recorded, %3$lld without a "
                                         "routine")
                                     : _("%1$lld recorded, %2$lld already recorded, %3$lld without a routine"),
                           static_cast<long long>(total.at("recorded").as_int64()),
                           static_cast<long long>(total.at("duplicates").as_int64()),
                           static_cast<long long>(total.at("unmatched").as_int64()))
              << "\n";
  return bad_files;
}

}  // namespace move
