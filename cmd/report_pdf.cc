// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/report_pdf.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "cmd/pdf_pages.h"
#include "cmd/report_text.h"
#include "cmd/rule.h"
#include "lib/atomic_file.h"
#include "lib/i18n.h"

// fontconfig keeps its caches for the life of the process and does not give
// them back at exit (FcFini would, but asserts while Pango's font loading
// thread still holds them): not leaks of ours. LeakSanitizer reads this hook
// in sanitizer builds; elsewhere it is an unused function.
extern "C" __attribute__((used, visibility("default"))) const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}

namespace move {

namespace json = boost::json;
using namespace report_format;

namespace {

using namespace pdf;

std::string text_of(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  return json::serialize(v);
}

double num(const json::value& v) { return v.is_number() ? v.to_number<double>() : 0; }

/// A round axis step for a top value: 1, 2 or 5 times a power of ten.
double nice_step(double top, int ticks) {
  const double raw = std::max(top / ticks, 1.0);
  const double p = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

std::string whole(double v) { return std::to_string(std::lround(v)); }

/// Weekly minutes (bars, left axis) beside weekly pain (line, right axis),
/// the weeks with a flare shaded and marked.
void chart(Pages& p, const json::object& reply) {
  const json::array& weeks = reply.at("weeks").as_array();
  const json::array& routines = reply.at("routines").as_array();
  const std::size_t n = weeks.size();
  if (n == 0) return;
  Style title;
  title.size = 10;
  title.bold = true;
  Style small;
  small.size = 7;
  small.one_line = true;
  const double axis_w = 30, plot_h = 160, label_h = p.measure("W88", 100, small);
  p.need(p.measure("M", 400, title) + 6 + plot_h + 2 * label_h + 20);
  p.y += p.text(_("Weekly minutes of activity and weekly pain"), kM, p.y, kW - 2 * kM, title) + 6;

  std::vector<double> minutes(n, 0);
  for (const json::value& r : routines) {
    const json::array& rw = r.at("weeks").as_array();
    for (std::size_t i = 0; i < n && i < rw.size(); ++i) minutes[i] += num(rw[i].at("minutes"));
  }
  const double step = nice_step(*std::max_element(minutes.begin(), minutes.end()), 4);
  const double top = step * 4;
  const double x0 = kM + axis_w + 4, x1 = kW - kM - axis_w - 4, y0 = p.y + label_h / 2, y1 = y0 + plot_h;
  const double slot = (x1 - x0) / static_cast<double>(n);
  cairo_t* cr = p.cr();

  // Flare weeks: a pale red column.
  for (std::size_t i = 0; i < n; ++i) {
    const json::value* f = weeks[i].as_object().if_contains("flares");
    if (!f || num(*f) <= 0) continue;
    const bool limiting = num(weeks[i].at("limiting_flares")) > 0;
    cairo_set_source_rgb(cr, 1.0, limiting ? 0.82 : 0.9, limiting ? 0.8 : 0.88);
    cairo_rectangle(cr, x0 + slot * static_cast<double>(i), y0, slot, plot_h);
    cairo_fill(cr);
  }
  // Grid and axes.
  cairo_set_line_width(cr, 0.4);
  Style left = small, right = small;
  left.align = PANGO_ALIGN_RIGHT;
  for (int t = 0; t <= 4; ++t) {
    const double y = y1 - plot_h * t / 4;
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    p.text(whole(step * t), kM, y - label_h / 2, axis_w, left);
  }
  for (int t = 0; t <= 10; t += 2) p.text(std::to_string(t), x1 + 4, y1 - plot_h * t / 10 - label_h / 2, axis_w, right);
  // Minutes: bars.
  const double bar = std::max(1.0, std::min(24.0, slot * 0.6));
  cairo_set_source_rgb(cr, 0.12, 0.31, 0.55);
  for (std::size_t i = 0; i < n; ++i) {
    const double h = top > 0 ? minutes[i] / top * plot_h : 0;
    cairo_rectangle(cr, x0 + slot * (static_cast<double>(i) + 0.5) - bar / 2, y1 - h, bar, h);
  }
  cairo_fill(cr);
  // Pain: a line through the weeks with ratings.
  cairo_set_source_rgb(cr, 0.75, 0.22, 0.17);
  cairo_set_line_width(cr, 1.6);
  bool started = false;
  for (std::size_t i = 0; i < n; ++i) {
    const json::value& pain = weeks[i].at("pain_avg");
    if (!pain.is_number()) {
      started = false;
      continue;
    }
    const double x = x0 + slot * (static_cast<double>(i) + 0.5), y = y1 - num(pain) / 10 * plot_h;
    if (started)
      cairo_line_to(cr, x, y);
    else
      cairo_move_to(cr, x, y);
    started = true;
  }
  cairo_stroke(cr);
  for (std::size_t i = 0; i < n; ++i) {
    const json::value& pain = weeks[i].at("pain_avg");
    if (!pain.is_number()) continue;
    cairo_arc(cr, x0 + slot * (static_cast<double>(i) + 0.5), y1 - num(pain) / 10 * plot_h, 2.2, 0, 2 * M_PI);
    cairo_fill(cr);
  }
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, x0, y0, x1 - x0, plot_h);
  cairo_stroke(cr);
  // Week labels, as many as fit side by side.
  Style xs = small;
  xs.align = PANGO_ALIGN_CENTER;
  const double label_w = 26;
  const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(label_w / slot)));
  for (std::size_t i = 0; i < n; i += every) {
    const double cx = x0 + slot * (static_cast<double>(i) + 0.5);
    p.text(week_number(text_of(weeks[i].at("monday"))), cx - label_w / 2, y1 + 2, label_w, xs);
  }
  p.y = y1 + 2 + label_h + 3;
  Style key = small;
  key.one_line = false;
  p.y += p.text(_("Bars: minutes of all routines, left axis. Red line: average pain rating (0–10), right axis. "
                  "Shaded: a week with a flare (darker: it limited activity)."),
                kM, p.y, kW - 2 * kM, key) +
         10;
}

