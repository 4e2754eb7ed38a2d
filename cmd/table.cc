// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/table.h"

#include <array>
#include <ostream>

#include "lib/local_time.h"

namespace move {

Table::Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

void Table::add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // CSI ... final byte: colour takes no room
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~' && s[i] != '[')) ++i;
      continue;
    }
    if ((c & 0xc0) != 0x80) ++n;
  }
  return n;
}

void Table::print(std::ostream& out, const std::string& indent) const {
  std::vector<std::size_t> width;
  for (const auto& row : rows_) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
  }
  while (!width.empty() && width.back() == 0) width.pop_back();
  for (const auto& row : rows_) {
    std::string line = indent;
    for (std::size_t i = 0; i < width.size() && i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < width.size()) line.append(width[i] - display_width(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

std::string weekday_name(Instant t) {
  static constexpr std::array<const char*, 7> kNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  return kNames[std::chrono::weekday{local_day(t)}.iso_encoding() - 1];
}

}  // namespace move
