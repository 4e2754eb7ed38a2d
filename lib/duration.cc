// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/duration.h"

#include <array>
#include <cstdint>

namespace move {
namespace {

constexpr std::int64_t kMaxSeconds = 10LL * 366 * 86400;

struct Unit {
  char name;
  std::int64_t seconds;
};
constexpr std::array<Unit, 5> kUnits{{{'w', 604800}, {'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

int unit_rank(char c) {
  for (std::size_t i = 0; i < kUnits.size(); ++i)
    if (kUnits[i].name == c) return static_cast<int>(i);
  return -1;
}

// Reads digits at text[pos...]; false when none or too many.
bool read_number(std::string_view text, std::size_t& pos, std::int64_t& out) {
  std::size_t start = pos;
  out = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (pos - start >= 9) return false;
    out = out * 10 + (text[pos] - '0');
    ++pos;
  }
  return pos > start;
}

}  // namespace

std::optional<Seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::size_t pos = 0;
  std::int64_t total = 0;
  int last_rank = -1;
  while (pos < text.size()) {
    std::int64_t n = 0;
    if (!read_number(text, pos, n) || pos >= text.size()) return std::nullopt;
    int rank = unit_rank(text[pos]);
    if (rank <= last_rank) return std::nullopt;  // unknown, repeated or out of order
    last_rank = rank;
    total += n * kUnits[static_cast<std::size_t>(rank)].seconds;
    if (total > kMaxSeconds) return std::nullopt;
    ++pos;
  }
  return Seconds{total};
}

std::optional<DurationRange> parse_duration_range(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto d = parse_duration(text);
    if (!d || d->count() == 0) return std::nullopt;
    return DurationRange{*d, *d};
  }
  std::string_view lo = text.substr(0, dash), hi = text.substr(dash + 1);
  auto max = parse_duration(hi);
  if (!max || lo.empty()) return std::nullopt;
  std::optional<Seconds> min;
  bool bare = lo.find_first_not_of("0123456789") == std::string_view::npos;
  if (bare) {
    // "30-60m": the upper bound's last unit applies to the bare number.
    std::size_t pos = 0;
    std::int64_t n = 0;
    if (!read_number(lo, pos, n)) return std::nullopt;
    int rank = unit_rank(hi.back());
    if (rank < 0) return std::nullopt;
    min = Seconds{n * kUnits[static_cast<std::size_t>(rank)].seconds};
  } else {
    min = parse_duration(lo);
  }
  if (!min || min->count() == 0 || *min > *max) return std::nullopt;
  return DurationRange{*min, *max};
}

std::string format_duration(Seconds s) {
  std::int64_t v = s.count();
  std::string sign;
  if (v < 0) {
    sign = "-";
    v = -v;
  }
  if (v == 0) return "0s";
  std::string out;
  int parts = 0;
  for (const Unit& u : kUnits) {
    if (u.name == 'w') continue;  // "9d" reads better than "1w 2d"
    std::int64_t n = v / u.seconds;
    if (n == 0) {
      if (parts > 0) break;
      continue;
    }
    if (!out.empty()) out += ' ';
    out += std::to_string(n);
    out += u.name;
    v -= n * u.seconds;
    if (++parts == 2) break;
  }
  return sign + out;
}

std::string format_duration_compact(Seconds s) {
  std::int64_t v = s.count();
  if (v <= 0) return "0s";
  std::string out;
  for (const Unit& u : kUnits) {
    if (u.name == 'w' && v % u.seconds != 0) continue;
    std::int64_t n = v / u.seconds;
    if (n == 0) continue;
    out += std::to_string(n);
    out += u.name;
    v -= n * u.seconds;
  }
  return out;
}

std::string format_dose(const DurationRange& d) {
  auto minutes = [](Seconds s) {
    return s.count() % 60 == 0 ? std::to_string(s.count() / 60) + " min" : format_duration(s);
  };
  if (d.min == d.max) return minutes(d.min);
  if (d.min.count() % 60 == 0 && d.max.count() % 60 == 0)
    return std::to_string(d.min.count() / 60) + "–" + std::to_string(d.max.count() / 60) + " min";
  return format_duration(d.min) + "–" + format_duration(d.max);
}

}  // namespace move
