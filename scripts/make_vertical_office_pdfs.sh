#!/usr/bin/env bash
# LibreOffice PDFs of vertical Japanese text: a Writer page style in vertical writing
# (style:writing-mode="tb-rl", the text of make_vertical_pdf.sh) and a Calc sheet whose
# cells are stacked (style:direction="ttb") or rotated by 90° and 270°. Needs soffice and
# fonts-noto-cjk; `cargo test` does not (the PDFs are committed).
#
# Usage: scripts/make_vertical_office_pdfs.sh [OUTDIR]
set -euo pipefail
out=${1:-fixtures/pdf/vertical}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ns='xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"'
cat > "$dir/writer-vertical-tb-rl.fodt" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<office:document $ns office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto Serif CJK JP" svg:font-family="'Noto Serif CJK JP'"/></office:font-face-decls>
<office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name-asian="Noto Serif CJK JP" fo:font-size="14pt" style:font-size-asian="14pt"/></style:default-style></office:styles>
<office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm" style:writing-mode="tb-rl"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
<text:p>行政改革推進計画の実施状況について報告します。</text:p>
<text:p>第一章　計画の概要　本計画は令和二年度から令和六年度までの五年間を期間とする。</text:p>
<text:p>主な取組項目は、ふるさと納税の推進、電子申告の利用促進、公共施設の適正配置である。</text:p>
</office:text></office:body></office:document>
XML
cell() { printf '<table:table-cell table:style-name="%s"><text:p>%s</text:p></table:table-cell>' "$1" "$2"; }
{
cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<office:document $ns office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
<style:style style:name="co1" style:family="table-column"><style:table-column-properties style:column-width="1.2cm"/></style:style>
<style:style style:name="co2" style:family="table-column"><style:table-column-properties style:column-width="6cm"/></style:style>
<style:style style:name="ro1" style:family="table-row"><style:table-row-properties style:row-height="3.5cm"/></style:style>
<style:style style:name="stack" style:family="table-cell"><style:table-cell-properties style:direction="ttb" fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="r90" style:family="table-cell"><style:table-cell-properties style:rotation-angle="90" fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="r270" style:family="table-cell"><style:table-cell-properties style:rotation-angle="270" fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="n" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="S">
<table:table-column table:style-name="co1" table:number-columns-repeated="3"/><table:table-column table:style-name="co2"/>
XML
echo "<table:table-row>$(cell n 区分)$(cell n 担当)$(cell n 年度)$(cell n 取組内容)</table:table-row>"
echo "<table:table-row table:style-name=\"ro1\">$(cell stack 総務課所管)$(cell r90 財政課担当)$(cell r270 令和六年度)$(cell n 電子申告の利用促進)</table:table-row>"
echo "<table:table-row table:style-name=\"ro1\">$(cell stack 企画課所管)$(cell r90 税務課担当)$(cell r270 令和七年度)$(cell n ふるさと納税の推進)</table:table-row>"
echo '</table:table></office:spreadsheet></office:body></office:document>'
} > "$dir/calc-stacked-rotated.fods"
(cd "$dir" && soffice --headless --convert-to pdf writer-vertical-tb-rl.fodt calc-stacked-rotated.fods >/dev/null 2>&1)
mkdir -p "$out"
cp "$dir/writer-vertical-tb-rl.pdf" "$dir/calc-stacked-rotated.pdf" "$out/"
ls "$out"/writer-vertical-tb-rl.pdf "$out"/calc-stacked-rotated.pdf
