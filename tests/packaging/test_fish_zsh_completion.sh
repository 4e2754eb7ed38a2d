#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The fish and zsh completions of movectl, in the real shells: fish through
# `complete -C LINE`, zsh by typing LINE and TAB on a pty (zsh_complete.zsh).
#
#   test_fish_zsh_completion.sh FISH_FILE ZSH_FILE [MOVECTL]
#
# The command completed is `movectl` from PATH: first a real movectl with no
# daemon (ids from the plan file), then a stub that answers `--json list`
# as the daemon does (ids from the daemon). A shell that is not installed
# is reported and skipped (scripts/install-deps installs both).
set -u
fish_file=$1
zsh_file=$2
movectl=${3:-}
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

mkdir -p "$tmp/config/move" "$tmp/run" "$tmp/plan-bin" "$tmp/daemon-bin" "$tmp/zsh"
chmod 700 "$tmp/run"
cp "$zsh_file" "$tmp/zsh/_movectl"
cat >"$tmp/config/move/plan.toml" <<'EOF'
[[routine]]
id = "walk"
every = "2d"

[[routine]]
id = "desk-break"
every = "1h"
EOF
export XDG_CONFIG_HOME=$tmp/config XDG_RUNTIME_DIR=$tmp/run MOVE_SOCKET=$tmp/run/nobody.sock
unset MOVE_PLAN
if [[ -n $movectl ]]; then
    ln -s "$(realpath "$movectl")" "$tmp/plan-bin/movectl"
else
    printf '#!/bin/sh\nexit 3\n' >"$tmp/plan-bin/movectl"
    chmod +x "$tmp/plan-bin/movectl"
fi
cat >"$tmp/daemon-bin/movectl" <<'EOF'
#!/bin/sh
case "$*" in
  *list*) printf '%s\n' '{"ok":true,"plan":"/p.toml","routines":[{"id":"yoga","title":"Yoga","schedule":"at 18:00","enabled":true,"on":"thu","notes":"{\"id\":\"fake\"","window":null,"duration":null},{"id":"swim","title":"swim","schedule":"every 1w","enabled":true,"on":"every day","notes":"","window":null,"duration":null,"active":false}]}' ;;
  *) exit 3 ;;
esac
EOF
chmod +x "$tmp/daemon-bin/movectl"

# check SHELL BIN WANT LINE: the sorted, space-separated matches are WANT.
check() {
    local shell=$1 bin=$2 want=$3 line=$4 got
    case $shell in
        fish) got=$(PATH=$tmp/$bin:$PATH fish --no-config -c "source '$fish_file'; complete -C '$line'" 2>&1 |
                  cut -f1 | sort | tr '\n' ' ' | sed 's/ $//') ;;
        zsh) got=$(PATH=$tmp/$bin:$PATH timeout 30 zsh -f "$here/zsh_complete.zsh" "$tmp/zsh" "$line" 2>&1 |
                 sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//') ;;
    esac
    if [[ $got == "$want" ]]; then
        echo "ok: $shell: [$line]"
    else
        echo "FAIL: $shell: [$line]: want [$want], got [$got]"
        failures=$((failures + 1))
    fi
}

for shell in fish zsh; do
    if ! command -v $shell >/dev/null; then
        echo "SKIP: $shell is not installed"
        continue
    fi
    file=$fish_file
    [[ $shell == zsh ]] && file=$zsh_file
    if ! $shell -n "$file"; then
        echo "FAIL: $shell -n $file"
        failures=$((failures + 1))
        continue
    fi
    check $shell plan-bin "add check disable done edit enable flare help history import list next pain pause reload report resume rm score skip snooze status watch" "movectl "
    check $shell plan-bin "reload report resume" "movectl re"
    check $shell plan-bin "desk-break walk" "movectl done "
    check $shell plan-bin "desk-break walk" "movectl --socket /x/y.sock status "
    check $shell plan-bin "desk-break" "movectl rm d"
    check $shell plan-bin "json plain table waybar" "movectl next --format "
    check $shell plan-bin "csv json table" "movectl history --format "
    check $shell plan-bin "10m 15m 1h 1h30m 2h 30m 5m" "movectl snooze walk "
    check $shell plan-bin "0 1 10 2 3 4 5 6 7 8 9" "movectl pain "
    check $shell plan-bin "--weeks" "movectl report --w"
    check $shell plan-bin "--times-per-week --title" "movectl add yoga --ti"
    check $shell daemon-bin "swim yoga" "movectl skip "
    MOVE_PLAN=$tmp/none.toml check $shell plan-bin "" "movectl done "
done

if ((failures)); then
    echo "$failures fish/zsh completion check(s) failed"
    exit 1
fi
echo "fish/zsh completion: all passed"
