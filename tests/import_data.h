// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The activity files of tests/data/import/, read whole.

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace move::test {

inline std::string import_path(const std::string& file) { return std::string(MOVE_TEST_DATA) + "/import/" + file; }

inline std::string import_data(const std::string& file) {
  std::ifstream in(import_path(file), std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + import_path(file));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace move::test
