#!/usr/bin/env python3
"""Make PDFs of the seed layouts the way municipalities make them: LibreOffice Calc
(bordered, wrapped cells), LibreOffice Writer (an HTML table) and, when it is installed,
headless Chromium (the same HTML printed) from the seed text.

Needs LibreOffice and a CJK font (Debian: `apt-get install libreoffice-calc
libreoffice-writer fonts-noto-cjk`). `cargo test` does not: the small results are
committed under fixtures/pdf/seed/. Run from the repository root:

    python3 scripts/make_seed_pdfs.py [--first M] [--lines N] [--out DIR] [--font FAMILY] [SEED ...]

fixtures/pdf/seed/004_cf9142fe188b5ae8.head6.ipaex.chromium.pdf is the Chromium output of
`--lines 6 --font IPAexGothic` on seed 004 (fonts-ipaexfont).

For every seed `fixtures/X.txt` it writes `fixtures/pdf/seed/X.calc.pdf`,
`X.writer.pdf` and `X.chromium.pdf` (the first N lines of the seed, default all).
`--narrow` (long cells wrap onto several lines) and `--borderless` (no cell rules) make
variants named `X.narrow.calc.pdf`, `X.borderless.writer.pdf`, `X.narrow.borderless…`.
"""
import argparse
import html
import os
import re
import shutil
import subprocess
import tempfile

# Seconds one conversion may take: Writer lays out seed 000's 1,300-row table for
# minutes, and longer on a machine shared with other jobs.
TIMEOUT = int(os.environ.get("SEED_PDF_TIMEOUT", "3600"))
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "fixtures", "pdf", "seed")


