#!/usr/bin/env python3
"""Render times of the two built-in reports at 1x, for one or more tenkai binaries side by side.

    benches/renders.py [--reps N] BIN [BIN ...]

Renders the quarterly report and the briefing (FY2017Q4, Japanese) to HTML and to PDF at 1x the
source's data (the synthetic data of benches/run.py) and prints the median wall time of each,
per binary. The binaries take turns, run by run, so that a machine shared with other work slows
them alike. What the context computes shows here: a report computes only the sections its
template reads.
"""

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the synthetic data generator, the measuring parent)

KNOWN = "2018-04-10T09:00"
PERIOD = "FY2017Q4"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("binaries", nargs="+")
    a = ap.parse_args()
    os.makedirs(run.OUT, exist_ok=True)
    run.build_measure()
    with tempfile.TemporaryDirectory() as d:
        run.BIN = a.binaries[0]
        run.OUT = d
        db = run.make_db(1)
        times = {}
        cases = [(r, f) for r in ("quarterly", "briefing") for f in ("html", "pdf")]
        for rep in range(a.reps):
            for report, fmt in cases:
                for i, b in enumerate(a.binaries):
                    # A file of its own each time: an exported file is never written over.
                    out = os.path.join(d, f"{report}.{rep}.{i}.{fmt}")
                    cmd = [b, "-q", "--db", db, "--reports", run.REPORTS, "report", "render", report,
                           "--period", PERIOD, "--lang", "ja", "--known-at", KNOWN, "--format", fmt,
                           "--out", out, "--allow-empty"]
                    secs, _ = run.run_measured(cmd)
                    times.setdefault((report, fmt, b), []).append(secs * 1000)
                    os.remove(out)
        print(f"median of {a.reps} runs, ms")
        print(f"{'report':<12}{'format':<8}" + "".join(f"{b[-26:]:>28}" for b in a.binaries))
        for report, fmt in cases:
            row = "".join(f"{statistics.median(times[(report, fmt, b)]):>28.1f}" for b in a.binaries)
            print(f"{report:<12}{fmt:<8}{row}")


if __name__ == "__main__":
    main()
