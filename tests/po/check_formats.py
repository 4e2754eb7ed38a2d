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

import concurrent.futures
import json
import os
import shlex
import subprocess
import sys

build, src = sys.argv[1], os.path.realpath(sys.argv[2])
jobs = []
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
    jobs.append((f, args, c["directory"]))


def check(job):
    f, args, cwd = job
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    return f, r.returncode != 0 or bool(r.stderr), r.stderr


failed = 0
# One compiler a core: the files are independent.
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    for f, bad, err in pool.map(check, jobs):
        if bad:
            failed += 1
            print(f"{f}:\n{err}")
checked = len(jobs)
print(f"{checked} files checked, {failed} with a printf mismatch")
sys.exit(1 if failed or checked == 0 else 0)
