#!/usr/bin/env python3
"""Text recall of PDFs without ToUnicode, producer by font by writing mode
(docs/pdf.md, "Session 6: CID fonts without ToUnicode").

Makes one small document from the cells of seed 004's lines 2-4 (about 600 characters)
with LibreOffice Writer (paragraphs; vertical: a page style in `tb-rl`), LibreOffice Calc
(one wrapped cell per paragraph; vertical: stacked cells, `style:direction="ttb"`, of 20
characters each) and headless Chromium (paragraphs; vertical: `writing-mode:
vertical-rl`), in each of Noto Sans CJK JP, Noto Serif CJK JP, IPAexGothic and
IPAexMincho, plus a CID-keyed CFF subset of Noto Sans CJK JP written directly (`cff.*`:
no producer here writes one; `wrong-widths` has every `/W` width 100 units off); removes every /ToUnicode (scripts/strip_tounicode.py); and prints, per file,
the share of the source text's characters (NFKC, radicals folded as the loader does,
whitespace ignored, as a multiset) found in the strings of `keikaku convert`'s JSON
(except `source` and `diagnostics`), in pdftotext's text, and the fonts as pdffonts
lists them.

Needs soffice, chromium, pikepdf, pdftotext, pdffonts; `cargo test` does not.

    KEIKAKU=target/release/keikaku python3 scripts/no_tounicode_sweep.py OUTDIR [FILTER]

FILTER (a substring of the file name, e.g. `chromium`) limits the rows; the PDFs are
made once and reused from OUTDIR.
"""
import collections
import html
import json
import os
import shutil
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdf_recall import RADICALS  # noqa: E402  (the loader's radical folds, read once)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SEED = os.path.join(ROOT, "fixtures", "004_cf9142fe188b5ae8.txt")
BIN = os.environ.get("KEIKAKU", os.path.join(ROOT, "target", "release", "keikaku"))
FONTS = {
    "notosans": "Noto Sans CJK JP",
    "notoserif": "Noto Serif CJK JP",
    "ipaexg": "IPAexGothic",
    "ipaexm": "IPAexMincho",
}
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"')


def paragraphs():
    with open(SEED, encoding="utf-8") as fh:
        lines = fh.read().split("\n")[1:4]
    return [c.strip() for line in lines for c in line.split("\t") if c.strip()]


def fonts_xml(family):
    return (f'<office:font-face-decls><style:font-face style:name="F" svg:font-family="\'{family}\'"/>'
            '</office:font-face-decls>')


def text_props():
    return ('<style:text-properties style:font-name="F" style:font-name-asian="F" '
            'fo:font-size="10.5pt" style:font-size-asian="10.5pt"/>')


def writer(paras, family, vertical):
    mode = ' style:writing-mode="tb-rl"' if vertical else ""
    body = "".join(f"<text:p>{html.escape(p, quote=False)}</text:p>" for p in paras)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.text">{fonts_xml(family)}
<office:styles><style:default-style style:family="paragraph">{text_props()}</style:default-style></office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"{mode}/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>{body}</office:text></office:body></office:document>'''


