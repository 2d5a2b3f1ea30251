#!/usr/bin/env python3
"""Cut pages out of a seed PDF for a fixture, with its embedded fonts cut down to the
glyphs those pages draw.

Usage: scripts/cut_seed_pdf.py SRC PAGES OUT      (PAGES like 13-14 or 13-14,23-27)

`qpdf --pages` alone keeps each font whole (Chromium embeds one subset for the whole
document: 270 KB for one page of seed 001). The Type0 fonts with Identity glyph ids
(Chromium's TrueType subsets) are subset with fontTools, glyph ids kept, to the codes
the pages' text operators show; ToUnicode and /W stay as they were, so the text and the
positions read are the source's. Needs pikepdf and fontTools."""
import sys, io, os
import pikepdf
from fontTools.ttLib import TTFont
from fontTools import subset

src_path, ranges, out = sys.argv[1], sys.argv[2], sys.argv[3]
src = pikepdf.open(src_path)
dst = pikepdf.new()
for r in ranges.split(','):
    a, _, b = r.partition('-')
    for i in range(int(a) - 1, int(b or a)):
        dst.pages.append(src.pages[i])
dst.remove_unreferenced_resources()

used = {}  # objgen of Type0 font -> set of codes

def walk(resources, content_ops):
    fonts = resources.get('/Font', {}) if resources is not None else {}
    cur = None
    for operands, op in content_ops:
        o = str(op)
        if o == 'Tf':
            cur = fonts.get(str(operands[0]))
        elif o in ('Tj', "'", '"', 'TJ') and cur is not None:
            strs = []
            if o == 'TJ':
                strs = [x for x in operands[0] if isinstance(x, pikepdf.String)]
            else:
                strs = [operands[-1]]
            if cur.get('/Subtype') == '/Type0':
                s = used.setdefault(cur.objgen, set())
                for st in strs:
                    b = bytes(st)
                    for k in range(0, len(b) - 1, 2):
                        s.add(b[k] << 8 | b[k + 1])

for page in dst.pages:
    walk(page.get('/Resources'), pikepdf.parse_content_stream(page))
    for name, xo in page.get('/Resources', {}).get('/XObject', {}).items():
        if xo.get('/Subtype') == '/Form':
            walk(xo.get('/Resources'), pikepdf.parse_content_stream(xo))

for page in dst.pages:
    for name, f in page.get('/Resources', {}).get('/Font', {}).items():
        if f.objgen not in used:
            continue
        desc = f['/DescendantFonts'][0]
        fd = desc['/FontDescriptor']
        key = '/FontFile2' if '/FontFile2' in fd else '/FontFile3' if '/FontFile3' in fd else None
        if key is None or desc.get('/CIDToGIDMap', pikepdf.Name('/Identity')) != pikepdf.Name('/Identity'):
            continue
        data = fd[key].read_bytes()
        try:
            tt = TTFont(io.BytesIO(data))
        except Exception as e:
            print('skip', name, e); continue
        order = tt.getGlyphOrder()
        keep = [order[g] for g in sorted(used[f.objgen]) if g < len(order)]
        opts = subset.Options(); opts.retain_gids = True; opts.notdef_outline = True
        opts.drop_tables += ['GSUB', 'GPOS', 'GDEF']
        sub = subset.Subsetter(opts); sub.populate(glyphs=keep); sub.subset(tt)
        buf = io.BytesIO(); tt.save(buf)
        fd[key].write(buf.getvalue())
dst.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
print(out, os.path.getsize(out))