void routine_details(Pages& p, const json::object& reply, const json::object& r) {
  Style h;
  h.size = 11;
  h.bold = true;
  Style meta;
  meta.size = 8.5;
  meta.r = meta.g = meta.b = 0.25;
  Style cell;
  cell.size = 8;
  cell.one_line = true;
  Style head = cell;
  head.bold = true;
  Style wrap = cell;
  wrap.one_line = false;

  const double row_h = p.measure("W88", 100, cell) + 3;
  p.need(p.measure("X", 400, h) + p.measure("X", 400, meta) + 3 * row_h + 8);
  p.y += p.text(text_of(r.at("title")) + " (" + text_of(r.at("id")) + ")", kM, p.y, kW - 2 * kM, h) + 1;
  std::string m = schedule_words(r);
  if (r.at("dose").is_string()) m += " · " + strprintf(_("%s a time"), text_of(r.at("dose")).c_str());
  if (const json::value& t = r.at("target_minutes_week"); t.is_object())
    m += " · " +
         strprintf(_("target %s min a week"),
                   (text_of(t.at("min")) + (t.at("min") == t.at("max") ? "" : "–" + text_of(t.at("max")))).c_str());
  p.paragraph(m, meta, 1);
  if (const json::value* list = reply.if_contains("prescriptions"); list && list->is_array())
    for (const json::value& pr : list->as_array())
      if (pr.is_object() && text_of(pr.at("routine")) == text_of(r.at("id")))
        p.paragraph(strprintf(_("Prescription changed %s"), long_date(text_of(pr.at("at"))).c_str()) + ": " +
                        prescription_words(pr.as_object(), "from_rule", "from") + " → " +
                        prescription_words(pr.as_object(), "to_rule", "to"),
                    meta, 1);

  // Week | Done | Adherence | Minutes | Target | Skips
  const double widths[] = {96, 58, 54, 46, 56, kW - 2 * kM - 96 - 58 - 54 - 46 - 56};
  auto row = [&](const std::vector<std::string>& cells, const Style& s) {
    double height = row_h;
    height = std::max(height, p.measure(cells.back(), widths[5] - 4, wrap) + 3);
    p.need(height);
    double x = kM;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c + 1 == cells.size() && &s != &head)
        p.text(cells[c], x, p.y + 1.5, widths[c] - 4, wrap);
      else if (!cells[c].empty())
        p.text(cells[c], x, p.y + 1.5, widths[c] - 4, s);
      x += widths[c];
    }
    p.y += height;
    cairo_set_source_rgb(p.cr(), 0.8, 0.8, 0.8);
    cairo_set_line_width(p.cr(), 0.4);
    cairo_move_to(p.cr(), kM, p.y);
    cairo_line_to(p.cr(), kW - kM, p.y);
    cairo_stroke(p.cr());
  };
  row({_("Week"), _("Done"), _("Adherence"), _("Minutes"), _("Target"), _("Skipped")}, head);
  const json::array& weeks = reply.at("weeks").as_array();
  const json::array& rweeks = r.at("weeks").as_array();
  for (std::size_t i = 0; i < rweeks.size(); ++i) {
    const json::object& w = rweeks[i].as_object();
    std::string label = week_label(text_of(w.at("monday")));
    if (i < weeks.size())
      if (const json::value* f = weeks[i].as_object().if_contains("flares"); f && num(*f) > 0)
        label += num(weeks[i].at("limiting_flares")) > 0 ? " FLARE" : " flare";
    std::string skips;
    for (const json::value& s : w.at("skips").as_array()) {
      std::string one = short_time(text_of(s.at("at")));
      if (const json::value* why = s.as_object().if_contains("reason"); why && why->is_string())
        one += " (" + text_of(*why) + ")";
      if (s.at("note").is_string()) one += ": " + text_of(s.at("note"));
      skips += (skips.empty() ? "" : "; ") + one;
    }
    const json::value& band = w.at("target_minutes");
    std::string target = "–";
    if (band.is_object())
      target = text_of(band.at("min")) + (band.at("min") == band.at("max") ? "" : "–" + text_of(band.at("max")));
    const json::value& a = w.at("adherence");
    row({label, fraction(w.at("done").to_number<long long>(), num(w.at("expected"))),
         a.is_number() ? whole(num(a) * 100) + "%" : "–", text_of(w.at("minutes")), target, skips},
        cell);
  }
  p.y += 10;
}

