#!/usr/bin/env bash
# Text-dump throughput of the keikaku binary, side by side in one run:
#   - MB/s on one thread (`convert --jobs 1`), by wall clock and by CPU time
#   - the speed-up of `--jobs 2` over `--jobs 1`, and its parallel efficiency
#     (CPU time / (wall time x 2): how busy the two threads kept the two cores)
#   - peak resident memory of the batch (`/usr/bin/time -f %M`)
#
# and, for PDFs, `keikaku convert --jobs 1` vs `pdftotext -layout` on the same 160-page
# Calc and Chromium exports (best wall and CPU time, ratio, pages/s, peak memory).
#
# Usage: scripts/bench.sh [--text | --pdf] [runs]   (default both parts, 3 runs each,
#                                                    the best is kept)
# Env:   COPIES=40  copies of each seed text in the corpus (5 seeds → 200 files)
#        CORPUS=target/bench-corpus
#        NO_BUILD=1 skip `cargo build --release`
#        BIN=path  another keikaku binary (e.g. a baseline build; implies nothing about NO_BUILD)
#        PDF_DIR=target/bench-pdf  the benchmark PDFs, made once by
#                  scripts/make_bench_pdfs.py (LibreOffice, Chromium) and reused
#
# The corpus is made once from fixtures/*.txt and reused while its size matches.
# keikaku's figures for a PDF include its worker process (GNU time counts waited-for
# children in CPU time and peak memory).
# On a shared machine wall-clock figures move with the load: the CPU-time column
# (user + sys) is the steadier one; `uptime` is printed with the results.
set -euo pipefail

cd "$(dirname "$0")/.."
PARTS="text pdf"
case ${1:-} in
    --text) PARTS=text; shift ;;
    --pdf) PARTS=pdf; shift ;;
esac
RUNS=${1:-3}
COPIES=${COPIES:-40}
CORPUS=${CORPUS:-target/bench-corpus}
BIN=${BIN:-target/release/keikaku}
TIME=/usr/bin/time

if [[ ! -x $TIME ]]; then
    echo "bench.sh needs GNU time at $TIME (apt-get install time)" >&2
    exit 1
fi
if [[ -z ${NO_BUILD:-} ]]; then
    cargo build --release -q -p keikaku
fi

