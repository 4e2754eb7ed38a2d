// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Aligned plain-text tables for people, as `ps` or `systemctl list-units`
// print them; a trailing empty column is dropped.

#include <iosfwd>
#include <string>
#include <vector>

#include "lib/duration.h"

namespace move {

class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void add(std::vector<std::string> row);
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// Display width of UTF-8 text (code points; enough for our labels).
std::size_t display_width(const std::string& s);

/// "Mon".."Sun" of t's local day.
std::string weekday_name(Instant t);

}  // namespace move
