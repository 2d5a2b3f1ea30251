#!/usr/bin/env bash
# A Chromium PDF of Japanese text in vertical writing (writing-mode: vertical-rl): each
# glyph printed upright under the one before, columns read right to left. Needs
# chromium and fonts-noto-cjk; `cargo test` does not (the PDF is committed).
#
# Usage: scripts/make_vertical_pdf.sh [OUT.pdf]
set -euo pipefail
out=${1:-fixtures/pdf/vertical/chromium-vertical-rl.pdf}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/v.html" <<'HTML'
<!doctype html><html><head><meta charset="utf-8"><style>
body{font-family:"Noto Sans CJK JP";} .v{writing-mode:vertical-rl;height:18cm;font-size:14pt}
</style></head><body><div class="v">
<p>行政改革推進計画の実施状況について報告します。</p>
<p>第一章　計画の概要　本計画は令和二年度から令和六年度までの五年間を期間とする。</p>
<p>主な取組項目は、ふるさと納税の推進、電子申告の利用促進、公共施設の適正配置である。</p>
</div></body></html>
HTML
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out" "$dir/v.html" 2>/dev/null
echo "$out"
