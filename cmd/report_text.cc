// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/report_text.h"

#include <langinfo.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <ostream>
#include <vector>

#include "cmd/rule.h"
#include "lib/duration.h"
#include "lib/i18n.h"
#include "lib/report_summary.h"

namespace move {

namespace json = boost::json;
using namespace std::chrono;

namespace report_format {
namespace {

// The locale's abbreviated month and weekday names (LC_TIME): "Mar" and
// "Mon" in English, "Mär" and "Mo" in German.
constexpr std::array<nl_item, 12> kMonths{ABMON_1, ABMON_2, ABMON_3, ABMON_4,  ABMON_5,  ABMON_6,
                                          ABMON_7, ABMON_8, ABMON_9, ABMON_10, ABMON_11, ABMON_12};
constexpr std::array<nl_item, 7> kWeekdays{ABDAY_2, ABDAY_3, ABDAY_4, ABDAY_5, ABDAY_6, ABDAY_7, ABDAY_1};

int digits(std::string_view s, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::optional<year_month_day> parse_date(std::string_view s) {
  const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (y < 0 || m < 0 || d < 0 || s[4] != '-' || s[7] != '-') return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

const char* weekday_of(const year_month_day& ymd) {
  return nl_langinfo(kWeekdays[weekday{sys_days{ymd}}.iso_encoding() - 1]);
}

const char* month_of(const year_month_day& ymd) { return nl_langinfo(kMonths[static_cast<unsigned>(ymd.month()) - 1]); }

}  // namespace

std::string week_number(std::string_view monday) {
  auto ymd = parse_date(monday);
  if (!ymd) return "";
  const sys_days d{*ymd};
  const sys_days thursday = d + days(4 - static_cast<int>(weekday{d}.iso_encoding()));
  const year y = year_month_day{thursday}.year();
  const auto week = (thursday - sys_days{y / January / 1}).count() / 7 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "W%02d", static_cast<int>(week));
  return buf;
}

std::string day_month(std::string_view date) {
  auto ymd = parse_date(date);
  if (!ymd) return std::string(date);
  return std::to_string(static_cast<unsigned>(ymd->day())) + " " + month_of(*ymd);
}

std::string week_range(std::string_view monday) {
  auto ymd = parse_date(monday);
  if (!ymd) return std::string(monday);
  const year_month_day sunday{sys_days{*ymd} + days(6)};
  if (sunday.month() == ymd->month())
    return std::to_string(static_cast<unsigned>(ymd->day())) + "–" +
           std::to_string(static_cast<unsigned>(sunday.day())) + " " + month_of(sunday);
  return std::to_string(static_cast<unsigned>(ymd->day())) + " " + month_of(*ymd) + " – " +
         std::to_string(static_cast<unsigned>(sunday.day())) + " " + month_of(sunday);
}

std::string paused_text(const json::object& week) {
  const json::value* v = week.if_contains("paused_s");
  if (!v || !v->is_number() || v->to_number<long long>() <= 0) return "";
  return strprintf(_("paused %s"), format_duration(Seconds{v->to_number<long long>()}).c_str());
}

std::string week_label(std::string_view monday) {
  auto ymd = parse_date(monday);
  if (!ymd) return std::string(monday);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s %2u %s", week_number(monday).c_str(), static_cast<unsigned>(ymd->day()),
                month_of(*ymd));
  return buf;
}

std::string long_date(std::string_view iso) {
  auto ymd = parse_date(iso);
  if (!ymd) return std::string(iso);
  return std::string(weekday_of(*ymd)) + " " + std::to_string(static_cast<unsigned>(ymd->day())) + " " +
         month_of(*ymd) + " " + std::to_string(static_cast<int>(ymd->year()));
}

std::string short_time(std::string_view iso) {
  auto ymd = parse_date(iso);
  if (!ymd || iso.size() < 16) return std::string(iso);
  return std::string(weekday_of(*ymd)) + " " + std::to_string(static_cast<unsigned>(ymd->day())) + " " +
         month_of(*ymd) + " " + std::string(iso.substr(11, 5));
}

std::string fraction(long long done, double expected) {
  return strprintf(_("%1$lld of %2$s"), done, count_text(expected).c_str());
}

std::string day_glyph(long long count) {
  if (count <= 0) return "·";
  return count < 10 ? std::to_string(count) : "+";
}

}  // namespace report_format

bool use_colour(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}

namespace {

using namespace report_format;

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kRed = "\x1b[31m";

/// Text with optional ANSI colour; the width ignores escape sequences.
class Painter {
 public:
  explicit Painter(bool on) : on_(on) {}
  std::string operator()(const std::string& text, const char* style) const {
    if (!on_ || text.empty() || !style) return text;
    return style + text + kReset;
  }

