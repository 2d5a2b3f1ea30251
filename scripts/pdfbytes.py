"""Byte-level editing of uncompressed PDFs, shared by the hostile-PDF scripts
(make_hostile_pdfs_2.py, make_hostile_pdfs_3.py)."""
import re


def offsets(b):
    return {int(m.group(1)): m.start() for m in re.finditer(rb"(?m)^(\d+) (\d+) obj\b", b)}


def refix(b, extra=b"", offs=None):
    """`b` with its (single) xref table and trailer rewritten to the objects' offsets
    (`offs`, default: where the objects are)."""
    i = b.rfind(b"\nxref")
    body = b[: i + 1]
    t = re.search(rb"trailer\s*<<(.*?)>>\s*startxref", b[i:], re.S)
    trailer = t.group(1) if t else b" /Root 1 0 R "
    if offs is None:
        # an object number too large for a table is left for the reader's scan to find
        offs = {n: o for n, o in offsets(body).items() if n < 1 << 20}
    size = max(offs) + 1
    x = [b"xref\n0 %d\n0000000000 65535 f \n" % size]
    for n in range(1, size):
        x.append(b"%010d 00000 n \n" % offs[n] if n in offs else b"0000000000 65535 f \n")
    trailer = re.sub(rb"/Size \d+", b"/Size %d" % size, trailer)
    return body + b"".join(x) + b"trailer\n<<" + trailer + extra + b">>\nstartxref\n%d\n%%%%EOF\n" % len(body)


def obj(b, n):
    """The body of object `n` (between `n 0 obj` and `endobj`)."""
    m = re.search(rb"(?ms)^%d 0 obj\n(.*?)\nendobj" % n, b)
    return m.group(1)


def set_obj(b, n, body):
    return re.sub(rb"(?ms)^(%d 0 obj\n).*?(\nendobj)" % n, lambda m: m.group(1) + body + m.group(2), b, count=1)


def add_obj(b, n, body):
    i = b.rfind(b"\nxref")
    return b[: i + 1] + b"%d 0 obj\n" % n + body + b"\nendobj\n" + b[i + 1 :]


def stream(data, dict_extra=b""):
    return b"<< /Length %d %s>>\nstream\n" % (len(data), dict_extra) + data + b"\nendstream"
