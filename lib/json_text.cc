// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/json_text.h"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

namespace move {

namespace json = boost::json;

namespace {

void write(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += json::serialize(json::value(json::string_view(key)));
        out += ':';
        write(value, out);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const json::value& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write(item, out);
      }
      out += ']';
      return;
    }
    case json::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", d);
      // The shortest form that reads back the same number.
      for (int precision = 1; precision <= 17; ++precision) {
        char shorter[32];
        std::snprintf(shorter, sizeof shorter, "%.*g", precision, d);
        if (std::strtod(shorter, nullptr) == d) {
          out += shorter;
          return;
        }
      }
      out += buf;
      return;
    }
    default: out += json::serialize(v);
  }
}

}  // namespace

std::string to_json_text(const json::value& v) {
  std::string out;
  write(v, out);
  return out;
}

}  // namespace move
