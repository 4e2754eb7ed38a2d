// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writes valid FIT files for the tests: the file header (12 or
// 14 bytes, header CRC), definition and data messages (either architecture,
// developer fields, compressed timestamp headers) and the file CRC, so that
// tests/fit_test.cc, the fuzz seed corpus and the gpsbabel cross-check use
// files whose every byte is known. Header-only, for tests and tools.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/fit.h"

namespace move::test {

// FIT base types (FIT profile, fit_base_type).
inline constexpr std::uint8_t kEnum = 0x00, kUint8 = 0x02, kUint16 = 0x84, kSint32 = 0x85, kUint32 = 0x86,
                              kString = 0x07, kUint32z = 0x8C;

struct FitField {
  std::uint8_t num = 0;
  std::uint8_t size = 0;
  std::uint8_t base = 0;
};

class FitWriter {
 public:
  /// A definition message for local type `local` (0-15) of global message
  /// `global`; `dev` are developer fields (number, size, developer index).
  void define(unsigned local, std::uint16_t global, std::vector<FitField> fields, bool big_endian = false,
              std::vector<FitField> dev = {}) {
    records_ += static_cast<char>(0x40 | (dev.empty() ? 0 : 0x20) | (local & 0x0F));
    records_ += '\0';
    records_ += static_cast<char>(big_endian ? 1 : 0);
    put(global, 2, big_endian);
    records_ += static_cast<char>(fields.size());
    for (const FitField& f : fields) {
      records_ += static_cast<char>(f.num);
      records_ += static_cast<char>(f.size);
      records_ += static_cast<char>(f.base);
    }
    std::size_t dev_size = 0;
    if (!dev.empty()) {
      records_ += static_cast<char>(dev.size());
      for (const FitField& f : dev) {
        records_ += static_cast<char>(f.num);
        records_ += static_cast<char>(f.size);
        records_ += static_cast<char>(f.base);  // the developer data index
        dev_size += f.size;
      }
    }
    defs_[local & 0x0F] = Def{std::move(fields), big_endian, dev_size};
  }

  /// A data message: one value per field of the definition, written in its
  /// size (strings and arrays: the low bytes, zero filled), then
  /// `dev_bytes` for the developer fields.
  void data(unsigned local, const std::vector<std::uint64_t>& values, std::string_view dev_bytes = {}) {
    records_ += static_cast<char>(local & 0x0F);
    body(local, values, dev_bytes);
  }

  /// A data message under a compressed timestamp header (local 0-3, time
  /// offset 0-31); `values` exclude the timestamp.
  void compressed(unsigned local, unsigned offset, const std::vector<std::uint64_t>& values) {
    records_ += static_cast<char>(0x80 | ((local & 0x3) << 5) | (offset & 0x1F));
    body(local, values, {});
  }

  void raw(std::string_view bytes) { records_ += bytes; }

  /// The whole file: header (12 or 14 bytes; 14 with its CRC unless
  /// `header_crc` is false, then 0), records, file CRC.
  std::string finish(int header_size = 14, bool header_crc = true) const {
    std::string out;
    out += static_cast<char>(header_size);
    out += static_cast<char>(0x20);  // protocol 2.0
    append(out, 2195, 2, false);     // profile 21.95
    append(out, records_.size(), 4, false);
    out += ".FIT";
    if (header_size >= 14) append(out, header_crc ? fit_crc(out) : 0, 2, false);
    out.append(static_cast<std::size_t>(header_size) - out.size(), '\0');
    out += records_;
    append(out, fit_crc(out), 2, false);
    return out;
  }

 private:
  struct Def {
    std::vector<FitField> fields;
    bool big_endian = false;
    std::size_t dev_size = 0;
  };

  static void append(std::string& out, std::uint64_t v, std::size_t n, bool big_endian) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t shift = 8 * (big_endian ? n - 1 - i : i);
      out += static_cast<char>(shift < 64 ? (v >> shift) & 0xFF : 0);
    }
  }
  void put(std::uint64_t v, std::size_t n, bool big_endian) { append(records_, v, n, big_endian); }

  void body(unsigned local, const std::vector<std::uint64_t>& values, std::string_view dev_bytes) {
    const Def& d = defs_[local & 0x0F];
    std::size_t i = 0;
    for (const FitField& f : d.fields) {
      if (f.base == kString) {
        put(i < values.size() ? values[i] : 0, f.size, false);
      } else {
        put(i < values.size() ? values[i] : 0, f.size, d.big_endian);
      }
      ++i;
    }
    std::string dev(dev_bytes);
    dev.resize(d.dev_size, '\0');
    records_ += dev;
  }

  std::array<Def, 16> defs_{};
  std::string records_;
};

/// A FIT timestamp of `t`.
inline std::uint64_t fit_time(std::chrono::sys_seconds t) {
  return static_cast<std::uint64_t>(t.time_since_epoch().count() - kFitEpochUnix);
}

