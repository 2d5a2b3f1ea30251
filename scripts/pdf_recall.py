#!/usr/bin/env python3
"""Measure how well a PDF of a seed reads back: compare the rows keikaku reads from the
PDF with the rows of the seed text (as keikaku reads them), cell by cell.

    python3 scripts/pdf_recall.py fixtures/X.txt fixtures/pdf/seed/X.calc.pdf

Prints: rows equal (same cells in the same columns), cells found (every non-empty seed
cell present as a PDF cell), characters found (multiset recall of all characters).
Uses `keikaku convert` (target/debug, or $KEIKAKU) and compares the `unparsed` rows, so run it while
the grammar leaves lines unparsed, or on a build without grammars.
"""
import collections
import json
import os
import subprocess
import sys
import unicodedata

EXE = os.environ.get("KEIKAKU", "target/debug/keikaku")


def rows(path):
    out = subprocess.run([EXE, "convert", "-q", path], capture_output=True, check=False)
    doc = json.loads(out.stdout.decode().splitlines()[0])
    # Every line: unparsed ones, plus nothing else while grammars are stubs.
    return [[norm(c) for c in u["text"].split("\t")] for u in doc["unparsed"]]


def _radicals():
    """The CJK Radicals Supplement folds of the loader (crates/loader/src/norm.rs)."""
    import os
    import re
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "loader", "src", "norm.rs")
    with open(path, encoding="utf-8") as fh:
        pairs = re.findall(r"'([\u2e80-\u2fdf])' => '(.)'", fh.read())
    table = {ord(a): b for a, b in pairs}
    table[0x2027] = "・"
    return table


RADICALS = _radicals()


def norm(s):
    s = unicodedata.normalize("NFKC", s.translate(RADICALS))
    return "".join(ch for ch in s if not ch.isspace())


def strip(r):
    while r and not r[-1]:
        r = r[:-1]
    return r


def main():
    txt, pdf = sys.argv[1], sys.argv[2]
    a = [strip(r) for r in rows(txt)]
    b = [strip(r) for r in rows(pdf)]
    a = [r for r in a if r]
    b = [r for r in b if r]
    bset = collections.Counter(tuple(r) for r in b)
    equal = 0
    for r in a:
        if bset[tuple(r)] > 0:
            bset[tuple(r)] -= 1
            equal += 1
    bcells = collections.Counter(c for r in b for c in r if c)
    acells = [c for r in a for c in r if c]
    found = sum(1 for c in acells if bcells[c] > 0)
    achars = collections.Counter("".join(acells))
    bchars = collections.Counter("".join(c for r in b for c in r))
    common = sum((achars & bchars).values())
    print("%s: rows %d/%d equal, cells %d/%d found, chars %.1f%% recall, %.1f%% precision (pdf rows %d)" % (
        pdf, equal, len(a), found, len(acells), 100.0 * common / max(1, sum(achars.values())),
        100.0 * common / max(1, sum(bchars.values())), len(b)))


if __name__ == "__main__":
    main()
