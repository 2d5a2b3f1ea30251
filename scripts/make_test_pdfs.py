#!/usr/bin/env python3
"""Write the small hand-built PDFs under fixtures/pdf/ used by `cargo test`.

No third-party module and no office suite: every file is written object by object, so
each one is tiny, deterministic and shows exactly one thing (a ruled table, a borderless
table, a hostile construction). Run from the repository root:

    python3 scripts/make_test_pdfs.py

The PDFs of the seed layouts made with LibreOffice are written by
scripts/make_seed_pdfs.sh instead.
"""
import hashlib
import os
import zlib

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "pdf")
# Hostile PDFs go outside fixtures/, so that converting the fixtures is a clean run.
HOSTILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "hostile", "pdf")


class Pdf:
    """Objects numbered from 1; `ref(n)` renders a reference."""

    def __init__(self):
        self.objs = {}

    def add(self, body, n=None):
        n = n or (max(self.objs) + 1 if self.objs else 1)
        self.objs[n] = body
        return n

    def reserve(self):
        n = max(self.objs) + 1 if self.objs else 1
        self.objs[n] = None
        return n

    def render(self, root, extra_trailer=b"", encrypt=None):
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for n in sorted(self.objs):
            body = self.objs[n]
            if encrypt is not None and n != encrypt.get("skip"):
                body = encrypt["fn"](n, body)
            offsets[n] = len(out)
            out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
        xref = len(out)
        size = max(self.objs) + 1
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for n in range(1, size):
            out += b"%010d 00000 n \n" % offsets[n] if n in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
            size, root, extra_trailer, xref)
        return bytes(out)


def stream(dict_body, data, compress=True):
    if compress:
        data = zlib.compress(data)
        dict_body += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n" % (dict_body, len(data)) + data + b"\nendstream"


class CidFont:
    """A Type0 font with Identity-H codes: one CID per distinct character, a ToUnicode
    map, and widths in the `/W` range form (c_first c_last w) that pdf-extract misreads."""

    def __init__(self):
        self.cids = {}

    def code(self, s):
        out = b""
        for ch in s:
            if ch not in self.cids:
                self.cids[ch] = len(self.cids) + 1
            out += self.cids[ch].to_bytes(2, "big")
        return b"<" + out.hex().encode() + b">"

    def width(self, ch):
        return 500 if ord(ch) < 0x2E80 else 1000

    def write(self, pdf, to_unicode=True, w_range=True):
        items = sorted(self.cids.items(), key=lambda kv: kv[1])
        cmap = ["/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
                "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
                "1 begincodespacerange <0000> <FFFF> endcodespacerange",
                "%d beginbfchar" % len(items)]
        for ch, cid in items:
            u = ch.encode("utf-16-be").hex()
            cmap.append("<%04x> <%s>" % (cid, u))
        cmap += ["endbfchar", "endcmap CMapName currentdict /CMap defineresource pop end end"]
        tu = pdf.add(stream(b"", "\n".join(cmap).encode()))
        # /W: runs of equal width in range form, the rest as lists.
        w = []
        for ch, cid in items:
            w.append(b"%d %d %d" % (cid, cid, self.width(ch)) if w_range
                     else b"%d [%d]" % (cid, self.width(ch)))
        desc = pdf.add(b"<< /Type /FontDescriptor /FontName /KeikakuTest /Flags 4 "
                       b"/FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                       b"/CapHeight 700 /StemV 80 >>")
        cid = pdf.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KeikakuTest "
                      b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                      b"/FontDescriptor %d 0 R /DW 1000 /W [%s] >>" % (desc, b" ".join(w)))
        tu_ref = b"/ToUnicode %d 0 R" % tu if to_unicode else b""
        return pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /KeikakuTest "
                       b"/Encoding /Identity-H /DescendantFonts [%d 0 R] %s >>" % (cid, tu_ref))


def text(font, s, x, y, size=10):
    return b"BT /F1 %d Tf %.2f %.2f Td %s Tj ET\n" % (size, x, y, font.code(s))


def line(x0, y0, x1, y1):
    return b"%.2f %.2f m %.2f %.2f l S\n" % (x0, y0, x1, y1)


def finish(pdf, pages, fonts_ref, xobjects=b"", extra=None):
    """pages: list of content bytes; returns (pdf, root)."""
    pages_id = pdf.reserve()
    kids = []
    for content in pages:
        c = pdf.add(stream(b"", content))
        kids.append(pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                            b"/Resources << /Font << /F1 %d 0 R >> %s >> /Contents %d 0 R >>"
                            % (pages_id, fonts_ref, xobjects, c)))
    pdf.objs[pages_id] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return root


