#!/usr/bin/env python3
"""tenkai's 1x PDF against its anchors, Chromium and Typst, in one paired, interleaved run.

    benches/anchor.py [BIN] [--runs 20] [--chromium-runs 10] [--cpus all,0]

Renders the FY2017Q4 quarterly report (Japanese, 1x data, the database of benches/run.py) to PDF
with tenkai, and makes the same report's PDF two other ways:
  * headless Chromium printing tenkai's own HTML of the report (`--print-to-pdf`, as run.py runs it);
  * Typst compiling benches/anchor/report.typ, the report's twin (the same content, fonts and
    A4 pages; written by benches/anchor/make_typ.py), to a tagged PDF/UA-1, as tenkai's is.
Each round runs tenkai, Typst, Python alone and Chromium one after another, so that all meet the
same minutes of a machine whose speed drifts; `--cpus all,0` repeats the whole for two cores and
for one (`taskset -c 0`). Prints medians of wall time and peak memory, the sizes and the ratios.

Typst runs as a whole process through its Python binding (PyPI `typst`; no prebuilt typst binary
can be fetched here): its time is given whole and net of Python's own start (`import typst`,
timed in the same rounds). Make its environment once with
    python3 -m venv target/typst && target/typst/bin/pip install typst==0.15.2
or pass `--typst-python`. Peak memory of tenkai and Typst is wait4's (benches/measure.c);
Chromium's is its process tree's, sampled in separate runs (run.py's way).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the measuring parent and the synthetic data)

ANCHOR = os.path.join(run.ROOT, "benches", "anchor")
TYPST_COMPILE = """
import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], font_paths=[sys.argv[4]],
              ignore_system_fonts=True, pdf_standards=["ua-1"], pdf_tags=True)
"""


def chromium_cmd(chromium, profile, html, pdf):
    return [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + html]


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")), "?")


def one_setting(a, cpus, d, db, html, chromium, typst_py):
    """The interleaved rounds on one CPU setting: name -> (seconds list, MiB list), and the files."""
    pin = [] if cpus == "all" else ["taskset", "-c", cpus]
    fonts = os.path.join(run.REPORTS, "fonts")
    typ = os.path.join(ANCHOR, "report.typ")
    files = {"tenkai": None, "typst": os.path.join(d, "typst.pdf"), "chromium": os.path.join(d, "chromium.pdf")}
    res = {k: ([], []) for k in ("tenkai", "typst", "python", "chromium")}
    with tempfile.TemporaryDirectory() as profile:
        for i in range(a.runs + 1):
            # A file of its own each run: a file tenkai exported is never written over.
            out = os.path.join(d, f"tenkai.{cpus}.{i}.pdf")
            cmds = {
                "tenkai": [run.BIN, "-q", "--db", db, "--reports", run.REPORTS, "report", "render", "quarterly",
                           "--period", "FY2017Q4", "--known-at", run.KNOWN, "--format", "pdf", "--out", out],
                "typst": [typst_py, "-c", TYPST_COMPILE, typ, files["typst"], ANCHOR, fonts],
                "python": [typst_py, "-c", "import typst"],
            }
            if chromium and i < a.chromium_runs + 1:
                cmds["chromium"] = chromium_cmd(chromium, profile, html, files["chromium"])
            for k, cmd in cmds.items():
                secs, mib = run.run_measured(pin + cmd, cwd=d)
                if i >= 1:  # the first round warms the page cache
                    res[k][0].append(secs)
                    res[k][1].append(mib)
            files["tenkai"] = out
        if chromium:
            # Chromium is many processes: its peak is its tree's, sampled (slower, so untimed).
            res["chromium"] = (res["chromium"][0], [max(run.run_sampled(pin + chromium_cmd(chromium, profile, html, files["chromium"]))[1] for _ in range(3))])
    return res, files


def report(cpus, res, files, runs):
    med = {k: (statistics.median(v[0]) if v[0] else None, statistics.median(v[1]) if v[1] else None) for k, v in res.items()}
    net = med["typst"][0] - med["python"][0]
    where = "two cores" if cpus == "all" else f"taskset -c {cpus}"
    print(f"\nFY2017Q4 quarterly PDF, 1x, {where}: medians of {runs} interleaved rounds")
    print(f"  {'':30} {'wall':>10} {'peak':>10} {'size':>8} pages")
    t = med["tenkai"][0]
    rows = [("tenkai", t, med["tenkai"][1], files["tenkai"]),
            ("typst 0.15 (whole process)", med["typst"][0], med["typst"][1], files["typst"]),
            ("typst, net of Python's start", net, None, None),
            ("python -c 'import typst'", med["python"][0], med["python"][1], None)]
    if med["chromium"][0] is not None:
        rows.append(("chromium --print-to-pdf", med["chromium"][0], med["chromium"][1], files["chromium"]))
    for name, secs, mib, f in rows:
        size = f"{os.path.getsize(f) / 1024:6.0f} KB" if f else ""
        print(f"  {name:30} {secs * 1000:8.1f} ms {'' if mib is None else f'{mib:6.1f} MiB':>10} {size:>8} {pages(f) if f else ''}")
    print(f"  tenkai / typst net: 1/{net / t:.1f}   tenkai / typst whole: 1/{med['typst'][0] / t:.1f}", end="")
    if med["chromium"][0] is not None:
        print(f"   tenkai / chromium: 1/{med['chromium'][0] / t:.0f}")
    else:
        print("   chromium: not installed")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin", nargs="?", default=run.BIN)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--chromium-runs", type=int, default=10, help="Chromium in the first N rounds only (it takes seconds)")
    ap.add_argument("--cpus", default="all,0", help="CPU settings, comma-separated: all, or a taskset list")
    ap.add_argument("--typst-python", default=os.path.join(run.ROOT, "target", "typst", "bin", "python"))
    a = ap.parse_args()
    if subprocess.run([a.typst_python, "-c", "import typst"], capture_output=True).returncode != 0:
        raise SystemExit(f"no Typst at {a.typst_python}: python3 -m venv target/typst && target/typst/bin/pip install typst==0.15.2")
    os.makedirs(run.OUT, exist_ok=True)
    run.build_measure()
    run.BIN = os.path.abspath(a.bin)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    with tempfile.TemporaryDirectory() as d:
        run.OUT = d
        db = run.make_db(1)
        html = os.path.join(d, "q.html")
        subprocess.run([run.BIN, "-q", "--db", db, "--reports", run.REPORTS, "report", "render", "quarterly", "--period", "FY2017Q4",
                        "--known-at", run.KNOWN, "--format", "html", "--out", html], check=True, stdout=subprocess.DEVNULL)
        for cpus in a.cpus.split(","):
            res, files = one_setting(a, cpus, d, db, html, chromium, a.typst_python)
            report(cpus, res, files, a.runs)


if __name__ == "__main__":
    main()
