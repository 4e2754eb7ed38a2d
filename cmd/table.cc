// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/table.h"

#include <langinfo.h>

#include <array>
#include <ostream>

#include "lib/local_time.h"

namespace move {

Table::Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

void Table::add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

namespace {

// Columns of one code point in a terminal (after wcwidth, for the ranges
// that matter here; no locale needed).
std::size_t char_width(char32_t cp) {
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp == 0xfe0f) return 0;
  constexpr std::pair<char32_t, char32_t> kWide[] = {
      {0x1100, 0x115f}, {0x2e80, 0x303e},   {0x3041, 0x33ff},   {0x3400, 0x4dbf},  {0x4e00, 0x9fff},
      {0xa000, 0xa4cf}, {0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe30, 0xfe4f},  {0xff00, 0xff60},
      {0xffe0, 0xffe6}, {0x1f300, 0x1f64f}, {0x1f900, 0x1f9ff}, {0x20000, 0x3fffd}};
  for (auto [lo, hi] : kWide)
    if (cp >= lo && cp <= hi) return 2;
  return 1;
}

}  // namespace

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // CSI ... final byte: colour takes no room
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~' && s[i] != '[')) ++i;
      continue;
    }
    if ((c & 0xc0) == 0x80) continue;
    // Decode the code point: East Asian wide ones take two columns,
    // combining marks none.
    char32_t cp = c;
    int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    if (more) cp = c & (0x3f >> more);
    for (int k = 0; k < more && i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xc0) == 0x80; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3f);
    n += char_width(cp);
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
  // The locale's abbreviations (LC_TIME): "Mon" in English, "Mo" in German.
  static constexpr std::array<nl_item, 7> kNames{ABDAY_2, ABDAY_3, ABDAY_4, ABDAY_5, ABDAY_6, ABDAY_7, ABDAY_1};
  return nl_langinfo(kNames[std::chrono::weekday{local_day(t)}.iso_encoding() - 1]);
}

}  // namespace move
