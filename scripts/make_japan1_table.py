#!/usr/bin/env python3
"""Regenerate crates/loader/data/adobe-japan1-ucs2.bin, the Adobe-Japan1 CID -> Unicode
table keikaku uses for Japanese CID fonts that carry no character map of their own (not
embedded, no ToUnicode: what old Word, Acrobat and 一太郎 wrote).

Source: Adobe's public CMap `Adobe-Japan1-UCS2` (BSD-3-Clause, see
crates/loader/data/LICENSE-adobe-cmaps), as shipped by Debian's poppler-data:

    python3 scripts/make_japan1_table.py [/usr/share/poppler/cMap/Adobe-Japan1/Adobe-Japan1-UCS2]

Format: one 3-byte big-endian value per CID, indexed by CID from 0 up to the highest
mapped CID: a code point; or 0x800000 | i for the i-th line of adobe-japan1-ucs2-seq.txt
(CIDs that stand for a sequence: "28" in one glyph, ヘクトパスカル, か゚); or 0 (U+FFFD,
or a CID the CMap leaves out). Variation selectors are dropped. A dense table is smaller than a sorted list of pairs here (few runs
of consecutive CIDs map to consecutive code points) and is read without a search.
"""
import os
import re
import sys

SRC = "/usr/share/poppler/cMap/Adobe-Japan1/Adobe-Japan1-UCS2"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "loader", "data",
                   "adobe-japan1-ucs2.bin")
OUT_MULTI = OUT[:-len(".bin")] + "-seq.txt"


def is_selector(c):
    return 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF


def text_of(hexstr):
    """The text a UTF-16BE hex string encodes, or None for U+FFFD. Variation selectors
    (the CMap names glyph variants such as 捗 U+6357 U+E0100) are dropped: text wants the
    character, not the glyph."""
    s = bytes.fromhex(hexstr).decode("utf-16-be", errors="strict")
    s = "".join(c for c in s if not is_selector(c))
    return s if s and s != "\ufffd" else None


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else SRC
    text = open(src, encoding="latin-1").read()
    cmap = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for cid, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            u = text_of(dst)
            if u is not None:
                cmap[int(cid, 16)] = u
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            u = text_of(dst)
            if u is None or len(u) != 1:
                raise SystemExit("bfrange to a sequence not handled")
            for k, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                cmap[cid] = chr(ord(u) + k)
        if "[" in block:
            raise SystemExit("array form of bfrange not handled")
    top = max(cmap)
    out = bytearray(3 * (top + 1))
    multi = []
    for cid in sorted(cmap):
        u = cmap[cid]
        v = ord(u) if len(u) == 1 else 0x800000 | len(multi)
        if len(u) > 1:
            multi.append(u)
        out[3 * cid:3 * cid + 3] = v.to_bytes(3, "big")
    with open(OUT, "wb") as fh:
        fh.write(out)
    with open(OUT_MULTI, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("".join(m + "\n" for m in multi))
    print("%d CIDs mapped (%d to sequences), highest %d, %d bytes -> %s" % (
        len(cmap), len(multi), top, len(out), OUT))


if __name__ == "__main__":
    main()
