#!/usr/bin/env python3
"""Text recall of one PDF's output against another's: the characters of every JSON string
(except `source` and `diagnostics`, whitespace ignored) that `keikaku convert` gives for
TEST, counted as a multiset against those it gives for ORIGINAL. Used on copies made by
scripts/strip_tounicode.py (docs/pdf.md, "Subsets that name nothing").

    KEIKAKU=target/release/keikaku python3 scripts/pdf_char_recall.py ORIGINAL.pdf TEST.pdf
"""
import collections
import json
import os
import subprocess
import sys

BIN = os.environ.get("KEIKAKU", "target/release/keikaku")


def chars(path):
    out = subprocess.run([BIN, "convert", "-q", path], capture_output=True).stdout.decode()
    c = collections.Counter()

    def walk(v):
        if isinstance(v, str):
            c.update(ch for ch in v if not ch.isspace())
        elif isinstance(v, dict):
            for k, x in v.items():
                if k not in ("source", "diagnostics"):
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for line in out.splitlines():
        walk(json.loads(line))
    return c


def main():
    a, b = chars(sys.argv[1]), chars(sys.argv[2])
    total = sum(a.values())
    hit = sum(min(a[k], b[k]) for k in a)
    print(f"{hit}/{total} = {100 * hit / max(total, 1):.1f}%  {sys.argv[2]}")


if __name__ == "__main__":
    main()
