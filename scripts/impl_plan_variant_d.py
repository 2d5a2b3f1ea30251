#!/usr/bin/env python3
"""Variant D of the implementation-plan-sheets family: seed 003 as another town would print
it — a 町 whose plan runs 平成30年度～令和4年度 and whose departments have other names.

Every era year is moved two years back (令和2年度 → 平成30年度, 令和3年度 → 令和元年度, …),
the municipality and its 市民/市政 become a town's, and each department is renamed. The
sheet layout, HTML fragments and noise of the seed are kept. Run from the repository root:

    python3 scripts/impl_plan_variant_d.py
"""
import pathlib
import re

SEED = pathlib.Path("fixtures/003_958463c6e2069eab.txt")
OUT = pathlib.Path("fixtures/variants/impl_plan/d_town_from_seed.txt")

# Longest names first, so that a name inside another is not replaced twice.
DEPARTMENTS = [
    ("事務部総務企画課", "病院事務部経営企画課"),
    ("情報戦略課", "企画情報課"),
    ("秘書政策課", "総務企画室"),
    ("高齢者支援課", "地域包括支援センター"),
    ("地域創造課", "まちづくり推進課"),
    ("財政課", "財務課"),
    ("職員課", "総務課"),
    ("収納課", "税務収納課"),
    ("土木課", "建設水道課"),
    ("行政課", "住民協働課"),
    ("観光課", "商工観光課"),
]

TOWN = [("安中市", "桐川町"), ("安 中 市", "桐 川 町"), ("市民", "町民"), ("市政", "町政")]


def era(y):
    if y <= 2018:
        return f"平成{y - 1988}"
    if y == 2019:
        return "令和元"
    return f"令和{y - 2018}"


def shift(m):
    base = 2018 if m.group(1) == "令和" else 1988
    n = 1 if m.group(2) == "元" else int(m.group(2))
    return era(base + n - 2) + "年"


def main():
    text = SEED.read_text(encoding="utf-8")
    text = re.sub(r"(令和|平成)(\d+|元)年", shift, text)
    for a, b in DEPARTMENTS + TOWN:
        text = text.replace(a, b)
    OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
