#!/usr/bin/env python3
"""Make variant C of the status-table family from seed 004: another town (a 町), the R4
report, other department names, two rows dropped and one status changed, all PDF damage
of the seed kept (spilled characters, stray prefixes, misread and lost numbers).

    python3 scripts/status_table_variant_c.py > fixtures/variants/status-table/st_c_town_seed_r4.txt
"""
import pathlib
import sys

SEED = pathlib.Path(__file__).resolve().parent.parent / "fixtures/004_cf9142fe188b5ae8.txt"

# Whole-cell department names, as printed (damage kept: the stray prefix or spilled
# character stays in front of the new name).
DEPTS = {
    "財政課": "企画財政課",
    "課税課": "税務課",
    "納税課": "収納対策室",
    "比納税課": "比収納対策室",
    "秘書広報課": "総合政策課",
    "全保険年金課": "全住民保険課",
    "化 下水対策課": "化 上下水道課",
    "全下水対策課": "全上下水道課",
    "D 教育総務課": "D 教育委員会事務局",
    "本 子育で支援課": "本 こども課",
    "る職員課": "る総務人事課",
    "職員課": "総務人事課",
    "行政管理課": "情報政策課",
    "1 行政管理課": "1 情報政策課",
    ": 行政管理課": ": 情報政策課",
    "企画政策課": "まちづくり推進課",
    "資産管理課": "施設管理室",
    "高齢者支援課": "地域包括支援センター",
    "管財契約課": "契約管財課",
    "市民課": "住民課",
    "総務課議会事務局": "議会事務局",
}
DROP = {5, 13}  # ④ 広告収入等… and ② 受益者負担の随時見直し: not in this town's plan
STATUS = {45: "計画どおり"}  # L45 計画未満 → 計画どおり in this town


def main() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    out = []
    for no, line in enumerate(lines, start=1):
        if no in DROP:
            continue
        cells = line.split("\t")
        if len(cells) > 2 and cells[2] in DEPTS:
            cells[2] = DEPTS[cells[2]]
        if no in STATUS and len(cells) > 8:
            cells[8] = STATUS[no]
        line = "\t".join(cells)
        line = line.replace("R 2", "R 4").replace("袖ケ浦市", "南房台町")
        out.append(line)
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
