#!/usr/bin/env python3
"""Checks that a tenkai binary renders every report byte for byte as recorded.

    benches/identical.py --record benches/identical.sha256 [BIN]   # write the manifest
    benches/identical.py --check  benches/identical.sha256 [BIN]   # compare with it (exit 1 if not)

Renders both built-in reports (quarterly, briefing) in both languages and both formats, at 1x and
10x the source's data (the synthetic data of benches/run.py), with a fixed --known-at, and lists
the sha256 of each file. A refactoring that must not change output is checked against the manifest
recorded before it. BIN defaults to target/release/tenkai.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the synthetic data generator)

KNOWN = "2018-04-10T09:00"
PERIOD = "FY2017Q4"


def renders(binary):
    run.BIN = binary
    out = {}
    with tempfile.TemporaryDirectory() as d:
        run.OUT = d
        for scale in (1, 10):
            db = run.make_db(scale)
            for report in ("quarterly", "briefing"):
                for lang in ("ja", "en"):
                    for fmt in ("html", "pdf"):
                        path = os.path.join(d, f"{report}.{lang}.{scale}x.{fmt}")
                        p = subprocess.run(
                            [binary, "-q", "--db", db, "--reports", run.REPORTS, "report", "render", report,
                             "--period", PERIOD, "--lang", lang, "--known-at", KNOWN, "--format", fmt, "--out", path,
                             "--allow-empty"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                        # A render that is refused (the briefing's one page at 10x) must be refused
                        # with the same message: its stderr is what is compared.
                        if p.returncode == 0:
                            with open(path, "rb") as f:
                                body = f.read()
                        else:
                            body = p.stderr.replace(d.encode(), b"TMP")
                        out[f"{report} {lang} {fmt} {scale}x"] = hashlib.sha256(body).hexdigest()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", metavar="FILE")
    mode.add_argument("--check", metavar="FILE")
    ap.add_argument("binary", nargs="?", default=run.BIN)
    a = ap.parse_args()
    got = renders(os.path.abspath(a.binary))
    if a.record:
        with open(a.record, "w") as f:
            for k, v in got.items():
                f.write(f"{v}  {k}\n")
        print(f"recorded {len(got)} renders in {a.record}")
        return 0
    want = {}
    with open(a.check) as f:
        for line in f:
            v, k = line.rstrip("\n").split("  ", 1)
            want[k] = v
    bad = [k for k in want if got.get(k) != want[k]]
    for k in bad:
        print(f"differs: {k}")
    print(f"{len(want) - len(bad)} of {len(want)} renders identical")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
