// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Limits a real plan never reaches, checked before toml++ sees the text:
// toml++ 3.3 recurses once per part of a dotted key or header and per
// nested array or inline table, and dies (SIGSEGV) past some 40,000; a huge
// file (`--plan /dev/zero`) or a million routines would hold moved for
// seconds. Documented in move-plan(5).

#include <cstddef>
#include <string_view>

namespace move {

inline constexpr std::size_t kMaxPlanBytes = 4 * 1024 * 1024;  ///< 10,000 routines take about 1.5 MiB
inline constexpr int kMaxPlanDepth = 32;                       ///< parts of a key, nested [ and {
inline constexpr std::size_t kMaxRoutines = 20000;

/// Throws PlanError (file:line:col of the first place over a limit) when
/// text is longer than kMaxPlanBytes or nests deeper than kMaxPlanDepth:
/// the parts of a dotted key or table header plus the arrays and inline
/// tables it is in. Strings and comments are skipped as TOML reads them.
void check_plan_limits(std::string_view text, std::string_view source);

}  // namespace move
