// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FUZZ_CHECK(cond, what): a property that must hold; otherwise print and
// abort, which libFuzzer reports as a crash with the input saved. (assert()
// would vanish under NDEBUG.)

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                  \
  do {                                                                                          \
    if (!(cond)) {                                                                              \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, __LINE__, #cond, \
                   std::string(what).c_str());                                                  \
      std::abort();                                                                             \
    }                                                                                           \
  } while (0)
