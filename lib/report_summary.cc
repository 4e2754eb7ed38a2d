// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/report_summary.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <vector>

#include "lib/health.h"
#include "lib/i18n.h"
#include "lib/rule_json.h"
#include "lib/skip_reason.h"

namespace move {

namespace json = boost::json;

std::string count_text(double v) {
  const double half = std::round(v * 2) / 2;
  return human_decimal(half, half == std::floor(half) ? 0 : 1);  // "3,5" in German
}

namespace {

double num(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0.0; }

json::value opt_text(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

std::vector<Event> events_of(const History& history, EventKind kind, Instant from, Instant now) {
  HistoryQuery q;
  q.routine = "";
  q.since = from;
  q.until = now + Seconds{1};  // `now` inclusive, as the report's last week
  q.kinds = {kind};
  return history.list(q);
}

std::string percent_text(double share) { return std::to_string(std::lround(share * 100)) + "%"; }

std::string one_decimal(double v) { return human_decimal(v, 1); }

std::string signed_text(std::int64_t v) { return (v > 0 ? "+" : v < 0 ? "−" : "") + std::to_string(std::abs(v)); }

json::object reason_counts() {
  json::object counts;
  for (std::string_view r : {"pain", "time", "weather", "ill", "other", "unsaid"}) counts[r] = 0;
  return counts;
}

void count_reason(json::object& counts, const json::value& reason) {
  const std::string key = reason.is_string() ? std::string(reason.as_string()) : "unsaid";
  counts[key] = counts[key].as_int64() + 1;
}

}  // namespace

void add_health(json::object& report, const History& history, Instant from, Instant now) {
  // report gains its keys at the end: adding one may move the object's
  // values, and with them the weeks array referred to here.
  json::array& weeks = report.at("weeks").as_array();
  std::map<std::string, json::object*> week_of;
  for (json::value& w : weeks) {
    json::object& o = w.as_object();
    o["flares"] = 0;
    o["limiting_flares"] = 0;
    week_of[std::string(o.at("monday").as_string())] = &o;
  }

  json::array flares;
  for (const Event& e : events_of(history, EventKind::flare, from, now)) {
    const std::string monday = format_date(iso_week_start(local_day(e.at)));
    const bool limiting = (e.value.value_or(0) & kFlareLimiting) != 0;
    if (auto it = week_of.find(monday); it != week_of.end()) {
      json::object& w = *it->second;
      w["flares"] = w["flares"].as_int64() + 1;
      if (limiting) w["limiting_flares"] = w["limiting_flares"].as_int64() + 1;
    }
    flares.push_back(json::object{{"at", format_iso8601(e.at)},
                                  {"monday", monday},
                                  {"limiting", limiting},
                                  {"care", (e.value.value_or(0) & kFlareCare) != 0},
                                  {"note", opt_text(e.note)}});
  }

  // Scores per scale, in the order each scale was first used.
  std::vector<std::pair<const Scale*, json::array>> by_scale;
  for (const Event& e : events_of(history, EventKind::score, from, now)) {
    const Scale* s = e.detail ? find_scale(*e.detail) : nullptr;
    if (!s || !e.value) continue;
    auto it = std::find_if(by_scale.begin(), by_scale.end(), [&](const auto& p) { return p.first == s; });
    if (it == by_scale.end()) it = by_scale.insert(by_scale.end(), {s, json::array{}});
    it->second.push_back(json::object{{"at", format_iso8601(e.at)}, {"score", *e.value}});
  }
  json::array scores;
  for (auto& [s, points] : by_scale) {
    const std::int64_t first = points.front().at("score").as_int64(), last = points.back().at("score").as_int64();
    json::object o{{"scale", s->name}, {"title", s->title}, {"max", s->max}, {"mdc", s->mdc}};
    o["first"] = first;
    o["last"] = last;
    o["change"] = points.size() > 1 ? json::value(last - first) : json::value(nullptr);
    o["within_mdc"] = points.size() > 1 ? json::value(std::abs(last - first) < s->mdc) : json::value(nullptr);
    o["points"] = std::move(points);
    scores.push_back(std::move(o));
  }

  // Barriers: the skips of every routine, by reason, in the range and per week.
  json::object counts = reason_counts();
  json::array barrier_weeks;
  for (const json::value& wv : weeks) {
    const std::string monday(wv.at("monday").as_string());
    json::object week_counts = reason_counts();
    std::vector<json::object> skips;
    for (const json::value& rv : report.at("routines").as_array())
      for (const json::value& rw : rv.at("weeks").as_array()) {
        if (rw.at("monday").as_string() != monday) continue;
        for (const json::value& s : rw.at("skips").as_array()) {
          count_reason(counts, s.at("reason"));
          count_reason(week_counts, s.at("reason"));
          skips.push_back(json::object{
              {"routine", rv.at("id")}, {"at", s.at("at")}, {"reason", s.at("reason")}, {"note", s.at("note")}});
        }
      }
    std::sort(skips.begin(), skips.end(), [](const json::object& a, const json::object& b) {
      return a.at("at").as_string() < b.at("at").as_string();
    });
    json::array skip_list(skips.begin(), skips.end());
    barrier_weeks.push_back(
        json::object{{"monday", monday}, {"counts", std::move(week_counts)}, {"skips", std::move(skip_list)}});
  }
  report["flares"] = std::move(flares);
  report["scores"] = std::move(scores);
  report["barriers"] = json::object{{"counts", std::move(counts)}, {"weeks", std::move(barrier_weeks)}};
}

namespace {

/// done / expected over weeks [begin, end) of a routine; nullopt when nothing was expected.
std::optional<double> share(const json::array& weeks, std::size_t begin, std::size_t end) {
  double done = 0, expected = 0;
  for (std::size_t i = begin; i < end; ++i) {
    done += num(weeks[i].at("done"));
    expected += num(weeks[i].at("expected"));
  }
  return expected > 0 ? std::optional(done / expected) : std::nullopt;
}

json::object routine_summary(const json::object& r) {
  const json::array& weeks = r.at("weeks").as_array();
  double done = 0, expected = 0, minutes = 0, band_min = 0, band_max = 0;
  bool band = false;
  for (const json::value& w : weeks) {
    done += num(w.at("done"));
    expected += num(w.at("expected"));
    minutes += num(w.at("minutes"));
    if (const json::value& t = w.at("target_minutes"); t.is_object()) {
      band = true;
      band_min += num(t.at("min"));
      band_max += num(t.at("max"));
    }
  }
  const std::string title(r.at("title").as_string());
  const auto done_n = static_cast<std::int64_t>(done), minutes_n = static_cast<std::int64_t>(minutes);
  const auto done_l = static_cast<long long>(done_n), minutes_l = static_cast<long long>(minutes_n);
  std::string line =
      expected > 0
          ? strprintf(_("%1$s: %2$lld of %3$s sessions"), title.c_str(), done_l, count_text(expected).c_str())
          : strprintf(P_("%1$s: %2$lld session, none prescribed in the range",
                         "%1$s: %2$lld sessions, none prescribed in the range", static_cast<unsigned long>(done_l)),
                      title.c_str(), done_l);
  if (band && expected > 0) {
    const auto lo = std::lround(band_min), hi = std::lround(band_max);
    const std::string target = std::to_string(lo) + (lo == hi ? "" : "–" + std::to_string(hi));
    line += strprintf(_(", %1$lld min (target %2$s)"), minutes_l, target.c_str());
  } else if (minutes_n > 0) {
    line += strprintf(_(", %lld min"), minutes_l);
  }
  json::value trend = nullptr;
  const std::size_t k = std::min<std::size_t>(4, weeks.size() / 2);
  if (k > 0) {
    const std::size_t n = weeks.size();
    auto last = share(weeks, n - k, n), before = share(weeks, n - 2 * k, n - k);
    if (last && before) {
      trend = json::object{
          {"weeks", k}, {"last", std::round(*last * 100) / 100}, {"before", std::round(*before * 100) / 100}};
      if (k == 1)
        line += strprintf(_("; last week %1$s of prescribed, the week before %2$s"), percent_text(*last).c_str(),
                          percent_text(*before).c_str());
      else
        line += strprintf(P_("; last %1$zu week %2$s of prescribed, the %1$zu before %3$s",
                             "; last %1$zu weeks %2$s of prescribed, the %1$zu before %3$s", k),
                          k, percent_text(*last).c_str(), percent_text(*before).c_str());
    }
  }
  json::object o{{"id", r.at("id")},
                 {"title", title},
                 {"done", done_n},
                 {"expected", std::round(expected * 100) / 100},
                 {"minutes", minutes_n}};
  o["target_minutes"] = band ? json::value(json::object{{"min", std::lround(band_min)}, {"max", std::lround(band_max)}})
                             : json::value(nullptr);
  o["trend"] = trend;
  o["line"] = line;
  return o;
}

/// The average rating of weeks [begin, end): nullopt without one.
std::optional<double> pain_of(const json::array& weeks, std::size_t begin, std::size_t end) {
  double sum = 0, n = 0;
  for (std::size_t i = begin; i < end; ++i) {
    const double count = num(weeks[i].at("pain_count"));
    sum += num(weeks[i].at("pain_avg")) * count;
    n += count;
  }
  return n > 0 ? std::optional(sum / n) : std::nullopt;
}

std::string flare_line(const json::array& flares) {
  if (flares.empty()) return _("Flares: none");
  int limiting = 0, care = 0;
  std::vector<std::string> weeks;
  for (const json::value& f : flares) {
    limiting += f.at("limiting") == true;
    care += f.at("care") == true;
    const std::string monday(f.at("monday").as_string());
    if (std::find(weeks.begin(), weeks.end(), monday) == weeks.end()) weeks.push_back(monday);
  }
  std::string list;
  for (std::size_t i = 0; i < weeks.size(); ++i) list += (i ? ", " : "") + weeks[i];
  return strprintf(P_("Flares: %1$zu (%2$d limiting activity, %3$d with care sought); week of %4$s",
                      "Flares: %1$zu (%2$d limiting activity, %3$d with care sought); weeks of %4$s", weeks.size()),
                   flares.size(), limiting, care, list.c_str());
}

std::string score_line(const json::object& s) {
  const std::string title(s.at("title").as_string());
  const json::array& points = s.at("points").as_array();
  const std::string first_day(points.front().at("at").as_string().subview().substr(0, 10));
  const std::string last_day(points.back().at("at").as_string().subview().substr(0, 10));
  if (points.size() == 1)
    return strprintf(_("%1$s: %2$lld on %3$s (one score)"), title.c_str(),
                     static_cast<long long>(s.at("first").as_int64()), first_day.c_str());
  const std::int64_t change = s.at("change").as_int64(), mdc = s.at("mdc").as_int64();
  const std::string line =
      strprintf(_("%1$s: %2$lld on %3$s, %4$lld on %5$s, change %6$s: "), title.c_str(),
                static_cast<long long>(s.at("first").as_int64()), first_day.c_str(),
                static_cast<long long>(s.at("last").as_int64()), last_day.c_str(), signed_text(change).c_str());
  const auto mdc_points = static_cast<long long>(mdc);
  if (s.at("within_mdc") == true)
    return line + strprintf(_("smaller than the minimal detectable change (%lld points)"), mdc_points);
  // Both scales count disability: lower is better.
  return line + strprintf(change < 0 ? _("better by at least the minimal detectable change (%lld points)")
                                     : _("worse by at least the minimal detectable change (%lld points)"),
                          mdc_points);
}

std::string barrier_line(const json::object& counts) {
  std::vector<std::pair<std::int64_t, std::string>> seen;
  std::int64_t total = 0;
  for (const auto& [reason, n] : counts) {
    if (n.as_int64() == 0) continue;
    total += n.as_int64();
    seen.emplace_back(n.as_int64(), reason == "unsaid" ? _("no reason given") : std::string(reason));
  }
  if (total == 0) return _("Barriers: no skips");
  std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string line =
      strprintf(P_("Barriers: %lld skip — ", "Barriers: %lld skips — ", static_cast<unsigned long>(total)),
                static_cast<long long>(total));
  for (std::size_t i = 0; i < seen.size(); ++i)
    line += (i ? ", " : "") + seen[i].second + " " + std::to_string(seen[i].first);
  return line;
}

}  // namespace

json::object report_summary(const json::object& report) {
  json::array lines;
  json::array routines;
  for (const json::value& r : report.at("routines").as_array()) {
    json::object o = routine_summary(r.as_object());
    lines.push_back(o.at("line"));
    routines.push_back(std::move(o));
  }

  const json::array& weeks = report.at("weeks").as_array();
  json::value pain = nullptr;
  std::string pain_line = _("Pain: too few weeks with ratings to compare the first two with the last two");
  if (weeks.size() >= 4) {
    auto first = pain_of(weeks, 0, 2), last = pain_of(weeks, weeks.size() - 2, weeks.size());
    if (first && last) {
      pain_line = strprintf(_("Pain: %1$s/10 on average in the first two weeks, %2$s/10 in the last two"),
                            one_decimal(*first).c_str(), one_decimal(*last).c_str());
      pain = json::object{
          {"first", std::round(*first * 100) / 100}, {"last", std::round(*last * 100) / 100}, {"line", pain_line}};
    }
  }
  lines.push_back(json::value(pain_line));

  const std::string flares = flare_line(report.at("flares").as_array());
  lines.push_back(json::value(flares));

  json::array score_lines;
  for (const json::value& s : report.at("scores").as_array())
    score_lines.push_back(json::value(score_line(s.as_object())));
  if (score_lines.empty()) lines.push_back(json::value(_("Function scores: none recorded")));
  for (const json::value& l : score_lines) lines.push_back(l);

  const std::string barriers = barrier_line(report.at("barriers").at("counts").as_object());
  lines.push_back(json::value(barriers));

  json::array prescription_lines;
  for (const json::value& p : report.at("prescriptions").as_array()) {
    const std::string day(p.at("at").as_string().subview().substr(0, 10));
    prescription_lines.push_back(
        json::value(strprintf(_("Prescription: %1$s from %2$s: %3$s → %4$s"), p.at("routine").as_string().c_str(),
                              day.c_str(), prescription_words(p.as_object(), "from_rule", "from").c_str(),
                              prescription_words(p.as_object(), "to_rule", "to").c_str())));
  }
  if (prescription_lines.empty()) lines.push_back(json::value(_("Prescription changes: none")));
  for (const json::value& l : prescription_lines) lines.push_back(l);

  return {
      {"routines", std::move(routines)},  {"pain", std::move(pain)}, {"flares", flares},
      {"scores", std::move(score_lines)}, {"barriers", barriers},    {"prescriptions", std::move(prescription_lines)},
      {"lines", std::move(lines)}};
}

}  // namespace move
