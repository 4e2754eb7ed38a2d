// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `movectl report`: the range (--weeks, or --since and --until), the name
// on the page, and where it goes (the terminal, --html FILE, --pdf FILE).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cmd/call.h"

namespace move {

struct ReportArgs {
  std::optional<int> weeks;
  std::optional<std::string> since, until, name, html_file, pdf_file;
};

void report_options(CLI::App& c, ReportArgs& a);
/// Throws BadValue (exit 2) for a date movectl cannot read.
int report_run(const ReportArgs& a, const CallTarget& target);

}  // namespace move
