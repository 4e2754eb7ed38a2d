// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/movectl.h"
#include "lib/i18n.h"

int main(int argc, char** argv) {
  move::init_i18n();
  return move::movectl_main(argc, argv);
}
