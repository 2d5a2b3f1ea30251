#!/usr/bin/env python3
"""Broken and unusual PDFs for a robustness sweep (docs/robustness.md, "A sweep of broken PDFs").

    scripts/make_broken_pdfs.py OUT_DIR [SRC_PDF]     # SRC defaults to fixtures/pdf/table.pdf

Then: for f in OUT_DIR/*.pdf; do keikaku convert -q "$f" > /dev/null; done, and all of
them in one batch with a good file. Needs pikepdf.
"""
import pikepdf, zlib, os, re, sys
outdir = sys.argv[1]
os.makedirs(outdir, exist_ok=True)
src = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "fixtures/pdf/table.pdf")
good = open(src, "rb").read()
out = {}
n = len(good)
out["trunc10"] = good[: n // 10]
out["trunc50"] = good[: n // 2]
out["trunc90"] = good[: n * 9 // 10]
out["empty"] = b""
out["html"] = b"<html><body>not a pdf</body></html>"
out["junk-before-header"] = b"\x00" * 700 + good
# startxref beyond EOF
out["startxref-beyond"] = re.sub(rb"startxref\s+\d+", b"startxref\n99999999", good)
# xref offsets shifted
def shift_xref(b):
    def f(m):
        return b"%010d" % (int(m.group(1)) + 37) + m.group(2)
    return re.sub(rb"(\d{10})( \d{5} n)", f, b)
out["xref-shifted"] = shift_xref(good)
out["no-trailer"] = re.sub(rb"trailer.*", b"", good, flags=re.S)
# pikepdf-based
def save(name, pdf, **kw):
    p = os.path.join(outdir, f"{name}.pdf")
    pdf.save(p, **kw)
def op():
    return pikepdf.open(src)
pdf = op(); pdf.Root.Pages.Kids.append(pdf.Root.Pages); save("pages-cycle", pdf)
pdf = op(); pg = pdf.pages[0]; pg.obj.Contents = pikepdf.Dictionary(Foo=1); save("contents-dict", pdf)
pdf = op(); pg = pdf.pages[0]; pg.obj.Contents = 42; save("contents-int", pdf)
pdf = op(); pg = pdf.pages[0]
s = pikepdf.Stream(pdf, b"garbage-not-zlib" * 100); s.Filter = pikepdf.Name.FlateDecode
pg.obj.Contents = s; save("flate-corrupt", pdf)
pdf = op(); pg = pdf.pages[0]
s = pikepdf.Stream(pdf, b"BT ET"); s.Filter = pikepdf.Name("/FooDecode")
pg.obj.Contents = s; save("unknown-filter", pdf)
pdf = op(); pg = pdf.pages[0]; data = pg.Contents.read_bytes() if not isinstance(pg.obj.Contents, pikepdf.Array) else b""
import base64
s = pikepdf.Stream(pdf, data.hex().encode() + b">"); s.Filter = pikepdf.Name.ASCIIHexDecode
pg.obj.Contents = s; save("asciihex", pdf)
pdf = op(); pg = pdf.pages[0]
s = pikepdf.Stream(pdf, base64.a85encode(zlib.compress(data)) + b"~>"); s.Filter = pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode])
pg.obj.Contents = s; save("a85-flate", pdf)
pdf = op(); pg = pdf.pages[0]; del pg.obj.Resources; save("no-resources", pdf)
pdf = op(); pg = pdf.pages[0]; pg.obj.MediaBox = pikepdf.Array([0, 0, 0, 0]); save("mediabox-zero", pdf)
pdf = op(); pg = pdf.pages[0]; pg.obj.MediaBox = pikepdf.Array([600, 800, 0, 0]); save("mediabox-inverted", pdf)
pdf = op(); pg = pdf.pages[0]; del pg.obj.MediaBox; 
try: del pdf.Root.Pages.MediaBox
except Exception: pass
save("mediabox-missing", pdf)
pdf = op(); pg = pdf.pages[0]; pg.obj.Rotate = 90; save("rotate90", pdf)
pdf = op(); pg = pdf.pages[0]; pg.obj.Rotate = 45; save("rotate45", pdf)
# weird operands
pdf = op(); pg = pdf.pages[0]
pg.obj.Contents = pikepdf.Stream(pdf, data + b"\nBT /F1 1e308 Tf 1e308 0 0 1e308 0 0 Tm (abc) Tj 0 Tz (x) Tj [(a) [(b)] 1e400] TJ 5 Tj ET\nBT /F99 12 Tf (zz) Tj ET\nq q q q Q Q Q Q Q Q Q\n")
save("weird-operands", pdf)
# deep nesting in content and in objects
pdf = op(); pg = pdf.pages[0]
pg.obj.Contents = pikepdf.Stream(pdf, data + b"\n" + b"[" * 100000 + b"]" * 100000 + b" pop\n" + b"<<" * 50000)
save("deep-array-content", pdf)
# fonts: huge widths, bad ToUnicode
pdf = op()
for f in pdf.pages[0].Resources.Font.values():
    f.Widths = pikepdf.Array([10**9, -5, 3.5e38] * 50)
    f.FirstChar = -100000
    f.ToUnicode = pikepdf.Stream(pdf, b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <0000> <FFFFFFFF> <0041> endbfrange 1 beginbfchar <01> <D800> endbfchar endcmap")
save("font-bad-widths-tounicode", pdf)
pdf = op()
# AES-256 empty user password
pdf.save(os.path.join(outdir, "aes256-empty.pdf"), encryption=pikepdf.Encryption(user="", owner="o", R=6))
pdf = op(); pdf.save(os.path.join(outdir, "aes128-empty.pdf"), encryption=pikepdf.Encryption(user="", owner="o", R=4))
pdf = op(); pdf.save(os.path.join(outdir, "aes256-password.pdf"), encryption=pikepdf.Encryption(user="u", owner="o", R=6))
pdf = op(); pdf.save(os.path.join(outdir, "rc4-40-empty.pdf"), encryption=pikepdf.Encryption(user="", owner="o", R=2, metadata=False, aes=False))
# many empty pages
pdf = op()
for i in range(20000):
    pdf.add_blank_page(page_size=(10, 10))
save("20000-pages", pdf)
# object stream compressed + broken
pdf = op(); pdf.save(os.path.join(outdir, "objstm.pdf"), object_stream_mode=pikepdf.ObjectStreamMode.generate)
b = open(os.path.join(outdir, "objstm.pdf"),"rb").read()
i = b.find(b"/Type /ObjStm")
if i < 0: i = b.find(b"/ObjStm")
out["objstm-corrupt"] = b[: i + 200] + b"\x00" * 64 + b[i + 264 :]
# Type3 charproc recursion
pdf = op()
cp = pikepdf.Stream(pdf, b"0 0 d0 /X0 Do")
form = pikepdf.Stream(pdf, b"/F3 12 Tf BT (a) Tj ET")
form.Type = pikepdf.Name.XObject; form.Subtype = pikepdf.Name.Form; form.BBox = [0,0,10,10]
t3 = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0,0,1,1], FontMatrix=[0.001,0,0,0.001,0,0], CharProcs=pikepdf.Dictionary(a=cp), Encoding=pikepdf.Dictionary(Differences=[97, pikepdf.Name.a]), FirstChar=97, LastChar=97, Widths=[500])
t3r = pdf.make_indirect(t3)
form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F3=t3r))
formr = pdf.make_indirect(form)
cp.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X0=formr))
pg = pdf.pages[0]
pg.Resources.Font.F3 = t3r
pg.obj.Contents = pikepdf.Stream(pdf, data + b"\nBT /F3 12 Tf 10 10 Td (aaa) Tj ET")
save("type3-recursion", pdf)
for k, v in out.items():
    open(os.path.join(outdir, f"{k}.pdf"), "wb").write(v)
print(len(os.listdir(outdir)), "files in", outdir)
