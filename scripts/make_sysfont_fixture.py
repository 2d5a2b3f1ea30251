#!/usr/bin/env python3
"""Make the fixture for fonts read through an installed font (docs/pdf.md, "Subsets that
name nothing: the installed font").

LibreOffice Writer embeds a TrueType font as subsets with renumbered, unnamed glyphs; with
the ToUnicode maps removed, only the installed font the subsets were cut from can say what
the glyphs are. This script makes, from the first 6 lines of seed 004 set in IPAexGothic:

- `tests/sysfont/004_cf9142fe188b5ae8.head6.ipaex.writer.no-tounicode.pdf`: the
  Writer PDF with every /ToUnicode removed and the fonts renamed `KeikakuTestGothic`;
- `tests/fonts/keikaku-test-gothic.ttf`: the glyphs of IPAexGothic those lines need (plus
  ASCII and the `vert` substitutions), renamed `KeikakuTestGothic`: the IPA Font License
  lets a derived font be redistributed only under another name (tests/fonts/LICENSE-IPA).
  To get the original font back, install IPAexGothic (Debian: fonts-ipaexfont-gothic).

The tests point KEIKAKU_FONT_PATH at tests/fonts and set
KEIKAKU_SYSTEM_FONTS=0, so they do not depend on the machine's fonts. Needs LibreOffice, IPAexGothic, pikepdf and fontTools;
`cargo test` does not. Run from the repository root:

    python3 scripts/make_sysfont_fixture.py [IPAEX_TTF]
"""
import os
import subprocess
import sys
import tempfile

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SEED = os.path.join(ROOT, "fixtures", "004_cf9142fe188b5ae8.txt")
IPAEX = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
NAME = "KeikakuTestGothic"
PDF = os.path.join(ROOT, "tests", "sysfont",
                   "004_cf9142fe188b5ae8.head6.ipaex.writer.no-tounicode.pdf")
FONT = os.path.join(ROOT, "tests", "fonts", "keikaku-test-gothic.ttf")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_seed_pdfs.py"),
                        "--lines", "6", "--font", "IPAexGothic", "--out", tmp, SEED], check=True)
        pdf = pikepdf.open(os.path.join(tmp, "004_cf9142fe188b5ae8.writer.pdf"))
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
                continue
            if "/ToUnicode" in obj:
                del obj["/ToUnicode"]
            base = str(obj.get("/BaseFont", ""))
            if "IPAexGothic" in base:
                new = pikepdf.Name(base.replace("IPAexGothic", NAME))
                obj.BaseFont = new
                if "/FontDescriptor" in obj:
                    obj.FontDescriptor.FontName = new
        os.makedirs(os.path.dirname(PDF), exist_ok=True)
        pdf.save(PDF)

    with open(SEED, encoding="utf-8") as fh:
        text = "".join(fh.read().split("\n")[:6])
    text += "".join(chr(c) for c in range(32, 127)) + "　、。・（）「」○"
    opts = subset.Options()
    opts.layout_features = ["vert"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    font = TTFont(IPAEX)
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(font)
    for rec in font["name"].names:
        if rec.nameID in (1, 3, 4, 6, 16, 17, 18):
            old = rec.toUnicode()
            rec.string = (old.replace("IPAexGothic", NAME).replace("IPAex Gothic", NAME)
                          .replace("IPAexゴシック", NAME))
    os.makedirs(os.path.dirname(FONT), exist_ok=True)
    font.save(FONT)
    print(PDF)
    print(FONT)


if __name__ == "__main__":
    main()
