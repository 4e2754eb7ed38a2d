#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bash completion of movectl, called as bash calls it: COMP_WORDS and
# COMP_CWORD set, then _movectl, then COMPREPLY read.
#
#   test_bash_completion.sh COMPLETION_FILE [MOVECTL [MOVED]]
#
# Routine ids come from a daemon that answers (a stub movectl printing the
# daemon's `list` reply; with MOVED, also the real moved and movectl), else
# from the plan file ($MOVE_PLAN, then $XDG_CONFIG_HOME/move/plan.toml).
set -u
completion=$1
movectl=${2:-}
moved=${3:-}

tmp=$(mktemp -d)
moved_pid=
cleanup() {
    [[ -n $moved_pid ]] && kill "$moved_pid" 2>/dev/null && wait "$moved_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# shellcheck source=/dev/null
source "$completion" || { echo "FAIL: cannot source $completion"; exit 1; }
declare -F _movectl >/dev/null || { echo "FAIL: no _movectl function"; exit 1; }
[[ $(complete -p movectl 2>/dev/null) == *"-F _movectl"* ]] || { echo "FAIL: movectl not registered"; exit 1; }

failures=0

# comp WORD... : completes the last word (may be ""); prints the candidates
# sorted, space separated.
comp() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _movectl 2>/dev/null
    printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect WHAT WANT WORD... : the candidates for the line are exactly WANT.
expect() {
    local what=$1 want=$2 got
    shift 2
    got=$(comp "$@")
    if [[ $got == "$want" ]]; then
        echo "ok: $what"
    else
        echo "FAIL: $what: completing [$*]: want [$want], got [$got]"
        failures=$((failures + 1))
    fi
}

# contains WHAT WORD WORD... : the candidates include WORD (the second argument).
contains() {
    local what=$1 want=$2 got
    shift 2
    got=" $(comp "$@") "
    if [[ $got == *" $want "* ]]; then
        echo "ok: $what"
    else
        echo "FAIL: $what: completing [$*]: want [$want] among [$got]"
        failures=$((failures + 1))
    fi
}

# A plan, and no daemon anywhere.
mkdir -p "$tmp/config/move" "$tmp/bin"
cat >"$tmp/config/move/plan.toml" <<'EOF'
[settings]
snooze = "10m"

[[routine]]
id = "walk"
every = "2d"
enabled = false

[[routine]]
  id="desk-break"   # indented, no spaces
every = "1h"
enabled = false

[[routine]]
id = 'core'
times_per_week = 3
notes = "id = \"not-an-id\""
enabled = false
EOF
export XDG_CONFIG_HOME=$tmp/config
export XDG_RUNTIME_DIR=$tmp/run
export MOVE_SOCKET=$tmp/run/nothing-here.sock
unset MOVE_PLAN
mkdir -m 700 "$tmp/run"
ids="core desk-break walk"

expect "commands" "add check disable done edit enable flare help history import list next pain pause reload report resume rm score skip snooze status watch" movectl ""
expect "commands by prefix" "reload report resume" movectl re
expect "global options" "--help --json --socket --version" movectl --
expect "next options" "--count --format --help --json --socket" movectl next --
expect "next --format" "json plain table waybar" movectl next --format ""
expect "next --format=" "json plain table waybar" movectl next --format = ""
expect "history --format" "csv json table" movectl history --format ""
expect "done options" "--at --help --json --minutes --note --socket" movectl done walk --
expect "add options" "--active --at --duration --enabled --every --exercise --help --json --lead --notes --on --snooze --socket --times-per-week --title --window" movectl add yoga --
expect "add --on" "weekdays weekends" movectl add yoga --on week
expect "report options" "--help --html --json --name --pdf --since --socket --until --weeks" movectl report --
expect "check options" "--from --help --json --next --socket" movectl check --
expect "import options" "--dry-run --help --json --routine --socket" movectl import --
expect "pain levels" "0 1 10 2 3 4 5 6 7 8 9" movectl pain ""
expect "pause durations" "10m 15m 1h 1h30m 2h 30m 5m" movectl pause ""
expect "nothing after list" "" movectl list ""
expect "no id for add" "" movectl add ""
expect "option values are not ids" "" movectl done --note ""

# Ids from the plan: no daemon answers (a movectl that is not there, and
# the real one with a socket nobody listens on).
for prog in "$tmp/bin/no-such-movectl" ${movectl:+"$movectl"}; do
    expect "ids from the plan ($prog)" "$ids" "$prog" done ""
done
expect "ids by prefix" "desk-break" movectl-none done d
for cmd in status history rm done skip snooze; do
    expect "ids for $cmd" "$ids" movectl-none "$cmd" ""
done
expect "ids after global options" "$ids" movectl-none --json --socket /x done ""
expect "snooze duration after the id" "10m 15m 1h 1h30m 2h 30m 5m" movectl-none snooze walk ""
expect "done takes one id" "" movectl-none done walk ""
expect "id after an option and its value" "$ids" movectl-none done --minutes 30 ""
MOVE_PLAN=$tmp/config/move/plan.toml XDG_CONFIG_HOME=/nowhere \
    expect "MOVE_PLAN" "$ids" movectl-none done ""
XDG_CONFIG_HOME=relative HOME=$tmp/home expect "relative XDG_CONFIG_HOME ignored" "" movectl-none done ""
mkdir -p "$tmp/home/.config/move"
cp "$tmp/config/move/plan.toml" "$tmp/home/.config/move/"
XDG_CONFIG_HOME= HOME=$tmp/home expect "~/.config without XDG_CONFIG_HOME" "$ids" movectl-none done ""
MOVE_PLAN=$tmp/none.toml expect "no plan, no ids" "" movectl-none done ""

# Ids from a daemon that answers: a stub movectl printing the reply of
# `movectl --json list` (its exact shape), and remembering its arguments.
# Its ids differ from the plan's so the source is clear; a string value
# holding {"id":"..." must not count.
cat >"$tmp/bin/movectl-stub" <<EOF
#!/bin/sh
echo "\$*" >"$tmp/stub-args"
case "\$*" in
  *list*) printf '%s\n' '{"ok":true,"plan":"/p.toml","routines":[{"id":"walk-fast","title":"Walk","schedule":"every 2d","enabled":true,"on":"every day","notes":"x {\\"id\\":\\"fake\\"}","window":null,"duration":{"min":30,"max":60},"active":false},{"id":"yoga2","title":"yoga2","schedule":"at 18:00","enabled":true,"on":"tue","notes":"","window":null,"duration":null}]}' ;;
  *) exit 3 ;;
