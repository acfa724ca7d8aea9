#!/usr/bin/env python3
"""Import benchmark: `tenkai import hubs` of 25,000, 50,000 and 100,000 new hubs from CSV, as a dry
run and as a real import, each into a freshly seeded database. Prints wall time, time per 1,000
rows (of CPU time, which a loaded machine disturbs less than wall time) and peak memory (the maximum resident set, from wait4), so that the growth can be read as
linear or not: the time per 1,000 rows should stay about the same from one size to the next.

    benches/imports.py                     # uses target/release/tenkai
    benches/imports.py --bin target/debug/tenkai --sizes 25000 50000 100000
    benches/imports.py --xlsx              # the same rows as a workbook (needs openpyxl)
    benches/imports.py --quarter --sizes 10000 100000
                                           # `tenkai import quarter` of a quarter workbook whose
                                           # rows are spread over four sheets (needs openpyxl)

The data is synthetic (codes B000001…, Japanese names, one of a few countries and kinds).
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time

HEADER = "code,name_ja,name_en,country,kind,partners,status,effective_date,expected_date,note,source"
COUNTRIES = ["VN", "KH", "MM", "LA", "TH"]
KINDS = ["hospital", "clinic"]


def rows(n):
    for i in range(n):
        yield [
            f"B{i:06d}",
            f"拠点{i}",
            f"Hub {i}",
            COUNTRIES[i % len(COUNTRIES)],
            KINDS[i % len(KINDS)],
            "企業A;企業B",
            "opened",
            "2018-01-01",
            "",
            "",
            "bench",
        ]


def write_csv(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write(HEADER + "\n")
        for r in rows(n):
            f.write(",".join(r) + "\n")


def write_xlsx(path, n):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("hubs")
    ws.append(HEADER.split(","))
    for r in rows(n):
        ws.append(r)
    wb.save(path)


# The quarter workbook's sheets the benchmark fills: (sheet, its columns, a row for index i).
QUARTER = [
    ("政府間文書", "country,kind,date,precision,title_ja,title_en,counterpart_ja,counterpart_en,note,source",
     lambda i: [COUNTRIES[i % 5], ["MOU", "MOC", "意図表明文書", "other"][i // 5 % 4],
                (datetime.date(2000, 1, 1) + datetime.timedelta(days=i // 20)).isoformat(), "",
                f"文書{i}", f"Document {i}", "", "", "", "bench"]),
    ("WGの動き", "wg,kind,date,precision,description_ja,description_en,meeting,note,source",
     lambda i: ["inbound", "報告・とりまとめ", "平成30年5月", "", f"報告{i}", f"Report {i}", "", "", "bench"]),
    ("PFの動き", "platform,kind,date,precision,description_ja,description_en,replaces,note,source",
     lambda i: ["nutrition", "会合", "2018-11-01", "月", f"会合{i}", f"Meeting {i}", "", "", "bench"]),
    # Each policy's own source with its English: the English of a file's rows is recorded too.
    ("政策文書", "title_ja,title_en,date,precision,meeting,note,source,note_en,source_en",
     lambda i: [f"方針{i}", f"Policy {i}", "FY2018", "", "", "", f"出典{i}", "", f"Source {i}"]),
]


def write_quarter(path, n):
    """A quarter workbook of n rows, a quarter of them on each of four sheets. The agreements'
    (country, kind, date) keys are distinct, as the import requires."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    per = n // len(QUARTER)
    for sheet, header, row in QUARTER:
        ws = wb.create_sheet(sheet)
        ws.append(header.split(","))
        for i in range(per):
            ws.append(row(i))
    wb.save(path)


def run(cmd):
    """Wall seconds, CPU seconds (user and system: less sensitive to a loaded machine) and peak
    resident set (MB) of one process."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err[:2000]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/tenkai")
    ap.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    ap.add_argument("--xlsx", action="store_true", help="import workbooks instead of CSV files")
    ap.add_argument("--quarter", action="store_true", help="import quarter workbooks (tenkai import quarter)")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    if not os.path.exists(binary):
        sys.exit(f"{binary} does not exist: build it (cargo build --release) or give --bin")
    print(f"{'rows':>8} {'mode':>8} {'seconds':>8} {'cpu s':>8} {'cpu s/1k':>9} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            if args.quarter:
                data = os.path.join(tmp, f"quarter-{n}.xlsx")
                write_quarter(data, n)
            else:
                data = os.path.join(tmp, f"hubs-{n}.{'xlsx' if args.xlsx else 'csv'}")
                (write_xlsx if args.xlsx else write_csv)(data, n)
            for mode in ["dry-run", "import"]:
                db = os.path.join(tmp, f"{n}-{mode}.sqlite")
                subprocess.run([binary, "--db", db, "init"], check=True, capture_output=True)
                cmd = [binary, "--quiet", "--db", db, "import", "quarter" if args.quarter else "hubs", data]
                if mode == "dry-run":
                    cmd.append("--dry-run")
                wall, cpu, peak = run(cmd)
                print(f"{n:>8} {mode:>8} {wall:>8.2f} {cpu:>8.2f} {cpu / n * 1000:>9.3f} {peak:>8.0f}")


if __name__ == "__main__":
    main()
