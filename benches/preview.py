#!/usr/bin/env python3
"""Times the preview loop an author sees: how long a saved template, a broken one and the fixed one
take to show in headless Chromium (tests/browser/preview.mjs, with its 2 s deadline per step).

    PLAYWRIGHT_DIR=/path/to/playwright benches/preview.py [BIN]   # BIN: target/debug/tenkai

Prints the script's JSON line ({"edited_ms": …, "error_ms": …, "fixed_ms": …}) and exits 1 if a
step took 2 s or more. tests/preview.rs checks the same loop's behaviour without a time limit.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT_MS = 2000


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/debug/tenkai")
    if "PLAYWRIGHT_DIR" not in os.environ:
        sys.exit("set PLAYWRIGHT_DIR to the playwright-core install (.ci/run makes target/playwright)")
    with tempfile.TemporaryDirectory() as d:
        reports = os.path.join(d, "reports")
        shutil.copytree(os.path.join(ROOT, "reports"), reports)
        fixture = os.path.join(ROOT, "tests/fixtures/asean")
        for f in ["asean.toml", "templates/asean.html", "queries/asean_hubs.sql"]:
            shutil.copy(os.path.join(fixture, f), os.path.join(reports, f))
        db = os.path.join(d, "tenkai.sqlite")
        base = [binary, "--db", db, "--reports", reports]
        subprocess.run(base + ["init"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        server = subprocess.Popen(
            base + ["report", "preview", "asean", "--period", "FY2017", "--lang", "ja", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=d)
        try:
            url = server.stdout.readline().strip()
            env = dict(os.environ, PREVIEW_DEADLINE_MS=str(LIMIT_MS))
            out = subprocess.run(
                ["node", os.path.join(ROOT, "tests/browser/preview.mjs"), url,
                 os.path.join(reports, "templates/asean.html")],
                env=env, capture_output=True, text=True)
        finally:
            server.kill()
            server.wait()
    if out.returncode != 0:
        sys.exit(f"the preview loop missed its {LIMIT_MS} ms:\n{out.stdout}{out.stderr}")
    seen = json.loads(out.stdout)
    print(json.dumps({k: seen[k] for k in ["edited_ms", "error_ms", "fixed_ms"]}))
    slow = [k for k in ["edited_ms", "error_ms", "fixed_ms"] if seen[k] >= LIMIT_MS]
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
