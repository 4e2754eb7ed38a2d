// SPDX-License-Identifier: GPL-3.0-or-later
#include "daemon/moved.h"

int main(int argc, char** argv) { return move::moved_main(argc, argv); }