def rows_of(path, limit, first=1, breaks=None):
    """The seed's non-blank lines as rows of cells; HTML fragments flattened to cells.

    With a list `breaks`, the index of every row that follows a blank line (where the
    dump parts one block of the sheet from the next) is appended to it."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if limit:
        lines = lines[:limit]
    lines = lines[first - 1:]
    rows = []
    blank = False
    for line in lines:
        if not line.strip():
            blank = True
            continue
        if blank and breaks is not None and rows:
            breaks.append(len(rows))
        blank = False
        if "<" in line and re.search(r"</?(table|tr|td|th|p|br|li|input)\b", line):
            line = re.sub(r"<input[^>]*>", "○", line)
            line = re.sub(r"</t[dh]>", "\t", line)
            line = re.sub(r"</tr>", "\n", line)
            line = re.sub(r"<br\s*/?>|</p>|</li>", " ", line)
            line = html.unescape(re.sub(r"<[^>]+>", "", line))
            for sub in line.split("\n"):
                if sub.strip():
                    rows.append(sub.rstrip("\t").split("\t"))
            continue
        rows.append(line.rstrip("\t").split("\t"))
    return rows


def esc(s):
    return html.escape(s, quote=False)


# Paper sizes in cm, portrait (width, height).
PAPERS = {"A4": (21.0, 29.7), "A3": (29.7, 42.0), "B4": (25.7, 36.4)}


class Page:
    """Page and type settings other producers' scripts choose differently from ours.

    The defaults are what this script always made (A4 landscape, 1 cm margins, Calc 9 pt
    fitted to one page width, HTML 8 pt in the browser's or Writer's default font and page),
    so a run without options makes the same files under the same names."""

    def __init__(self, font=None, paper=None, portrait=False, size=None, scale=None,
                 margin=None, widths=1.0):
        self.font = font
        self.paper = paper
        self.portrait = portrait
        self.size = size
        self.scale = scale
        self.margin = margin
        self.widths = widths

    def suffix(self):
        """The name parts of the settings that differ from the defaults."""
        parts = []
        if self.font:
            parts.append(re.sub(r"[^a-z0-9]", "", self.font.lower()))
        if self.paper or self.portrait:
            parts.append((self.paper or "A4").lower() + ("p" if self.portrait else "l"))
        if self.size:
            parts.append("pt%g" % self.size)
        if self.scale:
            parts.append("scale%d" % self.scale)
        if self.margin is not None:
            parts.append("m%g" % self.margin)
        if self.widths != 1.0:
            parts.append("w%g" % self.widths)
        return "".join("." + p for p in parts)

    def dims(self):
        w, h = PAPERS[self.paper or "A4"]
        return (w, h) if self.portrait else (h, w)


def fods(rows, narrow=False, borderless=False, page=None):
    page = page or Page()
    ncols = max(len(r) for r in rows)
    widths = []
    cap = 3.0 if narrow else 8.0
    for c in range(ncols):
        longest = max((len(r[c]) for r in rows if c < len(r)), default=1)
        widths.append(min(max(longest * 0.38, 1.2), cap) * page.widths)
    border = "" if borderless else 'fo:border="0.06pt solid #000000" '
    pw, ph = page.dims()
    margin = 1.0 if page.margin is None else page.margin
    # Calc's "fit to 1 page wide" (scale-to-X) unless a fixed reduction is asked for.
    fit = 'style:scale-to="%d%%"' % page.scale if page.scale else 'style:scale-to-X="1" style:scale-to-Y="0"'
    size = page.size or 9
    font = ""
    decls = ""
    if page.font:
        font = ('style:font-name="%s" style:font-name-asian="%s" style:font-name-complex="%s" '
                % (page.font, page.font, page.font))
        decls = ('<office:font-face-decls><style:font-face style:name="%s" svg:font-family="&apos;%s&apos;"/>'
                 '</office:font-face-decls>' % (page.font, page.font))
    cols = "".join(
        '<style:style style:name="co%d" style:family="table-column">'
        '<style:table-column-properties style:column-width="%.2fcm"/></style:style>' % (i, w)
        for i, w in enumerate(widths))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
           'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
           'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">',
           decls or None,
           '<office:automatic-styles>',
           '<style:page-layout style:name="pm1"><style:page-layout-properties '
           'fo:page-width="%gcm" fo:page-height="%gcm" style:print-orientation="%s" '
           % (pw, ph, "portrait" if page.portrait else "landscape") +
           'fo:margin-top="{m}cm" fo:margin-bottom="{m}cm" fo:margin-left="{m}cm" fo:margin-right="{m}cm" '
           .format(m="%g" % margin) + fit + '/></style:page-layout>',
           cols,
           '<style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties '
           'fo:wrap-option="wrap" %sstyle:vertical-align="top"/>' % border +
           '<style:text-properties %sfo:font-size="%gpt" style:font-size-asian="%gpt"/></style:style>'
           % (font, size, size),
           '<style:style style:name="ta1" style:family="table" style:master-page-name="mp1">'
           '<style:table-properties table:display="true"/></style:style>',
           '</office:automatic-styles>',
           '<office:master-styles><style:master-page style:name="mp1" style:page-layout-name="pm1"/>'
           '</office:master-styles>',
           '<office:body><office:spreadsheet><table:table table:name="plan" table:style-name="ta1">']
    for i in range(ncols):
        out.append('<table:table-column table:style-name="co%d"/>' % i)
    for r in rows:
        out.append("<table:table-row>")
        for c in range(ncols):
            v = r[c] if c < len(r) else ""
            if v:
                out.append('<table:table-cell table:style-name="ce1" office:value-type="string">'
                           "<text:p>%s</text:p></table:table-cell>" % esc(v))
            else:
                out.append('<table:table-cell table:style-name="ce1"/>')
        out.append("</table:table-row>")
    out.append("</table:table></office:spreadsheet></office:body></office:document>")
    return "\n".join(o for o in out if o)


# Writer's HTML import stops building a table past 64,000 cells (LibreOffice
# sw/source/filter/html/htmltab.cxx, `HTMLTable::IsOverflowing`, a guard against hostile
# HTML) and imports the rest of it as one paragraph of running text, the cells run
# together with nothing between them. Seed 000 as one table of 75 columns is 98,475
# cells, so from its row 855 on the Writer PDFs held no table at all: a quirk of one
# generated table, not of the documents municipalities export (a sheet per table).
# The table is therefore closed at a blank line of the seed (a block boundary) before
# it reaches this many cells and a new one opened, with the same number of columns.
MAX_TABLE_CELLS = 60000


def html_doc(rows, font=None, narrow=False, borderless=False, breaks=(), padding=2, page=None):
    page = page or Page()
    family = 'font-family:"%s";' % font if font else ""
    # Narrow: every column at most 6 em wide, so long cells wrap onto several lines.
    width = "max-width:%gem;" % (6 * page.widths) if narrow else ""
    border = "0" if borderless else "1"
    table = '<table border="%s" cellspacing="0" cellpadding="%d">' % (border, padding)
    # Only when asked: the browser's and Writer's own page (Letter/A4 portrait) stay the default.
    at_page = ""
    if page.paper or page.portrait or page.margin is not None:
        pw, ph = page.dims()
        at_page = "@page{size:%gcm %gcm;margin:%gcm}" % (
            pw, ph, 1.0 if page.margin is None else page.margin)
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8">'
           '<style>%std{%s%sfont-size:%gpt;vertical-align:top}</style></head><body>'
           % (at_page, family, width, page.size or 8) + table]
    ncols = max(len(r) for r in rows)
    starts = set(breaks)
    cells = 0
    for i, r in enumerate(rows):
        if i in starts and cells + ncols * next_block(rows, starts, i) > MAX_TABLE_CELLS:
            out.append("</table>" + table)
            cells = 0
        cells += ncols
        out.append("<tr>" + "".join("<td>%s</td>" % esc(v) for v in r)
                   + "<td></td>" * (ncols - len(r)) + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def next_block(rows, starts, i):
    """Rows of the block that starts at row i (up to the next block start)."""
    j = i + 1
    while j < len(rows) and j not in starts:
        j += 1
    return j - i


def convert(src, fmt, dest, infilter=None):
    tmp = tempfile.mkdtemp(prefix="keikaku-pdf-")
    try:
        cmd = ["soffice", "--headless", "--norestore", "-env:UserInstallation=file://%s/profile" % tmp]
        if infilter:
            cmd.append("--infilter=%s" % infilter)
        cmd += ["--convert-to", fmt, "--outdir", tmp, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=TIMEOUT)
        made = [f for f in os.listdir(tmp) if f.endswith(".pdf")]
        shutil.move(os.path.join(tmp, made[0]), dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def print_html(src, dest):
    exe = chromium()
    if exe is None:
        return False
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    "--print-to-pdf=%s" % dest, src], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=600)
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=0)
    ap.add_argument("--first", type=int, default=1,
                    help="first line of the seed to use (1-based; with --lines N: lines FIRST..N)")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--font", help="font family for the Calc cells and the HTML (e.g. IPAexGothic: "
                    "TrueType, so Chromium embeds CID fonts with a cmap); adds e.g. .ipaexgothic")
    ap.add_argument("--narrow", action="store_true",
                    help="narrow columns (Calc at most 3 cm, HTML at most 6 em) so long cells wrap")
    ap.add_argument("--borderless", action="store_true",
                    help="no cell borders (Calc without borders, HTML table border=0)")
    ap.add_argument("--padding", type=int, default=2,
                    help="HTML cell padding in pixels (0: full cells of a borderless table "
                    "abut, as in Writer tables without cell margins); not 2 adds .padN to the name")
    ap.add_argument("--paper", choices=sorted(PAPERS),
                    help="paper for Calc and (as CSS @page) the HTML; adds .a3l/.a4p/… to the name")
    ap.add_argument("--portrait", action="store_true", help="portrait paper (default landscape)")
    ap.add_argument("--size", type=float,
                    help="font size in pt (default Calc 9, HTML 8); adds .ptN to the name")
    ap.add_argument("--scale", type=int,
                    help="Calc: print at this fixed percentage instead of fitting the sheet to "
                    "one page width; adds .scaleN to the name")
    ap.add_argument("--margin", type=float, help="page margins in cm (default 1); adds .mN")
    ap.add_argument("--widths", type=float, default=1.0,
                    help="factor on every column width (Calc widths, HTML narrow max-width); adds .wF")
    ap.add_argument("--only", choices=["calc", "writer", "chromium"], action="append",
                    help="make only these kinds (repeatable; default all three)")
    ap.add_argument("seeds", nargs="*")
    a = ap.parse_args()
    seeds = a.seeds or [os.path.join(ROOT, "fixtures", f) for f in sorted(os.listdir(os.path.join(ROOT, "fixtures")))
                        if f.endswith(".txt")]
    out = a.out
    os.makedirs(out, exist_ok=True)
    for seed in seeds:
        base = os.path.basename(seed)[:-4]
        name = base + (".narrow" if a.narrow else "") + (".borderless" if a.borderless else "")
        if a.padding != 2:
            name += ".pad%d" % a.padding
        page = Page(a.font, a.paper, a.portrait, a.size, a.scale, a.margin, a.widths)
        name += page.suffix()
        kinds = a.only or ["calc", "writer", "chromium"]
        breaks = []
        rows = rows_of(seed, a.lines, a.first, breaks)
        work = tempfile.mkdtemp(prefix="keikaku-src-")
        try:
            src = os.path.join(work, base + ".fods")
            with open(src, "w", encoding="utf-8") as fh:
                fh.write(fods(rows, a.narrow, a.borderless, page))
            if "calc" in kinds:
                convert(src, "pdf:calc_pdf_Export", os.path.join(out, name + ".calc.pdf"))
            src = os.path.join(work, base + ".html")
            with open(src, "w", encoding="utf-8") as fh:
                fh.write(html_doc(rows, a.font, a.narrow, a.borderless, breaks, a.padding, page))
            if "writer" in kinds:
                convert(src, "pdf:writer_pdf_Export", os.path.join(out, name + ".writer.pdf"),
                        infilter="HTML (StarWriter)")
            if "chromium" in kinds:
                print_html(src, os.path.join(out, name + ".chromium.pdf"))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(base)


if __name__ == "__main__":
    main()
