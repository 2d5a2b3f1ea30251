#!/usr/bin/env python3
"""Broken and hostile PDFs, third sweep (docs/robustness.md, "Session 7: third sweep").

    scripts/make_hostile_pdfs_3.py OUT_DIR

Kinds of damage the first two sweeps (scripts/make_broken_pdfs.py,
scripts/make_hostile_pdfs_2.py) did not make: form XObjects whose content needs repair,
filtered inline images holding a fake `EI`, object streams with a bad /First or /N, xref
entries pointing into stream data, duplicate object numbers of conflicting kinds, absurd
and negative widths, /W ranges over billions of CIDs, ToUnicode maps with reversed,
overlapping and malformed ranges, resources that are references to non-dictionaries,
100,000 pages, a page tree 50,000 levels deep, annotation-only pages, empty content arrays,
ASCII85/LZW/RunLength/Flate chains, DecodeParms garbage, absurd text state (font size 0,
NaN-like matrices), foreign files (JPEG, gzip, UTF-16) named .pdf, a linearized file cut
in the middle and files written with object streams. Made from fixtures/pdf/table.pdf
(two pages, 9 lines: a title and 4 rows on page 1, a title and 3 rows on page 2) written
uncompressed and given a fresh xref table, so that each file tests its one kind of damage.
Needs pikepdf.
"""
import base64, gzip, io, os, re, struct, sys, zlib
import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfbytes import add_obj, obj, offsets, refix, set_obj, stream  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
TABLE = os.path.join(ROOT, "fixtures/pdf/table.pdf")

out = {}