void health_details(Pages& p, const json::object& reply) {
  Style h;
  h.size = 11;
  h.bold = true;
  Style line;
  line.size = 8.5;
  const json::value* flares = reply.if_contains("flares");
  if (flares && flares->is_array() && !flares->as_array().empty()) {
    p.need(40);
    p.y += p.text(_("Flares"), kM, p.y, kW - 2 * kM, h) + 2;
    for (const json::value& f : flares->as_array()) {
      std::string t = short_time(text_of(f.at("at")));
      t += f.at("limiting") == true ? _(": limited activity") : _(": did not limit activity");
      if (f.at("care") == true) t += _(", care sought");
      if (f.at("note").is_string()) t += " — " + text_of(f.at("note"));
      p.paragraph(t, line, 1, 8);
    }
    p.y += 8;
  }
  const json::value* scores = reply.if_contains("scores");
  if (scores && scores->is_array() && !scores->as_array().empty()) {
    p.need(40);
    p.y += p.text(_("Function scores"), kM, p.y, kW - 2 * kM, h) + 2;
    for (const json::value& s : scores->as_array()) {
      std::string t = text_of(s.at("title")) + " (0–" + text_of(s.at("max")) + "):";
      for (const json::value& pt : s.at("points").as_array())
        t += " " + day_month(text_of(pt.at("at")).substr(0, 10)) + " " + text_of(pt.at("score")) + ",";
      t.pop_back();
      p.paragraph(t, line, 1, 8);
    }
  }
}

}  // namespace

PdfLayout report_pdf(const json::object& reply) {
  PdfLayout out;
  {
    Pages p(out);
    const std::string range = long_date(text_of(reply.at("from"))) + " – " + long_date(text_of(reply.at("to")));
    const json::value* name = reply.if_contains("name");
    const std::string who = name && name->is_string() ? text_of(*name) : "";
    cairo_pdf_surface_set_metadata(p.surface(), CAIRO_PDF_METADATA_TITLE,
                                   (_("Activity report") + (" " + range) + (who.empty() ? "" : ", " + who)).c_str());
    cairo_pdf_surface_set_metadata(p.surface(), CAIRO_PDF_METADATA_CREATOR, "move");

    Style title;
    title.size = 16;
    title.bold = true;
    p.y += p.text(who.empty() ? std::string(_("Activity report")) : _("Activity report") + (" — " + who), kM, p.y,
                  kW - 2 * kM, title) +
           2;
    Style meta;
    meta.size = 9.5;
    meta.r = meta.g = meta.b = 0.25;
    const std::size_t n = reply.at("weeks").as_array().size();
    p.y += p.text(range + " · " + strprintf(P_("%zu week, Monday to Sunday", "%zu weeks, Monday to Sunday", n), n), kM,
                  p.y, kW - 2 * kM, meta) +
           4;
    p.rule(1.2);
    p.y += 8;

    Style h;
    h.size = 11;
    h.bold = true;
    Style line;
    line.size = 9;
    if (const json::value* summary = reply.if_contains("summary"); summary && summary->is_object()) {
      p.y += p.text(_("Summary"), kM, p.y, kW - 2 * kM, h) + 3;
      for (const json::value& l : summary->at("lines").as_array()) {
        p.need(p.measure(text_of(l), kW - 2 * kM - 10, line));
        p.text("•", kM, p.y, 8, line);
        p.y += p.text(text_of(l), kM + 10, p.y, kW - 2 * kM - 10, line) + 2.5;
      }
      p.y += 10;
    }
    chart(p, reply);

    // The details from page two on.
    p.new_page();
    for (const json::value& r : reply.at("routines").as_array()) routine_details(p, reply, r.as_object());
    health_details(p, reply);
    p.footer();
    cairo_surface_finish(p.surface());
    if (cairo_surface_status(p.surface()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error(std::string(_("the PDF could not be made: ")) +
                               cairo_status_to_string(cairo_surface_status(p.surface())));
  }
  return out;
}

bool write_report_pdf(const json::object& reply, const std::string& file) {
  try {
    const PdfLayout pdf = report_pdf(reply);
    if (file == "-") {
      std::cout.write(pdf.bytes.data(), static_cast<std::streamsize>(pdf.bytes.size())).flush();
      return static_cast<bool>(std::cout);
    }
    write_file_atomically(file, pdf.bytes, 0600);  // health data: for its owner only
  } catch (const std::system_error& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return false;
  } catch (const std::runtime_error& e) {
    std::cerr << "movectl: " << e.what() << "\n";
    return false;
  }
  return true;
}

}  // namespace move
