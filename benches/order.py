#!/usr/bin/env python3
"""Writes link/order.txt: the functions a small render runs, for the linker to place together.

    benches/order.py [BIN]        # BIN defaults to target/release/tenkai

A 1x render runs about 3,300 of the executable's 18,000 functions (3.4 MB), spread over its 12 MB
of code. The kernel maps the code a page at a time and, with each page touched, its cached
neighbours (up to 64 KB around it), so the render's code in memory would be most of the executable's
(9.5 MiB). Placed together (lld's --symbol-ordering-file, given by build.rs), the functions a
render runs fill 3.7 MiB, and the rest of the code is not read at all.

Runs the renders of benches/identical.py at 1x (both reports, both languages, both formats; the
quarterly PDF in Japanese first) under valgrind's callgrind, and lists each executed function of
BIN by its symbol, in the order the renders first ran it: the first render's functions first, then
what each next render adds. A symbol the linker no longer finds (a function renamed, or a
dependency updated) is skipped, so the list only goes stale: run this again after large changes.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the synthetic data and the release binary's path)

ORDER = os.path.join(run.ROOT, "link", "order.txt")
RENDERS = [(report, lang, fmt) for report in ("quarterly", "briefing") for lang in ("ja", "en") for fmt in ("pdf", "html")]


def executed(callgrind_out, binary):
    """The symbols of `binary`'s functions that ran, in the order callgrind lists them."""
    names, objects, seen = {}, {}, []
    current_ob = None
    for line in open(callgrind_out, errors="replace"):
        m = re.match(r"(c?)(ob|fn)=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
        if not m:
            continue
        called, kind, ident, name = m.groups()
        table = objects if kind == "ob" else names
        if name:
            table[ident] = name
        if called:
            continue
        if kind == "ob":
            current_ob = objects.get(ident)
        elif current_ob is not None and os.path.realpath(current_ob) == os.path.realpath(binary):
            seen.append(names.get(ident))
    return [n for n in seen if n]


def symbols(binary):
    """The function symbols the executable defines."""
    out = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    return {p[2] for p in (line.split(" ", 2) for line in out.splitlines()) if len(p) == 3 and p[1] in "tTwW"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin", nargs="?", default=run.BIN)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    run.BIN = binary
    defined = symbols(binary)
    order, listed = [], set()
    with tempfile.TemporaryDirectory() as d:
        run.OUT = d
        db = run.make_db(1)
        for report, lang, fmt in RENDERS:
            out = os.path.join(d, f"{report}.{lang}.{fmt}")
            cg = os.path.join(d, "callgrind.out")
            subprocess.run(
                ["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={cg}", binary, "-q",
                 "--db", db, "--reports", run.REPORTS, "report", "render", report, "--period", "FY2017Q4",
                 "--lang", lang, "--known-at", run.KNOWN, "--format", fmt, "--out", out, "--allow-empty"],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            added = 0
            for name in executed(cg, binary):
                # GCC's local clones (`.constprop.0`) are symbols too; callgrind may add `'2` for
                # recursion.
                name = re.sub(r"'\d+$", "", name)
                if name in defined and name not in listed:
                    listed.add(name)
                    order.append(name)
                    added += 1
            print(f"{report} {lang} {fmt}: {added} functions added", file=sys.stderr)
    os.makedirs(os.path.dirname(ORDER), exist_ok=True)
    with open(ORDER, "w") as f:
        f.write("# The functions a 1x render runs, in the order the renders first ran them: written by\n")
        f.write("# benches/order.py, given to the linker by build.rs (lld's --symbol-ordering-file).\n")
        for name in order:
            f.write(name + "\n")
    print(f"{len(order)} functions in {ORDER}", file=sys.stderr)


if __name__ == "__main__":
    main()
