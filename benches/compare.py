#!/usr/bin/env python3
"""Two tenkai binaries timed against each other on one render, interleaved.

    benches/compare.py OLD_BIN NEW_BIN [--runs 40] [--report quarterly] [--format pdf] [--scale 1]
                       [--cpus 0]

Runs a FY2017Q4 report (the quarterly report, or `--report briefing`) with each binary alternately (so that both meet the same
minutes of a machine whose speed drifts), on the synthetic database of benches/run.py at the given
scale, and prints each binary's median wall time and peak memory. `--cpus 0` runs both under
`taskset -c 0`, on one core. `--phases` times only what reading the context and running the
template take (the phases of `TENKAI_PROFILE=1` up to the template's output), which the noise of
a shared machine hides in a whole process's time.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the measuring parent and the synthetic data)


# The phases of a render (TENKAI_PROFILE=1) that read the context and run the template.
PHASES = ("context and template compile", "named sections and template compile", "template")


def phases(cmd, cwd):
    """The seconds a render's context and template phases took, and no peak memory (0)."""
    p = subprocess.run(cmd, cwd=cwd, env={**os.environ, "TENKAI_PROFILE": "1"},
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    ms = 0.0
    for m in re.finditer(r"^profile: (.+?)\s+([\d.]+) ms", p.stderr, re.M):
        if m.group(1) in PHASES:
            ms += float(m.group(2))
    return ms / 1000, 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--report", default="quarterly", choices=["quarterly", "briefing"])
    ap.add_argument("--format", default="pdf", choices=["html", "pdf"])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--cpus", help="run under taskset -c CPUS")
    ap.add_argument("--phases", action="store_true", help="time the context and template phases only")
    a = ap.parse_args()
    os.makedirs(run.OUT, exist_ok=True)
    run.build_measure()
    bins = {"old": os.path.abspath(a.old), "new": os.path.abspath(a.new)}
    with tempfile.TemporaryDirectory() as d:
        # The database is made by the old binary, and each binary gets its own copy: the new one
        # may migrate its copy to a schema the old one would refuse.
        run.BIN = bins["old"]
        run.OUT = d
        made = run.make_db(a.scale)
        dbs = {}
        for k in bins:
            dbs[k] = os.path.join(d, f"{k}.sqlite")
            shutil.copy(made, dbs[k])

        times = {k: [] for k in bins}
        peaks = {k: [] for k in bins}
        for i in range(a.runs + 2):
            for k, b in bins.items():
                # A file of its own each run: a file tenkai exported is never written over.
                out = os.path.join(d, f"{k}.{i}.{a.format}")
                # --allow-empty: the briefing's narrative is not written in the synthetic data.
                cmd = [b, "-q", "--db", dbs[k], "--reports", run.REPORTS, "report", "render", a.report,
                       "--period", "FY2017Q4", "--known-at", run.KNOWN, "--format", a.format, "--out", out,
                       "--allow-empty"]
                if a.cpus is not None:
                    cmd = ["taskset", "-c", a.cpus] + cmd
                secs, mib = phases(cmd, d) if a.phases else run.run_measured(cmd, cwd=d)
                if i >= 2:  # the first runs warm the page cache
                    times[k].append(secs)
                    peaks[k].append(mib)
    where = f"on CPU(s) {a.cpus}" if a.cpus is not None else "on all CPUs"
    what = "context and template phases" if a.phases else "whole process"
    print(f"{a.report} {a.scale}x {a.format} ({what}), {a.runs} interleaved runs each, {where}:")
    for k in bins:
        print(f"  {k}: {statistics.median(times[k]) * 1000:8.2f} ms  peak {statistics.median(peaks[k]):6.1f} MiB  ({bins[k]})")


if __name__ == "__main__":
    main()
