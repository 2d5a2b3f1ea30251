#!/usr/bin/env python3
"""Compare the items keikaku reads from a PDF with those it reads from the equivalent text,
field by field, on the fields the layouts define.

    python3 scripts/pdf_items_diff.py TEXT_JSON PDF_JSON [-v]

Each argument is keikaku's output for one document (a golden `X.expected.json`, the
pretty file `convert -o` writes, or one JSON Lines line); a `.txt` or `.pdf` path is
converted on the fly with target/debug/keikaku (or $KEIKAKU). The text is the truth.

Items are matched by canonical id (the n-th item with an id to the n-th with the same
id). Prints one line per field: `field  agree/total  percent`, where total counts the
text's values (an item missing from the PDF counts as a disagreement on each of its
fields), then one summary line `all  agree/total  percent`. `-v` lists disagreements.
Text compares with whitespace removed (a PDF cell wrapped at a Latin word gets a space
the text may not have) and after NFKC.
"""
import collections
import json
import os
import subprocess
import sys
import unicodedata

EXE = os.environ.get("KEIKAKU", "target/debug/keikaku")

# Item fields compared as text (whichever the layout fills).
TEXT_FIELDS = [
    "raw_id", "title", "department", "basic_stance", "means", "content", "current_state",
    "issues", "approach", "summary", "results", "plan_summary", "next_year_policy",
    "category", "period", "overview",
]


def load(path):
    if path.endswith((".txt", ".pdf")):
        out = subprocess.run([EXE, "convert", "-q", path], capture_output=True, check=False)
        return json.loads(out.stdout.decode().splitlines()[0])
    with open(path, encoding="utf-8") as fh:
        data = fh.read()
    try:
        return json.loads(data)
    except json.JSONDecodeError:
        return json.loads(data.splitlines()[0])


def norm(v):
    if v is None:
        return None
    if not isinstance(v, str):
        v = json.dumps(v, ensure_ascii=False, sort_keys=True)
    v = unicodedata.normalize("NFKC", v)
    return "".join(ch for ch in v if not ch.isspace())


def status(s):
    if not s:
        return None
    return (s.get("code"), s.get("mark"), norm(s.get("label")))


def indicators(item):
    out = []
    goal = item.get("goal")
    if isinstance(goal, dict):
        out.append(norm(goal.get("indicator")))
        out.append(norm(goal.get("text")))
    for ind in item.get("indicators") or []:
        out.append(norm(json.dumps(ind, ensure_ascii=False, sort_keys=True)))
    return out or None


def activity_fields(a):
    return {
        "activity.title": norm(a.get("title")),
        "activity.status": status(a.get("status")),
        "activity.plan": norm(a.get("plan")),
        "activity.text": tuple(norm(a.get(k)) for k in
                               ("content", "target", "done", "evaluation", "improvement")),
    }


def keyed(items):
    seen = collections.Counter()
    out = {}
    for it in items:
        i = it.get("id")
        seen[i] += 1
        out[(i, seen[i])] = it
    return out


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    if len(args) != 2:
        sys.exit(__doc__)
    text, pdf = load(args[0]), load(args[1])
    t, p = keyed(text.get("items", [])), keyed(pdf.get("items", []))
    agree = collections.Counter()
    total = collections.Counter()
    bad = []

    def check(field, key, a, b):
        total[field] += 1
        if a == b:
            agree[field] += 1
        else:
            bad.append((field, key, a, b))

    for key, ti in t.items():
        pi = p.get(key, {})
        check("id", key, key[0], pi.get("id"))
        for f in TEXT_FIELDS:
            if ti.get(f) is not None or pi.get(f) is not None:
                check(f, key, norm(ti.get(f)), norm(pi.get(f)))
        if ti.get("status") is not None or pi.get("status") is not None:
            check("status", key, status(ti.get("status")), status(pi.get("status")))
        if ti.get("heading") is not None:
            check("heading", key, (ti["heading"] or {}).get("id"),
                  (pi.get("heading") or {}).get("id"))
        if ti.get("plan") is not None or pi.get("plan") is not None:
            check("plan", key, norm(ti.get("plan")), norm(pi.get("plan")))
        if indicators(ti) is not None:
            check("indicators", key, indicators(ti), indicators(pi))
        ta, pa = ti.get("activities") or [], pi.get("activities") or []
        check("activity.count", key, len(ta), len(pa))
        for n, a in enumerate(ta):
            b = pa[n] if n < len(pa) else {}
            fa, fb = activity_fields(a), activity_fields(b)
            for f in fa:
                check(f, (key, n + 1), fa[f], fb[f])
    extra = [k for k in p if k not in t]

    width = max(len(f) for f in total) if total else 4
    for f in total:
        a, n = agree[f], total[f]
        print("%-*s %5d/%-5d %6.1f%%" % (width, f, a, n, 100.0 * a / n))
    a, n = sum(agree.values()), sum(total.values())
    print("%-*s %5d/%-5d %6.1f%%" % (width, "all", a, n, 100.0 * a / n if n else 100.0))
    print("items: text %d, pdf %d, pdf-only ids %d" % (len(t), len(p), len(extra)))
    if verbose:
        for f, key, a, b in bad:
            print("-- %s %s\n   text: %s\n   pdf:  %s" % (f, key, a, b))
        for k in extra:
            print("-- pdf-only item %s" % (k,))


if __name__ == "__main__":
    main()
