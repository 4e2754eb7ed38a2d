// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/format.h"

#include <cmath>
#include <cstdio>

#include "lib/i18n.h"
#include "lib/json_text.h"

namespace move {

namespace json = boost::json;

std::string str(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  return to_json_text(v);
}

double number(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0; }

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", std::round(v * 100) / 100);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  if (const auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, decimal_mark());
  return s;
}

std::string percent(const json::value& v, std::string_view missing) {
  if (!v.is_number()) return std::string(missing);
  return std::to_string(static_cast<int>(std::lround(v.to_number<double>() * 100))) + "%";
}

std::string band_text(const json::value& band, std::string_view missing) {
  if (!band.is_object()) return std::string(missing);
  const json::object& b = band.as_object();
  return b.at("min") == b.at("max") ? str(b.at("min")) : str(b.at("min")) + "–" + str(b.at("max"));
}

std::string fraction(const json::value& done, const json::value& expected) {
  return str(done) + "/" + number_text(number(expected));
}

}  // namespace move
