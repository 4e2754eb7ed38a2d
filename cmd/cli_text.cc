// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/cli_text.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "lib/i18n.h"

namespace move {

namespace {

// "A<sep>B" split at the first sep: {A, B}, or nothing.
bool split_at(std::string_view s, std::string_view sep, std::string& a, std::string& b) {
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) return false;
  a = s.substr(0, at);
  b = s.substr(at + sep.size());
  return true;
}

// A validator's complaint about one option's value (CLI11 2.1: "Value V not
// in range A to B", "V not in {a,b}").
std::string validation_text(const std::string& option, std::string_view complaint) {
  std::string value, rest, low, high;
  if (complaint.starts_with("Value ") && split_at(complaint.substr(6), " not in range ", value, rest) &&
      split_at(rest, " to ", low, high))
    return strprintf(_("%1$s: %2$s is not in %3$s to %4$s"), option.c_str(), value.c_str(), low.c_str(), high.c_str());
  if (split_at(complaint, " not in {", value, rest) && rest.ends_with("}")) {
    rest.pop_back();
    std::string choices;
    for (char c : rest) choices += c == ',' ? std::string(", ") : std::string(1, c);
    return strprintf(_("%1$s: '%2$s' is not one of %3$s"), option.c_str(), value.c_str(), choices.c_str());
  }
  return option + ": " + std::string(complaint);
}

}  // namespace

void localize_help(CLI::App& app) {
  std::shared_ptr<CLI::FormatterBase> f = app.get_formatter();
  // TRANSLATORS: the labels of `movectl --help`: "Usage: movectl [OPTIONS] [SUBCOMMAND]".
  f->label("Usage", _("Usage"));
  f->label("OPTIONS", _("OPTIONS"));
  f->label("SUBCOMMAND", _("COMMAND"));
  f->label("SUBCOMMANDS", _("COMMANDS"));
  f->label("Positionals", _("Arguments"));
  f->label("REQUIRED", _("REQUIRED"));
  f->label("Needs", _("Needs"));
  f->label("Excludes", _("Excludes"));
  // TRANSLATORS: the kind of value an option takes, in --help: "--note TEXT".
  f->label("TEXT", _("TEXT"));
  f->label("INT", _("INT"));
  f->label("BOOLEAN", _("BOOLEAN"));
  app.option_defaults()->group(_("Options"));
  app.set_help_flag("-h,--help", _("Print this help and exit"));
}

std::string commands_group() { return _("Commands"); }

std::string parse_error_text(const CLI::Error& e) {
  const std::string what = e.what();
  std::string a, b;
  if (dynamic_cast<const CLI::RequiredError*>(&e) && what.ends_with(" is required"))
    return strprintf(_("%s is required"), what.substr(0, what.size() - 12).c_str());
  if (dynamic_cast<const CLI::ExtrasError*>(&e) && split_at(what, " expected: ", a, b)) {
    // CLI11 2.1 lists them last first: put back in the order given.
    std::vector<std::string> words;
    for (std::size_t start = 0, end; start <= b.size(); start = end + 1) {
      end = std::min(b.find(' ', start), b.size());
      words.insert(words.begin(), b.substr(start, end - start));
    }
    std::string given;
    for (const std::string& w : words) given += (given.empty() ? "" : " ") + w;
    return strprintf(P_("unexpected argument: %s", "unexpected arguments: %s", words.size()), given.c_str());
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&e) && split_at(what, " excludes ", a, b))
    return strprintf(_("%1$s cannot be given with %2$s"), a.c_str(), b.c_str());
  if (dynamic_cast<const CLI::RequiresError*>(&e) && split_at(what, " requires ", a, b))
    return strprintf(_("%1$s needs %2$s"), a.c_str(), b.c_str());
  if (dynamic_cast<const CLI::ConversionError*>(&e)) {
    if (what.starts_with("Could not convert: ") && split_at(std::string_view(what).substr(19), " = ", a, b))
      return strprintf(_("%1$s: '%2$s' is not a valid value"), a.c_str(), b.c_str());
    if (what.starts_with("The value ") &&
        split_at(std::string_view(what).substr(10), " is not an allowed value for ", b, a))
      return strprintf(_("%1$s: '%2$s' is not a valid value"), a.c_str(), b.c_str());
  }
  if (dynamic_cast<const CLI::ValidationError*>(&e) && split_at(what, ": ", a, b)) return validation_text(a, b);
  return what;
}

}  // namespace move
