// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The wire codec (docs/design.md, "Wire protocol"): one JSON object per line.
/// A request is {"cmd": "...", ...arguments}; a reply is {"ok": true, ...}
/// or {"ok": false, "error": "what went wrong", "code": "<one of code::>"}.
/// Framing (reading lines, the kMaxLine limit) is the transport's job; this
/// file only turns one line into an object and back. Pure, any thread.

#include <boost/json/object.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace move {

/// Longest request line in bytes, without its '\n'.
inline constexpr std::size_t kMaxLine = 64 * 1024;

/// Protocol version answered by "hello".
inline constexpr int kProtocolVersion = 1;

/// Every wire error code, in one place.
namespace code {
inline constexpr std::string_view kBadJson = "bad-json";        ///< the line is not JSON
inline constexpr std::string_view kBadRequest = "bad-request";  ///< no "cmd", or an argument missing or mistyped
inline constexpr std::string_view kUnknownCommand = "unknown-command";  ///< "cmd" names no command
inline constexpr std::string_view kUnknownRoutine = "unknown-routine";  ///< no routine with that id
inline constexpr std::string_view kLineTooLong = "line-too-long";       ///< over kMaxLine; the connection closes
inline constexpr std::string_view kInvalidPlan = "invalid-plan";        ///< the plan (or the edit) does not validate
inline constexpr std::string_view kIoError = "io-error";                ///< a file or the database failed
inline constexpr std::string_view kBusy = "busy";                       ///< too many clients; the connection closes
inline constexpr std::string_view kInternal = "internal";               ///< a bug: an unexpected exception
}  // namespace code

/// An error that becomes an error reply: what() is the message for people,
/// code() one of code::.
class ProtocolError : public std::runtime_error {
 public:
  ProtocolError(std::string_view code, const std::string& message) : std::runtime_error(message), code_(code) {}
  const std::string& code() const noexcept { return code_; }

 private:
  std::string code_;
};

/// Parses one request line (without or with its '\n'). Throws ProtocolError:
/// kBadJson when the text is not JSON, kBadRequest when it is not an object
/// or has no string "cmd".
boost::json::object decode_request(std::string_view line);

/// The object serialised on one line, '\n' included.
std::string encode(const boost::json::object& message);

/// {"ok":true}
boost::json::object ok_reply();
/// {"ok":false,"error":message,"code":code}
boost::json::object error_reply(std::string_view code, std::string_view message);
/// error_reply(e.code(), e.what())
boost::json::object error_reply(const ProtocolError& e);

/// Typed arguments of a request. Each throws ProtocolError kBadRequest naming
/// the argument: `missing argument "id"`, `argument "id" must be a string`.
/// An optional argument that is absent or null gives nullopt.
std::string get_string(const boost::json::object& request, std::string_view key);
std::optional<std::string> get_optional_string(const boost::json::object& request, std::string_view key);
/// Integers only (5.0 is refused); values must fit in int64.
std::int64_t get_int(const boost::json::object& request, std::string_view key);
std::optional<std::int64_t> get_optional_int(const boost::json::object& request, std::string_view key);
std::optional<bool> get_optional_bool(const boost::json::object& request, std::string_view key);

}  // namespace move
