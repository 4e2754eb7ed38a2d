// SPDX-License-Identifier: GPL-3.0-or-later
#include "lib/plan_limits.h"

#include <string>
#include <vector>

#include "lib/plan.h"

namespace move {

namespace {

/// A small TOML lexer: enough to know, at each character, how deep it is.
class DepthScan {
 public:
  DepthScan(std::string_view text, std::string_view source) : text_(text), source_(source) {}

  void run() {
    bool statement_start = true;  // at top level, at the start of a line
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\n') {
        if (open_.empty()) {
          statement_start = true;
          key_ = true;
          header_ = false;
          parts_ = 1;
        }
        advance();
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        advance();
        continue;
      }
      if (c == '#') {
        while (i_ < text_.size() && text_[i_] != '\n') advance();
        continue;
      }
      if (c == '"' || c == '\'') {
        skip_string(c);
        statement_start = false;
        continue;
      }
      if (statement_start && c == '[') {  // a table header: [a.b] or [[a.b]]
        header_ = true;
        key_ = true;
        parts_ = 1;
        advance();
        if (i_ < text_.size() && text_[i_] == '[') advance();
        statement_start = false;
        continue;
      }
      statement_start = false;
      if (key_) {
        if (c == '.') {
          ++parts_;
          check();
        } else if (c == '=') {
          key_ = false;
        } else if (c == ']' && header_) {
          header_ = false;
          key_ = false;
        }
        advance();
        continue;
      }
      // A value.
      if (c == '[' || c == '{') {
        open_.push_back(c);
        if (c == '{') {
          key_ = true;
          parts_ = 1;
        }
        check();
      } else if (c == ']' || c == '}') {
        if (!open_.empty()) open_.pop_back();
      } else if (c == ',' && !open_.empty() && open_.back() == '{') {
        key_ = true;
        parts_ = 1;
      }
      advance();
    }
  }

 private:
  void advance() {
    if (text_[i_] == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(text_[i_]) & 0xc0) != 0x80) {
      ++column_;  // columns count characters, not UTF-8 continuation bytes
    }
    ++i_;
  }

  void check() const {
    const int depth = static_cast<int>(open_.size()) + (key_ ? parts_ : 0);
    if (depth > kMaxPlanDepth)
      throw PlanError(std::string(source_), line_, column_,
                      "nested too deep: more than " + std::to_string(kMaxPlanDepth) +
                          " parts of a dotted key or table header, arrays and inline tables");
  }

  /// From an opening quote to past the closing one ("..." "'...'" and the
  /// triple-quoted forms); an unterminated string runs to the end (toml++
  /// reports it).
  void skip_string(char quote) {
    const bool triple = text_.substr(i_, 3) == std::string(3, quote);
    for (int k = 0; k < (triple ? 3 : 1); ++k) advance();
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '\\' && quote == '"') {
        advance();
        if (i_ < text_.size()) advance();
        continue;
      }
      if (c == '\n' && !triple) return;
      if (c == quote && (!triple || text_.substr(i_, 3) == std::string(3, quote))) {
        for (int k = 0; k < (triple ? 3 : 1); ++k) advance();
        return;
      }
      advance();
    }
  }

  std::string_view text_;
  std::string_view source_;
  std::size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
  std::vector<char> open_;  ///< the arrays ('[') and inline tables ('{') we are in
  bool key_ = true;         ///< reading a key (or a header), not a value
  bool header_ = false;
  int parts_ = 1;  ///< of the key being read
};

}  // namespace

void check_plan_limits(std::string_view text, std::string_view source) {
  if (text.size() > kMaxPlanBytes)
    throw PlanError(std::string(source), 0, 0,
                    "the plan is larger than " + std::to_string(kMaxPlanBytes / (1024 * 1024)) +
                        " MiB; a plan of 10,000 routines takes about 1.5 MiB");
  DepthScan(text, source).run();
}

}  // namespace move
