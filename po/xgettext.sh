#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the message template of move's sources to $2 (run from anywhere:
# $1 is the source tree). Used by the `pot` target (po/move.pot) and by the
# catalogue test, which checks every message here is in each CODE.po.
set -eu
src=$1
out=$2
cd "$src"
# shellcheck disable=SC2046 # one word a file
xgettext --language=C++ --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=ngettext:1,2 \
    --add-comments=TRANSLATORS: --package-name=move --msgid-bugs-address=move@example.org \
    --sort-by-file --add-location=file -o "$out" $(ls lib/*.cc lib/*.h cmd/*.cc cmd/*.h daemon/*.cc daemon/*.h | LC_ALL=C sort)