def calc(paras, family, vertical):
    if vertical:
        text = "".join(paras)
        chunks = [text[i:i + 20] for i in range(0, len(text), 20)]
        rows = [chunks[i:i + 8] for i in range(0, len(chunks), 8)]
        cell_style = ('<style:table-cell-properties style:direction="ttb" fo:wrap-option="no-wrap" '
                      'fo:border="0.5pt solid #000000"/>')
        col = '<style:table-column-properties style:column-width="1.0cm"/>'
        row = '<style:table-row-properties style:row-height="9cm"/>'
        ncols = 8
    else:
        rows = [[p] for p in paras]
        cell_style = '<style:table-cell-properties fo:wrap-option="wrap" fo:border="0.5pt solid #000000"/>'
        col = '<style:table-column-properties style:column-width="16cm"/>'
        row = '<style:table-row-properties style:use-optimal-row-height="true"/>'
        ncols = 1
    body = "".join(
        '<table:table-row table:style-name="ro1">'
        + "".join(f'<table:table-cell table:style-name="c1"><text:p>{html.escape(c, quote=False)}</text:p></table:table-cell>'
                  for c in r)
        + "</table:table-row>" for r in rows)
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:mimetype="application/vnd.oasis.opendocument.spreadsheet">{fonts_xml(family)}
<office:styles><style:default-style style:family="table-cell">{text_props()}</style:default-style></office:styles>
<office:automatic-styles>
<style:style style:name="co1" style:family="table-column">{col}</style:style>
<style:style style:name="ro1" style:family="table-row">{row}</style:style>
<style:style style:name="c1" style:family="table-cell">{cell_style}{text_props()}</style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="S">
<table:table-column table:style-name="co1" table:number-columns-repeated="{ncols}"/>{body}
</table:table></office:spreadsheet></office:body></office:document>'''


def chromium_html(paras, family, vertical):
    mode = "writing-mode:vertical-rl;height:24cm;" if vertical else ""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)
    return (f'<!doctype html><html><head><meta charset="utf-8"><style>body{{font-family:"{family}";'
            f'font-size:10.5pt}} .d{{{mode}}}</style></head><body><div class="d">{body}</div></body></html>')


def cff_pdf(paras, vertical, pdf, widths_off=0):
    """A CID-keyed CFF subset (`CIDFontType0C`, `Adobe-Identity`, no ToUnicode, no cmap)
    of Noto Sans CJK JP with the original CIDs, as PostScript and print workflows embed
    it; none of the producers here writes one. `widths_off` is added to every `/W`
    width: a font whose widths disagree must not be trusted."""
    import io
    import pikepdf
    from fontTools import subset
    from fontTools.ttLib import TTFont
    path = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    font = next(f for f in (TTFont(path, fontNumber=i) for i in range(10))
                if f["name"].getDebugName(6) == "NotoSansCJKjp-Regular")
    text = "".join(paras)
    cmap, order = font.getBestCmap(), font.getGlyphOrder()
    gid = {c: order.index(cmap[ord(c)]) for c in set(text)}
    upem = font["head"].unitsPerEm
    adv = {g: round(font["hmtx"][order[g]][0] * 1000 / upem) + widths_off for g in gid.values()}
    opts = subset.Options()
    opts.retain_gids = True
    opts.layout_features = []
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(gids=sorted(adv))
    sub.subset(font)
    buf = io.BytesIO()
    font["CFF "].cff.compile(buf, font)
    doc = pikepdf.new()
    name = pikepdf.Name("/ABCDEF+NotoSansCJKjp-Regular")
    w = []
    for g in sorted(adv):
        w += [g, [adv[g]]]
    fd = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=4, ItalicAngle=0,
                            Ascent=880, Descent=-120, CapHeight=733, StemV=80,
                            FontBBox=[-1000, -1000, 3000, 1500],
                            FontFile3=pikepdf.Stream(doc, buf.getvalue(),
                                                     Subtype=pikepdf.Name.CIDFontType0C))
    cid = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType0, BaseFont=name,
                             CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                                              Ordering=pikepdf.String("Identity"),
                                                              Supplement=0),
                             FontDescriptor=doc.make_indirect(fd), DW=1000, W=w)
    enc = "/Identity-V" if vertical else "/Identity-H"
    t0 = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=name,
                            Encoding=pikepdf.Name(enc), DescendantFonts=[doc.make_indirect(cid)])
    parts = []
    step = 50 if vertical else 40
    for p in paras:
        for k in range(0, len(p), step):
            hexs = "".join(f"{gid[c]:04X}" for c in p[k:k + step])
            at = f"{560 - 14 * len(parts)} 800" if vertical else f"40 {800 - 14 * len(parts)}"
            parts.append(f"BT /F1 10 Tf {at} Td <{hexs}> Tj ET")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=doc.make_indirect(t0))),
                              Contents=doc.make_stream("\n".join(parts).encode()))
    doc.pages.append(pikepdf.Page(page))
    doc.save(pdf)


def make(out, paras):
    os.makedirs(out, exist_ok=True)
    made = []
    for key, family in FONTS.items():
        for vertical in (False, True):
            mode = "v" if vertical else "h"
            for prod in ("writer", "calc", "chromium"):
                name = f"{prod}.{key}.{mode}"
                pdf = os.path.join(out, name + ".pdf")
                made.append(name)
                if os.path.exists(pdf):
                    continue
                if prod == "chromium":
                    src = os.path.join(out, name + ".html")
                    with open(src, "w", encoding="utf-8") as fh:
                        fh.write(chromium_html(paras, family, vertical))
                    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src],
                                   capture_output=True, timeout=300)
                else:
                    ext = "fodt" if prod == "writer" else "fods"
                    src = os.path.join(out, f"{name}.{ext}")
                    with open(src, "w", encoding="utf-8") as fh:
                        fh.write((writer if prod == "writer" else calc)(paras, family, vertical))
                    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", out, src],
                                   capture_output=True, timeout=300)
                nou = os.path.join(out, name + ".nou.pdf")
                subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "strip_tounicode.py"), pdf, nou],
                               capture_output=True, check=True)
    for name, vertical, off in (("cff.notosans.h", False, 0), ("cff.notosans.v", True, 0),
                                ("cff.notosans.h.wrong-widths", False, 100)):
        made.append(name)
        pdf = os.path.join(out, name + ".pdf")
        if not os.path.exists(pdf):
            cff_pdf(paras, vertical, pdf, off)
            # Already without ToUnicode.
            shutil.copy(pdf, os.path.join(out, name + ".nou.pdf"))
    return made




def chars(s):
    s = unicodedata.normalize("NFKC", s.translate(RADICALS))
    return collections.Counter(ch for ch in s if not ch.isspace())


def keikaku_chars(path):
    run = subprocess.run([BIN, "convert", "-q", path], capture_output=True)
    c = collections.Counter()
    codes = set()

    def walk(v):
        if isinstance(v, str):
            c.update(chars(v))
        elif isinstance(v, dict):
            for k, x in v.items():
                if k == "diagnostics":
                    codes.update(d.get("code", "") for d in x if isinstance(d, dict))
                elif k != "source":
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    for line in run.stdout.decode().splitlines():
        try:
            walk(json.loads(line))
        except json.JSONDecodeError:
            pass
    return c, codes


def recall(src, got):
    total = sum(src.values())
    return 100.0 * sum(min(n, got[k]) for k, n in src.items()) / max(total, 1)


def fonts_of(path):
    out = subprocess.run(["pdffonts", path], capture_output=True).stdout.decode().splitlines()[2:]
    kinds = set()
    for line in out:
        parts = line.split()
        if len(parts) >= 4:
            # name, type (one or two words), encoding
            kinds.add(" ".join(parts[1:-5]) + "/" + parts[-5])
    return ", ".join(sorted(kinds))


def main():
    out = sys.argv[1]
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    paras = paragraphs()
    src = chars("".join(paras))
    names = make(out, paras)
    print(f"source: {sum(src.values())} characters; binary {BIN}")
    print("| file | fonts (pdffonts) | keikaku | pdftotext | keikaku with ToUnicode | diagnostics |")
    print("|---|---|---|---|---|---|")
    for name in names:
        if only not in name:
            continue
        nou = os.path.join(out, name + ".nou.pdf")
        orig = os.path.join(out, name + ".pdf")
        if not os.path.exists(nou):
            print(f"| {name} | (not made) | | | | |")
            continue
        got, codes = keikaku_chars(nou)
        with_tu, _ = keikaku_chars(orig)
        ptt = subprocess.run(["pdftotext", nou, "-"], capture_output=True).stdout.decode(errors="replace")
        shown = ", ".join(sorted(c.removeprefix("pdf.") for c in codes if c.startswith("pdf.font")
                                 or c.startswith("pdf.tounicode") or c.startswith("pdf.unmapped")
                                 or c == "pdf.builtin-encoding"))
        print(f"| {name} | {fonts_of(nou)} | {recall(src, got):.1f} % | {recall(src, chars(ptt)):.1f} % | "
              f"{recall(src, with_tu):.1f} % | {shown} |")


if __name__ == "__main__":
    main()
