// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the wire codec (lib/protocol.h) with arbitrary request lines:
// decode_request must either return an object with a string "cmd" or throw
// ProtocolError (bad-json / bad-request), nothing else; every typed getter on
// whatever decodes must return or throw ProtocolError bad-request; encode()
// of a decoded request (and of error replies) must be exactly one line that
// decodes back to the same request.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "lib/protocol.h"

namespace json = boost::json;
using namespace move;

namespace {

bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

double as_double(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

/// Equal as JSON: numbers compare by value (to_json_text writes 2.0 as 2 and
/// a non-finite double as null, on purpose).
bool same(const json::value& a, const json::value& b) {
  if (a.is_double() && !std::isfinite(a.get_double())) return b.is_null();
  if (is_number(a) && is_number(b)) {
    if (a.kind() == b.kind() && !a.is_double()) return a == b;
    // Boost.JSON 1.81 reads decimals imprecisely (its precise mode came in
    // 1.83): a double written in its shortest form may read back an ulp off.
    const double x = as_double(a), y = as_double(b);
    return x == y || std::fabs(x - y) <= 4 * std::numeric_limits<double>::epsilon() * std::fabs(x);
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const json::object &oa = a.get_object(), &ob = b.get_object();
    if (oa.size() != ob.size()) return false;
    for (const auto& [k, v] : oa) {
      const json::value* w = ob.if_contains(k);
      if (!w || !same(v, *w)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const json::array &aa = a.get_array(), &ab = b.get_array();
    if (aa.size() != ab.size()) return false;
    for (std::size_t i = 0; i < aa.size(); ++i)
      if (!same(aa[i], ab[i])) return false;
    return true;
  }
  return a == b;
}

void check_one_line(const std::string& line) {
  FUZZ_CHECK(!line.empty() && line.back() == '\n', line);
  FUZZ_CHECK(line.find('\n') == line.size() - 1, "an encoded message spans lines: " + line);
  FUZZ_CHECK(line.size() < 16 * kMaxLine, "unexpectedly long encoding");
}

/// Calls f; it may return or throw ProtocolError with code bad-request.
/// Returns whether it returned.
template <class F>
bool returns(F&& f, std::string_view key) {
  try {
    f();
    return true;
  } catch (const ProtocolError& e) {
    FUZZ_CHECK(e.code() == code::kBadRequest, "getter threw code " + e.code());
    // what() is a C string: a key with a NUL in it shows up to the NUL.
    const std::string_view shown = key.substr(0, key.find('\0'));
    FUZZ_CHECK(std::string_view(e.what()).find(shown) != std::string_view::npos,
               "the error does not name the argument: " + std::string(e.what()));
    return false;
  }
}

void getters(const json::object& request, std::string_view key) {
  const json::value* v = request.if_contains(key);
  const bool absent = !v || v->is_null();
  const bool is_string = v && v->is_string();
  const bool is_int = v && v->is_int64();

  FUZZ_CHECK(returns([&] { get_string(request, key); }, key) == is_string, "get_string");
  bool ok = returns(
      [&] {
        auto s = get_optional_string(request, key);
        FUZZ_CHECK(s.has_value() == is_string, "get_optional_string");
        if (s) FUZZ_CHECK(*s == std::string_view(v->get_string()), "get_optional_string value");
      },
      key);
  FUZZ_CHECK(ok == (absent || is_string), "get_optional_string refused");
  FUZZ_CHECK(returns([&] { FUZZ_CHECK(get_int(request, key) == v->get_int64(), "get_int value"); }, key) == is_int,
             "get_int");
  ok = returns([&] { FUZZ_CHECK(get_optional_int(request, key).has_value() == is_int, "get_optional_int"); }, key);
  FUZZ_CHECK(ok == (absent || is_int), "get_optional_int refused");
  ok = returns([&] { get_optional_bool(request, key); }, key);
  FUZZ_CHECK(ok == (absent || v->is_bool()), "get_optional_bool refused");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  json::object request;
  try {
    request = decode_request(line);
  } catch (const ProtocolError& e) {
    FUZZ_CHECK(e.code() == code::kBadJson || e.code() == code::kBadRequest, "decode threw code " + e.code());
    const std::string reply = encode(error_reply(e));
    check_one_line(reply);
    json::error_code ec;
    json::value back = json::parse(reply, ec);
    FUZZ_CHECK(!ec && back.is_object(), "an error reply is not JSON: " + reply);
    return 0;
  }
  const json::value* cmd = request.if_contains("cmd");
  FUZZ_CHECK(cmd && cmd->is_string(), "decoded a request without a string cmd");

  // The argument names the commands use, then every key present.
  for (std::string_view key : {"cmd", "id", "minutes", "at", "note", "duration", "count", "since", "limit", "level",
                               "format", "title", "every", "on", "window", "active", "weeks", "x"})
    getters(request, key);
  for (const auto& [key, value] : request) getters(request, key);

  // A decoded request survives encode -> decode as one line.
  const std::string text = encode(request);
  check_one_line(text);
  json::object back;
  try {
    back = decode_request(text);
  } catch (const ProtocolError& e) {
    FUZZ_CHECK(false, std::string("encode() wrote what decode_request refuses: ") + e.what() + "\n  " + text);
  }
  FUZZ_CHECK(same(request, back), "round trip changed the request:\n  " + text);

  // Error replies quoting what the client sent (as the engine's messages do).
  const std::string reply =
      encode(error_reply(code::kUnknownCommand, "unknown command \"" + std::string(cmd->get_string()) + "\""));
  check_one_line(reply);
  json::error_code ec;
  FUZZ_CHECK(json::parse(reply, ec).is_object() && !ec, "an error reply is not JSON: " + reply);
  return 0;
}