text_bench() {
    # The corpus: COPIES copies of every seed text.
    seeds=(fixtures/*.txt)
    want=$(( ${#seeds[@]} * COPIES ))
    have=$(find "$CORPUS" -maxdepth 1 -name '*.txt' 2>/dev/null | wc -l || true)
    if [[ $have -ne $want ]]; then
        rm -rf "$CORPUS"
        mkdir -p "$CORPUS"
        for f in "${seeds[@]}"; do
            b=$(basename "$f" .txt)
            for ((i = 0; i < COPIES; i++)); do
                cp "$f" "$CORPUS/${b}_$(printf %03d "$i").txt"
            done
        done
    fi
    bytes=$(cat "$CORPUS"/*.txt | wc -c)
    files=$(find "$CORPUS" -maxdepth 1 -name '*.txt' | wc -l)

    # One run: prints "wall_s cpu_s peak_kb".
    run() {
        local jobs=$1 out
        out=$( { $TIME -f '%e %U %S %M' "$BIN" convert --jobs "$jobs" -q "$CORPUS" > /dev/null; } 2>&1 | tail -n 1)
        awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' <<< "$out"
    }

    # Best (least wall time) of RUNS runs; peak memory is the largest seen.
    best() {
        local jobs=$1 bw=1e9 bc=0 mem=0 w c m
        for ((r = 0; r < RUNS; r++)); do
            read -r w c m < <(run "$jobs")
            if awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; bc=$c; fi
            (( m > mem )) && mem=$m
        done
        echo "$bw $bc $mem"
    }

    read -r w1 c1 m1 < <(best 1)
    read -r w2 c2 m2 < <(best 2)

    mb() { awk -v b="$bytes" -v s="$1" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else print "inf" }'; }

    echo "keikaku text benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "corpus: $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }') MB ($CORPUS); best of $RUNS runs"
    echo
    printf '%-34s %12s %12s\n' "measure" "value" "target"
    printf '%-34s %12s %12s\n' "----------------------------------" "------------" "------------"
    printf '%-34s %10s s %12s\n' "--jobs 1 wall time" "$w1" ""
    printf '%-34s %7s MB/s %12s\n' "--jobs 1 MB/s (wall)" "$(mb "$w1")" ">= 30"
    printf '%-34s %7s MB/s %12s\n' "--jobs 1 MB/s (CPU time)" "$(mb "$c1")" ""
    printf '%-34s %10s s %12s\n' "--jobs 2 wall time" "$w2" ""
    printf '%-34s %10s s %12s\n' "--jobs 1 / --jobs 2 CPU time" "$c1 / $c2" ""
    printf '%-34s %11s%% %12s\n' "--jobs 2 parallel efficiency" \
        "$(awk -v c="$c2" -v w="$w2" 'BEGIN { printf "%.0f", 100 * c / (w * 2) }')" "CPU/(wall*2)"
    printf '%-34s %11sx %12s\n' "--jobs 2 speed-up over --jobs 1" \
        "$(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.2f", a / b }')" ">= 1.7"
    printf '%-34s %9s MB %12s\n' "peak memory, --jobs 1" "$(awk -v k="$m1" 'BEGIN { printf "%.1f", k / 1024 }')" "< 200"
    printf '%-34s %9s MB %12s\n' "peak memory, --jobs 2" "$(awk -v k="$m2" 'BEGIN { printf "%.1f", k / 1024 }')" "< 200"
}

# One timed command: prints "wall_s cpu_s peak_kb".
timed() {
    local out
    out=$( { $TIME -f '%e %U %S %M' "$@" > /dev/null; } 2>&1 | tail -n 1)
    awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' <<< "$out"
}

# Best (least wall time) of RUNS runs of a command, with the CPU time of that run, the
# least CPU time of any run, and the largest peak memory: "wall cpu best_cpu peak_kb".
best_of() {
    local bw=1e9 bc=0 mc=1e9 mem=0 w c m
    for ((r = 0; r < RUNS; r++)); do
        read -r w c m < <(timed "$@")
        if awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; bc=$c; fi
        if awk -v a="$c" -v b="$mc" 'BEGIN { exit !(a < b) }'; then mc=$c; fi
        (( m > mem )) && mem=$m
    done
    echo "$bw $bc $mc $mem"
}

pdf_bench() {
    local dir=${PDF_DIR:-target/bench-pdf} pdfs=() f
    if ! command -v pdftotext > /dev/null; then
        echo "PDF part skipped: pdftotext (poppler-utils) is not installed"
        return
    fi
    if ! python3 scripts/make_bench_pdfs.py --out "$dir" > /dev/null; then
        echo "PDF part: scripts/make_bench_pdfs.py failed (needs soffice, chromium, pdfinfo)" >&2
    fi
    for f in "$dir"/plan160.calc.pdf "$dir"/plan160.chromium.pdf; do
        [[ -f $f ]] && pdfs+=("$f")
    done
    # A loaded machine must not turn a slow run into a timeout.
    export KEIKAKU_PDF_TIMEOUT=${KEIKAKU_PDF_TIMEOUT:-600}
    if [[ ${#pdfs[@]} -eq 0 ]]; then
        echo "PDF part skipped: no benchmark PDF in $dir"
        return
    fi
    echo "keikaku PDF benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "keikaku = \`$BIN convert --jobs 1 -q PDF\` (worker included); pdftotext = \`pdftotext -layout PDF\`; best of $RUNS runs"
    echo "ratio = keikaku / pdftotext (target <= 1.5, goal 1.0); pages/s by wall clock and by CPU time"
    echo
    printf '%-30s %-9s %8s %8s %8s %9s %9s %8s\n' "PDF" "tool" "wall s" "CPU s" "min CPU" "pages/s" "p/s CPU" "peak MB"
    printf '%-30s %-9s %8s %8s %8s %9s %9s %8s\n' "------------------------------" "---------" "--------" "--------" "--------" "---------" "---------" "--------"
    for f in "${pdfs[@]}"; do
        local pages kw kc kmc km pw pc pmc pm
        pages=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
        read -r kw kc kmc km < <(best_of "$BIN" convert --jobs 1 -q "$f")
        read -r pw pc pmc pm < <(best_of pdftotext -layout "$f" /dev/null)
        row() {
            printf '%-30s %-9s %8s %8s %8s %9s %9s %8s\n' "$1" "$2" "$3" "$4" "$5" \
                "$(awk -v p="$pages" -v s="$3" 'BEGIN { printf "%.0f", (s > 0) ? p / s : 0 }')" \
                "$(awk -v p="$pages" -v s="$5" 'BEGIN { printf "%.0f", (s > 0) ? p / s : 0 }')" \
                "$(awk -v k="$6" 'BEGIN { printf "%.1f", k / 1024 }')"
        }
        row "$(basename "$f") ($pages p)" keikaku "$kw" "$kc" "$kmc" "$km"
        row "" pdftotext "$pw" "$pc" "$pmc" "$pm"
        printf '%-30s %-9s %8s %8s %8s\n' "" ratio \
            "$(awk -v a="$kw" -v b="$pw" 'BEGIN { printf "%.2fx", (b > 0) ? a / b : 0 }')" \
            "$(awk -v a="$kc" -v b="$pc" 'BEGIN { printf "%.2fx", (b > 0) ? a / b : 0 }')" \
            "$(awk -v a="$kmc" -v b="$pmc" 'BEGIN { printf "%.2fx", (b > 0) ? a / b : 0 }')"
    done
}

for part in $PARTS; do
    case $part in
        text) text_bench ;;
        pdf) [[ $PARTS == pdf ]] || echo; pdf_bench ;;
    esac
done