struct FitWalk {
  std::chrono::sys_seconds start{};
  int points = 61;  // records, one every `step` seconds
  int step = 10;
  std::uint8_t sport = 11;  // walking
  bool big_endian = false;
  bool developer = false;   // a developer field on records and the session
  bool compressed = false;  // records under compressed timestamp headers
  int header_size = 14;
  int sessions = 1;  // a multisport file: several sessions in a row
};

/// An activity file as a watch writes it: file_id, developer data (if
/// asked), records along a line north from 52.52 N 13.40 E (about 1.39 m a
/// second), a session per `sessions` (elapsed = (points - 1) * step s,
/// timer 10 s less, distance of the records) and the activity message.
inline std::string fit_walk(const FitWalk& w) {
  const bool be = w.big_endian;
  FitWriter f;
  const std::uint64_t t0 = fit_time(w.start);
  f.define(0, 0, {{0, 1, kEnum}, {1, 2, kUint16}, {2, 2, kUint16}, {3, 4, kUint32z}, {4, 4, kUint32}}, be);
  f.data(0, {4, 255, 1, 12345, t0});
  std::vector<FitField> dev;
  if (w.developer) {
    f.define(1, 207, {{3, 1, kUint8}, {4, 4, kUint32}}, be);  // developer_data_id
    f.data(1, {0, 1});
    f.define(1, 206, {{0, 1, kUint8}, {1, 1, kUint8}, {2, 1, kUint8}, {3, 8, kString}}, be);  // field_description
    f.data(1, {0, 0, kUint16, 0x6563616C6F76ULL /* "volace" */});
    dev = {{0, 2, 0}};
  }
  const int per_session = w.points;
  for (int s = 0; s < w.sessions; ++s) {
    const std::uint64_t s0 = t0 + static_cast<std::uint64_t>(s * per_session * w.step);
    const std::uint32_t lat0 =
        static_cast<std::uint32_t>(626588006);  // 52.52 degrees in semicircles (2^31 / 180 a degree)
    if (w.compressed) {
      f.define(1, 20, {{253, 4, kUint32}, {0, 4, kSint32}, {1, 4, kSint32}, {5, 4, kUint32}}, be);
      f.data(1, {s0, lat0, 159868227, 0});
      f.define(2, 20, {{0, 4, kSint32}, {1, 4, kSint32}, {5, 4, kUint32}}, be);
    } else {
      f.define(1, 20, {{253, 4, kUint32}, {0, 4, kSint32}, {1, 4, kSint32}, {5, 4, kUint32}}, be, dev);
    }
    for (int i = w.compressed ? 1 : 0; i < w.points; ++i) {
      const std::uint64_t t = s0 + static_cast<std::uint64_t>(i * w.step);
      // 1.39 m/s north: 1 m of latitude is 2^31 / 180 / 111195 semicircles.
      const std::uint64_t metres = static_cast<std::uint64_t>(i * w.step * 139 / 100);
      const std::uint64_t lat = lat0 + metres * 107;
      if (w.compressed)
        f.compressed(2, static_cast<unsigned>(t & 0x1F), {lat, 159868227, metres * 100});
      else
        f.data(1, {t, lat, 159868227, metres * 100}, w.developer ? std::string_view("\x10\x00", 2) : "");
    }
    const std::uint64_t elapsed_ms = static_cast<std::uint64_t>((w.points - 1) * w.step) * 1000;
    const std::uint64_t distance_cm = static_cast<std::uint64_t>((w.points - 1) * w.step * 139);
    f.define(3, 18,
             {{254, 2, kUint16},
              {253, 4, kUint32},
              {0, 1, kEnum},
              {1, 1, kEnum},
              {2, 4, kUint32},
              {5, 1, kEnum},
              {6, 1, kEnum},
              {7, 4, kUint32},
              {8, 4, kUint32},
              {9, 4, kUint32},
              {25, 2, kUint16},
              {26, 2, kUint16}},
             be, dev);
    f.data(3,
           {static_cast<std::uint64_t>(s), s0 + elapsed_ms / 1000, 8, 1, s0, w.sport, 0, elapsed_ms, elapsed_ms - 10000,
            distance_cm, 0, 1},
           w.developer ? std::string_view("\x2A\x00", 2) : "");
  }
  const std::uint64_t end = t0 + static_cast<std::uint64_t>(w.sessions * per_session * w.step);
  f.define(4, 34,
           {{253, 4, kUint32},
            {0, 4, kUint32},
            {1, 2, kUint16},
            {2, 1, kEnum},
            {3, 1, kEnum},
            {4, 1, kEnum},
            {5, 4, kUint32}},
           be);
  f.data(4, {end, static_cast<std::uint64_t>((w.points - 1) * w.step) * 1000, static_cast<std::uint64_t>(w.sessions), 0,
             26, 1, end + 3600});
  return f.finish(w.header_size);
}

}  // namespace move::test
