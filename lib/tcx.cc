// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/tcx.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <string>

#include "lib/xml_reader.h"

namespace move {

namespace {

constexpr std::string_view kTcx = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2";

std::string_view trim(std::string_view s) {
  const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

std::string shown(std::string_view s) {
  s = trim(s);
  return "\"" + std::string(s.substr(0, 40)) + (s.size() > 40 ? "..." : "") + "\"";
}

struct Run {
  std::string sport;
  std::optional<Instant> id, first_lap, first_point, end;
  double lap_seconds = 0;
  bool any_lap_time = false;
  double distance = 0;
  bool any_distance = false;
};

class TcxVisitor : public XmlVisitor {
 public:
  explicit TcxVisitor(std::string_view name) : name_(name) {}

  void start(std::string_view ns, std::string_view name, const std::vector<XmlAttribute>& attributes,
             long line) override {
    const bool tcx = ns.empty() || ns == kTcx;
    if (stack_.empty() && !(tcx && name == "TrainingCenterDatabase"))
      throw ImportError(name_, "not TCX (the root element is <" + std::string(name) + ">)");
    // A copy: the push_back below may move the stack.
    const std::string parent = stack_.empty() ? std::string() : stack_.back();
    stack_.push_back(tcx ? std::string(name) : std::string());
    if (!tcx) return;
    if (name == "Activity" && parent == "Activities") {
      runs_.emplace_back();
      in_activity_ = true;
      for (const XmlAttribute& a : attributes)
        if (a.ns.empty() && a.name == "Sport") runs_.back().sport = trim(a.value);
    } else if (name == "Lap" && parent == "Activity" && in_activity_) {
      lap_start_.reset();
      for (const XmlAttribute& a : attributes)
        if (a.ns.empty() && a.name == "StartTime") lap_start_ = time(a.value, line, "Lap StartTime");
      Run& r = runs_.back();
      if (lap_start_ && !r.first_lap) r.first_lap = lap_start_;
      later(r, lap_start_);
    }
  }

  void end(std::string_view, std::string_view name, std::string_view text, long line) override {
    const std::string self = std::move(stack_.back());
    stack_.pop_back();
    if (self.empty() || !in_activity_) return;
    const std::string_view parent = stack_.empty() ? std::string_view() : std::string_view(stack_.back());
    Run& r = runs_.back();
    if (name == "Activity" && parent == "Activities") {
      in_activity_ = false;
    } else if (name == "Id" && parent == "Activity") {
      r.id = parse_xml_time(text);  // not a time: the laps' start counts
    } else if (name == "TotalTimeSeconds" && parent == "Lap") {
      const double s = number(text, line, name);
      r.lap_seconds += s;
      r.any_lap_time = true;
      if (lap_start_) later(r, *lap_start_ + Seconds{std::llround(s)});
    } else if (name == "DistanceMeters" && parent == "Lap") {
      r.distance += number(text, line, name);
      r.any_distance = true;
    } else if (name == "Time" && parent == "Trackpoint") {
      const std::optional<Instant> t = time(text, line, "Time");
      if (!r.first_point) r.first_point = t;
      later(r, t);
    }
  }

  std::vector<Activity> result() {
    if (runs_.empty()) throw ImportError(name_, "no activity (<Activity>) in the file");
    std::vector<Activity> out;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      const Run& r = runs_[i];
      const std::optional<Instant> start = r.id ? r.id : r.first_lap ? r.first_lap : r.first_point;
      if (!start) {
        if (runs_.size() == 1) throw ImportError(name_, "no timestamps");
        throw ImportError(name_,
                          "no timestamps in activity " + std::to_string(i + 1) + " of " + std::to_string(runs_.size()));
      }
      Activity a;
      a.sport = r.sport;
      a.start = *start;
      a.elapsed = r.end && *r.end > *start ? *r.end - *start : Seconds{0};
      if (r.any_lap_time) a.moving = Seconds{std::llround(r.lap_seconds)};
      if (r.any_distance) a.distance_m = r.distance;
      a.key = activity_key(a.start);
      out.push_back(std::move(a));
    }
    return out;
  }

 private:
  static void later(Run& r, std::optional<Instant> t) {
    if (t && (!r.end || *t > *r.end)) r.end = t;
  }

  Instant time(std::string_view text, long line, std::string_view what) const {
    const std::optional<Instant> t = parse_xml_time(text);
    if (!t)
      throw ImportError(name_, "line " + std::to_string(line) + ": a bad " + std::string(what) + " " + shown(text));
    return *t;
  }

  double number(std::string_view text, long line, std::string_view what) const {
    const std::string_view s = trim(text);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || v < 0 || v > 1e9)
      throw ImportError(name_, "line " + std::to_string(line) + ": a bad <" + std::string(what) + "> " + shown(text));
    return v;
  }

  std::string_view name_;
  std::vector<std::string> stack_;  // local names; "" for other namespaces
  std::vector<Run> runs_;
  bool in_activity_ = false;
  std::optional<Instant> lap_start_;
};

}  // namespace

std::vector<Activity> parse_tcx(std::string_view text, std::string_view name) {
  TcxVisitor v(name);
  visit_xml(text, name, v);
  return v.result();
}

}  // namespace move