# The ruled table: an action-sheet-like header, then a grid whose last column holds
# a status mark, one cell wrapping onto a second line, one merged (two-row) cell.
TABLE_ROWS = [
    ("番号", "取組項目", "担当課", "進捗"),
    ("1-①", "定員管理の適正化", "総務課", "○"),
    ("1-②", "事務事業の見直しと", "企画課", "◎"),
    ("2-1", "公共施設の再配置", "財政課", "△"),
]
COLS = [50, 110, 330, 430, 500]


def table_page(font, rows=TABLE_ROWS, top=760):
    c = bytearray()
    c += text(font, "第2次つくばみらい市行政改革実施計画", 50, 800, 14)
    c += b"0.5 w\n"
    h = 24
    ys = [top - i * h for i in range(len(rows) + 1)]
    for y in ys:
        c += line(COLS[0], y, COLS[-1], y)
    for x in COLS:
        c += line(x, ys[-1], x, ys[0])
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            c += text(font, cell, COLS[k] + 4, ys[r] - 16)
    # The wrapped cell: second line inside the same box (row 2, column 1), smaller.
    c += text(font, "実施", COLS[1] + 4, ys[2] - 22, 7)
    return bytes(c)


def borderless_page(font):
    c = bytearray()
    c += text(font, "実施項目一覧", 50, 800, 12)
    y = 760
    for a, b, d in [("No.", "実施項目", "主管課"), ("1", "窓口サービスの向上", "市民課"),
                    ("2", "電子申請の推進", "情報政策課")]:
        c += text(font, a, 50, y)
        c += text(font, b, 120, y)
        c += text(font, d, 400, y)
        y -= 20
    return bytes(c)


def good_table():
    pdf = Pdf()
    font = CidFont()
    p1 = table_page(font)
    p2 = borderless_page(font)
    f = font.write(pdf)
    root = finish(pdf, [p1, p2], f)
    return pdf.render(root)


def no_text_layer():
    """A scanned page: one image, no text."""
    pdf = Pdf()
    img = pdf.add(stream(b"/Type /XObject /Subtype /Image /Width 8 /Height 8 "
                         b"/ColorSpace /DeviceGray /BitsPerComponent 8", bytes(range(64))))
    pages_id = pdf.reserve()
    c = pdf.add(stream(b"", b"q 500 0 0 700 40 80 cm /Im0 Do Q\n"))
    page = pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                   b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                   % (pages_id, img, c))
    pdf.objs[pages_id] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.render(root)


def image_with_text():
    """Text plus an image whose bytes read as operators if run as content."""
    pdf = Pdf()
    font = CidFont()
    junk = b"BT /F9 12 Tf (x) Tj ET q q q 1 0 0 1 0 0 cm /Nope Do " * 4
    img = pdf.add(stream(b"/Type /XObject /Subtype /Image /Width 16 /Height 16 "
                         b"/ColorSpace /DeviceGray /BitsPerComponent 8", junk, compress=False))
    content = b"q 100 0 0 100 300 300 cm /Im0 Do Q\n" + table_page(font)
    f = font.write(pdf)
    root = finish(pdf, [content], f, xobjects=b"/XObject << /Im0 %d 0 R >>" % img)
    return pdf.render(root)


def inline_image():
    """An inline image (BI … ID data EI) between two texts: lopdf's content parser does
    not know the construct; here its data opens a string that swallows the next text."""
    pdf = Pdf()
    font = CidFont()
    body = text(font, "画像の前", 50, 780)
    # The data opens a string that would swallow the rest of the page.
    body += b"q 20 0 0 20 50 700 cm BI /W 4 /H 4 /BPC 8 /CS /G ID (\xc8\xc9" + bytes(range(200, 214)) + b" EI Q\n"
    body += text(font, "画像の後", 50, 680)
    f = font.write(pdf)
    root = finish(pdf, [body], f)
    return pdf.render(root)


def form_cycle(inherit):
    """A form XObject that draws itself: pdf-extract would recurse until the stack ends."""
    pdf = Pdf()
    font = CidFont()
    body = text(font, "自己参照フォーム", 50, 700) + b"/Fm0 Do\n"
    page_text = text(font, "本文", 50, 800) + b"/Fm0 Do\n"
    f = font.write(pdf)
    fm = pdf.reserve()
    res = b"" if inherit else b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Fm0 %d 0 R >> >>" % (f, fm)
    pdf.objs[fm] = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res, body)
    root = finish(pdf, [page_text], f, xobjects=b"/XObject << /Fm0 %d 0 R >>" % fm)
    return pdf.render(root)


