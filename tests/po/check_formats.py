#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The compiler's printf check of every strprintf call: each source of
lib/, cmd/ and daemon/ that calls it is compiled again (syntax only, from
compile_commands.json) with MOVE_CHECK_FORMATS, which makes strprintf the
printf-attributed function, so -Wformat compares the arguments with the
msgid (_() and P_() carry format_arg). A %d given a long, or a %s given a
std::string, fails here.

    tests/po/check_formats.py BUILD_DIR SOURCE_DIR
"""

import json
import os
import shlex
import subprocess
import sys

build, src = sys.argv[1], os.path.realpath(sys.argv[2])
failed = 0
checked = 0
for c in json.load(open(os.path.join(build, "compile_commands.json"))):
    f = os.path.realpath(c["file"])
    if not any(f.startswith(os.path.join(src, d) + os.sep) for d in ("lib", "cmd", "daemon")):
        continue
    with open(f) as text:
        if "strprintf" not in text.read():
            continue
    args, skip = [], False
    for a in shlex.split(c["command"]):
        if skip:
            skip = False
        elif a in ("-o", "-MF", "-MT"):
            skip = True
        elif a != "-MD" and not a.endswith("ccache"):
            args.append(a)
    args += ["-DMOVE_CHECK_FORMATS", "-fsyntax-only", "-Wformat=2", "-Wno-format-nonliteral", "-Werror"]
    r = subprocess.run(args, cwd=c["directory"], capture_output=True, text=True)
    checked += 1
    if r.returncode or r.stderr:
        failed += 1
        print(f"{f}:\n{r.stderr}")
print(f"{checked} files checked, {failed} with a printf mismatch")
sys.exit(1 if failed or checked == 0 else 0)
