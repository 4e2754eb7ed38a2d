// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/plan_edit.h"

#include <algorithm>
#include <cstdio>
#include <toml++/toml.h>

namespace move {
namespace {

// One line of the text: [begin, end) with its terminator, [begin, content_end)
// without "\n" or "\r\n". The last line has no terminator when the text does
// not end with "\n".
struct Line {
  std::size_t begin, content_end, end;
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      lines.push_back({pos, text.size(), text.size()});
      break;
    }
    std::size_t content_end = nl > pos && text[nl - 1] == '\r' ? nl - 1 : nl;
    lines.push_back({pos, content_end, nl + 1});
    pos = nl + 1;
  }
  return lines;
}

std::string_view content(std::string_view text, const Line& l) { return text.substr(l.begin, l.content_end - l.begin); }

std::string_view trimmed_start(std::string_view s) {
  std::size_t i = s.find_first_not_of(" \t");
  return i == std::string_view::npos ? std::string_view{} : s.substr(i);
}

bool is_blank(std::string_view text, const Line& l) { return trimmed_start(content(text, l)).empty(); }
bool is_comment(std::string_view text, const Line& l) { return trimmed_start(content(text, l)).starts_with('#'); }
bool is_terminated(const Line& l) { return l.end > l.content_end; }

// "\r\n" when the text's first line ends so, else "\n".
std::string_view line_ending(std::string_view text) {
  std::size_t nl = text.find('\n');
  return nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r' ? "\r\n" : "\n";
}

std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// A TOML basic string. Bytes >= 0x80 pass as they are: toml++ rejects
// invalid UTF-8 when the result is checked.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string toml_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + toml_string(items[i]);
  return out + "]";
}

// "mon, wed" -> {"mon", "wed"}; "" -> {""} so the check names what was given.
std::vector<std::string> split_days(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    item = trimmed_start(item);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// The new table, one key a line, each line tagged with the flag it came from.
struct TableLine {
  std::string_view flag;
  std::string text;
};

std::vector<TableLine> table_lines(const NewRoutine& r) {
  std::vector<TableLine> out;
  out.push_back({"", "[[routine]]"});
  out.push_back({"ID", "id = " + toml_string(r.id)});
  if (!r.title.empty()) out.push_back({"--title", "title = " + toml_string(r.title)});
  if (r.every) out.push_back({"--every", "every = " + toml_string(*r.every)});
  if (r.active) out.push_back({"--active", "active = true"});
  if (!r.at.empty()) out.push_back({"--at", "at = " + toml_array(r.at)});
  if (r.times_per_week) out.push_back({"--times-per-week", "times_per_week = " + std::to_string(*r.times_per_week)});
  if (r.duration) out.push_back({"--duration", "duration = " + toml_string(*r.duration)});
  if (r.window) out.push_back({"--window", "window = " + toml_string(*r.window)});
  if (r.on) out.push_back({"--on", "on = " + toml_array(split_days(*r.on))});
  if (!r.exercises.empty()) out.push_back({"--exercise", "exercises = " + toml_array(r.exercises)});
  if (r.notes) out.push_back({"--notes", "notes = " + toml_string(*r.notes)});
  if (r.lead) out.push_back({"--lead", "lead = " + toml_string(*r.lead)});
  if (r.snooze) out.push_back({"--snooze", "snooze = " + toml_string(*r.snooze)});
  if (r.enabled) out.push_back({"--enabled", std::string("enabled = ") + (*r.enabled ? "true" : "false")});
  return out;
}

// e.what() without its "file:line:col: " prefix.
std::string bare_message(const PlanError& e) {
  std::string prefix = e.file() + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": ";
  std::string_view what = e.what();
  if (what.starts_with(prefix)) what.remove_prefix(prefix.size());
  return std::string(what);
}

// The validator's "'every' in routine 'walk': expected ..." as
// "--every: expected ...".
std::string flag_message(std::string_view flag, std::string message) {
  if (message.starts_with('\'')) {
    std::size_t colon = message.find(": ");
    if (colon != std::string::npos) message.erase(0, colon + 2);
  }
  return std::string(flag) + ": " + message;
}

[[noreturn]] void bad_argument(std::string_view source, std::string message) {
  throw PlanEditError(PlanEditError::Kind::bad_argument, std::string(source), std::move(message));
}

// Line numbers (1-based) of toml++ nodes.
struct Extent {
  std::size_t begin, end;
};

void add_extent(std::vector<Extent>& out, const toml::source_region& r) {
  if (r.begin.line > 0) out.push_back({r.begin.line, std::max(r.end.line, r.begin.line)});
}

// Every key and value under n. The root table and arrays of [[tables]] span
// other tables' text, so only their contents count.
void collect_extents(const toml::node& n, std::vector<Extent>& out, bool root = false) {
  if (const toml::table* t = n.as_table()) {
    if (!root) add_extent(out, t->source());
    for (auto&& [k, v] : *t) {
      add_extent(out, k.source());
      collect_extents(v, out);
    }
  } else if (const toml::array* a = n.as_array()) {
    bool of_headed_tables = std::any_of(a->begin(), a->end(),
                                        [](const toml::node& e) { return e.is_table() && !e.as_table()->is_inline(); });
    if (!of_headed_tables) add_extent(out, a->source());
    for (const toml::node& e : *a) collect_extents(e, out);
  } else {
    add_extent(out, n.source());
  }
}

}  // namespace