def deep_forms(depth=40):
    """A chain of nested forms, no cycle, deeper than any sane document."""
    pdf = Pdf()
    font = CidFont()
    deepest = text(font, "最深部", 50, 700)
    top = text(font, "入れ子", 50, 800) + b"/Fm0 Do\n"
    f = font.write(pdf)
    prev = None
    first = None
    for i in range(depth):
        n = pdf.reserve()
        call = b"/Fm0 Do\n" if prev is not None else deepest
        res = b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Fm0 %d 0 R >> >>" % (f, prev) if prev else \
            b"/Resources << /Font << /F1 %d 0 R >> >>" % f
        pdf.objs[n] = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res, call)
        prev = n
    first = prev
    root = finish(pdf, [top], f,
                  xobjects=b"/XObject << /Fm0 %d 0 R >>" % first)
    return pdf.render(root)


def bomb():
    """A content stream that inflates to 4 GiB of spaces through two Flate filters."""
    inner = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [inner.compress(chunk) for _ in range(4096)]
    parts.append(inner.flush())
    once = b"".join(parts)
    twice = zlib.compress(once, 9)
    pdf = Pdf()
    pages_id = pdf.reserve()
    c = pdf.add(b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
                + twice + b"\nendstream")
    page = pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
                   % (pages_id, c))
    pdf.objs[pages_id] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.render(root)


def flate_bomb(mb=200):
    """Page 1 a good table; page 2 a content stream that inflates to `mb` MiB of spaces
    through one Flate filter (~1/1000 of that on disk). Reading the whole stream costs
    more than twice its inflated size; pre-flight must drop it without inflating it."""
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(z.compress(chunk) for _ in range(mb)) + z.flush()
    pdf = Pdf()
    font = CidFont()
    p1 = table_page(font)
    f = font.write(pdf)
    pages_id = pdf.reserve()
    c1 = pdf.add(stream(b"", p1))
    c2 = pdf.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    kids = []
    for c in (c1, c2):
        kids.append(pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                            % (pages_id, f, c)))
    pdf.objs[pages_id] = b"<< /Type /Pages /Kids [%s] /Count 2 >>" % b" ".join(b"%d 0 R" % k for k in kids)
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.render(root)


def objstm_bomb(mb=200):
    """Like flate_bomb, but the 200 MiB of spaces pad an object stream (PDF 1.5, found
    through a cross-reference stream) holding one small object: lopdf inflates object
    streams while loading, before any page is read."""
    pdf = Pdf()
    font = CidFont()
    p1 = table_page(font)
    f = font.write(pdf)
    root = finish(pdf, [p1], f)
    z = zlib.compressobj(9)
    packed = max(pdf.objs) + 2
    inner = b"%d 0 " % packed
    first = len(inner)
    body = b"<< /Note (padding follows) >>"
    data = z.compress(inner + body) + b"".join(z.compress(b" " * (1 << 20)) for _ in range(mb)) + z.flush()
    stm = pdf.add(b"<< /Type /ObjStm /N 1 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
                  % (first, len(data)) + data + b"\nendstream")
    # Render the objects, then a cross-reference stream (type 1 entries for the objects in
    # the file, type 2 for the object inside the object stream).
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for n in sorted(pdf.objs):
        offsets[n] = len(out)
        out += b"%d 0 obj\n" % n + pdf.objs[n] + b"\nendobj\n"
    xref_n = packed + 1
    offsets[xref_n] = len(out)
    rows = bytearray()
    for n in range(0, xref_n + 1):
        if n == packed:
            rows += bytes([2]) + stm.to_bytes(4, "big") + (0).to_bytes(2, "big")
        elif n in offsets:
            rows += bytes([1]) + offsets[n].to_bytes(4, "big") + (0).to_bytes(2, "big")
        else:
            rows += bytes([0]) + (0).to_bytes(4, "big") + (0xFFFF).to_bytes(2, "big")
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n" % (
        xref_n, xref_n + 1, root, len(rows)) + bytes(rows) + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_n]
    return bytes(out)


def runaway():
    """Millions of glyphs: extraction takes far longer than any real plan."""
    pdf = Pdf()
    font = CidFont()
    code = font.code("計")
    body = b"BT /F1 1 Tf " + (code + b" Tj ") * 3_000_000 + b"ET\n"
    f = font.write(pdf)
    pages_id = pdf.reserve()
    data = zlib.compress(body, 9)
    c = pdf.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    page = pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, f, c))
    pdf.objs[pages_id] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.render(root)


