#!/usr/bin/env python3
"""Checks that a tenkai binary's PDFs read the same as recorded, and pass the checkers.

    benches/pdftext.py --record DIR [BIN]   # write each PDF's text and tagged text into DIR
    benches/pdftext.py --check  DIR [BIN]   # compare with them (exit 1 if any differs)

Renders both built-in reports (quarterly, briefing) in both languages to PDF at 1x and 10x the
source's data (the synthetic data of benches/run.py), with a fixed --known-at, and keeps for each
the text `pdftotext` extracts and the tagged text `pdfinfo -struct-text` lists. Each PDF must also
pass `qpdf --check` and, when the PDFUA environment variable names the checker, `pdfua check` with
no findings. A change to how the PDF is written, not to what it says, is checked with it: the
bytes may differ, the text may not. BIN defaults to target/release/tenkai.
"""

import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the synthetic data generator)

KNOWN = "2018-04-10T09:00"
PERIOD = "FY2017Q4"


def texts(pdf):
    """The PDF's extracted text and its tagged text."""
    plain = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, check=True).stdout
    tagged = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, check=True).stdout
    return plain, tagged


def checked(pdf):
    """What qpdf and pdfua find wrong with the PDF (empty when nothing)."""
    problems = []
    q = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if q.returncode != 0 or "No syntax or stream encoding errors" not in q.stdout:
        problems.append(f"qpdf: {q.stdout}{q.stderr}")
    pdfua = os.environ.get("PDFUA")
    if pdfua:
        u = subprocess.run([pdfua, "check", pdf], capture_output=True, text=True)
        if u.returncode != 0:
            problems.append(f"pdfua: {u.stdout}{u.stderr}")
    return problems


def renders(binary, d):
    """Renders every PDF into d; yields (name, path), path None where the render is refused."""
    run.BIN = binary
    run.OUT = d
    for scale in (1, 10):
        db = run.make_db(scale)
        for report in ("quarterly", "briefing"):
            for lang in ("ja", "en"):
                name = f"{report}.{lang}.{scale}x"
                path = os.path.join(d, name + ".pdf")
                p = subprocess.run(
                    [binary, "-q", "--db", db, "--reports", run.REPORTS, "report", "render", report,
                     "--period", PERIOD, "--lang", lang, "--known-at", KNOWN, "--format", "pdf", "--out", path,
                     "--allow-empty"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                yield name, path if p.returncode == 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", metavar="DIR")
    mode.add_argument("--check", metavar="DIR")
    ap.add_argument("binary", nargs="?", default=run.BIN)
    a = ap.parse_args()
    bad = []
    n = 0
    with tempfile.TemporaryDirectory() as d:
        for name, pdf in renders(os.path.abspath(a.binary), d):
            n += 1
            got = texts(pdf) if pdf else (b"refused", b"refused")
            for problem in checked(pdf) if pdf else []:
                bad.append(f"{name}: {problem}")
            for kind, body in zip(("txt", "struct"), got):
                path = os.path.join(a.record or a.check, f"{name}.{kind}")
                if a.record:
                    os.makedirs(a.record, exist_ok=True)
                    with open(path, "wb") as f:
                        f.write(body)
                elif not os.path.exists(path) or open(path, "rb").read() != body:
                    bad.append(f"{name}: its {kind} differs from {path}")
    for b in bad:
        print(b)
    print(f"{n} PDFs, {len(bad)} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
