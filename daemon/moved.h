// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// moved: the reminder daemon (docs/design.md). main() is one line around this.

namespace move {

int moved_main(int argc, char** argv);

}  // namespace move