def tj_before_tf():
    """Page 1 is fine; page 2 shows text before choosing a font (pdf-extract panics)."""
    pdf = Pdf()
    font = CidFont()
    p1 = table_page(font)
    p2 = b"BT 50 700 Td " + font.code("フォント無し") + b" Tj ET\n"
    f = font.write(pdf)
    root = finish(pdf, [p1, p2], f)
    return pdf.render(root)


def dangling():
    """The page's font is a reference to an object that does not exist."""
    pdf = Pdf()
    font = CidFont()
    body = text(font, "参照切れ", 50, 700)
    font.write(pdf)
    root = finish(pdf, [body], 999)
    return pdf.render(root)


PREDEFINED_TEXT = ["行政改革実施計画", "取組項目 ABC 123", "担当課：総務課　進捗：◎達成"]


# Beyond the BMP (U+20BB7 𠮷): a surrogate pair in UTF-16, four bytes in UTF-8 and UTF-32.
PREDEFINED_TEXT_ASTRAL = PREDEFINED_TEXT + ["𠮷野家の計画"]


def predefined_cmap(encoding, codec, vertical=False, text=PREDEFINED_TEXT):
    """Text in a font that uses a predefined CMap (older Acrobat, Word, 一太郎 output):
    no ToUnicode, no embedded font, widths keyed by Adobe-Japan1 CIDs."""
    pdf = Pdf()
    desc = pdf.add(b"<< /Type /FontDescriptor /FontName /MS-Mincho /Flags 6 "
                   b"/FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 "
                   b"/CapHeight 700 /StemV 80 >>")
    cid = pdf.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MS-Mincho "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
                  b"/FontDescriptor %d 0 R /DW 1000 /W [231 389 500 631 631 500] >>" % desc)
    font = pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /MS-Mincho /Encoding /%s "
                   b"/DescendantFonts [%d 0 R] >>" % (encoding.encode(), cid))
    c = bytearray()
    for i, line in enumerate(text):
        data = line.encode(codec)
        if vertical:
            # Vertical writing: columns right to left, each string running down from
            # its origin (the font's -V CMap says so; the text matrix stays upright).
            c += b"BT /F1 12 Tf %d 780 Td <%s> Tj ET\n" % (500 - 40 * i, data.hex().encode())
        else:
            c += b"BT /F1 12 Tf 50 %d Td <%s> Tj ET\n" % (780 - 30 * i, data.hex().encode())
    root = finish(pdf, [bytes(c)], font)
    return pdf.render(root)


# Unicode -> Adobe-Japan1 CID, read from Adobe's public CMaps (poppler-data): the CIDs an
# old Word/Acrobat/一太郎 export writes with /Identity-H or -V and a font left unembedded.
CMAP_DIR = "/usr/share/poppler/cMap/Adobe-Japan1"


def unicode_to_cid(vertical=False):
    import re
    table = {}
    names = ["UniJIS-UCS2-H"] + (["UniJIS-UCS2-V"] if vertical else [])
    for name in names:
        text = open(os.path.join(CMAP_DIR, name), encoding="latin-1").read()
        for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
            for lo, hi, cid in re.findall(r"<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\d+)", block, re.I):
                for k, u in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    table[u] = int(cid) + k
        for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
            for u, cid in re.findall(r"<([0-9a-f]+)>\s*(\d+)", block, re.I):
                table[int(u, 16)] = int(cid)
    return table