esac
EOF
chmod +x "$tmp/bin/movectl-stub"
expect "ids from the daemon" "walk-fast yoga2" "$tmp/bin/movectl-stub" done ""
expect "--socket passed on" "walk-fast yoga2" "$tmp/bin/movectl-stub" --socket /s/moved.sock status ""
if [[ $(cat "$tmp/stub-args") == "--json --socket /s/moved.sock list" ]]; then
    echo "ok: the stub was asked with --socket"
else
    echo "FAIL: the stub was called as [$(cat "$tmp/stub-args")]"
    failures=$((failures + 1))
fi
expect "--socket=PATH passed on" "walk-fast yoga2" "$tmp/bin/movectl-stub" --socket = /s/x.sock status ""
[[ $(cat "$tmp/stub-args") == "--json --socket /s/x.sock list" ]] ||
    { echo "FAIL: --socket=: the stub was called as [$(cat "$tmp/stub-args")]"; failures=$((failures + 1)); }

# The real moved and movectl: ids from the running daemon.
if [[ -n $moved && -n $movectl ]]; then
    sed -e 's/"walk"/"walk-daemon"/' "$tmp/config/move/plan.toml" >"$tmp/daemon-plan.toml"
    sock=$tmp/run/d/moved.sock
    "$moved" --plan "$tmp/daemon-plan.toml" --socket "$sock" --state-dir "$tmp/state" 2>"$tmp/moved.log" &
    moved_pid=$!
    for _ in $(seq 100); do
        [[ -S $sock ]] && "$movectl" --socket "$sock" list >/dev/null 2>&1 && break
        sleep 0.1
    done
    expect "ids from the real daemon" "core desk-break walk-daemon" "$movectl" --socket "$sock" done ""
    MOVE_SOCKET=$sock expect "ids from the real daemon via MOVE_SOCKET" "core desk-break walk-daemon" "$movectl" rm ""
    kill "$moved_pid" && wait "$moved_pid"
    moved_pid=
    expect "daemon gone: ids from the plan again" "$ids" "$movectl" --socket "$sock" done ""
fi

# Files for check and --html.
touch "$tmp/a-plan.toml" "$tmp/a-note.txt"
contains "check completes .toml files" "$tmp/a-plan.toml" movectl check "$tmp/a-"
expect "check skips other files" "$tmp/a-plan.toml" movectl check "$tmp/a-"

# Under set -u, as some people's shells run.
(set -u; comp movectl --socket) >/dev/null 2>&1 || { echo "FAIL: set -u"; failures=$((failures + 1)); }

if ((failures)); then
    echo "$failures bash completion check(s) failed"
    exit 1
fi
echo "bash completion: all passed"
