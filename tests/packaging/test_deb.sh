#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian package, installed as a user would install it, then removed:
#
#   tests/packaging/test_deb.sh DEB_DIR SOURCE_DIR     (as root; CI runs it)
#
# DEB_DIR holds what scripts/build-deb made. Checks the package's fields
# (version = the CMake project's, Depends from shlibs, Recommends a
# notification server), installs it with `apt-get install ./move_*.deb`,
# then: `movectl --version`, `moved --version`, `movectl check` of the
# installed example plan, `systemd-analyze --user verify` of the installed
# units, the desktop entry and icon in place. `apt-get purge` at the end.
set -u
debdir=$(realpath "$1")
src=$(realpath "$2")
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}
ok() { echo "ok: $*"; }

if [[ $(id -u) -ne 0 ]]; then
    echo "test_deb.sh installs a package: run it as root" >&2
    exit 2
fi
shopt -s nullglob
debs=("$debdir"/move_*.deb)
if [[ ${#debs[@]} -ne 1 ]]; then
    echo "FAIL: expected one move_*.deb in $debdir, found ${#debs[@]} (scripts/build-deb makes it)"
    exit 1
fi
deb=${debs[0]}

# --- the package's fields ---------------------------------------------------
cmake_version=$(sed -n 's/^project(move VERSION \([0-9.]*\) .*/\1/p' "$src/CMakeLists.txt")
version=$(dpkg-deb -f "$deb" Version)
[[ -n $cmake_version && $version == "$cmake_version" ]] &&
    ok "package version $version = CMakeLists.txt's" ||
    fail "package version '$version', CMakeLists.txt says '$cmake_version' (debian/changelog)"
depends=$(dpkg-deb -f "$deb" Depends)
names=" $(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/[ (].*//' | tr '\n' ' ')"
missing=0
for lib in libnotify4 libsqlite3-0 libsystemd0 libtomlplusplus3 libboost-json1.81.0 libglib2.0-0 libc6 libstdc++6; do
    [[ $names == *" $lib "* ]] || { fail "Depends has no $lib: $depends"; missing=1; }
done
((missing)) || ok "Depends (from shlibs): $depends"
recommends=$(dpkg-deb -f "$deb" Recommends)
[[ $recommends == *notification-daemon* ]] && ok "Recommends: $recommends" || fail "Recommends: '$recommends'"

# scripts/install-deps --build installs every Build-Depends but debhelper and
# the test framework (the README's quick start to run moved relies on it).
build_list=$(sed -n '/^build="/,/"$/p' "$src/scripts/install-deps")
build_depends=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$src/debian/control" | sed '1s/^Build-Depends://; $d' |
    tr ',' '\n' | sed 's/[(<].*//; s/ //g' | grep -v -e '^$' -e '^debhelper-compat$' -e '^catch2$')
missing=0
for p in $build_depends; do
    grep -qw -- "$p" <<<"$build_list" || { fail "Build-Depends $p is not in install-deps --build"; missing=1; }
done
((missing)) || ok "install-deps --build has every Build-Depends ($(echo $build_depends | wc -w))"

# --- install ----------------------------------------------------------------
was_installed=0
dpkg -s move >/dev/null 2>&1 && was_installed=1
tmp=$(mktemp -d)
cleanup() {
    if ((was_installed)); then
        echo "note: move was installed before this test; it now has the tested package"
    else
        DEBIAN_FRONTEND=noninteractive apt-get purge -y -q move >"$tmp/remove.log" 2>&1 ||
            { cat "$tmp/remove.log"; echo "FAIL: apt-get purge move"; }
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
cp "$deb" "$tmp/"
# apt-get wants a path with a slash to take a file, and reads it as _apt:
# a copy in a folder it may enter.
chmod 755 "$tmp"
chmod 644 "$tmp/$(basename "$deb")"
if ! (cd "$tmp" && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "./$(basename "$deb")" >"$tmp/install.log" 2>&1); then
    cat "$tmp/install.log"
    echo "FAIL: apt-get install ./$(basename "$deb")"
    exit 1
fi
ok "apt-get install ./$(basename "$deb")"

# --- what it installed ------------------------------------------------------
missing=0
for f in /usr/bin/moved /usr/bin/movectl /usr/share/move/plan.toml /usr/share/doc/move/examples/plan.toml \
    /usr/share/doc/move/copyright /usr/share/man/man1/moved.1.gz /usr/share/man/man1/movectl.1.gz \
    /usr/share/man/man5/move-plan.5.gz /usr/lib/systemd/user/moved.service /usr/lib/systemd/user/moved.socket \
    /usr/share/bash-completion/completions/movectl /usr/share/zsh/vendor-completions/_movectl \
    /usr/share/fish/vendor_completions.d/movectl.fish /usr/share/applications/move.desktop \
    /usr/share/icons/hicolor/scalable/apps/move.svg /usr/share/locale/de/LC_MESSAGES/move.mo \
    /usr/share/man/de/man1/moved.1.gz /usr/share/man/de/man1/movectl.1.gz /usr/share/man/de/man5/move-plan.5.gz; do
    dpkg -S "$f" >/dev/null 2>&1 || { fail "not in the package: $f"; missing=1; }
done
((missing)) || ok "every expected file is in the package"

out=$(movectl --version 2>&1) && [[ $out == "movectl $version" ]] && ok "movectl --version: $out" ||
    fail "movectl --version: [$out]"
movectl --version | tail -c1 | od -An -c | grep -q '\\n' || fail "movectl --version does not end with a newline"
moved --version >"$tmp/moved.version" 2>&1
[[ $(cat "$tmp/moved.version") == "moved $version" ]] && ok "moved --version: $(cat "$tmp/moved.version")" ||
    fail "moved --version: [$(cat "$tmp/moved.version")]"
[[ $(tail -c1 "$tmp/moved.version" | od -An -c) == *'\n'* ]] || fail "moved --version does not end with a newline"

if movectl check /usr/share/move/plan.toml --next 1 --from "2026-03-28 12:00" >"$tmp/check.out" 2>&1; then
    ok "movectl check /usr/share/move/plan.toml ($(grep -c . "$tmp/check.out") lines)"
else
    cat "$tmp/check.out"
    fail "movectl check /usr/share/move/plan.toml"
fi

mkdir -m 700 "$tmp/runtime"
if XDG_RUNTIME_DIR=$tmp/runtime systemd-analyze --user verify --man=no \
    /usr/lib/systemd/user/moved.service /usr/lib/systemd/user/moved.socket >"$tmp/verify.out" 2>"$tmp/verify.err" &&
    [[ ! -s $tmp/verify.err ]]; then
    ok "systemd-analyze --user verify of the installed units"
else
    cat "$tmp/verify.out" "$tmp/verify.err"
    fail "systemd-analyze --user verify of the installed units"
fi
grep -qx "ExecStart=/usr/bin/moved" /usr/lib/systemd/user/moved.service || fail "moved.service: ExecStart is not /usr/bin/moved"
# Installed, not enabled for every user (debian/rules).
[[ -e /etc/systemd/user/graphical-session.target.wants/moved.service ]] &&
    fail "the package enabled moved.service for every user"

if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate /usr/share/applications/move.desktop 2>&1) && [[ -z $out ]] &&
        ok "desktop-file-validate move.desktop" || fail "desktop-file-validate: $out"
fi
grep -qx NoDisplay=true /usr/share/applications/move.desktop || fail "move.desktop is not NoDisplay"
grep -qx Icon=move /usr/share/applications/move.desktop || fail "move.desktop has no Icon=move"
/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' \
    /usr/share/icons/hicolor/scalable/apps/move.svg && ok "move.svg is an SVG document" || fail "move.svg is not an SVG document"

if ((failures)); then
    echo "$failures check(s) of the .deb failed"
    exit 1
fi
echo "deb: all passed"