def identity_japan1(vertical=False, cff=False):
    """PREDEFINED_TEXT in an Adobe-Japan1 font with Identity-H/V codes (code = CID), no
    ToUnicode. Not embedded (MS-Mincho, as Word leaves it), or with `cff` a bare CFF
    CIDFont program in FontFile3 (a stub here: no cmap of its own to read)."""
    to_cid = unicode_to_cid(vertical)
    pdf = Pdf()
    file3 = b""
    if cff:
        # A CFF header only: what matters is that it is not an sfnt with a cmap.
        prog = pdf.add(stream(b"/Subtype /CIDFontType0C", b"\x01\x00\x04\x02"))
        file3 = b"/FontFile3 %d 0 R" % prog
    subtype = b"CIDFontType0" if cff else b"CIDFontType2"
    name = b"KozMinPro-Regular" if cff else b"MS-Mincho"
    desc = pdf.add(b"<< /Type /FontDescriptor /FontName /%s /Flags 6 "
                   b"/FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 "
                   b"/CapHeight 700 /StemV 80 %s >>" % (name, file3))
    # Half-width CIDs 1-631 are 500 wide (Adobe-Japan1 proportional/half-width block).
    cid = pdf.add(b"<< /Type /Font /Subtype /%s /BaseFont /%s "
                  b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> "
                  b"/FontDescriptor %d 0 R /DW 1000 /W [1 631 500] >>" % (subtype, name, desc))
    enc = b"Identity-V" if vertical else b"Identity-H"
    font = pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /%s "
                   b"/DescendantFonts [%d 0 R] >>" % (name, enc, cid))
    c = bytearray()
    for i, line in enumerate(PREDEFINED_TEXT):
        data = b"".join(to_cid[ord(ch)].to_bytes(2, "big") for ch in line)
        if vertical:
            c += b"BT /F1 12 Tf %d 780 Td <%s> Tj ET\n" % (500 - 40 * i, data.hex().encode())
        else:
            c += b"BT /F1 12 Tf 50 %d Td <%s> Tj ET\n" % (780 - 30 * i, data.hex().encode())
    root = finish(pdf, [bytes(c)], font)
    return pdf.render(root)


# Type3 glyph names by the Adobe Glyph List conventions (uniXXXX, uXXXX, common names,
# a .suffix), each glyph a filled square.
TYPE3_TEXT = [
    (["uni884C", "uni653F", "u6539", "uni9769.alt", "uni8A08", "uni753B"], "行政改革計画"),
    (["N", "o", "period", "one", "hyphen", "two", "space", "A", "parenleft", "B", "parenright"],
     "No.1-2 A(B)"),
]


def type3(names_known=True):
    """A Type3 font without ToUnicode whose Encoding /Differences names its glyphs. With
    `names_known` False, the second line's glyphs are named g1, g2 … (no Unicode meaning):
    that line cannot be read, the first still can."""
    pdf = Pdf()
    lines = TYPE3_TEXT if names_known else [TYPE3_TEXT[0], (["g%d" % i for i in range(1, 6)], None)]
    names = []
    for glyphs, _ in lines:
        for g in glyphs:
            if g not in names:
                names.append(g)
    procs = []
    for g in names:
        body = b"1000 0 0 0 800 800 d1 100 0 600 700 re f"
        procs.append(b"/%s %d 0 R" % (g.encode(), pdf.add(stream(b"", body))))
    n = len(names)
    t3 = pdf.add(b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] "
                 b"/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << %s >> "
                 b"/Encoding << /Type /Encoding /Differences [1 %s] >> "
                 b"/FirstChar 1 /LastChar %d /Widths [%s] /Resources << >> >>"
                 % (b" ".join(procs), b" ".join(b"/" + g.encode() for g in names), n,
                    b" ".join(b"1000" for _ in names)))
    c = bytearray()
    for i, (glyphs, _) in enumerate(lines):
        codes = bytes(names.index(g) + 1 for g in glyphs)
        c += b"BT /T3 12 Tf 50 %d Td <%s> Tj ET\n" % (780 - 30 * i, codes.hex().encode())
    pages_id = pdf.reserve()
    content = pdf.add(stream(b"", bytes(c)))
    page = pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                   b"/Resources << /Font << /T3 %d 0 R >> >> /Contents %d 0 R >>"
                   % (pages_id, t3, content))
    pdf.objs[pages_id] = b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.render(root)


def no_to_unicode():
    """An Identity-H font without ToUnicode and without an embedded font: the codes
    cannot be mapped to characters at all."""
    pdf = Pdf()
    font = CidFont()
    body = text(font, "対応表なし", 50, 700)
    f = font.write(pdf, to_unicode=False)
    root = finish(pdf, [body], f)
    return pdf.render(root)


def no_pages():
    pdf = Pdf()
    pages_id = pdf.add(b"<< /Type /Pages /Kids [] /Count 0 >>")
    root = pdf.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf.render(root)


