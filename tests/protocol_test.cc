// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/protocol.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <catch2/catch.hpp>

namespace json = boost::json;
using namespace move;

namespace {

/// The error a call throws, as "code: message"; "" when it does not throw.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const ProtocolError& e) {
    return e.code() + ": " + e.what();
  }
  return "";
}

json::object obj(std::string_view text) { return json::parse(text).as_object(); }

}  // namespace

TEST_CASE("decode_request accepts an object with a string cmd", "[protocol]") {
  auto req = decode_request(R"({"cmd":"done","id":"walk","minutes":40})");
  CHECK(req.at("cmd") == "done");
  CHECK(req.at("id") == "walk");
  CHECK(req.at("minutes") == 40);
  CHECK(decode_request("{\"cmd\":\"hello\"}\n").at("cmd") == "hello");
  CHECK(decode_request("  {\"cmd\":\"hello\"}\r\n").at("cmd") == "hello");
}

TEST_CASE("decode_request errors", "[protocol]") {
  struct Case {
    std::string_view line;
    std::string_view error;
  };
  auto c = GENERATE(values<Case>({
      {"garbage", "bad-json: bad JSON: syntax error"},
      {R"({"cmd":)", "bad-json: bad JSON: incomplete JSON"},
      {"", "bad-json: bad JSON: incomplete JSON"},
      {R"({"cmd":"a"} {"cmd":"b"})", "bad-json: bad JSON: extra data"},
      {"{\"cmd\":\"\xff\"}", "bad-json: bad JSON: syntax error"},
      {"[1,2]", "bad-request: a request must be a JSON object"},
      {R"("status")", "bad-request: a request must be a JSON object"},
      {"{}", R"(bad-request: a request needs a string "cmd")"},
      {R"({"cmd":3})", R"(bad-request: a request needs a string "cmd")"},
  }));
  CAPTURE(c.line);
  CHECK(error_of([&] { decode_request(c.line); }) == c.error);
}

TEST_CASE("encode writes one line", "[protocol]") {
  CHECK(encode(ok_reply()) == "{\"ok\":true}\n");
  CHECK(encode(error_reply(code::kUnknownRoutine, "no routine \"x\"")) ==
        "{\"ok\":false,\"error\":\"no routine \\\"x\\\"\",\"code\":\"unknown-routine\"}\n");
  CHECK(encode(obj(R"({"note":"two\nlines"})")) == "{\"note\":\"two\\nlines\"}\n");
  CHECK(encode(error_reply(ProtocolError(code::kBusy, "too many clients"))) ==
        "{\"ok\":false,\"error\":\"too many clients\",\"code\":\"busy\"}\n");
}

TEST_CASE("error codes are the wire names", "[protocol]") {
  CHECK(code::kBadJson == "bad-json");
  CHECK(code::kBadRequest == "bad-request");
  CHECK(code::kUnknownCommand == "unknown-command");
  CHECK(code::kUnknownRoutine == "unknown-routine");
  CHECK(code::kLineTooLong == "line-too-long");
  CHECK(code::kInvalidPlan == "invalid-plan");
  CHECK(code::kIoError == "io-error");
  CHECK(code::kBusy == "busy");
  CHECK(code::kInternal == "internal");
  CHECK(kMaxLine == 65536);
}

TEST_CASE("typed argument getters", "[protocol]") {
  auto req = obj(R"({"cmd":"x","id":"walk","n":7,"neg":-2,"flag":true,"nil":null,"f":5.0,"big":18446744073709551615})");
  CHECK(get_string(req, "id") == "walk");
  CHECK(get_optional_string(req, "id") == "walk");
  CHECK(get_optional_string(req, "absent") == std::nullopt);
  CHECK(get_optional_string(req, "nil") == std::nullopt);
  CHECK(get_int(req, "n") == 7);
  CHECK(get_optional_int(req, "neg") == -2);
  CHECK(get_optional_int(req, "absent") == std::nullopt);
  CHECK(get_optional_bool(req, "flag") == true);
  CHECK(get_optional_bool(req, "nil") == std::nullopt);

  CHECK(error_of([&] { get_string(req, "absent"); }) == R"(bad-request: missing argument "absent")");
  CHECK(error_of([&] { get_string(req, "nil"); }) == R"(bad-request: missing argument "nil")");
  CHECK(error_of([&] { get_string(req, "n"); }) == R"(bad-request: argument "n" must be a string)");
  CHECK(error_of([&] { get_optional_string(req, "flag"); }) == R"(bad-request: argument "flag" must be a string)");
  CHECK(error_of([&] { get_int(req, "absent"); }) == R"(bad-request: missing argument "absent")");
  CHECK(error_of([&] { get_optional_int(req, "f"); }) == R"(bad-request: argument "f" must be an integer)");
  CHECK(error_of([&] { get_optional_int(req, "id"); }) == R"(bad-request: argument "id" must be an integer)");
  CHECK(error_of([&] { get_optional_int(req, "big"); }) ==
        R"(bad-request: argument "big" must be an integer in range)");
  CHECK(error_of([&] { get_optional_bool(req, "n"); }) == R"(bad-request: argument "n" must be true or false)");
}
