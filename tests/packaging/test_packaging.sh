#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What `cmake --install` puts on a system, checked as a packager would:
#
#   test_packaging.sh BUILD_DIR SOURCE_DIR
#
#  1. A DESTDIR install with --prefix /usr holds every expected file.
#  2. The systemd user units, the build tree's (ExecStart = the built moved)
#     and the installed ones (ExecStart = /usr/bin/moved, checked against the
#     installed binary), pass `systemd-analyze verify` with nothing on stderr,
#     and `systemctl --global enable moved` enables the socket too.
#  3. Each manual page passes `mandoc -T lint -W warning` silently; every
#     command and option movectl and moved have is in its page and in the
#     completions; every plan key is in move-plan(5), whose example is a
#     valid plan.
#  4. The installed completions: bash (tests/packaging/test_bash_completion.sh),
#     fish and zsh (test_fish_zsh_completion.sh).
set -u
build=$(realpath "$1")
src=$(realpath "$2")
here=$src/tests/packaging

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
ok() { echo "ok: $*"; }

# --- 1. DESTDIR install ---------------------------------------------------
if ! DESTDIR=$root cmake --install "$build" --prefix /usr >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: cmake --install"
    exit 1
fi
ok "cmake --install --prefix /usr with DESTDIR"

# The default prefix, /usr/local: zsh finds the completion only in
# site-functions there, and the pages name the paths of this prefix.
if DESTDIR=$tmp/local cmake --install "$build" --prefix /usr/local >"$tmp/install-local.log" 2>&1; then
    [[ -f $tmp/local/usr/local/share/zsh/site-functions/_movectl ]] ||
        fail "zsh completion not in /usr/local/share/zsh/site-functions (not in zsh's fpath elsewhere)"
    [[ -f $tmp/local/usr/local/share/fish/vendor_completions.d/movectl.fish ]] || fail "no fish completion under /usr/local"
    for page in man1/moved.1 man5/move-plan.5; do
        grep -q "^\.It Pa /usr/local/share/move/plan.toml" "$tmp/local/usr/local/share/man/$page" ||
            fail "$page does not name /usr/local/share/move/plan.toml"
        ! grep -q "/usr/share/" "$tmp/local/usr/local/share/man/$page" ||
            fail "$page names /usr/share/: $(grep -o '/usr/share/[^ ]*' "$tmp/local/usr/local/share/man/$page" | head -1)"
    done
    grep -q "/usr/local/share/applications/move.desktop , /usr/local/share/icons/hicolor/scalable/apps/move.svg" \
        "$tmp/local/usr/local/share/man/man1/moved.1" || fail "moved.1 does not name the desktop entry and icon under /usr/local"
    grep -q "^\.It Pa /usr/local/lib/systemd/user/moved.service" "$tmp/local/usr/local/share/man/man1/moved.1" ||
        fail "moved.1 does not name the units under /usr/local"
    ok "cmake --install --prefix /usr/local: zsh site-functions, pages name /usr/local"
else
    cat "$tmp/install-local.log"
    fail "cmake --install --prefix /usr/local"
fi

unitdir=usr/lib/systemd/user
expected=(
    usr/bin/moved
    usr/bin/movectl
    usr/share/move/plan.toml
    usr/share/doc/move/README.md
    usr/share/doc/move/examples/plan.toml
    usr/share/man/man1/moved.1
    usr/share/man/man1/movectl.1
    usr/share/man/man5/move-plan.5
    $unitdir/moved.service
    $unitdir/moved.socket
    usr/share/bash-completion/completions/movectl
    usr/share/zsh/vendor-completions/_movectl
    usr/share/fish/vendor_completions.d/movectl.fish
    usr/share/applications/move.desktop
    usr/share/icons/hicolor/scalable/apps/move.svg
    usr/share/locale/de/LC_MESSAGES/move.mo
    usr/share/man/de/man1/moved.1
    usr/share/man/de/man1/movectl.1
    usr/share/man/de/man5/move-plan.5
)
for f in "${expected[@]}"; do
    [[ -f $root/$f ]] || fail "not installed: /$f"
