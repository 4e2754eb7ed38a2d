// SPDX-License-Identifier: GPL-3.0-or-later
// Messages for people, translated with gettext (glibc's libintl, domain
// "move"). Every string a person reads goes through _() (or N_() where it
// is only marked, in a table, and translated where it is used); plurals
// through P_() (ngettext), never by hand. Machine output (JSON keys, codes,
// CSV, the protocol, the plan format) never does: it is the same in every
// locale. po/README says how the catalogue is kept.
#pragma once

#include <libintl.h>

#include <string>
#include <type_traits>

// Marks a literal for xgettext without translating it here.
#define N_(text) text

namespace move {

// The translation of `text` in the user's locale (LC_MESSAGES), or `text`.
// format_arg: the compiler checks printf arguments against the msgid.
__attribute__((format_arg(1))) inline const char* _(const char* text) { return gettext(text); }
// Singular or plural (as the language counts) for `n`.
__attribute__((format_arg(1), format_arg(2))) inline const char* P_(const char* singular, const char* plural,
                                                                    unsigned long n) {
  return ngettext(singular, plural, n);
}

// printf into a string (vsnprintf), for strprintf below.
std::string vformat_text(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// printf into a string: for translated templates, whose words may move
// around the values (positional %1$s are fine). Only numbers and C strings
// pass: a std::string or string_view through "..." is undefined (a crash),
// and the compiler's format check does not see it, so it fails to compile
// here instead (give .c_str()).
#ifdef MOVE_CHECK_FORMATS  // the compiler's printf check of every call (tests/po/check_formats.sh)
#define strprintf vformat_text
#else
template <typename... Args>
std::string strprintf(const char* fmt, Args... args) {
  static_assert(((std::is_arithmetic_v<Args> || std::is_pointer_v<Args>)&&...),
                "strprintf takes numbers and C strings: pass .c_str()");
  if constexpr (sizeof...(Args) == 0)
    return vformat_text("%s", fmt);
  else
    return vformat_text(fmt, args...);
}
#endif

// setlocale(LC_ALL, "") and the "move" domain bound to its folder:
// $MOVE_LOCALEDIR when set (tests, the build tree), else the installed
// share/locale. LC_NUMERIC stays "C" so that every number parsed or written
// for machines keeps its point; decimal_mark() is the locale's, for people.
void init_i18n();

// The user's decimal mark ("," in German), "." before init_i18n.
const std::string& decimal_mark();

// `value` with `decimals` digits after the user's decimal mark: "2,5".
std::string human_decimal(double value, int decimals);

}  // namespace move
