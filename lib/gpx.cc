// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/gpx.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "lib/xml_reader.h"

namespace move {

namespace {

constexpr std::string_view kGpx11 = "http://www.topografix.com/GPX/1/1";
constexpr std::string_view kGpx10 = "http://www.topografix.com/GPX/1/0";
constexpr std::string_view kTrackStats = "http://www.garmin.com/xmlschemas/TrackStatsExtension/v1";

std::string_view trim(std::string_view s) {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<double> number(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string shown(std::string_view s) {
  s = trim(s);
  return "\"" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "..." : "") + "\"";
}

struct Point {
  double lat = 0, lon = 0;
  std::optional<Instant> time;
};

struct Track {
  std::string type;
  std::optional<Instant> first, last;
  Seconds moving{0};
  int timed = 0;
  int points = 0;
  double distance = 0;
  std::optional<Seconds> stats_moving;
};

class GpxVisitor : public XmlVisitor {
 public:
  explicit GpxVisitor(std::string_view name) : name_(name) {}

  void start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes,
             long line) override {
    const bool gpx = ns.empty() || ns == kGpx11 || ns == kGpx10;
    if (stack_.empty() && !(gpx && name == "gpx"))
      throw ImportError(name_, "not GPX (the root element is <" + std::string(name) + ">)");
    // A copy: the push_back below may move the stack.
    const std::string parent = stack_.empty() ? std::string() : stack_.back();
    stack_.push_back(gpx ? std::string(name) : std::string());
    if (!gpx) return;
    if (name == "trk" && parent == "gpx") {
      tracks_.emplace_back();
      in_track_ = true;
    } else if (name == "trkseg" && parent == "trk") {
      prev_.reset();
      prev_timed_.reset();
    } else if (name == "trkpt" && parent == "trkseg" && in_track_) {
      std::optional<double> lat, lon;
      for (const XmlAttribute& a : attributes) {
        if (!a.ns.empty()) continue;
        if (a.name == "lat") lat = number(a.value);
        if (a.name == "lon") lon = number(a.value);
      }
      if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180)
        throw ImportError(name_, "line " + std::to_string(line) + ": a <trkpt> without a valid lat and lon");
      point_ = Point{*lat, *lon, std::nullopt};
    }
  }

  void end(std::string_view ns, std::string_view name, std::string_view text, long line) override {
    const std::string self = std::move(stack_.back());
    stack_.pop_back();
    const std::string_view parent = stack_.empty() ? std::string_view() : std::string_view(stack_.back());
    if (!in_track_) return;
    Track& t = tracks_.back();
    if (ns == kTrackStats && name == "MovingTime") {
      const std::optional<double> v = number(text);
      if (v && *v >= 0 && *v < 1e9) t.stats_moving = Seconds{std::llround(*v)};
      return;
    }
    if (self.empty()) return;  // another namespace
    if (name == "trk" && parent == "gpx") {
      in_track_ = false;
    } else if (name == "type" && parent == "trk") {
      t.type = trim(text);
    } else if (name == "time" && parent == "trkpt" && point_) {
      point_->time = parse_xml_time(text);
      if (!point_->time) throw ImportError(name_, "line " + std::to_string(line) + ": a bad <time> " + shown(text));
    } else if (name == "trkpt" && point_) {
      add(t, *point_);
      point_.reset();
    }
  }

  std::vector<Activity> result() {
    if (tracks_.empty()) throw ImportError(name_, "no track (<trk>) in the file");
    std::vector<Activity> out;
    for (std::size_t i = 0; i < tracks_.size(); ++i) {
      const Track& t = tracks_[i];
      if (!t.first) {
        if (tracks_.size() == 1) throw ImportError(name_, "no timestamps");
        throw ImportError(name_,
                          "no timestamps in track " + std::to_string(i + 1) + " of " + std::to_string(tracks_.size()));
      }
      Activity a;
      a.sport = t.type;
      a.start = *t.first;
      a.elapsed = *t.last - *t.first;
      if (t.stats_moving)
        a.moving = t.stats_moving;
      else if (t.timed >= 2)
        a.moving = t.moving;
      if (t.points >= 2) a.distance_m = t.distance;
      a.key = activity_key(a.start);
      out.push_back(std::move(a));
    }
    return out;
  }

 private:
  void add(Track& t, const Point& p) {
    ++t.points;
    if (prev_) t.distance += haversine_m(prev_->lat, prev_->lon, p.lat, p.lon);
    prev_ = p;
    if (!p.time) return;
    ++t.timed;
    if (!t.first || *p.time < *t.first) t.first = p.time;
    if (!t.last || *p.time > *t.last) t.last = p.time;
    if (prev_timed_) {
      const Seconds gap = *p.time - *prev_timed_;
      if (gap.count() >= 0 && gap <= kGpxPauseGap) t.moving += gap;
    }
    prev_timed_ = p.time;
  }

  std::string_view name_;
  std::vector<std::string> stack_;  // local names; "" for other namespaces
  std::vector<Track> tracks_;
  bool in_track_ = false;
  std::optional<Point> point_;
  std::optional<Point> prev_;
  std::optional<Instant> prev_timed_;
};

}  // namespace

double haversine_m(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRadius = 6371008.8;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kRadius * std::asin(std::sqrt(std::min(1.0, h)));
}

std::vector<Activity> parse_gpx(std::string_view text, std::string_view name) {
  GpxVisitor v(name);
  visit_xml(text, name, v);
  return v.result();
}

}  // namespace move
