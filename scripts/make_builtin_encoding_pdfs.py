#!/usr/bin/env python3
"""Make PDFs whose simple fonts have no ToUnicode, from a LibreOffice PDF that has them.

LibreOffice embeds each font as subsets of up to 256 glyphs, without an /Encoding: a code
means what the subset program's own encoding says, and the ToUnicode map is the only
place the text is. Producers that omit ToUnicode (older office suites, some DTP and
print drivers) leave the reader with the program alone. This script makes both cases:

- `X.builtin-names.pdf`: ToUnicode removed, and the programs' glyphs renamed to what the
  removed map said (`uni8A08`, `uni0031`), as producers that keep glyph names do: Type 1
  programs get `dup N /uniXXXX put` entries, TrueType programs a format 2 `post` table.
  keikaku must read it exactly as the original.
- `X.bare-cff.pdf`: as `builtin-names`, but each Type 1 program converted to a bare CFF
  program (`/FontFile3` `/Subtype /Type1C`, as Acrobat Distiller and other PostScript
  workflows embed subsets) whose own encoding gives the codes and whose charset names
  the glyphs `uniXXXX`.
- `X.no-tounicode.pdf`: ToUnicode removed, nothing else (LibreOffice's names `cid11879`
  and unnamed TrueType glyphs mean nothing): keikaku must fail with a clear error.

Needs pikepdf and fontTools (`pip install pikepdf fonttools`); `cargo test` does not.

    python3 scripts/make_builtin_encoding_pdfs.py SRC.pdf OUT_DIR
"""
import io
import os
import re
import sys

import pikepdf
from fontTools.ttLib import TTFont


def to_unicode(stream):
    """code -> text of a one-byte ToUnicode CMap (bfchar and bfrange)."""
    data = stream.read_bytes().decode("latin1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            out[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(text, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(base + i)
    return out


def glyph_name(text):
    return "uni" + "".join(f"{ord(c):04X}" for c in text) if text else ".notdef"


def rename_type1(ff, codes):
    data = ff.read_bytes()
    n1 = int(ff.Length1)
    clear = data[:n1].decode("latin1")

    def sub(m):
        code = int(m.group(1))
        return f"dup {code} /{glyph_name(codes[code])} put" if code in codes else m.group(0)

    clear = re.sub(r"dup (\d+) /(\S+) put", sub, clear).encode("latin1")
    rest = data[n1:]
    ff.write(clear + rest)
    ff.Length1 = len(clear)


def rename_truetype(ff, codes):
    font = TTFont(io.BytesIO(ff.read_bytes()))
    cmap = next(t for t in font["cmap"].tables if (t.platformID, t.platEncID) in ((1, 0), (3, 0)))
    order = font.getGlyphOrder()
    rename = {}
    for code, gname in cmap.cmap.items():
        c = code - 0xF000 if code >= 0xF000 else code
        if c in codes and codes[c]:
            rename[gname] = glyph_name(codes[c])
    new_order = [rename.get(g, g) for g in order]
    # fontTools keeps names through the glyph order; cmap subtables refer to names.
    for t in font["cmap"].tables:
        t.cmap = {k: rename.get(v, v) for k, v in t.cmap.items()}
    font.setGlyphOrder(new_order)
    for tag in ("hmtx", "glyf"):
        table = font[tag]
        store = table.metrics if tag == "hmtx" else table.glyphs
        for old, new in rename.items():
            if old in store:
                store[new] = store.pop(old)
        if tag == "glyf":
            table.glyphOrder = new_order
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    buf = io.BytesIO()
    font.save(buf)
    ff.write(buf.getvalue())
    if "/Length1" in ff:
        ff.Length1 = len(buf.getvalue())


def bare_cff(pdf, obj, codes):
    """Replace the font's Type 1 program by a bare CFF one with the same outlines, its
    glyphs named by `codes` and its built-in encoding code -> glyph."""
    from fontTools import t1Lib
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fd = obj.FontDescriptor
    t1 = t1Lib.T1Font.__new__(t1Lib.T1Font)
    t1.data = fd.FontFile.read_bytes()
    t1.encoding = "ascii"
    t1.parse()
    glyphs = t1.getGlyphSet()
    encoding = t1.font["Encoding"]
    rename = {}
    for code, old in enumerate(encoding):
        if old != ".notdef" and code in codes and codes[code]:
            rename[old] = glyph_name(codes[code])
    order = [".notdef"] + [rename[g] for g in dict.fromkeys(encoding) if g in rename]
    back = {new: old for old, new in rename.items()}
    back[".notdef"] = ".notdef"
    charstrings = {}
    for name in order:
        pen = T2CharStringPen(None, glyphs)
        glyphs[back[name]].draw(pen)
        charstrings[name] = pen.getCharString()
    ps_name = str(obj.BaseFont)[1:]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCFF(ps_name, {"FullName": ps_name}, charstrings, {})
    cff = fb.font["CFF "].cff
    top = cff.topDictIndex[0]
    top.Encoding = [rename.get(g, ".notdef") for g in encoding]
    buf = io.BytesIO()
    cff.compile(buf, fb.font)
    stream = pdf.make_stream(buf.getvalue())
    stream.Subtype = pikepdf.Name.Type1C
    del fd["/FontFile"]
    fd.FontFile3 = stream


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    stem = os.path.basename(src)[: -len(".pdf")]
    for variant in ("builtin-names", "bare-cff", "no-tounicode"):
        pdf = pikepdf.open(src)
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
                continue
            if obj.get("/Subtype") not in ("/Type1", "/TrueType") or "/ToUnicode" not in obj:
                continue
            codes = to_unicode(obj.ToUnicode)
            del obj["/ToUnicode"]
            if variant in ("builtin-names", "bare-cff"):
                fd = obj.FontDescriptor
                if "/FontFile" in fd and variant == "bare-cff":
                    bare_cff(pdf, obj, codes)
                elif "/FontFile" in fd:
                    rename_type1(fd.FontFile, codes)
                elif "/FontFile2" in fd:
                    rename_truetype(fd.FontFile2, codes)
        path = os.path.join(out, f"{stem}.{variant}.pdf")
        pdf.save(path)
        print(path)


if __name__ == "__main__":
    main()