done
for f in usr/bin/moved usr/bin/movectl; do
    [[ -x $root/$f ]] || fail "not executable: /$f"
done
cmp -s "$src/etc/move/plan.toml" "$root/usr/share/move/plan.toml" || fail "/usr/share/move/plan.toml differs from etc/move/plan.toml"
for f in $(cd "$root" && find . -type f -o -type l | sed 's|^\./||' | sort); do
    [[ " ${expected[*]} " == *" $f "* ]] || echo "note: also installed: /$f"
done
((failures)) || ok "all ${#expected[@]} expected files installed"

# --- 2. systemd units -------------------------------------------------------
mkdir -m 700 "$tmp/runtime"
# verify WHAT UNIT... : systemd-analyze verify as the user manager would
# load them; exit 0 and an empty stderr.
verify() {
    local what=$1 rc
    shift
    XDG_RUNTIME_DIR=$tmp/runtime systemd-analyze --user verify --man=no "$@" >"$tmp/verify.out" 2>"$tmp/verify.err"
    rc=$?
    if [[ $rc -ne 0 || -s $tmp/verify.err ]]; then
        fail "systemd-analyze verify ($what), exit $rc:"
        cat "$tmp/verify.err"
    else
        ok "systemd-analyze verify ($what)"
    fi
}
# key FILE KEY=VALUE: the unit has that line exactly.
key() { grep -qxF "$2" "$1" || fail "$(basename "$1") ($3): no line '$2'"; }

if ! command -v systemd-analyze >/dev/null; then
    fail "systemd-analyze is not installed (package systemd)"
else
    # The build tree's copies name the built binary.
    bunits=$build/etc/systemd/user
    key "$bunits/moved.service" "ExecStart=$build/daemon/moved" "build tree"
    verify "build tree" "$bunits/moved.service" "$bunits/moved.socket"

    # The installed ones name /usr/bin/moved; verified with /usr/bin/ taken
    # from DESTDIR, so the installed binary is what must exist.
    service=$root/$unitdir/moved.service
    socket=$root/$unitdir/moved.socket
    key "$service" "ExecStart=/usr/bin/moved" "installed"
    for line in Type=notify Restart=on-failure PartOf=graphical-session.target Also=moved.socket \
        WantedBy=graphical-session.target; do
        key "$service" "$line" "installed"
    done
    grep -q '^After=.*graphical-session\.target' "$service" || fail "moved.service: not After=graphical-session.target"
    for line in "ListenStream=%t/move/moved.sock" SocketMode=0600 DirectoryMode=0700 WantedBy=sockets.target; do
        key "$socket" "$line" "installed"
    done
    grep -n '@[A-Za-z_]*@' "$service" "$socket" && fail "unconfigured @VARIABLE@ left in the installed units"
    mkdir -p "$tmp/verify"
    sed "s|=/usr/bin/|=$root/usr/bin/|" "$service" >"$tmp/verify/moved.service"
    cp "$socket" "$tmp/verify/moved.socket"
    grep -q "^ExecStart=$root/usr/bin/moved\$" "$tmp/verify/moved.service" || fail "cannot point ExecStart into DESTDIR"
    verify "installed" "$tmp/verify/moved.service" "$tmp/verify/moved.socket"

    # `systemctl --user enable moved` enables the socket too (Also=), each
    # where its WantedBy= says; checked offline on a copy of the install.
    if command -v systemctl >/dev/null; then
        cp -a "$root" "$tmp/enable-root"
        if systemctl --root="$tmp/enable-root" --global enable moved.service >"$tmp/enable.log" 2>&1; then
            wants=$tmp/enable-root/etc/systemd/user
            [[ -L $wants/graphical-session.target.wants/moved.service ]] ||
                fail "enable: no graphical-session.target.wants/moved.service"
            [[ -L $wants/sockets.target.wants/moved.socket ]] ||
                fail "enable: no sockets.target.wants/moved.socket"
            ok "systemctl --global enable moved: service and socket"
        else
            fail "systemctl --root --global enable moved.service:"
            cat "$tmp/enable.log"
        fi
    fi
