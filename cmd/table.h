// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Aligned plain-text tables for people, as `ps` or `systemctl list-units`
// print them: columns two spaces apart, a trailing empty column dropped,
// ANSI colour in a cell taking no width.

#include <iosfwd>
#include <string>
#include <vector>

#include "lib/duration.h"

namespace move {

class Table {
 public:
  explicit Table(std::vector<std::string> header);
  void add(std::vector<std::string> row);
  /// Each line starts with indent.
  void print(std::ostream& out, const std::string& indent = "") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

/// Display width of UTF-8 text in terminal columns: East Asian wide
/// characters count two, combining marks and ANSI escape sequences none.
std::size_t display_width(const std::string& s);

/// "Mon".."Sun" of t's local day.
std::string weekday_name(Instant t);

}  // namespace move
