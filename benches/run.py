#!/usr/bin/env python3
"""tenkai's benchmark suite: whole processes, wall time and peak memory, printed as a table.

    benches/run.py            # everything (builds the release binary first)
    benches/run.py --quick    # 1x and 10x only, fewer repetitions

Measures, side by side in one run:
  * the FY2017Q4 quarterly report to HTML and to PDF at 1x, 10x, 100x and 1000x the source's data;
  * headless Chromium printing tenkai's own HTML of the same report to PDF (1x);
  * 40 quarters x html+pdf in one `tenkai schedule run` (1x);
  * `tenkai sql` CSV and JSON against the sqlite3 shell over 1,000,000 rows, and to a workbook
    (`--format xlsx`) against openpyxl in write-only mode writing the same rows.

Synthetic data (benches only, never the user's database) is generated here with Python's sqlite3 on
top of a seeded tenkai database: the seed's schema at N times the source document's size, with
Japanese names. Results go to benches/out/results.json; BENCHMARKS.md records a run.

Peak memory of a tenkai (or sqlite3) process is its maximum resident set, from wait4 in a small C
parent (benches/measure.c, compiled here with cc). Chromium is many processes:
its peak is the largest sum of the resident sets of its process tree, sampled every 5 ms, and
its time comes from separate runs without the sampler (which would slow it on two cores).
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "benches", "out")
BIN = os.path.join(ROOT, "target", "release", "tenkai")
REPORTS = os.path.join(ROOT, "reports")
KNOWN = "2018-04-10T09:00"


MEASURE = os.path.join(OUT, "measure")


def build_measure():
    """benches/measure.c: a small C parent that reports a child's wall time and peak RSS (wait4).
    A Python parent would inflate the child's peak by its own memory at fork."""
    src = os.path.join(ROOT, "benches", "measure.c")
    if not os.path.exists(MEASURE) or os.path.getmtime(MEASURE) < os.path.getmtime(src):
        subprocess.run(["cc", "-O2", "-o", MEASURE, src], check=True)


# openpyxl in write-only mode (its fastest, constant-memory writer) writing a query's rows.
OPENPYXL_WRITER = """
import sqlite3, sys, openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet()
cur = sqlite3.connect(sys.argv[1]).execute(sys.argv[2])
ws.append([d[0] for d in cur.description])
for row in cur:
    ws.append(row)
wb.save(sys.argv[3])
"""


def run_measured(cmd, cwd=None, stdout=subprocess.DEVNULL):
    """Runs a command under benches/measure; returns (seconds, peak RSS in MiB)."""
    p = subprocess.run([MEASURE, *cmd], cwd=cwd, stdout=stdout, stderr=subprocess.PIPE)
    err = p.stderr.decode(errors="replace")
    line = [l for l in err.splitlines() if l.startswith("MEASURE ")]
    if p.returncode != 0 or not line:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    _, secs, kib = line[-1].split()
    return float(secs), int(kib) / 1024.0


def tree_rss_mib(pid):
    """The summed RSS of a process and its descendants, in MiB."""
    children = {}
    total = 0
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            ppid = int(parts[1])
            rss_pages = int(parts[21])
            children.setdefault(ppid, []).append((int(d), rss_pages))
        except (OSError, IndexError, ValueError):
            continue
    stack = [pid]
    seen = set()
    page = os.sysconf("SC_PAGE_SIZE")
    try:
        with open(f"/proc/{pid}/stat") as f:
            total += int(f.read().rsplit(")", 1)[1].split()[21]) * page
    except OSError:
        pass
    while stack:
        p = stack.pop()
        for c, rss in children.get(p, []):
            if c not in seen:
                seen.add(c)
                total += rss * page
                stack.append(c)
    return total / (1024 * 1024)


