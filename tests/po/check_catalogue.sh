#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every catalogue of po/LINGUAS complete: msgfmt --check passes and reports
# no untranslated and no fuzzy message, and every message xgettext finds in
# the sources today (po/xgettext.sh, into a temporary template) is in it.
# Fails when a new user-facing string was not added to a CODE.po.
#   tests/po/check_catalogue.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$src/po/xgettext.sh" "$src" "$tmp/move.pot"
status=0
for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
    po="$src/po/$lang.po"
    stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: msgfmt --check: $stats"; status=1; continue; }
    echo "$lang: $stats"
    case $stats in
        *untranslated* | *fuzzy*) echo "$po: not complete: $stats"; status=1 ;;
    esac
    # msgcmp: each msgid of the template must be translated in $po.
    if ! LC_ALL=C msgcmp "$po" "$tmp/move.pot" 2>"$tmp/msgcmp.txt"; then
        echo "$po: messages of the sources it lacks (run: cmake --build build --target pot, then msgmerge; see po/README):"
        cat "$tmp/msgcmp.txt"
        status=1
    fi
done
exit $status
