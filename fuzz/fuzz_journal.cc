// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the sync journal's line parser (lib/journal.h) with arbitrary
// lines: parse_journal_line must return or throw JournalError, nothing else;
// what it returns is of a shared kind, and journal_line() of it is exactly
// one line that parses back to the same entry.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "lib/journal.h"

using namespace move;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  JournalEntry entry;
  try {
    entry = parse_journal_line(line);
  } catch (const JournalError& e) {
    FUZZ_CHECK(*e.what() != '\0', "an empty message");
    return 0;
  }
  FUZZ_CHECK(shareable(entry.event.kind), "parsed a kind that is not shared");
  FUZZ_CHECK(valid_host_id(entry.host), "parsed a bad host id");
  FUZZ_CHECK(entry.event.uuid == entry.uuid, "the event lost its uuid");
  const std::string text = journal_line(entry);
  FUZZ_CHECK(!text.empty() && text.back() == '\n' && text.find('\n') == text.size() - 1,
             "journal_line wrote other than one line: " + text);
  JournalEntry back;
  try {
    back = parse_journal_line(std::string_view(text).substr(0, text.size() - 1));
  } catch (const JournalError& e) {
    FUZZ_CHECK(false, std::string("journal_line wrote what the parser refuses: ") + e.what() + "\n  " + text);
  }
  FUZZ_CHECK(back == entry, "the round trip changed the entry:\n  " + text);
  return 0;
}
