#!/usr/bin/env bash
# Field agreement of every PDF in a folder with the golden of the seed it was made from:
# one table row per PDF (the `all` line of scripts/pdf_items_diff.py), so a change to the
# PDF layout code can be checked against every producer and variant at once.
#
# Usage: scripts/pdf_scores.sh DIR [KEIKAKU]
#   DIR      PDFs named like `004_cf9142fe188b5ae8.narrow.borderless.calc.pdf`, as made by
#            `python3 scripts/make_seed_pdfs.py --out DIR [--narrow] [--borderless] SEED...`
#   KEIKAKU  the binary (default target/release/keikaku)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/pdf_scores.sh DIR [KEIKAKU]}
export KEIKAKU=${2:-target/release/keikaku}
export KEIKAKU_TIMEOUT=${KEIKAKU_TIMEOUT:-600}
printf '| seed | producer | variant | fields equal to the text | items |\n|---|---|---|---|---|\n'
for f in "$dir"/*.pdf; do
    name=$(basename "$f" .pdf)
    seed=${name%%_*}
    rest=${name#*.}
    producer=${rest##*.}
    variant=${rest%.*}
    [[ $variant == "$producer" ]] && variant=bordered
    golden=$(ls fixtures/"${seed}"_*.txt.expected.json 2>/dev/null | head -1)
    [[ -n $golden ]] || continue
    out=$(python3 scripts/pdf_items_diff.py "$golden" "$f")
    all=$(grep '^all ' <<<"$out" | awk '{print $2, $3}')
    items=$(grep '^items:' <<<"$out" | sed 's/^items: //')
    printf '| %s | %s | %s | %s | %s |\n' "$seed" "$producer" "$variant" "$all" "$items"
done
