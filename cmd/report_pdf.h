// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl report --pdf FILE`: the report as an A4 PDF (595 x 842 pt), drawn
// with cairo's PDF surface and Pango for the text; no browser, no other
// program. Page one is the check-up: the name, the date range, the summary
// lines and one chart of weekly minutes beside weekly pain with the flare
// weeks marked; the details of each routine, the flares and the scores
// follow. movectl's only: cairo and Pango stay out of lib/ and of moved.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace move {

/// Where one piece of text was set, in points from the page's top left:
/// what the layout test checks (inside the margins, no two overlapping).
struct PdfTextBox {
  int page;  ///< 0 is page one
  double x, y, w, h;
  std::string text;
};

struct PdfLayout {
  int pages = 0;
  std::vector<PdfTextBox> boxes;
  std::string bytes;  ///< the PDF file
};

inline constexpr double kPdfPageWidth = 595, kPdfPageHeight = 842, kPdfMargin = 40;

/// Lays out and draws the report reply (lib/report.h). Throws
/// std::runtime_error when cairo fails.
PdfLayout report_pdf(const boost::json::object& reply);

/// Writes report_pdf(reply) to file (0600, atomically, as --html is; "-":
/// standard output); false, said on stderr, when it cannot.
bool write_report_pdf(const boost::json::object& reply, const std::string& file);

}  // namespace move