fi

# What the units rely on, with systemd-socket-activate in systemd's place:
# moved takes the listening socket it is passed, so the first movectl call
# starts it and gets its answer, and it sends READY=1 (Type=notify).
if command -v systemd-socket-activate >/dev/null && [[ -x $build/daemon/moved && -x $build/cmd/movectl ]]; then
    sa=$tmp/activation
    mkdir -m 700 "$sa"
    printf '[[routine]]\nid = "walk"\nevery = "2d"\nenabled = false\n' >"$sa/plan.toml"
    /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(20)
open(sys.argv[2], "w").close()
try:
    while True:
        with open(sys.argv[2], "a") as f:
            f.write(s.recv(4096).decode() + "\n")
except socket.timeout:
    pass
' "$sa/notify.sock" "$sa/notify.log" &
    notify_pid=$!
    for _ in $(seq 50); do [[ -S $sa/notify.sock ]] && break; sleep 0.1; done
    XDG_RUNTIME_DIR=$sa systemd-socket-activate -l "$sa/moved.sock" -E NOTIFY_SOCKET="$sa/notify.sock" \
        -E XDG_RUNTIME_DIR "$build/daemon/moved" --plan "$sa/plan.toml" --state-dir "$sa/state" \
        >"$sa/moved.log" 2>&1 &
    activate_pid=$!
    for _ in $(seq 50); do [[ -S $sa/moved.sock ]] && break; sleep 0.1; done
    reply=$(timeout 20 "$build/cmd/movectl" --socket "$sa/moved.sock" --json list 2>&1)
    if [[ $reply == *'"id":"walk"'* ]]; then
        ok "socket activation: the first movectl call started moved and got its answer"
    else
        fail "socket activation: movectl got [$reply]"
        cat "$sa/moved.log"
    fi
    for _ in $(seq 50); do grep -q '^READY=1' "$sa/notify.log" 2>/dev/null && break; sleep 0.1; done
    grep -q '^READY=1' "$sa/notify.log" 2>/dev/null && ok "moved sends READY=1" || fail "moved sent no READY=1"
    kill "$activate_pid" 2>/dev/null
    wait "$activate_pid"
    rc=$?
    [[ $rc -eq 0 ]] && ok "moved stops cleanly on SIGTERM" || { fail "moved exit status $rc on SIGTERM"; cat "$sa/moved.log"; }
    kill "$notify_pid" 2>/dev/null
    wait "$notify_pid" 2>/dev/null
fi

# moved's log lines: plain on a terminal or in a file, with a "<N>" priority
# prefix only when stderr is the journal (JOURNAL_STREAM=DEV:INODE of it).
if [[ -x $build/daemon/moved ]]; then
    lg=$tmp/log-prefix
    mkdir -m 700 "$lg"
    printf 'bogus = 1\n' >"$lg/plan.toml"  # invalid: moved logs an error and exits 2
    moved_bad_plan() {
        "$build/daemon/moved" --plan "$lg/plan.toml" --state-dir "$lg/state" --socket "$lg/run/moved.sock"
    }
    (unset JOURNAL_STREAM; moved_bad_plan) 2>"$lg/plain.log"
    : >"$lg/journal.log"
    JOURNAL_STREAM=$(stat -c '%d:%i' "$lg/journal.log") moved_bad_plan 2>>"$lg/journal.log"
    # A JOURNAL_STREAM that names another file is not the journal.
    JOURNAL_STREAM=$(stat -c '%d:%i' "$lg/plan.toml") moved_bad_plan 2>"$lg/other.log"
    if grep -q '^error: invalid plan' "$lg/plain.log" && ! grep -q '^<' "$lg/plain.log" &&
        grep -q '^error: ' "$lg/other.log" && grep -q '^<3>error: invalid plan' "$lg/journal.log"; then
        ok "moved's log: plain lines, <N> prefixes only into the journal stream"
    else
        fail "moved's log prefixes:"
        head -3 "$lg/plain.log" "$lg/journal.log" "$lg/other.log"
    fi
    version_out=$("$build/daemon/moved" --version | od -An -c | tr -d ' \n')
    [[ $version_out == *'\n' ]] && ok "moved --version ends with a newline" ||
        fail "moved --version does not end with a newline: $version_out"