 private:
  bool on_;
};

std::size_t visible_width(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {  // CSI ... final byte
      while (i < s.size() && !(s[i] >= '@' && s[i] <= '~' && s[i] != '[')) ++i;
      continue;
    }
    if ((c & 0xc0) != 0x80) ++n;
  }
  return n;
}

/// Left-aligned columns two spaces apart, like cmd/table.h, colour-safe.
void print_rows(const std::vector<std::vector<std::string>>& rows, std::ostream& out, const std::string& indent = "") {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], visible_width(row[i]));
  }
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(width[i] - visible_width(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

std::string str(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  return json::serialize(v);
}

/// Text from the history (notes, titles) with control characters as spaces:
/// a note cannot move the cursor or colour the terminal.
std::string printable(const json::value& v) {
  std::string s = str(v);
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return s;
}

double number(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0; }

const char* adherence_style(const json::value& a) {
  if (!a.is_number()) return nullptr;
  const double v = a.to_number<double>();
  return v >= 0.8 ? kGreen : v >= 0.5 ? kYellow : kRed;
}

std::string percent(const json::value& v) {
  if (!v.is_number()) return "-";
  return std::to_string(static_cast<int>(std::lround(v.to_number<double>() * 100))) + "%";
}

std::string pain_cell(const json::object& week) {
  if (!week.at("pain_avg").is_number()) return "-";
  const long long n = week.at("pain_count").to_number<long long>();
  return strprintf(P_("%1$s (%2$lld rating)", "%1$s (%2$lld ratings)", static_cast<unsigned long>(n)),
                   human_decimal(week.at("pain_avg").to_number<double>(), 1).c_str(), n);
}

std::string band_text(const json::value& band) {
  if (!band.is_object()) return "-";
  const json::object& b = band.as_object();
  return b.at("min") == b.at("max") ? str(b.at("min")) : str(b.at("min")) + "–" + str(b.at("max"));
}

bool has_flares(const json::object& reply) {
  const json::value* flares = reply.if_contains("flares");
  return flares && flares->is_array() && !flares->as_array().empty();
}

/// The flares and function scores, one line each.
void print_health(const json::object& reply, std::ostream& out, const Painter& paint) {
  const json::value* flares = reply.if_contains("flares");
  if (flares && flares->is_array() && !flares->as_array().empty()) {
    out << '\n' << paint(_("Flares"), kBold) << '\n';
    for (const json::value& f : flares->as_array()) {
      std::string line = "  " + short_time(str(f.at("at")));
      line += f.at("limiting") == true ? _(": limited activity") : _(": did not limit activity");
      if (f.at("care") == true) line += _(", care sought");
      if (const std::string note = printable(f.at("note")); !note.empty()) line += "; " + note;
      out << line << '\n';
    }
  }
  const json::value* scores = reply.if_contains("scores");
  if (scores && scores->is_array() && !scores->as_array().empty()) {
    out << '\n' << paint(_("Function scores"), kBold) << '\n';
    for (const json::value& sv : scores->as_array()) {
      std::string line = "  " + str(sv.at("title")) + " (0-" + str(sv.at("max")) + "):";
      for (const json::value& p : sv.at("points").as_array())
        line += " " + day_month(str(p.at("at")).substr(0, 10)) + " " + str(p.at("score")) + ",";
      line.pop_back();
      out << line << '\n';
    }
  }
}

}  // namespace

void print_report(const json::object& reply, std::ostream& out, bool colour) {
  const Painter paint(colour);
  const json::array& weeks = reply.at("weeks").as_array();
  const json::array& routines = reply.at("routines").as_array();
  const std::string to = str(reply.at("to"));

  out << paint(_("Activity report"), kBold)
      << strprintf(
             P_(", %1$s to %2$s (%3$zu week; as of %4$s)", ", %1$s to %2$s (%3$zu weeks; as of %4$s)", weeks.size()),
             long_date(str(reply.at("from"))).c_str(), long_date(to).c_str(), weeks.size(), short_time(to).c_str())
      << "\n";
  if (const json::value* name = reply.if_contains("name"); name && name->is_string())
    out << strprintf(_("for %s"), printable(*name).c_str()) << '\n';
  out << '\n';
  // The check-up: one line each (lib/report_summary.h).
  if (const json::value* summary = reply.if_contains("summary"); summary && summary->is_object()) {
    for (const json::value& line : summary->at("lines").as_array()) out << "  " << printable(line) << '\n';
    out << '\n';
  }

  // Overview: pain beside each routine's done / expected.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{_("WEEK"), _("PAIN 0-10")};
  for (const json::value& rv : routines) header.push_back(str(rv.at("id")));
  rows.push_back(std::move(header));
  for (std::size_t i = 0; i < weeks.size(); ++i) {
    const json::object& w = weeks[i].as_object();
    const std::string paused = paused_text(w);
    std::string label = week_label(str(w.at("monday"))) + (paused.empty() ? "" : " (" + paused + ")");
    if (const json::value* f = w.if_contains("flares"); f && f->is_int64() && f->as_int64() > 0)
      label += w.at("limiting_flares").as_int64() > 0 ? " FLARE!" : " flare";
    std::vector<std::string> row{std::move(label), pain_cell(w)};
    for (const json::value& rv : routines) {
      const json::object& rw = rv.at("weeks").as_array().at(i).as_object();
      row.push_back(paint(fraction(rw.at("done").to_number<long long>(), number(rw.at("expected"))),
                          adherence_style(rw.at("adherence"))));
    }
    rows.push_back(std::move(row));
  }
  print_rows(rows, out);
  for (const json::value& wv : weeks)
    if (const json::value* notes = wv.as_object().if_contains("pain_notes"); notes && notes->is_array())
      for (const json::value& n : notes->as_array())
        out << "  "
            << strprintf(_("pain %1$s/10 %2$s: %3$s"), str(n.at("level")).c_str(), short_time(str(n.at("at"))).c_str(),
                         printable(n.at("note")).c_str())
            << '\n';

  for (const json::value& rv : routines) {
    const json::object& r = rv.as_object();
    out << '\n' << paint(printable(r.at("title")), kBold) << " (" << str(r.at("id")) << "): " << schedule_words(r);
    if (r.at("dose").is_string()) out << strprintf(_(", %s a time"), str(r.at("dose")).c_str());
    if (r.at("target_minutes_week").is_object())
      out << strprintf(_("; target %s min a week"), band_text(r.at("target_minutes_week")).c_str());
    if (r.contains("enabled") && r.at("enabled").is_bool() && !r.at("enabled").as_bool()) out << " " << _("(disabled)");
    out << '\n';

    rows.clear();
    // TRANSLATORS: the column of a week's days, one letter each, Monday first.
    rows.push_back({_("WEEK"), _("DONE"), _("ADHERENCE"), _("MINUTES"), _("TARGET"), _("M T W T F S S"), _("SKIPS")});
    std::vector<std::string> skip_lines;
    const json::array& rweeks = r.at("weeks").as_array();
    for (std::size_t i = 0; i < rweeks.size(); ++i) {
      const json::object& w = rweeks[i].as_object();
      const long long elapsed = i < weeks.size() ? weeks[i].at("days_elapsed").to_number<long long>() : 7;
      std::string cells;
      const json::array& days = w.at("days").as_array();
      for (std::size_t d = 0; d < days.size(); ++d) {
        if (d) cells += ' ';
        const long long n = days[d].to_number<long long>();
        if (static_cast<long long>(d) >= elapsed)
          cells += ' ';  // not yet
        else
          cells += paint(day_glyph(n), n > 0 ? kGreen : kDim);
      }
      while (!cells.empty() && cells.back() == ' ') cells.pop_back();

      const json::value& band = w.at("target_minutes");
      const char* minutes_style = nullptr;
      if (band.is_object()) {
        const double m = number(w.at("minutes"));
        minutes_style = m >= number(band.at("min")) ? kGreen : kYellow;
      }
      const json::array& skips = w.at("skips").as_array();
      rows.push_back({week_label(str(w.at("monday"))),
                      fraction(w.at("done").to_number<long long>(), number(w.at("expected"))),
                      paint(percent(w.at("adherence")), adherence_style(w.at("adherence"))),
                      paint(str(w.at("minutes")), minutes_style), band_text(band), cells,
                      skips.empty() ? "" : std::to_string(skips.size())});
      if (const json::value* n = w.if_contains("imported"); n && n->to_number<long long>() > 0)
        skip_lines.push_back(strprintf(_("%1$s: %2$s from the watch (imported files)"),
                                       week_label(str(w.at("monday"))).c_str(), str(*n).c_str()));
      for (const json::value& s : skips) {
        const std::string note = printable(s.at("note"));
        const json::value* reason = s.as_object().if_contains("reason");
        const std::string why = reason && reason->is_string() ? " (" + str(*reason) + ")" : "";
        skip_lines.push_back(strprintf(_("skipped %s"), short_time(str(s.at("at"))).c_str()) + why +
                             (note.empty() ? "" : ": " + note));
      }
      if (const json::value* notes = w.if_contains("notes"); notes && notes->is_array())
        for (const json::value& n : notes->as_array())
          skip_lines.push_back(
              strprintf(_("done %1$s: %2$s"), short_time(str(n.at("at"))).c_str(), printable(n.at("note")).c_str()));
    }
    print_rows(rows, out);
    for (const std::string& line : skip_lines) out << "  " << line << '\n';
  }

  print_health(reply, out, paint);

  if (!weeks.empty())
    out << '\n'
        << paint(
               std::string(has_flares(reply) ? _("FLARE! marks a week with an activity-limiting flare, flare one with "
                                                 "another. ")
                                             : "") +
                   strprintf(_("The last week runs to %s; its expected counts are pro rata. Days: · none, 1-9 done "
                               "that often, + ten times or more."),
                             short_time(to).c_str()),
               kDim)
        << '\n';
}

}  // namespace move