PlanEditError::PlanEditError(Kind kind, std::string source, std::string message)
    : PlanError(std::move(source), 0, 0, message), kind_(kind), message_(std::move(message)) {}

std::string add_routine(std::string_view text, std::string_view source, const NewRoutine& r) {
  const Plan plan = parse_plan(text, source);

  int schedules = (r.every ? 1 : 0) + (r.at.empty() ? 0 : 1) + (r.times_per_week ? 1 : 0);
  if (schedules != 1)
    bad_argument(source, schedules == 0 ? "give one of --every, --at or --times-per-week"
                                        : "give only one of --every, --at or --times-per-week");
  if (r.active && !r.every) bad_argument(source, "--active applies only to --every");
  if (const Routine* other = plan.find(r.id))
    throw PlanEditError(PlanEditError::Kind::duplicate_id, std::string(source),
                        "routine " + quote(r.id) + " already exists (line " + std::to_string(other->line) + ")");

  // text = body + trailing blank lines; the table goes between them.
  const std::vector<Line> lines = split_lines(text);
  std::size_t trailing = lines.size();
  while (trailing > 0 && is_blank(text, lines[trailing - 1])) --trailing;
  const std::size_t body_end = trailing == lines.size() ? text.size() : lines[trailing].begin;
  const std::string_view eol = line_ending(text);

  std::string out(text.substr(0, body_end));
  if (!out.empty() && !out.ends_with('\n')) out += eol;
  if (!text.empty()) out += eol;
  const auto first_line = static_cast<int>(std::count(out.begin(), out.end(), '\n')) + 1;
  const std::vector<TableLine> table = table_lines(r);
  const bool final_newline = text.empty() || text.ends_with('\n') || body_end < text.size();
  for (std::size_t i = 0; i < table.size(); ++i) {
    out += table[i].text;
    if (i + 1 < table.size() || final_newline) out += eol;
  }
  out += text.substr(body_end);

  try {
    parse_plan(out, source);
  } catch (const PlanError& e) {
    int index = e.line() - first_line;
    if (index > 0 && index < static_cast<int>(table.size()))
      bad_argument(source, flag_message(table[static_cast<std::size_t>(index)].flag, bare_message(e)));
    throw;
  }
  return out;
}

namespace {

/// The plan's TOML tree, for an edit; a parse error as a PlanError.
toml::table parse_for_edit(std::string_view text, std::string_view source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw PlanError(std::string(source), static_cast<int>(e.source().begin.line),
                    static_cast<int>(e.source().begin.column), std::string(e.description()));
  }
}