fi
if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$root/usr/share/applications/move.desktop" 2>&1) && [[ -z $out ]] &&
        ok "desktop-file-validate move.desktop" || fail "desktop-file-validate move.desktop: $out"
fi

# --- 3. manual pages --------------------------------------------------------
if ! command -v mandoc >/dev/null; then
    fail "mandoc is not installed (scripts/install-deps)"
else
    for page in man1/moved.1 man1/movectl.1 man5/move-plan.5; do
        out=$(mandoc -T lint -W warning "$root/usr/share/man/$page" 2>&1)
        rc=$?
        if [[ $rc -ne 0 || -n $out ]]; then
            fail "mandoc -T lint -W warning $page (exit $rc):"
            echo "$out"
        else
            ok "mandoc lint $page"
        fi
    done
    # The translations po4a writes: no mandoc error (po4a wraps the text
    # anew, so the style warnings of the sources, such as a new sentence on
    # a new line, do not hold there).
    for page in de/man1/moved.1 de/man1/movectl.1 de/man5/move-plan.5; do
        out=$(mandoc -T lint -W error "$root/usr/share/man/$page" 2>&1)
        rc=$?
        if [[ $rc -ne 0 || -n $out ]]; then
            fail "mandoc -T lint -W error $page (exit $rc):"
            echo "$out"
        else
            ok "mandoc lint $page"
        fi
        grep -q "^\.Sh BESCHREIBUNG" "$root/usr/share/man/$page" || fail "$page is not German"
    done
fi

movectl=$build/cmd/movectl
moved=$build/daemon/moved
man1=$root/usr/share/man/man1
man5=$root/usr/share/man/man5/move-plan.5
bash_c=$root/usr/share/bash-completion/completions/movectl
zsh_c=$root/usr/share/zsh/vendor-completions/_movectl
fish_c=$root/usr/share/fish/vendor_completions.d/movectl.fish

# The options in a CLI11 --help text, one a line ("--at").
help_options() { sed -n '/^Options:/,/^$/p' | grep -o '^  \(-[a-zA-Z],\)\?--[a-z][a-z-]*' | sed 's/.*,//; s/^ *//'; }

missing=0
# documented OPTION PAGE [COMPLETIONS]: the option is in the page (Fl -x),
# and in each completion when asked.
documented() {
    local opt=$1 page=$2
    grep -q "Fl -${opt#--}\b" "$page" || { fail "$opt is not in $(basename "$page")"; missing=1; }
    [[ ${3:-} == completions ]] || return 0
    grep -qw -- "$opt" "$bash_c" || { fail "$opt is not in the bash completion"; missing=1; }
    grep -q -- "$opt\b" "$zsh_c" || { fail "$opt is not in the zsh completion"; missing=1; }
    grep -q -- "-l ${opt#--}\b" "$fish_c" || { fail "$opt is not in the fish completion"; missing=1; }
}

