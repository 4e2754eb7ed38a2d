// SPDX-License-Identifier: GPL-3.0-or-later
#include "cmd/movectl.h"

int main(int argc, char** argv) { return move::movectl_main(argc, argv); }
