#!/usr/bin/env python3
"""Broken and hostile PDFs, second sweep (docs/robustness.md, "A second sweep (session 5)").

    scripts/make_hostile_pdfs_2.py OUT_DIR [PDFSET_DIR]

Kinds of damage the first sweep (scripts/make_broken_pdfs.py) did not make: broken
incremental updates, bad cross-reference streams and object streams, wrong /Length,
PNG predictors with absurd parameters, bombs inside fonts and CMaps, hostile CMaps and
width arrays, absurd numbers, reference and /Parent cycles, garbage font programs,
inline images with fake `EI`, deep nesting in objects, very long tokens, CR-only line
ends, foreign files named .pdf and odd encryption. Most are made from
fixtures/pdf/table.pdf written uncompressed, edited as bytes, and given a fresh xref
table (`refix`), so that each file tests its one kind of damage and not xref repair.
The font-program cases use the small Chromium and Calc fixtures. Needs pikepdf.
"""
import io, os, re, struct, sys, zlib, zipfile
import pikepdf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pdfbytes import add_obj, obj, offsets, refix, set_obj, stream  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..")
outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
TABLE = os.path.join(ROOT, "fixtures/pdf/table.pdf")
CHROMIUM = os.path.join(ROOT, "fixtures/pdf/wrap/004_cf9142fe188b5ae8.head16.borderless.chromium.pdf")
CALC = os.path.join(ROOT, "fixtures/pdf/wrap/004_cf9142fe188b5ae8.head5.narrow.calc.pdf")

out = {}


def plain(src=TABLE):
    """`src` with every stream decoded and no object streams: editable as text."""
    p = pikepdf.open(src)
    buf = io.BytesIO()
    p.save(buf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
           object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return buf.getvalue()


def flate_zeros(mib, chunk=b"\0"):
    """zlib data that inflates to `mib` MiB of `chunk`, made without holding it."""
    c = zlib.compressobj(9)
    block = chunk * (1 << 20 // len(chunk))
    parts = [c.compress(block) for _ in range(mib)]
    return b"".join(parts) + c.flush()


def lzw_zeros(n):
    """LZW (PDF flavour) for `n` zero bytes: the codes for runs of 1, 2, 3 … zeros, with a
    clear code whenever the table is full (about 1,300:1; checked against qpdf)."""
    bits, out, acc, width = 0, bytearray(), 0, 9

    def put(code):
        nonlocal bits, acc
        acc = (acc << width) | code
        bits += width
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
        acc &= (1 << bits) - 1

    put(256)
    nxt, left = 258, n
    while left > 0:
        run = min(nxt - 257, left)
        put(0 if run == 1 else 256 + run)
        left -= run
        if left <= 0:
            break
        nxt += 1
        if nxt >= 4096:
            put(256)
            width, nxt = 9, 258
        elif nxt >= (1 << width):
            width += 1
    put(257)
    if bits:
        out.append((acc << (8 - bits)) & 0xFF)
    return bytes(out)


base = plain()
content1 = obj(base, 5)
data1 = content1.split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]

# --- incremental updates -------------------------------------------------------------
good_end = len(base)
# An update whose xref section is garbage: the file before it is whole.
upd = b"5 0 obj\n" + stream(b"BT /F1 10 Tf 50 500 Td <0001> Tj ET") + b"\nendobj\n"
out["incr-broken-last"] = base + upd + b"xref\n0 1\nGARBAGE\ntrailer\n<< /Size 11 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
    base.rfind(b"xref"), len(base) + len(upd))
# An update whose /Prev points at itself.
x = len(base) + len(upd)
out["incr-prev-self"] = base + upd + b"xref\n0 1\n0000000000 65535 f \n5 1\n%010d 00000 n \ntrailer\n<< /Size 11 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
    len(base), x, x)