if [[ -x $movectl ]]; then
    commands=$("$movectl" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
    [[ -n $commands ]] || fail "no subcommands in movectl --help"
    for opt in $("$movectl" --help | help_options); do
        [[ $opt == --help || $opt == --version ]] && continue
        documented "$opt" "$man1/movectl.1" completions
    done
    for cmd in $commands; do
        grep -q "^\.It .*Cm $cmd\b\|^\.Cm $cmd\b" "$man1/movectl.1" || { fail "movectl $cmd is not in movectl.1"; missing=1; }
        grep -q "^ *local commands=.*\b$cmd\b" "$bash_c" || { fail "movectl $cmd is not in the bash completion"; missing=1; }
        grep -q "'$cmd:" "$zsh_c" || { fail "movectl $cmd is not in the zsh completion"; missing=1; }
        grep -q -- "-a $cmd -d" "$fish_c" || { fail "movectl $cmd is not in the fish completion"; missing=1; }
        for opt in $("$movectl" "$cmd" --help | help_options); do
            [[ $opt == --help ]] && continue
            documented "$opt" "$man1/movectl.1" completions
        done
    done
    ((missing)) || ok "every movectl command and option is in movectl.1 and the completions"
else
    fail "no built movectl at $movectl"
fi

if [[ -x $moved ]]; then
    missing=0
    for opt in $("$moved" --help | help_options); do
        documented "$opt" "$man1/moved.1"
    done
    grep -q 'Fl v' "$man1/moved.1" || fail "-v is not in moved.1"
    ((missing)) || ok "every moved option is in moved.1"
else
    fail "no built moved at $moved"
fi

# Every plan key (the kSettingsKeys list of lib/plan_settings.cc, the first
# field of each row of the kRoutineKeys table and the kStageKeys list of
# lib/plan_routine.cc) has its entry in move-plan(5).
keys=$( { sed -n '/kSettingsKeys{/,/};/p' "$src/lib/plan_settings.cc" | grep -o '"[a-z_]*"'
          sed -n '/^constexpr RoutineKey kRoutineKeys\[\] = {/,/^};/p' "$src/lib/plan_routine.cc" | grep -o '^    {"[a-z_]*"' | grep -o '"[a-z_]*"'
          sed -n '/kStageKeys{/,/};/p' "$src/lib/plan_routine.cc" | grep -o '"[a-z_]*"'
        } | tr -d '"' | sort -u)
[[ -n $keys ]] || fail "no plan keys found in lib/plan_settings.cc and lib/plan_routine.cc"
missing=0
for k in $keys; do
    grep -q "^\.It Ic $k No = " "$man5" || { fail "plan key '$k' is not in move-plan.5"; missing=1; }
done
((missing)) || ok "every plan key ($(echo $keys | wc -w)) is in move-plan.5"

# move-plan(5)'s example plan is valid.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$man5" | sed -n '/^\.Bd -literal/,/^\.Ed/p' | sed '1d' | sed '/^\.Ed/,$d' \
    | sed 's/\\e/\\/g' >"$tmp/example.toml"
grep -q '^\[\[routine\]\]' "$tmp/example.toml" || fail "no example plan in move-plan.5"
if [[ -x $movectl ]]; then
    if "$movectl" check "$tmp/example.toml" --next 2 --from "2026-03-28 12:00" >"$tmp/check.out" 2>&1; then
        ok "move-plan.5's example plan passes movectl check"
    else
        fail "move-plan.5's example plan:"
        cat "$tmp/check.out"
    fi
    for id in walk desk-break core pilates; do
        grep -q "^id = \"$id\"" "$tmp/example.toml" || fail "move-plan.5's example has no routine '$id'"
    done
fi

# --- 4. completions ---------------------------------------------------------
if bash "$here/test_bash_completion.sh" "$bash_c" "$movectl" "$moved" >"$tmp/bash.log" 2>&1; then
    ok "bash completion ($(grep -c '^ok:' "$tmp/bash.log") checks)"
else
    cat "$tmp/bash.log"
    fail "bash completion"
fi
if bash "$here/test_fish_zsh_completion.sh" "$fish_c" "$zsh_c" "$movectl" >"$tmp/fz.log" 2>&1; then
    ok "fish and zsh completions ($(grep -c '^ok:' "$tmp/fz.log") checks)"
    grep '^SKIP' "$tmp/fz.log"
else
    cat "$tmp/fz.log"
    fail "fish/zsh completions"
fi

if ((failures)); then
    echo "$failures packaging check(s) failed"
    exit 1
fi
echo "packaging: all passed"