def plain(src=TABLE):
    p = pikepdf.open(src)
    buf = io.BytesIO()
    p.save(buf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
           object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return buf.getvalue()


def saved(p, **kw):
    buf = io.BytesIO()
    p.save(buf, **kw)
    return buf.getvalue()


base = plain()
data1 = obj(base, 5).split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
data2 = obj(base, 7).split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
page3 = obj(base, 3)

# --- form XObjects whose content needs repair ----------------------------------------
# Page 1 draws its table through a form whose content has a `Tf` without its size and a
# 20-digit `cm` (each makes pdf-extract panic or throw the page away).
def form_page(content, n=11, extra=b""):
    b = add_obj(base, n, stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> " + extra))
    b = set_obj(b, 3, page3.replace(b"/Font << /F1 6 0 R >>", b"/Font << /F1 6 0 R >> /XObject << /Fm0 %d 0 R >>" % n))
    return refix(set_obj(b, 5, stream(b"q /Fm0 Do Q\n")))


out["form-bad-tf"] = form_page(b"BT /F1 Tf ET\n" + data1)
out["form-huge-cm"] = form_page(b"99999999999999999999 0 0 99999999999999999999 1e300 -1e300 cm\n" + data1)
out["form-inline-image-no-ei"] = form_page(data1 + b"\nBI /W 10 /H 10 ID " + bytes(range(256)) * 40)
# a form inside a form, the inner one broken
b = add_obj(base, 12, stream(b"BT /F1 Tf ET\n" + data1, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "))
b = add_obj(b, 11, stream(b"q /Fm1 Do Q", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /Fm1 12 0 R >> >> "))
b = set_obj(b, 3, page3.replace(b"/Font << /F1 6 0 R >>", b"/Font << /F1 6 0 R >> /XObject << /Fm0 11 0 R >>"))
out["form-nested-bad"] = refix(set_obj(b, 5, stream(b"q /Fm0 Do Q\n")))
# a form that is a dictionary, not a stream; a form with /Resources an integer
b = add_obj(base, 11, b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] >>")
b = set_obj(b, 3, page3.replace(b"/Font << /F1 6 0 R >>", b"/Font << /F1 6 0 R >> /XObject << /Fm0 11 0 R >>"))
out["form-not-a-stream"] = refix(set_obj(b, 5, stream(b"q /Fm0 Do Q\n" + data1)))

# --- inline images -------------------------------------------------------------------
# Flate data holding " EI " and text operators after it: a stored (level 0) deflate block
# keeps the image bytes as they are, as an encoder does with incompressible data.
def flate_with_fake_ei():
    raw = bytes(range(256)) * 4 + b" EI Q Q BT /F1 99 Tf 0 0 Td <0001> Tj ET " + bytes(range(255, 0, -1)) * 4
    return zlib.compress(raw, 0)


zz = flate_with_fake_ei()
out["inline-image-flate-fake-ei"] = refix(set_obj(base, 5, stream(b"q BI /W 100 /H 40 /BPC 8 /CS /G /F /Fl ID " + zz + b"\nEI Q\n" + data1)))
# the same with a zlib stream that itself contains the bytes of text operators
out["inline-image-a85-fake-ei"] = refix(set_obj(base, 5, stream(b"q BI /W 8 /H 8 /BPC 8 /CS /G /F [/A85 /Fl] ID " + base64.a85encode(zlib.compress(bytes(64))) + b"~>\nEI Q\n" + data1)))
# data ends at the stream's end: no EI and a filter, so the size is unknown
out["inline-image-filtered-no-ei"] = refix(set_obj(base, 5, stream(data1 + b"\nBI /W 10 /H 10 /F /Fl ID " + zz)))

# --- object streams ------------------------------------------------------------------
def objstm_variant(first=None, n=None, offsets_text=None):
    """table.pdf with objects 6 (the font) and 10 (its descriptor) in an object stream."""
    o6, o10 = obj(base, 6), obj(base, 10)
    head = b"6 0 10 %d " % (len(o6) + 1)
    if offsets_text is not None:
        head = offsets_text
    payload = head + o6 + b"\n" + o10
    f = len(head) if first is None else first
    nn = 2 if n is None else n
    b = re.sub(rb"(?ms)^6 0 obj\n.*?\nendobj\n", b"", base, count=1)
    b = re.sub(rb"(?ms)^10 0 obj\n.*?\nendobj\n", b"", b, count=1)
    b = add_obj(b, 11, stream(payload, b"/Type /ObjStm /N %s /First %s " % (str(nn).encode(), str(f).encode())))
    # xref stream so the two objects are "compressed" entries
    offs = offsets(b)
    i = b.rfind(b"\nxref")
    body = b[: i + 1]
    size = 13
    rows = []
    for k in range(size):
        if k == 6:
            rows.append(struct.pack(">BIH", 2, 11, 0))
        elif k == 10:
            rows.append(struct.pack(">BIH", 2, 11, 1))
        elif k == 12:
            rows.append(struct.pack(">BIH", 1, len(body), 0))
        elif k in offs:
            rows.append(struct.pack(">BIH", 1, offs[k], 0))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 65535))
    xs = b"".join(rows)
    xo = b"12 0 obj\n" + stream(xs, b"/Type /XRef /Size %d /W [1 4 2] /Root 1 0 R " % size) + b"\nendobj\n"
    return body + xo + b"startxref\n%d\n%%%%EOF\n" % len(body)


out["objstm-ok"] = objstm_variant()
out["objstm-first-huge"] = objstm_variant(first=2147483647)
out["objstm-first-negative"] = objstm_variant(first=-5)
out["objstm-first-short"] = objstm_variant(first=3)
out["objstm-n-huge"] = objstm_variant(n=2147483647)
out["objstm-n-negative"] = objstm_variant(n=-1)
out["objstm-n-zero"] = objstm_variant(n=0)
out["objstm-offsets-garbage"] = objstm_variant(offsets_text=b"6 999999 10 -4 ")

# --- xref entries pointing into stream data, duplicate objects of conflicting kinds ---
offs = {n: o for n, o in offsets(base).items()}
mid = offs[5] + len(b"5 0 obj\n") + 40  # inside page 1's content stream
bad = dict(offs)
bad[6] = mid
out["xref-into-stream"] = refix(base, offs=bad)
# the font (6) defined twice: as the font, and later as an integer; the xref names the integer
b = add_obj(base, 99, b"0") .replace(b"99 0 obj\n0", b"6 0 obj\n42")
dup = offsets(b)
dup6 = [m.start() for m in re.finditer(rb"(?m)^6 0 obj\b", b)]
d = {n: o for n, o in dup.items()}
d[6] = dup6[-1]
out["duplicate-font-is-int"] = refix(b, offs=d)
# page 2 (4) defined a second time as a content stream; the xref names the stream
b = add_obj(base, 99, stream(data2)).replace(b"99 0 obj\n<< /Length", b"4 0 obj\n<< /Length")
dup4 = [m.start() for m in re.finditer(rb"(?m)^4 0 obj\b", b)]
d = dict(offsets(b))
d[4] = dup4[-1]
out["duplicate-page-is-stream"] = refix(b, offs=d)

# --- widths ----------------------------------------------------------------------------
font8 = obj(base, 8)
def with_w(w, dw=b"1000"):
    b8 = re.sub(rb"/W \[[^\]]*\]", b"/W " + w, font8).replace(b"/DW 1000", b"/DW " + dw)
    return refix(set_obj(base, 8, b8))
out["w-range-4e9"] = with_w(b"[ 0 4294967295 500 ]")
out["w-range-reversed"] = with_w(b"[ 4000000000 1 500 ]")
out["w-range-2e9-then-list"] = with_w(b"[ 1 2000000000 1000 5 [ 500 500 ] ]")
out["w-huge-negative"] = with_w(b"[ 1 [ 1e30 -1e30 1e308 -1e308 ] 5 100 -99999999 ]", b"-1e30")
out["w-nan-like"] = with_w(b"[ 1 [ 1e999 -1e999 ] ]", b"1e999")
# a simple Latin font added to page 2, /Widths huge and negative
b = add_obj(base, 11, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 126 /Widths [ " + b"1e30 -1e30 " * 47 + b"] >>")
b = set_obj(b, 4, obj(b, 4).replace(b"/F1 6 0 R", b"/F1 6 0 R /F2 11 0 R"))
out["widths-simple-huge-negative"] = refix(set_obj(b, 7, stream(data2 + b"\nBT /F2 10 Tf 50 100 Td (Page two end) Tj ET\n")))

# --- ToUnicode ---------------------------------------------------------------------------
tu = obj(base, 9).split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
def with_tu(text):
    return refix(set_obj(base, 9, stream(text)))
bfchars = tu.split(b"beginbfchar\n", 1)[1].split(b"endbfchar", 1)[0]
cm_head = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /X def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
out["tounicode-ranges-reversed-overlapping"] = with_tu(
    cm_head + b"3 beginbfrange\n<FFFF> <0000> <0041>\n<0000> <FFFF> <FFFF>\n<0010> <0005> [<0041> <0042>]\nendbfrange\n"
    + b"%d beginbfchar\n" % bfchars.count(b"\n") + bfchars + b"endbfchar\nendcmap end end")
out["tounicode-malformed"] = with_tu(
    cm_head + b"2 beginbfchar\n<0001 <7b2c>\n<00> <>\nendbfchar\n1 beginbfrange\n<0001> <00G2> [<zz> (x)\nendbfrange\n"
    + b"%d beginbfchar\n" % bfchars.count(b"\n") + bfchars + b"endbfchar\nendcmap end end")
out["tounicode-unterminated"] = with_tu(cm_head + b"83 beginbfchar\n" + bfchars[: len(bfchars) // 2])
out["tounicode-huge-dest"] = with_tu(
    cm_head + b"1 beginbfchar\n<0001> <" + b"7b2c" * 100000 + b">\nendbfchar\n"
    + b"%d beginbfchar\n" % bfchars.count(b"\n") + bfchars + b"endbfchar\nendcmap end end")
out["tounicode-usecmap-missing"] = with_tu(b"/Nonexistent usecmap\n" + tu)
out["tounicode-not-a-stream"] = refix(set_obj(base, 9, b"<< /Foo 1 >>"))
out["tounicode-name"] = refix(set_obj(base, 6, obj(base, 6).replace(b"/ToUnicode 9 0 R", b"/ToUnicode /Identity-H")))

# --- resources that are references to non-dictionaries -------------------------------
b = add_obj(base, 11, b"42")
out["resources-ref-int"] = refix(set_obj(b, 3, page3.replace(b"/Resources << /Font << /F1 6 0 R >> >>", b"/Resources 11 0 R")))
b = add_obj(base, 11, b"[ 1 2 3 ]")
out["font-dict-ref-array"] = refix(set_obj(b, 3, page3.replace(b"/Font << /F1 6 0 R >>", b"/Font 11 0 R")))
b = add_obj(base, 11, stream(b"not a dict"))
out["resources-ref-stream"] = refix(set_obj(b, 3, page3.replace(b"/Resources << /Font << /F1 6 0 R >> >>", b"/Resources 11 0 R")))
out["font-entry-int"] = refix(set_obj(base, 3, page3.replace(b"/F1 6 0 R", b"/F1 42")))
out["font-entry-null"] = refix(set_obj(base, 3, page3.replace(b"/F1 6 0 R", b"/F1 null")))
out["descendant-not-array"] = refix(set_obj(base, 6, obj(base, 6).replace(b"[ 8 0 R ]", b"8")))
out["fontdescriptor-int"] = refix(set_obj(base, 8, font8.replace(b"/FontDescriptor 10 0 R", b"/FontDescriptor 7")))

# --- page trees ------------------------------------------------------------------------
def many_pages(n):
    """`n` pages under one node; page 1 is table.pdf's page 1, the rest share an empty stream."""
    parts = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
    offs = {}
    at = [len(parts[0])]
    def put(num, body):
        offs[num] = at[0]
        parts.append(b"%d 0 obj\n" % num + body + b"\nendobj\n")
        at[0] += len(parts[-1])
    put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % (100 + i) for i in range(n))
    put(2, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (n, kids))
    for k in (6, 8, 9, 10):
        put(k, obj(base, k))
    put(5, stream(data1))
    put(7, stream(b""))
    put(100, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>")
    for i in range(1, n):
        put(100 + i, b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 9 9]/Contents 7 0 R>>")
    body = b"".join(parts)
    size = 100 + n
    x = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for k in range(1, size):
        x.append(b"%010d 00000 n \n" % offs[k] if k in offs else b"0000000000 65535 f \n")
    return body + b"".join(x) + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, len(body))
out["pages-100000"] = many_pages(100000)

def deep_tree(depth):
    """Page 1 of table.pdf at the bottom of `depth` nested page-tree nodes."""
    parts = [b"%PDF-1.7\n"]
    offs = {}
    at = [len(parts[0])]
    def put(num, body):
        offs[num] = at[0]
        parts.append(b"%d 0 obj\n" % num + body + b"\nendobj\n")
        at[0] += len(parts[-1])
    put(1, b"<< /Type /Catalog /Pages 100 0 R >>")
    for k in (5, 6, 8, 9, 10):
        put(k, obj(base, k))
    for i in range(depth):
        parent = b" /Parent %d 0 R" % (99 + i) if i else b""
        put(100 + i, b"<< /Type /Pages /Count 1 /Kids [ %d 0 R ]%s >>" % (101 + i, parent))
    put(100 + depth, b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>" % (99 + depth))
    body = b"".join(parts)
    size = 101 + depth
    x = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for k in range(1, size):
        x.append(b"%010d 00000 n \n" % offs[k] if k in offs else b"0000000000 65535 f \n")
    return body + b"".join(x) + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, len(body))
out["page-tree-depth-50000"] = deep_tree(50000)
out["page-tree-depth-300"] = deep_tree(300)

# --- pages without ordinary content ----------------------------------------------------
ap = add_obj(base, 11, stream(data1, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "))
ap = add_obj(ap, 12, b"<< /Type /Annot /Subtype /FreeText /Rect [0 0 595 842] /Contents (note) /AP << /N 11 0 R >> >>")
out["annotation-only-page"] = refix(set_obj(ap, 3, page3.replace(b"/Contents 5 0 R", b"/Annots [ 12 0 R ]")))
out["contents-empty-array"] = refix(set_obj(base, 3, page3.replace(b"/Contents 5 0 R", b"/Contents [ ]")))
out["contents-null-and-missing"] = refix(set_obj(base, 3, page3.replace(b"/Contents 5 0 R", b"/Contents [ null 99 0 R 5 0 R ]")))
out["contents-split-mid-token"] = refix(add_obj(set_obj(base, 3, page3.replace(b"/Contents 5 0 R", b"/Contents [ 5 0 R 11 0 R ]")), 11, stream(b"")).replace(
    obj(base, 5), stream(data1[:100])).replace(b"11 0 obj\n" + stream(b""), b"11 0 obj\n" + stream(data1[100:])))

# --- filter chains and DecodeParms garbage ---------------------------------------------
def lzw(data):
    """PDF LZW, early change 1, 9-bit codes only (a clear code every 250 entries)."""
    bits, acc, width, res = 0, 0, 9, bytearray()
    def put(c):
        nonlocal bits, acc
        acc = (acc << 9) | c
        bits += 9
        while bits >= 8:
            bits -= 8
            res.append((acc >> bits) & 0xFF)
        acc &= (1 << bits) - 1
    put(256)
    for i, ch in enumerate(data):
        put(ch)
        if i % 200 == 199:
            put(256)
    put(257)
    if bits:
        res.append((acc << (8 - bits)) & 0xFF)
    return bytes(res)


def runlength(data):
    res = bytearray()
    for i in range(0, len(data), 128):
        chunk = data[i : i + 128]
        res.append(len(chunk) - 1)
        res += chunk
    res.append(128)
    return bytes(res)


def a85(data):
    return base64.a85encode(data) + b"~>"


def ahx(data):
    return data.hex().encode() + b">"


chain = a85(lzw(runlength(zlib.compress(data1))))
out["filters-a85-lzw-rl-flate"] = refix(set_obj(base, 5, stream(chain, b"/Filter [ /ASCII85Decode /LZWDecode /RunLengthDecode /FlateDecode ] ")))
out["filters-runlength"] = refix(set_obj(base, 5, stream(runlength(data1), b"/Filter /RunLengthDecode ")))
out["filters-ahx-a85"] = refix(set_obj(base, 5, stream(ahx(a85(data1)), b"/Filter [ /ASCIIHexDecode /ASCII85Decode ] ")))
out["filters-abbreviated-names"] = refix(set_obj(base, 5, stream(a85(zlib.compress(data1)), b"/Filter [ /A85 /Fl ] ")))
out["filters-lzw-early-change-0"] = refix(set_obj(base, 5, stream(lzw(data1), b"/Filter /LZWDecode /DecodeParms << /EarlyChange 0 >> ")))
out["decodeparms-int"] = refix(set_obj(base, 5, stream(zlib.compress(data1), b"/Filter /FlateDecode /DecodeParms 7 ")))
out["decodeparms-array-mismatch"] = refix(set_obj(base, 5, stream(zlib.compress(data1), b"/Filter [ /FlateDecode ] /DecodeParms [ null << /Predictor 12 >> 5 ] ")))
out["decodeparms-predictor-99"] = refix(set_obj(base, 5, stream(zlib.compress(data1), b"/Filter /FlateDecode /DecodeParms << /Predictor 99 /Columns 5 >> ")))
out["decodeparms-tiff-garbage"] = refix(set_obj(base, 5, stream(zlib.compress(data1), b"/Filter /FlateDecode /DecodeParms << /Predictor 2 /Columns -3 /Colors 0 >> ")))
out["filter-not-a-name"] = refix(set_obj(base, 5, stream(data1, b"/Filter 42 ")))
out["flate-trailing-garbage"] = refix(set_obj(base, 5, stream(zlib.compress(data1) + b"\xde\xad\xbe\xef" * 100, b"/Filter /FlateDecode ")))
out["flate-cut"] = refix(set_obj(base, 5, stream(zlib.compress(data1)[:-40], b"/Filter /FlateDecode ")))

# --- absurd text state ----------------------------------------------------------------
def with_prefix(prefix, page=5, data=None):
    return refix(set_obj(base, page, stream(prefix + (data1 if data is None else data))))
out["text-size-zero"] = refix(set_obj(base, 5, stream(data1.replace(b"/F1 10 Tf", b"/F1 0 Tf"))))
out["text-size-huge"] = refix(set_obj(base, 5, stream(data1.replace(b"/F1 10 Tf", b"/F1 1e30 Tf", 1))))
out["text-matrix-singular"] = refix(set_obj(base, 5, stream(data1.replace(b"BT /F1 10 Tf", b"BT 0 0 0 0 0 0 Tm /F1 10 Tf", 2))))
out["text-spacing-huge"] = with_prefix(b"BT 1e30 Tc 1e30 Tw 0 Tz 1e30 TL 1e30 Ts ET\n", data=data1.replace(b"Td <", b"Td 1e30 Tc 0 Tz <", 2))
out["tj-kerning-huge"] = refix(set_obj(base, 5, stream(re.sub(rb"<([0-9a-f]{8})([0-9a-f]*)> Tj", lambda m: b"[<" + m.group(1) + b"> 1e300 <" + m.group(2) + b"> -1e300] TJ", data1, count=3))))

# --- foreign files and headers --------------------------------------------------------
out["empty"] = b""
out["jpeg-named-pdf"] = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(64) + b"\xff\xd9"
out["gzip-of-pdf"] = gzip.compress(open(TABLE, "rb").read())
out["utf16be-text-named-pdf"] = "\ufeff番号\t取組項目\t担当課\n1\t窓口の改善\t市民課\n".encode("utf-16-be")
out["pdf-header-only-then-text"] = b"%PDF-1.4\n" + "番号\t取組項目\n".encode("utf-8") * 10
out["html-with-pdf-marker"] = b"<html><body>%PDF-1.7 is a version</body></html>\n"

# --- linearized, object streams, cut --------------------------------------------------
p = pikepdf.open(TABLE)
lin = saved(p, linearize=True)
out["linearized"] = lin
out["linearized-cut-50"] = lin[: len(lin) // 2]
out["linearized-cut-75"] = lin[: len(lin) * 3 // 4]
ostm = saved(pikepdf.open(TABLE), object_stream_mode=pikepdf.ObjectStreamMode.generate)
out["object-streams"] = ostm
out["object-streams-cut-90"] = ostm[: len(ostm) * 9 // 10]
out["object-streams-pdf20"] = ostm.replace(b"%PDF-1.", b"%PDF-2.", 1)
# an incremental update appended to a file with object streams whose xref is a table
out["object-streams-plus-table-update"] = ostm + b"5 0 obj\n" + stream(data1) + b"\nendobj\nxref\n5 1\n%010d 00000 n \ntrailer\n<< /Size 20 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
    len(ostm), int(re.findall(rb"startxref\s+(\d+)", ostm)[-1]), len(ostm) + len(b"5 0 obj\n" + stream(data1) + b"\nendobj\n"))

for k, v in out.items():
    with open(os.path.join(outdir, f"{k}.pdf"), "wb") as fh:
        fh.write(v)
print(len(out), "files in", outdir)
