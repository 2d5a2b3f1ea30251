#!/usr/bin/env python3
"""Make a PDF whose pages are drawn on their side and shown upright by /Rotate.

This is how Microsoft Print to PDF, scanner drivers and "rotate and flatten" tools store
a landscape sheet on a portrait page. The result looks exactly like SRC in a viewer.

    scripts/make_turned_pdfs.py SRC OUT ROTATE     # ROTATE: 90, 180 or 270

Needs pikepdf (`pip install pikepdf`).
"""
import sys

import pikepdf


def main():
    src, out, rotate = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        w, h = x1 - x0, y1 - y0
        # The content turned the other way round from what /Rotate turns back.
        cm = {
            90: f"0 1 -1 0 {h} 0 cm",
            180: f"-1 0 0 -1 {w} {h} cm",
            270: f"0 -1 1 0 0 {w} cm",
        }[rotate]
        shift = f"1 0 0 1 {-x0} {-y0} cm"
        page.contents_add(pdf.make_stream(f"q {cm} {shift}\n".encode()), prepend=True)
        page.contents_add(pdf.make_stream(b"\nQ"))
        if rotate != 180:
            page.MediaBox = [0, 0, h, w]
        page.Rotate = rotate
    pdf.save(out)


if __name__ == "__main__":
    main()
