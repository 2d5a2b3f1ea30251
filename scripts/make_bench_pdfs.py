#!/usr/bin/env python3
"""Make the 160-page benchmark PDFs of issue 10 from a seed's content: the seed's rows
repeated until the export has the wanted page count, once with LibreOffice Calc and once
with headless Chromium (the same tables and styles as scripts/make_seed_pdfs.py).

    python3 scripts/make_bench_pdfs.py [--pages 160] [--out target/bench-pdf] [SEED]

Writes OUT/plan160.calc.pdf and OUT/plan160.chromium.pdf (the name follows --pages); a file
already there with the right page count is kept, so scripts/bench.sh can call this every
run. The default seed is fixtures/004 (status table). Page breaks depend on row heights, so
the row count is found by a few proportional steps; the page count reached is printed.
Not committed: large, and made in minutes from the fixtures.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_seed_pdfs as seed  # noqa: E402

ROOT = seed.ROOT
ATTEMPTS = 5


def pages_of(path):
    out = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def calc(rows, dest, work):
    src = os.path.join(work, "bench.fods")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(seed.fods(rows))
    seed.convert(src, "pdf:calc_pdf_Export", dest)


def chromium(rows, dest, work):
    src = os.path.join(work, "bench.html")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write(seed.html_doc(rows))
    if not seed.print_html(src, dest):
        raise SystemExit("chromium not found")


def make(kind, render, base_rows, pages, dest):
    if os.path.exists(dest) and pages_of(dest) == pages:
        print(f"{dest}: kept ({pages} pages)")
        return
    work = tempfile.mkdtemp(prefix="keikaku-bench-")
    try:
        # First guess: the seed once, to learn its rows per page.
        n = len(base_rows)
        tmp = os.path.join(work, "probe.pdf")
        render(base_rows, tmp, work)
        got = pages_of(tmp)
        best = None
        for _ in range(ATTEMPTS):
            step = max(1, round(n * pages / max(got, 1)))
            # Rounding can stall the proportional step: move by at least one row.
            if step == n and got != pages:
                step = n + (1 if got < pages else -1)
            n = step
            rows = [base_rows[i % len(base_rows)] for i in range(n)]
            render(rows, tmp, work)
            got = pages_of(tmp)
            if best is None or abs(got - pages) < abs(best[0] - pages):
                best = (got, n)
                shutil.copyfile(tmp, dest)
            if got == pages:
                break
        print(f"{dest}: {best[0]} pages from {best[1]} rows ({kind})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=160)
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench-pdf"))
    ap.add_argument("seed", nargs="?",
                    default=os.path.join(ROOT, "fixtures", "004_cf9142fe188b5ae8.txt"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rows = seed.rows_of(a.seed, 0)
    name = f"plan{a.pages}"
    make("calc", calc, rows, a.pages, os.path.join(a.out, name + ".calc.pdf"))
    if seed.chromium():
        make("chromium", chromium, rows, a.pages, os.path.join(a.out, name + ".chromium.pdf"))
    else:
        print("chromium not found: no Chromium benchmark PDF", file=sys.stderr)


if __name__ == "__main__":
    main()
