// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Sets TZ for one test and restores it after; tests run one at a time.

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace move::test {

class TzGuard {
 public:
  explicit TzGuard(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~TzGuard() {
    if (old_)
      ::setenv("TZ", old_->c_str(), 1);
    else
      ::unsetenv("TZ");
    ::tzset();
  }
  TzGuard(const TzGuard&) = delete;
  TzGuard& operator=(const TzGuard&) = delete;

 private:
  std::optional<std::string> old_;
};

}  // namespace move::test
