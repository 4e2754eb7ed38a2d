// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/fit.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

namespace move {

namespace {

// The FIT SDK's CRC-16 (reflected polynomial 0xA001), a nibble at a time.
constexpr std::array<std::uint16_t, 16> kCrcTable{0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
                                                  0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400};

// The FIT profile's sport enum, 0..80 (FIT SDK 21.x); nullptr: unassigned.
constexpr std::array<const char*, 81> kSports{"generic",
                                              "running",
                                              "cycling",
                                              "transition",
                                              "fitness_equipment",
                                              "swimming",
                                              "basketball",
                                              "soccer",
                                              "tennis",
                                              "american_football",
                                              "training",
                                              "walking",
                                              "cross_country_skiing",
                                              "alpine_skiing",
                                              "snowboarding",
                                              "rowing",
                                              "mountaineering",
                                              "hiking",
                                              "multisport",
                                              "paddling",
                                              "flying",
                                              "e_biking",
                                              "motorcycling",
                                              "boating",
                                              "driving",
                                              "golf",
                                              "hang_gliding",
                                              "horseback_riding",
                                              "hunting",
                                              "fishing",
                                              "inline_skating",
                                              "rock_climbing",
                                              "sailing",
                                              "ice_skating",
                                              "sky_diving",
                                              "snowshoeing",
                                              "snowmobiling",
                                              "stand_up_paddleboarding",
                                              "surfing",
                                              "wakeboarding",
                                              "water_skiing",
                                              "kayaking",
                                              "rafting",
                                              "windsurfing",
                                              "kitesurfing",
                                              "tactical",
                                              "jumpmaster",
                                              "boxing",
                                              "floor_climbing",
                                              "baseball",
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              "diving",
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              nullptr,
                                              "hiit",
                                              nullptr,
                                              "racket",
                                              "wheelchair_push_walk",
                                              "wheelchair_push_run",
                                              "meditation",
                                              nullptr,
                                              "disc_golf",
                                              nullptr,
                                              "cricket",
                                              "rugby",
                                              "hockey",
                                              "lacrosse",
                                              "volleyball",
                                              "water_tubing",
                                              "wakesurfing",
                                              nullptr,
                                              nullptr,
                                              "mixed_martial_arts"};

constexpr std::uint16_t kSessionMessage = 18;
constexpr std::uint8_t kTimestampField = 253;
constexpr std::uint32_t kInvalid32 = 0xFFFFFFFF;
// date_time values below this are seconds since the device powered on, not
// since the FIT epoch (FIT profile, type date_time: min).
constexpr std::uint32_t kMinAbsoluteTime = 0x10000000;

struct FieldDef {
  std::uint8_t num = 0;
  std::uint8_t size = 0;
};

struct Definition {
  bool defined = false;
  bool big_endian = false;
  std::uint16_t global = 0;
  std::vector<FieldDef> fields;
  std::size_t size = 0;  // bytes of a data message, developer fields included
};

struct Session {
  std::optional<std::uint32_t> timestamp, start, elapsed_ms, timer_ms, moving_ms, distance_cm;
  std::optional<std::uint8_t> sport;
};

std::uint32_t uint_at(std::string_view b, std::size_t at, std::size_t n, bool big_endian) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto byte = static_cast<std::uint8_t>(b[at + (big_endian ? i : n - 1 - i)]);
    v = (v << 8) | byte;
  }
  return v;
}

std::string hex4(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}

std::optional<std::uint32_t> valid32(std::uint32_t v) {
  return v == kInvalid32 ? std::nullopt : std::optional<std::uint32_t>(v);
}

Seconds ms_to_seconds(std::uint32_t ms) { return Seconds{(static_cast<std::int64_t>(ms) + 500) / 1000}; }

Instant fit_instant(std::uint32_t t) { return Instant{Seconds{kFitEpochUnix + static_cast<std::int64_t>(t)}}; }

class Decoder {
 public:
  Decoder(std::string_view bytes, std::string_view name) : b_(bytes), name_(name) {}

