// SPDX-License-Identifier: GPL-3.0-or-later
// fit_gen DIR [POINTS]: writes the FIT files of tests/fit_writer.h into DIR
// (walk.fit, walk-be.fit, walk-dev.fit, walk-compressed.fit, multi.fit,
// walk-12.fit), for the gpsbabel cross-check (tests/fit_gpsbabel.sh) and
// the fuzz seed corpus (fuzz/corpus/fit/).

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "tests/fit_writer.h"

using namespace std::chrono;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fit_gen DIR [POINTS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  move::test::FitWalk w;
  w.start = sys_days{2026y / 11 / 30} + 7h + 12min + 3s;
  if (argc > 2) w.points = std::stoi(argv[2]);
  const auto write = [&](const std::string& name, const move::test::FitWalk& walk) {
    std::ofstream out(dir + "/" + name, std::ios::binary);
    out << move::test::fit_walk(walk);
    return static_cast<bool>(out);
  };
  bool ok = write("walk.fit", w);
  move::test::FitWalk v = w;
  v.big_endian = true;
  ok = write("walk-be.fit", v) && ok;
  v = w;
  v.developer = true;
  ok = write("walk-dev.fit", v) && ok;
  v = w;
  v.compressed = true;
  ok = write("walk-compressed.fit", v) && ok;
  v = w;
  v.sessions = 2;
  v.sport = 17;
  ok = write("multi.fit", v) && ok;
  v = w;
  v.header_size = 12;
  ok = write("walk-12.fit", v) && ok;
  if (!ok) std::fprintf(stderr, "fit_gen: cannot write into %s\n", dir.c_str());
  return ok ? 0 : 1;
}
