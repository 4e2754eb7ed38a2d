// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/i18n.h"

#include <clocale>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace move {

namespace {

std::string& mark() {
  static std::string m = ".";
  return m;
}

}  // namespace

std::string vformat_text(const char* fmt, ...) {
  std::va_list args;
  va_start(args, fmt);
  std::va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<std::size_t>(n) + 1);
    std::vsnprintf(out.data(), out.size(), fmt, again);
    out.resize(static_cast<std::size_t>(n));
  }
  va_end(again);
  return out;
}

void init_i18n() {
  // An unknown locale (LANG set to one not generated) leaves "C": English.
  if (std::setlocale(LC_ALL, "")) {
    if (const std::lconv* conv = std::localeconv(); conv && conv->decimal_point && *conv->decimal_point)
      mark() = conv->decimal_point;
    std::setlocale(LC_NUMERIC, "C");
  }
  const char* dir = std::getenv("MOVE_LOCALEDIR");
  bindtextdomain("move", dir && *dir ? dir : MOVE_LOCALEDIR);
  bind_textdomain_codeset("move", "UTF-8");
  textdomain("move");
}

const std::string& decimal_mark() { return mark(); }

std::string human_decimal(double value, int decimals) {
  std::string text = strprintf("%.*f", decimals, value);
  if (const auto dot = text.find('.'); dot != std::string::npos) text.replace(dot, 1, decimal_mark());
  return text;
}

}  // namespace move