  std::vector<Activity> run() {
    if (b_.size() < 12) fail("not FIT (" + std::to_string(b_.size()) + " bytes, shorter than a FIT header)");
    std::size_t at = 0;
    while (at < b_.size()) at = file(at);
    if (out_.empty()) fail("no session message (not an activity file?)");
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { throw ImportError(name_, what); }
  [[noreturn]] void fail_at(std::size_t at, const std::string& what) const {
    fail(what + " at byte " + std::to_string(at));
  }

  // One FIT file of a chain starting at `at`; returns where the next starts.
  std::size_t file(std::size_t at) {
    const std::size_t left = b_.size() - at;
    if (left < 12 || b_.substr(at + 8, 4) != ".FIT") {
      if (at == 0) fail("not FIT (no \".FIT\" signature)");
      fail_at(at, std::to_string(left) + " stray bytes after the FIT data");
    }
    const std::size_t header = static_cast<std::uint8_t>(b_[at]);
    if (header < 12) fail_at(at, "bad FIT header size " + std::to_string(header));
    if (left < header) fail("truncated (in the file header)");
    if (header >= 14) {
      const auto said = static_cast<std::uint16_t>(uint_at(b_, at + 12, 2, false));
      const std::uint16_t got = fit_crc(b_.substr(at, 12));
      if (said != 0 && said != got)
        fail("header CRC mismatch (file says " + hex4(said) + ", header gives " + hex4(got) + ")");
    }
    const std::uint64_t data_size = uint_at(b_, at + 4, 4, false);
    const std::uint64_t total = header + data_size + 2;
    if (left < total)
      fail("truncated (the header announces " + std::to_string(total) + " bytes, " + std::to_string(left) +
           " present)");
    const std::size_t end = at + header + static_cast<std::size_t>(data_size);
    const auto said = static_cast<std::uint16_t>(uint_at(b_, end, 2, false));
    const std::uint16_t got = fit_crc(b_.substr(at, end - at));
    if (said != got) fail("CRC mismatch (file says " + hex4(said) + ", data gives " + hex4(got) + ")");
    records(at + header, end);
    return end + 2;
  }

  void records(std::size_t at, std::size_t end) {
    std::array<Definition, 16> defs{};
    std::optional<std::uint32_t> last_timestamp;
    while (at < end) {
      const std::size_t start = at;
      const auto h = static_cast<std::uint8_t>(b_[at++]);
      if (h & 0x80) {  // compressed timestamp header: a data message
        const unsigned local = (h >> 5) & 0x3;
        std::optional<std::uint32_t> ts;
        if (last_timestamp) {
          const std::uint32_t offset = h & 0x1F;
          std::uint32_t t = (*last_timestamp & ~0x1Fu) + offset;
          if (offset < (*last_timestamp & 0x1Fu)) t += 0x20;
          ts = last_timestamp = t;
        }
        at = data(start, at, end, defs[local], local, ts, last_timestamp);
      } else if (h & 0x40) {  // definition message
        const unsigned local = h & 0x0F;
        const bool developer = h & 0x20;
        if (end - at < 5) fail_at(start, "truncated definition message");
        const auto arch = static_cast<std::uint8_t>(b_[at + 1]);
        if (arch > 1) fail_at(start, "bad architecture " + std::to_string(arch) + " in a definition");
        Definition d;
        d.defined = true;
        d.big_endian = arch == 1;
        d.global = static_cast<std::uint16_t>(uint_at(b_, at + 2, 2, d.big_endian));
        const std::size_t n = static_cast<std::uint8_t>(b_[at + 4]);
        at += 5;
        if (end - at < 3 * n) fail_at(start, "truncated definition message");
        for (std::size_t i = 0; i < n; ++i, at += 3) {
          const FieldDef f{static_cast<std::uint8_t>(b_[at]), static_cast<std::uint8_t>(b_[at + 1])};
          d.fields.push_back(f);
          d.size += f.size;
        }
        if (developer) {
          if (end - at < 1) fail_at(start, "truncated definition message");
          const std::size_t m = static_cast<std::uint8_t>(b_[at++]);
          if (end - at < 3 * m) fail_at(start, "truncated definition message");
          for (std::size_t i = 0; i < m; ++i, at += 3) d.size += static_cast<std::uint8_t>(b_[at + 1]);
        }
        defs[local] = std::move(d);
      } else {
        const unsigned local = h & 0x0F;
        at = data(start, at, end, defs[local], local, std::nullopt, last_timestamp);
      }
    }
  }

  // A data message of `d` whose content starts at `at`; returns its end.
  std::size_t data(std::size_t start, std::size_t at, std::size_t end, const Definition& d, unsigned local,
                   std::optional<std::uint32_t> ts, std::optional<std::uint32_t>& last_timestamp) {
    if (!d.defined) fail_at(start, "data message of undefined local message type " + std::to_string(local));
    if (end - at < d.size) fail_at(start, "truncated data message");
    Session s;
    s.timestamp = ts;
    std::size_t p = at;
    for (const FieldDef& f : d.fields) {
      if (f.num == kTimestampField && f.size == 4) {
        if (auto v = valid32(uint_at(b_, p, 4, d.big_endian))) s.timestamp = last_timestamp = *v;
      } else if (d.global == kSessionMessage && f.size == 4) {
        const std::optional<std::uint32_t> v = valid32(uint_at(b_, p, 4, d.big_endian));
        switch (f.num) {
          case 2: s.start = v; break;
          case 7: s.elapsed_ms = v; break;
          case 8: s.timer_ms = v; break;
          case 9: s.distance_cm = v; break;
          case 59: s.moving_ms = v; break;
          default: break;
        }
      } else if (d.global == kSessionMessage && f.num == 5 && f.size == 1) {
        const auto v = static_cast<std::uint8_t>(b_[p]);
        if (v != 0xFF) s.sport = v;
      }
      p += f.size;
    }
    if (d.global == kSessionMessage) session(s, start);
    return at + d.size;
  }

  void session(const Session& s, std::size_t at) {
    const std::string which = "session " + std::to_string(out_.size() + 1);
    std::optional<std::uint32_t> start = s.start;
    if (!start && s.timestamp && s.elapsed_ms && *s.timestamp >= ms_to_seconds(*s.elapsed_ms).count())
      start = *s.timestamp - static_cast<std::uint32_t>(ms_to_seconds(*s.elapsed_ms).count());
    if (!start) fail("no timestamps (" + which + " has no start_time)");
    if (*start < kMinAbsoluteTime)
      fail(which + " starts at " + std::to_string(*start) + " s after the device started, not a date");
    Activity a;
    a.start = fit_instant(*start);
    if (s.elapsed_ms)
      a.elapsed = ms_to_seconds(*s.elapsed_ms);
    else if (s.timestamp && *s.timestamp >= *start)
      a.elapsed = Seconds{*s.timestamp - *start};
    else if (s.timer_ms)
      a.elapsed = ms_to_seconds(*s.timer_ms);
    else
      fail_at(at, which + " has no total_elapsed_time");
    if (s.moving_ms)
      a.moving = ms_to_seconds(*s.moving_ms);
    else if (s.timer_ms)
      a.moving = ms_to_seconds(*s.timer_ms);
    if (s.distance_cm) a.distance_m = *s.distance_cm / 100.0;
    if (s.sport) a.sport = fit_sport_name(*s.sport);
    a.key = activity_key(a.start);
    out_.push_back(std::move(a));
  }

  std::string_view b_;
  std::string_view name_;
  std::vector<Activity> out_;
};

}  // namespace

std::uint16_t fit_crc(std::string_view bytes, std::uint16_t crc) {
  for (const char c : bytes) {
    const auto byte = static_cast<std::uint8_t>(c);
    std::uint16_t tmp = kCrcTable[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ kCrcTable[byte & 0xF]);
    tmp = kCrcTable[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ kCrcTable[(byte >> 4) & 0xF]);
  }
  return crc;
}

std::string fit_sport_name(unsigned value) {
  if (value < kSports.size() && kSports[value]) return kSports[value];
  if (value == 254) return "all";
  return "sport_" + std::to_string(value);
}

std::vector<Activity> parse_fit(std::string_view bytes, std::string_view name) { return Decoder(bytes, name).run(); }

}  // namespace move
