#!/usr/bin/env bash
# Build every fuzz target, then run each for N seconds (default 60), seeded from the fixtures.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# FUZZ_ARGS adds libFuzzer flags, e.g. FUZZ_ARGS=-max_len=16384 (small inputs run many times faster
# than the 190 KB seed documents, which libFuzzer would otherwise take as its length limit).
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crashes land in
# fuzz/artifacts/<target>/; turn each into a fixture under tests/fuzz-regressions/ with a
# named regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(decode normalize convert grammar pdf)
fi
cargo +nightly fuzz build
status=0
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    case "$t" in
        pdf)
            # The hostile PDFs seed the corpus, except the two whose point is to exhaust
            # memory or time in-process (the worker's limits are tested on them instead).
            for f in tests/hostile/pdf/*.pdf; do
                case "$(basename "$f")" in
                    bomb.pdf | runaway.pdf) ;;
                    *) cp -n "$f" "fuzz/corpus/$t/" ;;
                esac
            done
            seeds=(fixtures/pdf) ;;
        grammar)
            # The target's first byte picks the layout: seed every text fixture once per
            # family (0-3) and once through the dispatcher (4).
            for f in $(find fixtures -name '*.txt' -o -name '*.html' | sort); do
                for k in 0 1 2 3 4; do
                    out="fuzz/corpus/$t/$k-$(basename "$f")"
                    [ -e "$out" ] || { printf "\\x0$k"; cat "$f"; } > "$out"
                done
            done
            seeds=() ;;
        *) seeds=(fixtures) ;;
    esac
    echo "== $t: ${secs}s" >&2
    # The first folder is the growing corpus; the seed folders are only read.
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "${seeds[@]}" -- \
        -max_total_time="$secs" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1 ${FUZZ_ARGS:-} || status=1
done
exit "$status"
