#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Cross-checks tests/fit_writer.h against an independent FIT reader: gpsbabel
# (garmin_fit) must read every file fit_gen writes, with its CRC, all its
# records and their times, and must refuse the same file with one byte
# flipped (so it does check the CRC we compute).
#   tests/fit_gpsbabel.sh build/tests/fit_gen
set -euo pipefail
gen=$1
command -v gpsbabel >/dev/null || { echo "gpsbabel not installed (scripts/install-deps)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" "$dir" 61
status=0
check() {  # FILE POINTS FIRST LAST
  local out
  if ! out=$(gpsbabel -i garmin_fit -f "$dir/$1" -o gpx -F - 2>&1); then
    echo "FAIL $1: gpsbabel refused it: $out" >&2; status=1; return
  fi
  local n times
  n=$(grep -c '<trkpt' <<<"$out" || true)
  [ "$n" = "$2" ] || { echo "FAIL $1: $n track points, expected $2" >&2; status=1; }
  # Point times only (the <metadata> time is gpsbabel's now).
  times=$(grep -A3 '<trkpt' <<<"$out" | sed -n 's:.*<time>\(.*\)</time>.*:\1:p')
  if [ -n "$3" ]; then
    [ "$(head -n1 <<<"$times")" = "$3" ] || { echo "FAIL $1: first time $(head -n1 <<<"$times"), expected $3" >&2; status=1; }
    [ "$(tail -n1 <<<"$times")" = "$4" ] || { echo "FAIL $1: last time $(tail -n1 <<<"$times"), expected $4" >&2; status=1; }
  fi
  echo "ok $1: $n points"
}
check walk.fit 61 2026-11-30T07:12:03Z 2026-11-30T07:22:03Z
check walk-be.fit 61 2026-11-30T07:12:03Z 2026-11-30T07:22:03Z
check walk-dev.fit 61 2026-11-30T07:12:03Z 2026-11-30T07:22:03Z
check walk-12.fit 61 2026-11-30T07:12:03Z 2026-11-30T07:22:03Z
check multi.fit 122 2026-11-30T07:12:03Z 2026-11-30T07:32:13Z
# gpsbabel 1.8 adds a compressed header's time offset to the last full
# timestamp instead of replacing its low 5 bits as the FIT protocol says, so
# only the points are compared here; tests/fit_test.cc checks the times.
check walk-compressed.fit 61 "" ""
python3 - "$dir/walk.fit" "$dir/flipped.fit" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[40] ^= 1
open(sys.argv[2], "wb").write(b)
PY
if gpsbabel -i garmin_fit -f "$dir/flipped.fit" -o gpx -F - >/dev/null 2>&1; then
  echo "FAIL flipped.fit: gpsbabel accepted a file with a wrong CRC" >&2; status=1
else
  echo "ok flipped.fit: refused"
fi
exit $status