def run_sampled(cmd, cwd=None):
    """Runs a multi-process command; returns (seconds, peak summed RSS in MiB)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while p.poll() is None:
        peak = max(peak, tree_rss_mib(p.pid))
        time.sleep(0.005)
    dt = time.perf_counter() - t
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return dt, peak


def run_timed(cmd, cwd=None):
    """Wall time of a command with nothing else running: the RSS sampler of `run_sampled` takes
    CPU from a multi-process command on a 2-core machine and would make it look slower."""
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t


RUNS = iter(range(1_000_000_000))


def fresh(path):
    """A path of its own for one run: tenkai logs each file it renders and never writes over a
    logged file, so repeated runs each write a new one."""
    stem, ext = os.path.splitext(path)
    return f"{stem}.run{next(RUNS)}{ext}"


def render_measured(cmd, out, cwd=None):
    """Runs a render (`cmd` without --out) to a fresh path, then moves the file to `out`."""
    path = fresh(out)
    result = run_measured([*cmd, "--out", path], cwd=cwd)
    os.replace(path, out)
    return result


def median_of(n, f):
    runs = [f() for _ in range(n)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def tenkai(*args):
    subprocess.run([BIN, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


KINDS = ["imaging", "hospital", "clinic", "training", "rehabilitation", "screening", "dental", "dialysis", "health_check"]
PLACES = ["北斗", "東京", "大阪", "名古屋", "福岡", "札幌", "仙台", "広島", "神戸", "京都", "横浜", "千葉"]
WORDS = ["画像診断", "内視鏡", "リハビリテーション", "乳がん検診", "透析", "歯科研修", "人間ドック", "総合病院", "救急救命"]
TS = "2018-03-31T15:00:00Z"


def generate(db, scale):
    """Adds (scale - 1) times the source document's data, spread over 1978-2018."""
    if scale <= 1:
        return
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys=ON")
    # The history's triggers ask the writer for tenkai's clock: any tool that adds rows gives it.
    import datetime as _dt
    con.create_function("tenkai_now", 0, lambda: _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    cur = con.cursor()
    countries = [r[0] for r in cur.execute("SELECT iso FROM countries")]
    orgs = [r[0] for r in cur.execute("SELECT id FROM organisations")]
    extra = scale - 1
    n_hubs = 28 * extra
    day0 = 722_450  # 1978-12-xx as an ordinal; 40 years to 2018
    import datetime

    def date_at(k, n):
        return datetime.date.fromordinal(day0 + int(14_600 * k / max(n, 1))).isoformat()

    hubs = []
    for i in range(n_hubs):
        name = f"{PLACES[i % len(PLACES)]}{WORDS[i % len(WORDS)]}センター{i}号"
        hubs.append((f"S{i:06d}", name, f"Synthetic hub {i}", countries[i % len(countries)], KINDS[i % len(KINDS)], None, TS))
    cur.executemany("INSERT INTO hubs (code, name_ja, name_en, country_iso, kind, note, recorded_at) VALUES (?,?,?,?,?,?,?)", hubs)
    ids = [r[0] for r in cur.execute("SELECT id FROM hubs WHERE code LIKE 'S%' ORDER BY code")]
    cur.executemany("INSERT INTO hub_partners (hub_id, org_id, position) VALUES (?,?,1)", [(h, orgs[i % len(orgs)]) for i, h in enumerate(ids)])
    status = []
    for i, h in enumerate(ids):
        d = date_at(i, n_hubs)
        status.append((h, "feasibility", d, "day", None, TS))
        status.append((h, "planned", (datetime.date.fromisoformat(d) + datetime.timedelta(days=120)).isoformat(), "day", None, TS))
        if i % 5 != 0:
            status.append((h, "opened", (datetime.date.fromisoformat(d) + datetime.timedelta(days=400)).isoformat(), "month", None, TS))
    cur.executemany("INSERT INTO hub_status (hub_id, status, effective_date, date_precision, note, recorded_at) VALUES (?,?,?,?,?,?)", status)
    n_meet = 13 * extra
    meetings = [(100 + i, date_at(i, n_meet), i % 2, TS) for i in range(n_meet)]
    cur.executemany("INSERT INTO meetings (number, held_on, by_circulation, recorded_at) VALUES (?,?,?,?)", meetings)
    cur.executemany(
        "INSERT INTO meeting_agenda (meeting_number, position, item_ja, item_en) VALUES (?,1,?,?)",
        [(100 + i, f"{WORDS[i % len(WORDS)]}の国際展開について（第{i}回）", f"Agenda {i}") for i in range(n_meet)],
    )
    n_wg = 5 * extra
    cur.executemany(
        "INSERT INTO working_groups (code, name_ja, name_en, set_up_by_meeting, set_up_on, recorded_at) VALUES (?,?,?,?,?,?)",
        [(f"swg{i}", f"{WORDS[i % len(WORDS)]}ワーキンググループ{i}", f"WG {i}", 100 + (i * 13 // 5) % n_meet, date_at(i, n_wg), TS) for i in range(n_wg)],
    )
    n_members = min(480, max(1, 48 * extra // 100))
    cur.executemany(
        "INSERT INTO platform_members (platform, members, effective_date, source, recorded_at) VALUES ('nutrition', ?, ?, 'synthetic', ?)",
        [(10 + i, date_at(i, n_members), TS) for i in range(n_members)],
    )
    con.commit()
    con.close()


def make_db(scale):
    path = os.path.join(OUT, f"db-{scale}x.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    tenkai("--db", path, "init")
    generate(path, scale)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1x and 10x only, fewer repetitions")
    ap.add_argument("--no-build", action="store_true", help="use the existing release binary")
    a = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    build_measure()
    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    scales = [1, 10] if a.quick else [1, 10, 100, 1000]
    reps = 3 if a.quick else 7
    results = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()}, "report": [], "chromium": None, "schedule": None, "sql": []}
    rows = []

    html_1x = None
    for s in scales:
        db = make_db(s)
        hubs = sqlite3.connect(db).execute("SELECT count(*) FROM hubs").fetchone()[0]
        for fmt in ("html", "pdf"):
            out = os.path.join(OUT, f"q-{s}x.{fmt}")
            cmd = [BIN, "--db", db, "--reports", REPORTS, "report", "render", "quarterly", "--period", "FY2017Q4", "--format", fmt, "--known-at", KNOWN]
            render_measured(cmd, out)  # warm the page cache
            # 1x runs are short and the machine's timing noisy (±15%): more of them.
            n = (3 * reps) if s == 1 else reps if s < 1000 else 3
            t, mem = median_of(n, lambda: render_measured(cmd, out))
            size = os.path.getsize(out)
            results["report"].append({"scale": s, "hubs": hubs, "format": fmt, "seconds": t, "peak_mib": mem, "bytes": size})
            rows.append((f"quarterly FY2017Q4 {fmt} {s}x ({hubs} hubs)", f"{t * 1000:.1f} ms", f"{mem:.1f} MiB", f"{size / 1024:.0f} KB"))
            if s == 1 and fmt == "html":
                html_1x = out

    # Where the time of the 1x PDF goes: the phases tenkai reports with TENKAI_PROFILE=1 (the
    # indented ones are parts of the phase after them, or run on a thread beside it), mean of 11 runs.
    db1 = os.path.join(OUT, "db-1x.sqlite")
    cmd = [BIN, "--db", db1, "--reports", REPORTS, "report", "render", "quarterly", "--period", "FY2017Q4", "--format", "pdf", "--known-at", KNOWN]
    phases = {}
    for _ in range(11):
        out = fresh(os.path.join(OUT, "q-1x.pdf"))
        p = subprocess.run([*cmd, "--out", out], env={**os.environ, "TENKAI_PROFILE": "1"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        for line in p.stderr.splitlines():
            if line.startswith("profile: "):
                name, ms = line[len("profile: "):].rsplit(" ms", 1)[0].rsplit(None, 1)
                phases.setdefault(name.rstrip(), []).append(float(ms))
        os.remove(out)
    results["pdf_phases_ms"] = {k: statistics.mean(v) for k, v in phases.items()}
    for k, v in results["pdf_phases_ms"].items():
        rows.append((f"  1x PDF phase: {k}", f"{v:.2f} ms", "", ""))

    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium and html_1x:
        pdf = os.path.join(OUT, "q-1x.chromium.pdf")
        with tempfile.TemporaryDirectory() as profile:
            cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + html_1x]
            run_sampled(cmd)
            # Time and memory from separate runs: unsampled runs for the time, sampled for the peak.
            n = 3 if a.quick else 7
            t = statistics.median(run_timed(cmd) for _ in range(n))
            _, mem = median_of(3, lambda: run_sampled(cmd))
        ours = next(r for r in results["report"] if r["scale"] == 1 and r["format"] == "pdf")
        results["chromium"] = {"seconds": t, "peak_mib": mem, "bytes": os.path.getsize(pdf), "time_ratio": ours["seconds"] / t, "memory_ratio": ours["peak_mib"] / mem}
        rows.append(("chromium --print-to-pdf of tenkai's HTML (1x)", f"{t * 1000:.1f} ms", f"{mem:.1f} MiB", f"{os.path.getsize(pdf) / 1024:.0f} KB"))
        rows.append(("  tenkai PDF / chromium", f"{ours['seconds'] / t:.4f} (1/{t / ours['seconds']:.0f})", f"{ours['peak_mib'] / mem:.3f} (1/{mem / ours['peak_mib']:.0f})", ""))
    else:
        rows.append(("chromium", "not installed (apt-get install chromium)", "", ""))

    # The errata sheet of FY2017Q4 (two contexts compared, one small PDF) against the quarterly
    # PDF it corrects, at 1x: the goal is at most twice the render.
    base1 = os.path.join(OUT, "db-1x.sqlite") if 1 in scales else make_db(1)
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, "db.sqlite")
        shutil.copy(base1, db)
        # Sent (to its own output path, exports/ under the folder, as known now): errata corrects a sent report.
        subprocess.run([BIN, "-q", "--db", db, "--reports", REPORTS, "report", "render", "quarterly", "--period", "FY2017Q4", "--format", "pdf"], check=True, cwd=d)
        subprocess.run([BIN, "-q", "--db", db, "members", "record", "57", "--date", "2018-03-31", "--source", "bench"], check=True)
        sheet = os.path.join(d, "errata.pdf")
        cmd = [BIN, "--db", db, "--reports", REPORTS, "report", "errata", "quarterly", "--period", "FY2017Q4", "--format", "pdf"]
        render_measured(cmd, sheet, cwd=d)
        n = 3 * reps
        t, mem = median_of(n, lambda: render_measured(cmd, sheet, cwd=d))
        ours = next(r for r in results["report"] if r["scale"] == 1 and r["format"] == "pdf")
        results["errata"] = {"seconds": t, "peak_mib": mem, "bytes": os.path.getsize(sheet), "ratio_to_render": t / ours["seconds"]}
        rows.append(("report errata FY2017Q4 pdf (1x, one correction)", f"{t * 1000:.1f} ms", f"{mem:.1f} MiB", f"{os.path.getsize(sheet) / 1024:.0f} KB"))
        rows.append(("  errata / quarterly pdf render", f"{t / ours['seconds']:.2f}", "", ""))

    # 40 quarters x html+pdf in one schedule run, at 1x.
    sched_reports = os.path.join(OUT, "reports-40q")
    if os.path.exists(sched_reports):
        shutil.rmtree(sched_reports)
    shutil.copytree(REPORTS, sched_reports)
    os.remove(os.path.join(sched_reports, "briefing.toml"))
    q = open(os.path.join(sched_reports, "quarterly.toml"), encoding="utf-8").read()
    q = q.replace('languages = ["ja", "en"]', 'languages = ["ja"]').replace('first_period = "FY2017Q1"', 'first_period = "FY2008Q1"')
    open(os.path.join(sched_reports, "quarterly.toml"), "w", encoding="utf-8").write(q)
    base = os.path.join(OUT, "db-1x.sqlite") if 1 in scales else make_db(1)

    def schedule_once():
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "db.sqlite")
            shutil.copy(base, db)
            return run_measured([BIN, "--db", db, "--reports", sched_reports, "-q", "schedule", "run", "--now", "2018-04-10T09:00+09:00", "--out-dir", os.path.join(d, "exports")], cwd=d)

    t, mem = median_of(3, schedule_once)
    results["schedule"] = {"exports": 80, "seconds": t, "peak_mib": mem}
    rows.append(("schedule run: 40 quarters x html+pdf (1x)", f"{t * 1000:.0f} ms", f"{mem:.1f} MiB", "80 files"))

    # tenkai sql against the sqlite3 shell over 1M rows.
    sqlite3_cli = shutil.which("sqlite3")
    big = os.path.join(OUT, "db-sql.sqlite")
    shutil.copy(base, big)
    con = sqlite3.connect(big)
    con.execute("CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, name TEXT, value REAL, note TEXT)")
    con.execute("DELETE FROM bench_rows")
    con.execute(
        "INSERT INTO bench_rows (id, name, value, note) SELECT value, '医療拠点' || value, value * 0.5, CASE WHEN value % 3 = 0 THEN NULL ELSE 'メモ, \"引用\"' END FROM generate_series(1, 1000000)"
        if False else
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) INSERT INTO bench_rows SELECT x, '医療拠点' || x, x * 0.5, CASE WHEN x % 3 = 0 THEN NULL ELSE 'メモ, \"引用\"' END FROM c"
    )
    con.commit()
    con.close()
    query = "SELECT * FROM bench_rows"
    for fmt, flag in (("csv", "-csv"), ("json", "-json")):
        ours = median_of(3, lambda: run_measured([BIN, "--db", big, "sql", query, "--format", fmt, "--timeout", "600s"]))
        entry = {"format": fmt, "rows": 1_000_000, "tenkai_seconds": ours[0], "tenkai_peak_mib": ours[1]}
        if sqlite3_cli:
            theirs = median_of(3, lambda: run_measured([sqlite3_cli, flag, big, query]))
            entry.update({"sqlite3_seconds": theirs[0], "sqlite3_peak_mib": theirs[1], "ratio": ours[0] / theirs[0]})
            rows.append((f"sql {fmt} 1M rows: tenkai / sqlite3", f"{ours[0] * 1000:.0f} / {theirs[0] * 1000:.0f} ms = {ours[0] / theirs[0]:.2f}", f"{ours[1]:.1f} / {theirs[1]:.1f} MiB", ""))
        else:
            rows.append((f"sql {fmt} 1M rows", f"{ours[0] * 1000:.0f} ms", f"{ours[1]:.1f} MiB", "sqlite3 shell not installed"))
        results["sql"].append(entry)

    # tenkai sql to a workbook against openpyxl in write-only mode writing the same rows (read
    # from the same database), in the same run.
    xlsx = os.path.join(OUT, "big.xlsx")

    def tenkai_xlsx():
        with open(xlsx, "wb") as f:
            return run_measured([BIN, "--db", big, "sql", query, "--format", "xlsx", "--timeout", "600s"], stdout=f)

    n = 1 if a.quick else 3
    ours = median_of(n, tenkai_xlsx)
    entry = {"format": "xlsx", "rows": 1_000_000, "tenkai_seconds": ours[0], "tenkai_peak_mib": ours[1], "tenkai_bytes": os.path.getsize(xlsx)}
    python = os.environ.get("TENKAI_PYTHON") or os.path.join(ROOT, "target", "pyenv", "checkers", "bin", "python")
    theirs_file = os.path.join(OUT, "big.openpyxl.xlsx")
    if os.path.exists(python) and subprocess.run([python, "-c", "import openpyxl"], capture_output=True).returncode == 0:
        theirs = median_of(n, lambda: run_measured([python, "-c", OPENPYXL_WRITER, big, query, theirs_file]))
        entry.update({"openpyxl_seconds": theirs[0], "openpyxl_peak_mib": theirs[1], "openpyxl_bytes": os.path.getsize(theirs_file), "ratio": ours[0] / theirs[0]})
        rows.append(("sql xlsx 1M rows: tenkai / openpyxl (write-only)", f"{ours[0] * 1000:.0f} / {theirs[0] * 1000:.0f} ms = {ours[0] / theirs[0]:.2f}", f"{ours[1]:.1f} / {theirs[1]:.1f} MiB", f"{os.path.getsize(xlsx) / 1e6:.1f} / {os.path.getsize(theirs_file) / 1e6:.1f} MB"))
    else:
        rows.append(("sql xlsx 1M rows", f"{ours[0] * 1000:.0f} ms", f"{ours[1]:.1f} MiB", "openpyxl not installed (.ci/run makes target/pyenv/checkers)"))
    results["sql"].append(entry)

    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    w = max(len(r[0]) for r in rows)
    print(f"\n{'benchmark'.ljust(w)}  {'time':>32}  {'peak memory':>22}  size")
    for r in rows:
        print(f"{r[0].ljust(w)}  {r[1]:>32}  {r[2]:>22}  {r[3]}")
    print(f"\nmachine: {os.cpu_count()} cores, {platform.platform()}; results in {os.path.relpath(os.path.join(OUT, 'results.json'), ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