# --- RC4 40-bit standard security handler (revision 2) -------------------------------
PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for b in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(b ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def pad(pw):
    return (pw + PAD)[:32]


def encrypted(user_pw):
    pdf = Pdf()
    font = CidFont()
    p1 = table_page(font)
    f = font.write(pdf)
    root = finish(pdf, [p1], f)
    file_id = hashlib.md5(b"keikaku").digest()
    p = -44  # print + copy allowed
    o = rc4(hashlib.md5(pad(b"owner")).digest()[:5], pad(user_pw))
    key = hashlib.md5(pad(user_pw) + o + p.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    u = rc4(key, PAD)
    enc = pdf.add(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /O <%s> /U <%s> /P %d >>"
                  % (o.hex().encode(), u.hex().encode(), p))

    def fn(n, body):
        k = hashlib.md5(key + n.to_bytes(3, "little") + b"\x00\x00").digest()[:10]
        if b"stream\n" in body:
            head, rest = body.split(b"stream\n", 1)
            data = rest[: rest.rindex(b"\nendstream")]
            return head + b"stream\n" + rc4(k, data) + b"\nendstream"
        return body
    trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (enc, file_id.hex().encode(), file_id.hex().encode())
    return pdf.render(root, trailer, encrypt={"fn": fn, "skip": enc})


def main():
    os.makedirs(OUT, exist_ok=True)
    good = good_table()
    files = {
        "table.pdf": good,
        "hostile/truncated.pdf": good[: len(good) * 6 // 10],
        "hostile/bad-xref.pdf": good.replace(b"\nxref\n", b"\nxref\n", 1)[: good.rindex(b"startxref")]
        + b"startxref\n99999\n%%EOF\n",
        # The page tree lost its /Kids (same length: offsets hold): the pages are still
        # in the file.
        "hostile/broken-page-tree.pdf": good.replace(b"/Kids [", b"/Kidz [", 1),
        "hostile/garbage.pdf": b"%PDF-1.4\n" + bytes((i * 7919) % 251 for i in range(4000)),
        "hostile/header-only.pdf": b"%PDF-1.7\n",
        "hostile/no-text-layer.pdf": no_text_layer(),
        "hostile/image-as-content.pdf": image_with_text(),
        "hostile/inline-image.pdf": inline_image(),
        "hostile/form-cycle.pdf": form_cycle(False),
        "hostile/form-cycle-inherited.pdf": form_cycle(True),
        "hostile/deep-forms.pdf": deep_forms(),
        "hostile/bomb.pdf": bomb(),
        "hostile/runaway.pdf": runaway(),
        "hostile/bomb-200mb.pdf": flate_bomb(200),
        "hostile/bomb-objstm.pdf": objstm_bomb(200),
        "hostile/tj-before-tf.pdf": tj_before_tf(),
        "hostile/dangling-font.pdf": dangling(),
        "hostile/no-pages.pdf": no_pages(),
        "hostile/encrypted-empty-password.pdf": encrypted(b""),
        "hostile/encrypted-password.pdf": encrypted(b"secret"),
        "cmap/unijis-ucs2-h.pdf": predefined_cmap("UniJIS-UCS2-H", "utf-16-be"),
        "cmap/90ms-rksj-h.pdf": predefined_cmap("90ms-RKSJ-H", "cp932"),
        "cmap/euc-h.pdf": predefined_cmap("EUC-H", "euc_jp"),
        "cmap/unijis-ucs2-v.pdf": predefined_cmap("UniJIS-UCS2-V", "utf-16-be", vertical=True),
        "cmap/unijis-utf8-h.pdf": predefined_cmap("UniJIS-UTF8-H", "utf-8",
                                                  text=PREDEFINED_TEXT_ASTRAL),
        "cmap/unijis2004-utf8-v.pdf": predefined_cmap("UniJIS2004-UTF8-V", "utf-8", vertical=True),
        "cmap/unijis-utf32-h.pdf": predefined_cmap("UniJIS-UTF32-H", "utf-32-be",
                                                   text=PREDEFINED_TEXT_ASTRAL),
        "cmap/unijis2004-utf16-h.pdf": predefined_cmap("UniJIS2004-UTF16-H", "utf-16-be",
                                                       text=PREDEFINED_TEXT_ASTRAL),
        "hostile/no-tounicode.pdf": no_to_unicode(),
        "cmap/identity-h-japan1.pdf": identity_japan1(),
        "cmap/identity-v-japan1.pdf": identity_japan1(vertical=True),
        "cmap/cff-japan1.pdf": identity_japan1(cff=True),
        "type3/type3-names.pdf": type3(),
        "type3/type3-unnamed.pdf": type3(names_known=False),
    }
    for name, data in files.items():
        if name.startswith("hostile/"):
            path = os.path.join(HOSTILE, name[len("hostile/"):])
        else:
            path = os.path.join(OUT, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        print("%8d  %s" % (len(data), name))


if __name__ == "__main__":
    main()
