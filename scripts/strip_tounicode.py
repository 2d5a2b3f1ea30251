#!/usr/bin/env python3
"""Remove every /ToUnicode map from a PDF's fonts, as producers that omit them do.

LibreOffice's Calc and Writer output stripped this way can only be read through the
installed fonts its subsets were cut from (docs/pdf.md, "Subsets that name nothing").
Needs pikepdf; `cargo test` does not.

    python3 scripts/strip_tounicode.py IN.pdf OUT.pdf
"""
import sys

import pikepdf


def main():
    src, dst = sys.argv[1:3]
    pdf = pikepdf.open(src)
    n = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and "/ToUnicode" in obj:
            del obj["/ToUnicode"]
            n += 1
    pdf.save(dst)
    print(f"{n} ToUnicode map(s) removed: {dst}")


if __name__ == "__main__":
    main()
