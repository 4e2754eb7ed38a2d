// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One line of a sync journal (SYNC_DIR/<host-id>.jsonl, docs/design.md,
// "A history shared between computers"): an event one computer shares with
// the others, as one JSON object ending in "\n":
//
//   {"v":1,"uuid":"…","host":"<id>","host_name":"laptop","seq":7,
//    "at":"2026-11-24T17:10:00Z","recorded":"2026-11-24T17:10:02Z",
//    "kind":"done","routine":"walk","minutes":40,"note":null,...}
//
// Times are UTC ("Z"): the event's own instant, so computers with clocks or
// zones hours apart agree on when it happened. Pure: no file, no clock.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "lib/history.h"

namespace move {

/// The journal format this move writes and reads.
inline constexpr int kJournalVersion = 1;
/// A line longer than this is refused unread. A request is at most 64 KiB
/// (lib/protocol.h), so a note in it is too; escaped, its line stays far
/// below.
inline constexpr std::size_t kJournalLineMax = 1024 * 1024;

/// Kinds that are shared: what the person did and felt. Desk-time kinds
/// (due, snoozed, natural, held, paused, resumed) stay on their computer.
bool shareable(EventKind kind) noexcept;

struct JournalEntry {
  std::string uuid;       ///< the event's own id, unique among all hosts
  std::string host;       ///< the writing host's id (32 hex digits)
  std::string host_name;  ///< its name (gethostname) as people read it
  std::int64_t seq = 0;   ///< 1, 2, ... in the order that host wrote them
  Instant recorded{};     ///< when the line was written
  Event event;            ///< at, kind (shareable), routine, and its fields
  bool operator==(const JournalEntry&) const = default;
};

/// A line that is not a journal entry. what() says why, and names the field.
class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The line of entry, "\n" included. The event's id, uuid, host and source
/// are not written (the entry carries its own uuid and host).
std::string journal_line(const JournalEntry& entry);

/// Reads one line (without its "\n"). The event gets uuid and host (the
/// host's name, else its id) from the entry. Throws JournalError for
/// anything that is not a version 1 entry of a shareable kind: bad JSON, a
/// missing or mistyped field, a time that is not UTC ISO 8601, a routine
/// that is not a slug. Fields it does not know are ignored (a later
/// version may add some).
JournalEntry parse_journal_line(std::string_view line);

/// A host id: 32 lowercase hex digits.
bool valid_host_id(std::string_view id) noexcept;

}  // namespace move
