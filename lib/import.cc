// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/import.h"

#include <algorithm>
#include <cmath>

namespace move {

namespace json = boost::json;

int activity_minutes(const Activity& a) {
  const Seconds length = a.moving.value_or(a.elapsed);
  const auto minutes = static_cast<long long>(std::llround(static_cast<double>(length.count()) / 60.0));
  return static_cast<int>(std::clamp<long long>(minutes, 0, 24 * 60));
}

json::object activity_request(const Activity& a, std::string_view file, const std::optional<std::string>& routine) {
  constexpr std::size_t kMaxName = 200;
  if (file.size() > kMaxName) file = file.substr(file.size() - kMaxName);
  // Not in the middle of a UTF-8 sequence.
  while (!file.empty() && (static_cast<unsigned char>(file.front()) & 0xC0) == 0x80) file.remove_prefix(1);
  json::object o{{"at", format_utc(a.start)},
                 {"minutes", activity_minutes(a)},
                 {"key", a.key},
                 {"sport", a.sport},
                 {"file", file}};
  o["distance_m"] = a.distance_m ? json::value(std::round(*a.distance_m * 10) / 10) : json::value(nullptr);
  o["routine"] = routine ? json::value(*routine) : json::value(nullptr);
  return o;
}

std::vector<json::object> import_requests(const std::vector<json::object>& activities, bool dry_run) {
  std::vector<json::object> requests;
  for (std::size_t i = 0; i < activities.size(); i += kImportBatch) {
    json::array batch;
    for (std::size_t j = i; j < std::min(activities.size(), i + kImportBatch); ++j) batch.push_back(activities[j]);
    requests.push_back({{"cmd", "import"}, {"dry_run", dry_run}, {"activities", std::move(batch)}});
  }
  return requests;
}

}  // namespace move
