#!/usr/bin/env python3
"""Make the fixtures for CID and Type3 fonts read through an installed font (docs/pdf.md,
"Session 6: CID fonts without ToUnicode"), all in the committed test font
KeikakuTestGothic (tests/fonts), so that the tests do not depend on the machine's fonts:

- `tests/sysfont-cid/chromium-cid-no-cmap.h.pdf` and `….v.pdf`: headless Chromium prints
  the cells of seed 004's lines 2-3 in KeikakuTestGothic (the only font fontconfig is
  given), horizontally and in `writing-mode: vertical-rl`; Skia embeds it as a
  CIDFontType2 subset with Identity-H codes that keep the font's glyph ids. Every
  /ToUnicode is removed and the `cmap` table is taken out of the embedded program, so
  nothing in the file says what a glyph is: the glyphs must be matched by outline to the
  installed font (vertical forms through its `GSUB`).
- `tests/sysfont-cid/skia-type3.pdf`: a Type3 font as Skia writes the fonts it cannot
  embed (Noto CJK): glyphs named `g%X` after their glyph id in the font named by the font
  descriptor, `/Widths` in glyph space, and the unused codes filled with `g0`. Written
  directly (Chromium only does this for CFF-based fonts, which the test font is not).

The text each PDF shows is written next to it as `NAME.txt`, for the tests' recall.
Needs chromium, pikepdf and fontTools; `cargo test` does not. Run from the repository
root:

    python3 scripts/make_cid_sysfont_fixtures.py
"""
import io
import os
import subprocess
import tempfile

import pikepdf
from fontTools.ttLib import TTFont

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SEED = os.path.join(ROOT, "fixtures", "004_cf9142fe188b5ae8.txt")
FONT = os.path.join(ROOT, "tests", "fonts", "keikaku-test-gothic.ttf")
OUT = os.path.join(ROOT, "tests", "sysfont-cid")


def paragraphs():
    with open(SEED, encoding="utf-8") as fh:
        lines = fh.read().split("\n")[1:3]
    return [c.strip() for line in lines for c in line.split("\t") if c.strip()]


def chromium(paras, vertical, pdf):
    with tempfile.TemporaryDirectory() as tmp:
        conf = os.path.join(tmp, "fonts.conf")
        with open(conf, "w") as fh:
            fh.write('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                     f'<dir>{os.path.abspath(os.path.dirname(FONT))}</dir>'
                     f'<cachedir>{tmp}/cache</cachedir></fontconfig>')
        mode = "writing-mode:vertical-rl;height:24cm;" if vertical else ""
        body = "".join(f"<p>{p}</p>" for p in paras)
        src = os.path.join(tmp, "d.html")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write('<!doctype html><html><head><meta charset="utf-8"><style>'
                     f'body{{font-family:"KeikakuTestGothic";font-size:10.5pt}} .d{{{mode}}}'
                     f'</style></head><body><div class="d">{body}</div></body></html>')
        env = dict(os.environ, FONTCONFIG_FILE=conf)
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src],
                       env=env, capture_output=True, check=True, timeout=300)
    doc = pikepdf.open(pdf, allow_overwriting_input=True)
    for obj in doc.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if "/ToUnicode" in obj:
            del obj["/ToUnicode"]
        fd = obj.get("/FontDescriptor")
        if fd is not None and "/FontFile2" in fd:
            font = TTFont(io.BytesIO(fd.FontFile2.read_bytes()))
            assert "KeikakuTestGothic" in str(fd.FontName), fd.FontName
            del font["cmap"]
            buf = io.BytesIO()
            font.save(buf)
            fd.FontFile2 = pikepdf.Stream(doc, buf.getvalue())
    doc.save(pdf)


def type3(text, pdf):
    font = TTFont(FONT)
    cmap = font.getBestCmap()
    order = font.getGlyphOrder()
    hmtx = font["hmtx"]
    upem = font["head"].unitsPerEm
    gids = []
    for ch in text:
        g = order.index(cmap[ord(ch)])
        if g not in gids:
            gids.append(g)
    # The vertical form of 、 (no cmap entry; GSUB `vert`), drawn as Chromium draws
    # vertical writing.
    vert = font["GSUB"].table
    comma_v = None
    for lookup in vert.LookupList.Lookup:
        for st in lookup.SubTable:
            m = getattr(st, "mapping", None)
            if m and cmap[ord("、")] in m:
                comma_v = order.index(m[cmap[ord("、")]])
    assert comma_v is not None
    gids.append(comma_v)
    doc = pikepdf.new()
    procs = pikepdf.Dictionary()
    procs["/g0"] = pikepdf.Stream(doc, b"1000 0 d0")
    diffs = [0] + [pikepdf.Name("/g0")] * 1
    widths = [0]
    codes = {}
    for code, g in enumerate(gids, start=1):
        name = f"/g{g:X}"
        w = round(hmtx[order[g]][0] * 1000 / upem)
        procs[name] = pikepdf.Stream(doc, f"{w} 0 0 -880 {w} 120 d1 100 -700 {max(w - 200, 1)} 600 re f".encode())
        diffs.append(pikepdf.Name(name))
        widths.append(w)
        codes[g] = code
    # Skia fills the codes it does not use with .notdef.
    for _ in range(4):
        diffs.append(pikepdf.Name("/g0"))
        widths.append(0)
    fdesc = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor,
                               FontName=pikepdf.Name("/AAAAAA+KeikakuTestGothic"),
                               Flags=6, ItalicAngle=0, Ascent=880, Descent=-120, CapHeight=-729,
                               StemV=0, FontBBox=[0, 120, 1000, -880])
    t3 = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3,
                            FontBBox=[0, 120, 1000, -880], FontMatrix=[0.001, 0, 0, -0.001, 0, 0],
                            CharProcs=procs,
                            Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=diffs),
                            FirstChar=0, LastChar=len(widths) - 1, Widths=widths,
                            FontDescriptor=doc.make_indirect(fdesc),
                            Resources=pikepdf.Dictionary())
    lines = [[codes[order.index(cmap[ord(ch)])] for ch in text], [codes[comma_v]]]
    parts = []
    for i, line in enumerate(lines):
        hexs = "".join(f"{c:02X}" for c in line)
        parts.append(f"BT /T3 1 Tf 12 0 0 -12 50 {760 - 20 * i} Tm <{hexs}> Tj ET".encode())
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(T3=doc.make_indirect(t3))),
                              Contents=doc.make_stream(b"\n".join(parts)))
    doc.pages.append(pikepdf.Page(page))
    doc.docinfo["/Producer"] = "Skia/PDF m156 (keikaku fixture)"
    doc.save(pdf)


def main():
    os.makedirs(OUT, exist_ok=True)
    paras = paragraphs()
    for mode, vertical in (("h", False), ("v", True)):
        name = os.path.join(OUT, f"chromium-cid-no-cmap.{mode}")
        chromium(paras, vertical, name + ".pdf")
        with open(name + ".txt", "w", encoding="utf-8") as fh:
            fh.write("\n".join(paras) + "\n")
        print(name + ".pdf")
    text = "ふるさと納税の推進財政課計画どおり"
    name = os.path.join(OUT, "skia-type3")
    type3(text, name + ".pdf")
    with open(name + ".txt", "w", encoding="utf-8") as fh:
        fh.write(text + "\n、\n")
    print(name + ".pdf")


if __name__ == "__main__":
    main()