# Two updates whose /Prev point at each other.
a = len(base) + len(upd)
sec_a = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 11 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
la = len(sec_a % (10**6, a))
b_off = a + la
out["incr-prev-loop"] = base + upd + sec_a % (b_off, a) + sec_a % (a, b_off)
# An update that redefines the catalog as a non-dictionary.
upd2 = b"1 0 obj\n42\nendobj\n"
out["incr-catalog-int"] = base + upd2 + b"xref\n1 1\n%010d 00000 n \ntrailer\n<< /Size 11 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
    len(base), base.rfind(b"xref"), len(base) + len(upd2))

# --- cross-reference and object streams ----------------------------------------------
p = pikepdf.open(TABLE)
buf = io.BytesIO()
p.save(buf, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
xs = buf.getvalue()


def xrefstm_edit(b, f):
    """Apply `f` to the dictionary of the last xref stream (same length kept by padding)."""
    i = b.rfind(b"/Type /XRef")
    s = b.rfind(b"<<", 0, i)
    e = b.find(b"stream", i)
    d = b[s:e]
    nd = f(d)
    if len(nd) <= len(d):
        nd = nd + b" " * (len(d) - len(nd))
        return b[:s] + nd + b[e:]
    # longer: let the reader find the xref by scanning (startxref then points short)
    return b[:s] + nd + b[e:]


out["xrefstm-w-huge"] = xrefstm_edit(xs, lambda d: re.sub(rb"/W \[[^\]]*\]", b"/W [1 99999999 1]", d))
out["xrefstm-w-zero"] = xrefstm_edit(xs, lambda d: re.sub(rb"/W \[[^\]]*\]", b"/W [0 0 0]", d))
out["xrefstm-w-negative"] = xrefstm_edit(xs, lambda d: re.sub(rb"/W \[[^\]]*\]", b"/W [-1 -2 -1]", d))
out["xrefstm-index-huge"] = xrefstm_edit(xs, lambda d: re.sub(rb"/Size \d+", b"/Index [0 2147483647]", d))
out["xrefstm-size-2e31"] = xrefstm_edit(xs, lambda d: re.sub(rb"/Size \d+", b"/Size 2147483648", d))
out["xrefstm-prev-self"] = xrefstm_edit(xs, lambda d: re.sub(rb"/Size (\d+)", lambda m: b"/Size " + m.group(1) + b" /Prev %d" % xs.rfind(b"obj", 0, xs.rfind(b"/Type /XRef")), d))

# An object stream that lists itself among its objects, and one that /Extends itself.
def objstm_self(extends):
    b = base
    # object 11: an object stream holding object 11 (itself) and a copy of the font 6
    inner = b"11 0 6 30 "
    payload = inner + b"<< /Type /ObjStm /N 2 >>    " + obj(b, 6)
    ex = b"/Extends 11 0 R " if extends else b""
    b = add_obj(b, 11, stream(payload, b"/Type /ObjStm /N 2 /First %d %s" % (len(inner), ex)))
    return refix(b)


out["objstm-contains-itself"] = objstm_self(False)
out["objstm-extends-itself"] = objstm_self(True)

# --- /Length -------------------------------------------------------------------------
def with_length(b, n, length):
    body = obj(b, n)
    return refix(set_obj(b, n, re.sub(rb"/Length \d+", b"/Length " + length, body, count=1)))


out["length-short"] = with_length(base, 5, b"40")
out["length-long"] = with_length(base, 5, b"999999")
out["length-negative"] = with_length(base, 5, b"-10")
out["length-missing-ref"] = with_length(base, 5, b"99 0 R")
out["length-self-ref"] = with_length(base, 5, b"5 0 R")
out["length-huge"] = with_length(base, 5, b"9223372036854775807")

# --- PNG predictors ------------------------------------------------------------------
def predicted(columns, colors=1, bpc=8):
    rows = [b"\x00" + data1[i : i + 64] for i in range(0, len(data1), 64)]
    z = zlib.compress(b"".join(rows))
    parms = b"/DecodeParms << /Predictor 12 /Columns %s /Colors %d /BitsPerComponent %d >>" % (columns, colors, bpc)
    return refix(set_obj(base, 5, stream(z, b"/Filter /FlateDecode " + parms + b" ")))


out["png-columns-0"] = predicted(b"0")
out["png-columns-huge"] = predicted(b"2147483647")
out["png-columns-negative"] = predicted(b"-64")
out["png-colors-huge"] = predicted(b"64", colors=1 << 30)
out["png-bpc-64"] = predicted(b"64", bpc=64)
# the good case, to check that predictors still decode: 64 columns, 1 colour, 8 bits
out["png-predictor-ok"] = predicted(b"64")

# --- bombs in fonts, object streams, CMaps -------------------------------------------
def tounicode_bomb(filt, data):
    b = base
    return refix(set_obj(b, 9, stream(data, b"/Filter /%s " % filt)))


out["bomb-tounicode-flate"] = tounicode_bomb(b"FlateDecode", flate_zeros(200))
# 72 MiB: over the 64 MiB cap of CMaps, and small enough (56 KB) to commit
out["bomb-tounicode-lzw"] = tounicode_bomb(b"LZWDecode", lzw_zeros(72 << 20))
# a font program that inflates to 200 MiB (table.pdf's font is not embedded: add one)
def font_bomb(filt, data):
    b = add_obj(base, 11, stream(data, b"/Filter /%s /Length1 1000 " % filt))
    b = set_obj(b, 10, obj(b, 10).replace(b"/Type /FontDescriptor", b"/Type /FontDescriptor /FontFile2 11 0 R"))
    return refix(b)


out["bomb-fontfile-flate"] = font_bomb(b"FlateDecode", flate_zeros(200))
out["bomb-fontfile-lzw"] = font_bomb(b"LZWDecode", lzw_zeros(200 << 20))
# a content stream through LZW (the first sweep's bombs were Flate)
out["bomb-content-lzw"] = refix(set_obj(base, 7, stream(lzw_zeros(200 << 20), b"/Filter /LZWDecode ")))
# an object stream bomb through LZW
inner = b"11 0 "
out["bomb-objstm-lzw"] = refix(add_obj(base, 12, stream(lzw_zeros(200 << 20), b"/Type /ObjStm /N 1 /First 5 /Filter /LZWDecode ")))
# the same 64 KiB content stream referenced 5,000 times from one page (320 MB of text)
big = (b"BT /F1 10 Tf 54 720 Td <001e001f0020> Tj ET\n" * 1500)[:65536]
b = add_obj(base, 11, stream(big))
b = set_obj(b, 4, obj(b, 4).replace(b"/Contents 7 0 R", b"/Contents [ 7 0 R " + b"11 0 R " * 5000 + b"]"))
out["content-repeated-5000"] = refix(b)

# --- hostile CMaps -------------------------------------------------------------------
def with_tounicode(text):
    return refix(set_obj(base, 9, stream(text)))


cm_head = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /X def /CMapType 2 def\n"
tu = obj(base, 9).split(b"stream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
out["tounicode-bfrange-array-ffff"] = with_tounicode(
    cm_head + b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfrange\n<0000> <FFFF> ["
    + b"".join(b"<%04X>" % (0x4E00 + (i % 20000)) for i in range(65536)) + b"]\nendbfrange\nendcmap end end")
out["tounicode-bfrange-full"] = with_tounicode(
    cm_head + b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n2 beginbfrange\n<00000000> <FFFFFFFF> <0041>\n<0000> <FFFF> <4E00>\nendbfrange\nendcmap end end")
out["tounicode-codespace-4byte"] = with_tounicode(tu.replace(b"<0000> <FFFF>", b"<00000000> <FFFFFFFF>"))
out["tounicode-usecmap-self"] = refix(set_obj(base, 9, stream(b"/X usecmap\n" + tu, b"/UseCMap 9 0 R ")))
# the descendant font's /W with 3 million entries, and a simple font's /Widths with 3 million
b = set_obj(base, 8, re.sub(rb"/W \[[^\]]*\]", b"/W [ 1 [ " + b"5 " * 3_000_000 + b"] ]", obj(base, 8)))
out["w-3-million"] = refix(b)
out["widths-3-million"] = refix(base.replace(b"/Type /Font >>", b"/Type /Font /FirstChar 0 /LastChar 2999999 /Widths [ " + b"5 " * 3_000_000 + b"] >>", 1))
# an encoding CMap (embedded, not Identity-H) with a 4-byte codespace and a huge cidrange
enc = stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /Bad def\n"
             b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n1 begincidrange\n<00000000> <FFFFFFFF> 0\nendcidrange\nendcmap end end",
             b"/Type /CMap /CMapName /Bad /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ")
b = add_obj(base, 11, enc)
out["encoding-cmap-4byte"] = refix(set_obj(b, 6, obj(b, 6).replace(b"/Encoding /Identity-H", b"/Encoding 11 0 R")))

# --- absurd numbers ------------------------------------------------------------------
out["count-2e63"] = refix(set_obj(base, 2, obj(base, 2).replace(b"/Count 2", b"/Count 9223372036854775807")))
out["count-negative"] = refix(set_obj(base, 2, obj(base, 2).replace(b"/Count 2", b"/Count -1")))
b = base.replace(b"\n10 0 obj", b"\n-10 0 obj").replace(b"10 0 R", b"-10 0 R")
out["negative-object-number"] = refix(b)
b = base.replace(b"\n7 0 obj", b"\n7 65535 obj").replace(b"7 0 R", b"7 65535 R")
out["generation-65535"] = refix(b)
out["generation-huge"] = refix(base.replace(b"7 0 R", b"7 4294967296 R"))
out["object-number-huge"] = refix(base.replace(b"\n7 0 obj", b"\n9223372036854775807 0 obj").replace(b"7 0 R", b"9223372036854775807 0 R"))
out["widths-firstchar-huge"] = refix(base.replace(b"/Type /Font >>", b"/Type /Font /FirstChar 2147483647 /LastChar -2147483648 /Widths [1 2 3] >>", 1))
out["mediabox-nan"] = refix(base.replace(b"/MediaBox [ 0 0 595 842 ]", b"/MediaBox [ 0 0 1e999 -1e999 ]", 1))
out["matrix-huge"] = refix(set_obj(base, 5, stream(b"1e38 0 0 1e38 0 0 cm 99999999999999999999 0 0 99999999999999999999 1e300 -1e300 cm\n" + data1)))

# --- cycles --------------------------------------------------------------------------
# a page whose /Parent is itself, and pages whose resources come through a /Parent cycle
b = set_obj(base, 3, obj(base, 3).replace(b"/Parent 2 0 R", b"/Parent 3 0 R"))
out["parent-self"] = refix(b)
b = set_obj(base, 4, obj(base, 4).replace(b"/Resources << /Font << /F1 6 0 R >> >> ", b"").replace(b"/Parent 2 0 R", b"/Parent 11 0 R"))
b = add_obj(b, 11, b"<< /Type /Pages /Kids [ 4 0 R ] /Count 1 /Parent 12 0 R >>")
b = add_obj(b, 12, b"<< /Type /Pages /Kids [ 11 0 R ] /Count 1 /Parent 11 0 R >>")
b = set_obj(b, 2, obj(b, 2).replace(b"4 0 R", b"12 0 R"))
out["parent-cycle-inherited"] = refix(b)
# an object that is a reference to itself, used as /Resources, /Contents and /Font
b = add_obj(base, 11, b"11 0 R")
b = set_obj(b, 4, obj(b, 4).replace(b"<< /Font << /F1 6 0 R >> >>", b"11 0 R"))
b = add_obj(b, 12, b"13 0 R")
b = add_obj(b, 13, b"12 0 R")
b = set_obj(b, 3, obj(b, 3).replace(b"/F1 6 0 R", b"/F1 12 0 R"))
out["reference-cycles"] = refix(b)
b = set_obj(base, 8, obj(base, 8))
out["descendant-self"] = refix(set_obj(base, 6, obj(base, 6).replace(b"[ 8 0 R ]", b"[ 6 0 R ]")))
out["contents-self"] = refix(set_obj(base, 4, obj(base, 4).replace(b"/Contents 7 0 R", b"/Contents [ 4 0 R 7 0 R ]")))

# --- garbage and truncated font programs ---------------------------------------------
def font_program(src, f, keep_tounicode):
    p = pikepdf.open(src)
    seen = set()
    for pg in p.pages:
        for fo in pg.Resources.Font.values():
            if fo.objgen in seen:
                continue
            seen.add(fo.objgen)
            if not keep_tounicode and "/ToUnicode" in fo:
                del fo.ToUnicode
            d = fo.DescendantFonts[0] if "/DescendantFonts" in fo else fo
            fd = d.FontDescriptor
            for k in ("/FontFile", "/FontFile2", "/FontFile3"):
                if k in fd:
                    f(p, fd, k)
    buf = io.BytesIO()
    p.save(buf)
    return buf.getvalue()


def garbage(p, fd, k):
    fd[k] = pikepdf.Stream(p, bytes((i * 7919 + 13) % 251 for i in range(5000)))


def truncate(p, fd, k):
    d = fd[k].read_bytes()
    fd[k] = pikepdf.Stream(p, d[: len(d) // 3])


def sfnt_lies(p, fd, k):
    # a TrueType header whose table directory points far past the end
    d = bytearray(fd[k].read_bytes())
    n = struct.unpack(">H", d[4:6])[0]
    for i in range(n):
        o = 12 + 16 * i
        d[o + 8 : o + 16] = struct.pack(">II", 0xFFFFFF00, 0xFFFFFFFF)
    fd[k] = pikepdf.Stream(p, bytes(d))


def cff_garbage(p, fd, k):
    del fd[k]
    s = pikepdf.Stream(p, b"\x01\x00\x04\x02" + bytes((i * 31) % 256 for i in range(3000)))
    s.Subtype = pikepdf.Name.Type1C
    fd.FontFile3 = s


out["fontfile-garbage"] = font_program(CHROMIUM, garbage, True)
out["fontfile-garbage-no-tounicode"] = font_program(CHROMIUM, garbage, False)
out["fontfile-truncated-no-tounicode"] = font_program(CHROMIUM, truncate, False)
out["fontfile-table-offsets-no-tounicode"] = font_program(CHROMIUM, sfnt_lies, False)
out["type1-truncated-no-tounicode"] = font_program(CALC, truncate, False)
out["cff-garbage-no-tounicode"] = font_program(CALC, cff_garbage, False)

# --- inline images -------------------------------------------------------------------
img = bytes(range(256)) * 4 + b" EI Q Q Q BT /F1 99 Tf (x) Tj ET " + bytes(range(255, 0, -1)) * 4
inline = b"q BI /W 64 /H 36 /BPC 8 /CS /G ID " + img[: 64 * 36] + b"\nEI Q\n"
out["inline-image-fake-ei"] = refix(set_obj(base, 5, stream(inline + data1 + b"\n" + inline)))
out["inline-image-huge"] = refix(set_obj(base, 5, stream(b"BI /W 2147483647 /H 2147483647 /BPC 8 /CS /RGB ID \x00\x01\x02 EI\n" + data1)))
out["inline-image-no-ei"] = refix(set_obj(base, 5, stream(data1 + b"\nBI /W 10 /H 10 ID " + bytes(range(256)) * 40)))
b = add_obj(base, 11, stream(b"\xff" * 100, b"/Type /XObject /Subtype /Image /Width 2147483647 /Height 2147483647 /BitsPerComponent 8 /ColorSpace /DeviceRGB "))
b = set_obj(b, 3, obj(b, 3).replace(b"/Font << /F1 6 0 R >>", b"/Font << /F1 6 0 R >> /XObject << /Im0 11 0 R >>"))
out["image-huge"] = refix(set_obj(b, 5, stream(data1 + b"\nq 100 0 0 100 0 0 cm /Im0 Do Q\n")))

# --- nesting and long tokens in objects ----------------------------------------------
out["deep-dict-object"] = refix(add_obj(base, 11, b"<< /A " * 100000 + b"1" + b" >>" * 100000))
out["deep-array-object"] = refix(add_obj(base, 11, b"[" * 100000 + b"]" * 100000))
out["deep-dict-in-page"] = refix(set_obj(base, 4, obj(base, 4).replace(b"/Type /Page", b"/Type /Page /Deep " + b"<< /A " * 100000 + b" >>" * 100000)))
out["deep-dict-unclosed"] = refix(add_obj(base, 11, b"<< /A " * 100000))
out["long-name"] = refix(set_obj(base, 4, obj(base, 4).replace(b"/Type /Page", b"/Type /Page /" + b"N" * 5_000_000 + b" 1")))
out["long-string"] = refix(set_obj(base, 5, stream(data1 + b"\nBT /F1 10 Tf 50 300 Td (" + b"a" * 10_000_000 + b") Tj ET\n")))
out["long-string-object"] = refix(add_obj(base, 11, b"(" + b"(" * 200000 + b")" * 200000 + b")"))
out["long-number"] = refix(set_obj(base, 4, obj(base, 4).replace(b"/Type /Page", b"/Type /Page /Num " + b"9" * 2_000_000)))
out["long-hexstring"] = refix(add_obj(base, 11, b"<" + b"0" * 10_000_000 + b">"))

# --- line ends, headers, foreign files -----------------------------------------------
out["cr-only"] = base.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
out["pdf-2.0-header"] = base.replace(b"%PDF-1.7", b"%PDF-2.0", 1)
out["pdf-9.9-header"] = base.replace(b"%PDF-1.7", b"%PDF-9.9", 1)
other = open(os.path.join(ROOT, "fixtures/pdf/type3", sorted(os.listdir(os.path.join(ROOT, "fixtures/pdf/type3")))[0]), "rb").read()
if not other.startswith(b"%PDF"):
    other = open(TABLE, "rb").read()
out["two-pdfs-concatenated"] = open(TABLE, "rb").read() + other
z = io.BytesIO()
with zipfile.ZipFile(z, "w") as zf:
    zf.writestr("table.pdf", open(TABLE, "rb").read())
out["zip-named-pdf"] = z.getvalue()
out["pdf-inside-zip-after-1k"] = b"PK\x03\x04" + b"\0" * 1100 + open(TABLE, "rb").read()
png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
png += struct.pack(">I", zlib.crc32(png[12:29]))
out["png-named-pdf"] = png + b"\0\0\0\0IEND\xaeB`\x82"
out["utf16-text-named-pdf"] = "\ufeff番号\t取組項目\t担当課\n1\t窓口の改善\t市民課\n".encode("utf-16-le")

# --- encryption ----------------------------------------------------------------------
out["encrypt-unknown-filter"] = refix(base, b" /Encrypt << /Filter /FooSecurity /V 1 /R 2 /Length 40 /O (x) /U (y) /P -4 >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]")
out["encrypt-not-a-dict"] = refix(base, b" /Encrypt 42")
out["encrypt-v9"] = refix(base, b" /Encrypt << /Filter /Standard /V 9 /R 9 /O <00> /U <00> /P -4 >> /ID [<00> <00>]")
p = pikepdf.open(TABLE)
buf = io.BytesIO()
p.save(buf, encryption=pikepdf.Encryption(user="", owner="o", R=6, metadata=False))
out["aes256-metadata-clear"] = buf.getvalue()
# AES-256 (/V 5 /R 6) whose streams and strings use the /Identity crypt filter: the
# data is plain, only the dictionaries say "encrypted"
enc = pikepdf.open(io.BytesIO(buf.getvalue()))
e = enc.trailer.Encrypt
def pdfstr(s):
    return b"<" + bytes(s).hex().encode() + b">"
edict = b" /Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /O %s /U %s /OE %s /UE %s /Perms %s /P %d /StmF /Identity /StrF /Identity >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]" % (
    pdfstr(e.O), pdfstr(e.U), pdfstr(e.OE), pdfstr(e.UE), pdfstr(e.Perms), int(e.P))
out["aes256-identity-filters"] = refix(base, edict)

for k, v in out.items():
    with open(os.path.join(outdir, f"{k}.pdf"), "wb") as fh:
        fh.write(v)
print(len(out), "files in", outdir)
