// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pages of the PDF report (cmd/report_pdf): a cairo PDF surface written
// into memory, a cursor down the page, Pango text boxes recorded as they are
// set (PdfLayout), and a new page with its footer when the next piece does
// not fit. movectl's only.

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <string>

#include "cmd/report_pdf.h"
#include "lib/i18n.h"

namespace move::pdf {

inline constexpr double kW = kPdfPageWidth, kH = kPdfPageHeight, kM = kPdfMargin;
inline constexpr double kBottom = kH - kM - 16;  // the footer's line below
inline constexpr const char* kFont = "DejaVu Sans";

inline cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Style {
  double size = 9;
  bool bold = false;
  PangoAlignment align = PANGO_ALIGN_LEFT;
  bool one_line = false;  ///< ellipsized to the width rather than wrapped
  double r = 0.1, g = 0.1, b = 0.1;
};

/// The pages being drawn, and every text box set on them.
class Pages {
 public:
  explicit Pages(PdfLayout& out) : out_(out) {
    surface_ = cairo_pdf_surface_create_for_stream(append, &out.bytes, kW, kH);
    cr_ = cairo_create(surface_);
    layout_ = pango_cairo_create_layout(cr_);
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
    font_ = pango_font_description_from_string(kFont);
    out_.pages = 1;
  }
  ~Pages() {
    pango_font_description_free(font_);
    g_object_unref(layout_);
    cairo_destroy(cr_);
    cairo_surface_destroy(surface_);
  }
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  cairo_t* cr() { return cr_; }
  cairo_surface_t* surface() { return surface_; }
  double y = kM;

  /// The height text takes at width w.
  double measure(const std::string& text, double w, const Style& s) {
    set(text, w, s);
    PangoRectangle logical;
    pango_layout_get_extents(layout_, nullptr, &logical);
    return static_cast<double>(logical.height) / PANGO_SCALE;
  }

  /// Sets text at (x, top) in a box w wide; returns its height.
  double text(const std::string& text, double x, double top, double w, const Style& s) {
    set(text, w, s);
    PangoRectangle ink, logical;
    pango_layout_get_extents(layout_, &ink, &logical);
    const double h = static_cast<double>(logical.height) / PANGO_SCALE;
    // The box as set: the logical width (alignment moves it inside w).
    const double lw = std::min(w, static_cast<double>(logical.width) / PANGO_SCALE);
    const double lx = x + static_cast<double>(logical.x) / PANGO_SCALE;
    cairo_set_source_rgb(cr_, s.r, s.g, s.b);
    cairo_move_to(cr_, x, top);
    pango_cairo_show_layout(cr_, layout_);
    out_.boxes.push_back({out_.pages - 1, lx, top, lw, h, text});
    return h;
  }

  /// A paragraph at the cursor, the full width; a new page first when it
  /// does not fit.
  void paragraph(const std::string& t, const Style& s, double after = 2, double indent = 0) {
    const double w = kW - 2 * kM - indent;
    need(measure(t, w, s));
    y += text(t, kM + indent, y, w, s) + after;
  }

  /// Makes room for h points below the cursor.
  void need(double h) {
    if (y + h <= kBottom) return;
    new_page();
  }

  void new_page() {
    footer();
    cairo_show_page(cr_);
    ++out_.pages;
    y = kM;
  }

  void footer() {
    Style s;
    s.size = 7.5;
    s.r = s.g = s.b = 0.35;
    s.align = PANGO_ALIGN_RIGHT;
    s.one_line = true;
    text(strprintf(_("page %d"), static_cast<int>(out_.pages)), kM, kH - kM - 10, kW - 2 * kM, s);
  }

  void rule(double width = 0.8) {
    cairo_set_source_rgb(cr_, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, kM, y);
    cairo_line_to(cr_, kW - kM, y);
    cairo_stroke(cr_);
  }

 private:
  void set(const std::string& text, double w, const Style& s) {
    pango_font_description_set_absolute_size(font_, s.size * PANGO_SCALE);
    pango_font_description_set_weight(font_, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout_, font_);
    pango_layout_set_width(layout_, static_cast<int>(w * PANGO_SCALE));
    pango_layout_set_alignment(layout_, s.align);
    pango_layout_set_ellipsize(layout_, s.one_line ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_height(layout_, s.one_line ? -1 : -1000);
    pango_layout_set_text(layout_, text.c_str(), -1);
  }

  PdfLayout& out_;
  cairo_surface_t* surface_;
  cairo_t* cr_;
  PangoLayout* layout_;
  PangoFontDescription* font_;
};

}  // namespace move::pdf
