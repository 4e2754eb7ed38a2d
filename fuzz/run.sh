#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets (clang-14, ASan + UBSan) and runs each for
# SECONDS (default 60), starting from the seed corpus in fuzz/corpus/<target>.
# New inputs go to the build folder, never into the repository. A crash,
# leak, sanitizer report or failed property stops the script with exit 1;
# the input is saved as BUILD/artifacts/<target>/crash-* (or leak-*,
# timeout-*) and its bytes printed: make it a case in
# tests/fuzz_regressions_test.cc.
#
#   fuzz/run.sh 300                       # five minutes each
#   MOVE_FUZZ_BUILD=/tmp/f fuzz/run.sh 30 # another build folder
#   MOVE_FUZZ_TARGETS="plan" fuzz/run.sh 60
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-60}
build=${MOVE_FUZZ_BUILD:-$here/../build-fuzz}
targets=${MOVE_FUZZ_TARGETS:-protocol plan durations fit gpx journal}
cxx=${MOVE_FUZZ_CXX:-clang++-14}

command -v "$cxx" >/dev/null || { echo "fuzz/run.sh: $cxx not found (scripts/install-deps installs clang-14)" >&2; exit 2; }
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"${MOVE_FUZZ_JOBS:-$(nproc)}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in $targets; do
  corpus=$build/corpus/$t artifacts=$build/artifacts/$t/
  mkdir -p "$corpus" "$artifacts"
  extra=()
  [ -f "$here/$t.dict" ] && extra+=("-dict=$here/$t.dict")
  echo "== fuzz_$t for ${seconds}s"
  if ! "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$artifacts" "${extra[@]}" "$corpus" "$here/corpus/$t" \
        2>"$build/fuzz_$t.log"; then
    tail -n 60 "$build/fuzz_$t.log" >&2
    for f in "$artifacts"*; do
      [ -f "$f" ] || continue
      echo "-- $f:" >&2
      od -c "$f" | head -n 20 >&2
    done
    status=1
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" "$build/fuzz_$t.log" || true
done
exit $status
