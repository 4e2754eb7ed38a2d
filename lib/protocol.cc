// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/protocol.h"

#include "lib/json_text.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace move {
namespace json = boost::json;

namespace {

std::string quoted(std::string_view key) { return "\"" + std::string(key) + "\""; }

[[noreturn]] void bad_type(std::string_view key, std::string_view what) {
  throw ProtocolError(code::kBadRequest, "argument " + quoted(key) + " must be " + std::string(what));
}

/// The argument's value, nullptr when absent or null.
const json::value* find(const json::object& request, std::string_view key) {
  const json::value* v = request.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

const json::value& require(const json::object& request, std::string_view key) {
  const json::value* v = find(request, key);
  if (!v) throw ProtocolError(code::kBadRequest, "missing argument " + quoted(key));
  return *v;
}

std::int64_t to_int(const json::value& v, std::string_view key) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) bad_type(key, "an integer in range");  // only values over INT64_MAX land here
  bad_type(key, "an integer");
}

}  // namespace

json::object decode_request(std::string_view line) {
  json::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec) throw ProtocolError(code::kBadJson, "bad JSON: " + ec.message());
  json::object* request = v.if_object();
  if (!request) throw ProtocolError(code::kBadRequest, "a request must be a JSON object");
  const json::value* cmd = request->if_contains("cmd");
  if (!cmd || !cmd->is_string()) throw ProtocolError(code::kBadRequest, "a request needs a string \"cmd\"");
  return std::move(*request);
}

std::string encode(const json::object& message) {
  std::string line = to_json_text(message);
  line += '\n';
  return line;
}

json::object ok_reply() { return json::object{{"ok", true}}; }

json::object error_reply(std::string_view code, std::string_view message) {
  return json::object{{"ok", false}, {"error", message}, {"code", code}};
}

json::object error_reply(const ProtocolError& e) { return error_reply(e.code(), e.what()); }

std::string get_string(const json::object& request, std::string_view key) {
  const json::value& v = require(request, key);
  if (!v.is_string()) bad_type(key, "a string");
  return std::string(v.get_string());
}

std::optional<std::string> get_optional_string(const json::object& request, std::string_view key) {
  const json::value* v = find(request, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) bad_type(key, "a string");
  return std::string(v->get_string());
}

std::int64_t get_int(const json::object& request, std::string_view key) { return to_int(require(request, key), key); }

std::optional<std::int64_t> get_optional_int(const json::object& request, std::string_view key) {
  const json::value* v = find(request, key);
  if (!v) return std::nullopt;
  return to_int(*v, key);
}

std::optional<bool> get_optional_bool(const json::object& request, std::string_view key) {
  const json::value* v = find(request, key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) bad_type(key, "true or false");
  return v->get_bool();
}

}  // namespace move