/// The [[routine]] table of `id` (the first, as the plan reads it), written
/// as a table of its own; PlanEditError unknown_routine when there is none,
/// PlanError when it is inline (`verb` it by hand).
const toml::table& routine_table(const toml::table& root, std::string_view source, std::string_view id,
                                 std::string_view verb) {
  const toml::table* found = nullptr;
  if (const toml::array* routines = root["routine"].as_array()) {
    for (const toml::node& n : *routines) {
      const toml::table* t = n.as_table();
      if (t && (*t)["id"].value<std::string_view>() == id) {
        found = t;
        break;
      }
    }
  }
  if (!found)
    throw PlanEditError(PlanEditError::Kind::unknown_routine, std::string(source),
                        "no routine " + quote(id) + " in the plan");
  const toml::source_position at = found->source().begin;
  if (found->is_inline())
    throw PlanError(std::string(source), static_cast<int>(at.line), static_cast<int>(at.column),
                    "routine " + quote(id) + " is written inline; " + std::string(verb) + " it by hand");
  return *found;
}

}  // namespace

std::string remove_routine(std::string_view text, std::string_view source, std::string_view id) {
  const toml::table root = parse_for_edit(text, source);
  const toml::table* found = &routine_table(root, source, id, "remove");
  const toml::source_position at = found->source().begin;

  // Its lines (1-based): the header to the last line of any key or value.
  const std::size_t header = at.line;
  std::vector<Extent> own;
  collect_extents(*found, own);
  std::size_t last = header;
  for (const Extent& x : own) last = std::max(last, x.end);

  // Lines above the header that hold nothing of what comes before.
  std::vector<Extent> all;
  collect_extents(root, all, true);
  std::size_t taken = 0;
  for (const Extent& x : all)
    if (x.begin < header) taken = std::max(taken, x.end);

  // 0-based, inclusive: [first, end].
  const std::vector<Line> lines = split_lines(text);
  std::size_t first = header - 1, end = std::min(last, lines.size()) - 1;
  while (first > taken && first > 0 && is_comment(text, lines[first - 1])) --first;

  const bool blank_before = first > 0 && is_blank(text, lines[first - 1]);
  const bool has_after = end + 1 < lines.size();
  if (blank_before && (!has_after || is_blank(text, lines[end + 1])))
    --first;
  else if (first == 0 && has_after && is_blank(text, lines[end + 1]))
    ++end;

  std::size_t cut_begin = lines[first].begin;
  // The text ends without a newline: so does the shorter one.
  if (end + 1 == lines.size() && !is_terminated(lines[end]) && first > 0) cut_begin = lines[first - 1].content_end;
  std::string out(text.substr(0, cut_begin));
  out += text.substr(lines[end].end);

  try {
    parse_plan(out, source);
  } catch (const PlanError& e) {
    // Another routine's error: name its line in the file as it is.
    int line = e.line();
    if (line > static_cast<int>(first)) line += static_cast<int>(end - first + 1);
    throw PlanError(e.file(), line, e.column(), bare_message(e));
  }
  return out;
}

std::string set_enabled(std::string_view text, std::string_view source, std::string_view id, bool enabled) {
  const toml::table root = parse_for_edit(text, source);
  const toml::table* found = &routine_table(root, source, id, "edit");
  const std::vector<Line> lines = split_lines(text);
  const std::string value = enabled ? "true" : "false";
  std::string out;
  if (const toml::node* v = found->get("enabled")) {
    // Replace the value's bytes: its line and column (1-based) to its end.
    const toml::source_region r = v->source();
    const std::size_t begin = lines.at(r.begin.line - 1).begin + r.begin.column - 1;
    const std::size_t end = lines.at(r.end.line - 1).begin + r.end.column - 1;
    std::string_view old = text.substr(begin, end - begin);
    if (old != "true" && old != "false")
      throw PlanError(std::string(source), static_cast<int>(r.begin.line), static_cast<int>(r.begin.column),
                      "'enabled' of routine " + quote(id) + " is not written true or false; edit it by hand");
    out = std::string(text.substr(0, begin)) + value + std::string(text.substr(end));
  } else {
    // A new line after the one holding `id`, with the file's line ending.
    const Line& id_line = lines.at((*found)["id"].node()->source().end.line - 1);
    const std::string eol(line_ending(text));
    std::string line = "enabled = " + value;
    if (id_line.end == id_line.content_end)
      line = eol + line;  // the last line, without a newline
    else
      line += eol;
    out = std::string(text.substr(0, id_line.end)) + line + std::string(text.substr(id_line.end));
  }
  parse_plan(out, source);
  return out;
}

}  // namespace move
