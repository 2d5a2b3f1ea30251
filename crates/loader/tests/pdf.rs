//! PDF extraction in-process, on the hand-built PDFs of fixtures/pdf (see
//! scripts/make_test_pdfs.py). The bomb and the runaway are left to the CLI tests: they are
//! meant to be stopped by the worker's limits, not survived in-process.

use keikaku_loader::pdf::{self, PdfError};
use keikaku_loader::{load, Document, Format, LoadError};

fn fixture(name: &str) -> Vec<u8> {
    // Hostile PDFs live outside fixtures/ so that converting the fixtures is a clean run.
    let p = match name.strip_prefix("hostile/") {
        Some(rest) => format!(
            "{}/../../tests/hostile/pdf/{rest}",
            env!("CARGO_MANIFEST_DIR")
        ),
        None => format!("{}/../../fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR")),
    };
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn rows(doc: &Document) -> Vec<(u32, Vec<String>)> {
    doc.lines
        .iter()
        .map(|l| (l.page.unwrap_or(0), l.texts().map(str::to_string).collect()))
        .collect()
}

fn codes(doc: &Document) -> Vec<&str> {
    doc.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

/// The table as drawn by the generator (read off its source, not off our output).
fn table_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["番号", "取組項目", "担当課", "進捗"],
        vec!["1-①", "定員管理の適正化", "総務課", "○"],
        vec!["1-②", "事務事業の見直しと実施", "企画課", "◎"],
        vec!["2-1", "公共施設の再配置", "財政課", "△"],
    ]
}

#[test]
fn ruled_and_borderless_tables_read_as_rows_of_cells() {
    let doc = load(&fixture("table.pdf")).expect("loads");
    assert_eq!(doc.format, Format::Pdf);
    assert_eq!(doc.pages, Some(2));
    assert_eq!(doc.encoding, None);
    let got = rows(&doc);
    assert_eq!(got.len(), 9);
    assert_eq!(
        got[0],
        (1, vec!["第2次つくばみらい市行政改革実施計画".to_string()])
    );
    for (i, want) in table_rows().iter().enumerate() {
        assert_eq!(got[i + 1].0, 1);
        assert_eq!(&got[i + 1].1, want, "table row {i}");
    }
    assert_eq!(got[5], (2, vec!["実施項目一覧".to_string()]));
    assert_eq!(got[6].1, vec!["No.", "実施項目", "主管課"]);
    assert_eq!(got[8].1, vec!["2", "電子申請の推進", "情報政策課"]);
    // Table cells keep grid columns and boxes; the text behind them is reachable.
    let l = &doc.lines[2];
    assert_eq!(
        l.cells.iter().map(|c| c.col).collect::<Vec<_>>(),
        vec![0, 1, 2, 3]
    );
    let b = l.cells[1].bbox.expect("box");
    assert!(
        (b.x0 - 110.0).abs() < 0.5 && (b.x1 - 330.0).abs() < 0.5,
        "{b:?}"
    );
    assert_eq!(doc.raw(&l.cells[0], 0..l.cells[0].text.len()), "1-①");
    assert_eq!(doc.source_lines.len(), 9);
    assert!(codes(&doc).contains(&"pdf.widths-rewritten"));
}

#[test]
fn damaged_xref_is_rebuilt() {
    let doc = load(&fixture("hostile/bad-xref.pdf")).expect("repaired");
    assert!(codes(&doc).contains(&"pdf.xref-rebuilt"));
    assert_eq!(rows(&doc).len(), 9);
}

#[test]
fn lost_page_tree_is_rebuilt_from_the_page_objects() {
    let doc = load(&fixture("hostile/broken-page-tree.pdf")).expect("repaired");
    assert!(codes(&doc).contains(&"pdf.page-tree-rebuilt"));
    assert_eq!(doc.pages, Some(2));
    assert_eq!(rows(&doc)[1].1, table_rows()[0]);
    assert_eq!(rows(&doc).len(), 9);
}

#[test]
fn empty_user_password_opens_and_a_real_one_fails_clearly() {
    let doc = load(&fixture("hostile/encrypted-empty-password.pdf")).expect("opens");
    assert!(codes(&doc).contains(&"pdf.decrypted"));
    let got = rows(&doc);
    assert_eq!(got[2].1, table_rows()[1]);
    let err = load(&fixture("hostile/encrypted-password.pdf")).unwrap_err();
    assert_eq!(err, LoadError::Pdf(PdfError::Password));
}

#[test]
fn self_calling_forms_are_cut_not_recursed_into() {
    // Without the cut this test process would die of a stack overflow.
    for name in ["hostile/form-cycle.pdf", "hostile/form-cycle-inherited.pdf"] {
        let doc = load(&fixture(name)).expect(name);
        assert!(codes(&doc).contains(&"pdf.form-cycle"), "{name}");
        let text: Vec<String> = doc.lines.iter().map(|l| l.joined()).collect();
        assert!(text.contains(&"本文".to_string()), "{name}: {text:?}");
        assert!(
            text.iter().any(|t| t.contains("自己参照フォーム")),
            "{name}: {text:?}"
        );
    }
    // A chain of 40 forms: read down to the depth cap, the rest cut.
    let deep = load(&fixture("hostile/deep-forms.pdf")).expect("loads");
    assert!(codes(&deep).contains(&"pdf.form-cycle"));
    let text: Vec<String> = deep.lines.iter().map(|l| l.joined()).collect();
    assert_eq!(text, vec!["入れ子".to_string()]);
}

#[test]
fn images_stay_out_of_the_content_interpreter() {
    let doc = load(&fixture("hostile/image-as-content.pdf")).expect("loads");
    assert!(codes(&doc).contains(&"pdf.images-skipped"));
    assert!(!codes(&doc).contains(&"pdf.page-failed"));
    assert_eq!(rows(&doc)[1].1, table_rows()[0]);
}

/// lopdf parses inline images itself (their data here opens a string that would swallow
/// the next text if read as operators).
#[test]
fn inline_images_do_not_swallow_text() {
    let doc = load(&fixture("hostile/inline-image.pdf")).expect("loads");
    let text: Vec<String> = doc.lines.iter().map(|l| l.joined()).collect();
    assert_eq!(text, vec!["画像の前", "画像の後"]);
    assert!(!codes(&doc).contains(&"pdf.page-failed"));
}

#[test]
fn a_failing_page_costs_that_page_only() {
    let doc = load(&fixture("hostile/tj-before-tf.pdf")).expect("loads");
    let failed: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == "pdf.page-failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].page, Some(2));
    assert!(rows(&doc).iter().all(|(p, _)| *p == 1));
    assert_eq!(rows(&doc)[4].1, table_rows()[3]);
}

#[test]
fn unreadable_pdfs_are_errors_with_a_reason() {
    type Expect = fn(&PdfError) -> bool;
    let cases: &[(&str, Expect)] = &[
        ("hostile/no-text-layer.pdf", |e| {
            matches!(e, PdfError::NoTextLayer { pages: 1 })
        }),
        ("hostile/no-pages.pdf", |e| matches!(e, PdfError::NoPages)),
        ("hostile/no-tounicode.pdf", |e| {
            matches!(e, PdfError::NoUnicode { glyphs: 5 })
        }),
        ("hostile/garbage.pdf", |e| matches!(e, PdfError::Damaged(_))),
        ("hostile/header-only.pdf", |e| {
            matches!(e, PdfError::Damaged(_))
        }),
        ("hostile/truncated.pdf", |e| {
            matches!(e, PdfError::Damaged(_))
        }),
        ("hostile/dangling-font.pdf", |e| {
            matches!(e, PdfError::AllPagesFailed { page: 1, .. })
        }),
    ];
    for (name, ok) in cases {
        match pdf::extract(&fixture(name), &mut |_| {}) {
            Err(e) => assert!(ok(&e), "{name}: {e}"),
            Ok(x) => panic!("{name}: read {} rows", x.rows.len()),
        }
    }
    let msg = PdfError::NoTextLayer { pages: 3 }.to_string();
    assert!(msg.starts_with("no text layer (needs OCR)"), "{msg}");
}

#[test]
fn progress_names_every_page() {
    let mut seen = Vec::new();
    pdf::extract(&fixture("table.pdf"), &mut |n| seen.push(n)).expect("reads");
    assert_eq!(seen, vec![1, 2]);
}

/// Non-empty cells of each line as (column, text without white space): what a grammar sees.
fn cells(doc: &Document, max_line: Option<u32>) -> Vec<Vec<(u16, String)>> {
    doc.lines
        .iter()
        .filter(|l| max_line.is_none_or(|m| l.no <= m))
        .map(|l| {
            l.filled()
                .map(|c| (c.col, c.text.split_whitespace().collect::<String>()))
                .collect()
        })
        .collect()
}

fn seed(name: &str) -> Vec<u8> {
    let p = format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// PDFs that LibreOffice and Chromium made from seed text (scripts/make_seed_pdfs.py)
/// read back as the same rows of cells as the text itself, line for line.
#[test]
fn office_pdfs_of_the_seeds_read_as_their_text() {
    let cases = [
        (
            "004_cf9142fe188b5ae8.txt",
            None,
            "004_cf9142fe188b5ae8.calc.pdf",
        ),
        (
            "004_cf9142fe188b5ae8.txt",
            None,
            "004_cf9142fe188b5ae8.writer.pdf",
        ),
        // The 000 PDFs hold the first 130 lines of the seed.
        (
            "000_10e1818db76866b3.txt",
            Some(130),
            "000_10e1818db76866b3.calc.pdf",
        ),
        (
            "000_10e1818db76866b3.txt",
            Some(130),
            "000_10e1818db76866b3.writer.pdf",
        ),
    ];
    for (txt, max, pdf_name) in cases {
        let text = load(&seed(txt)).expect("text loads");
        let pdf = load(&fixture(&format!("seed/{pdf_name}"))).expect("pdf loads");
        let (want, got) = (cells(&text, max), cells(&pdf, None));
        assert_eq!(got.len(), want.len(), "{pdf_name}: row count");
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{pdf_name}: row {i}");
        }
    }
}

/// Narrow columns make long cells wrap onto many printed lines; each wrapped cell must
/// still be one cell of its row, as in the text (fixtures/pdf/wrap: the first 5 lines of
/// seed 004, `make_seed_pdfs.py --lines 5 --narrow [--borderless]`). Without rules
/// (Writer, `border=0`) the rows are found from the line pitch and the full lines;
/// Writer also centres short cells vertically beside long ones.
#[test]
fn wrapped_cells_of_office_pdfs_read_as_their_text() {
    let text = load(&seed("004_cf9142fe188b5ae8.txt")).expect("text loads");
    let want = cells(&text, Some(5));
    for name in [
        "004_cf9142fe188b5ae8.head5.narrow.borderless.writer.pdf",
        "004_cf9142fe188b5ae8.head5.narrow.calc.pdf",
    ] {
        let pdf = load(&fixture(&format!("wrap/{name}"))).expect("pdf loads");
        let got = cells(&pdf, None);
        assert_eq!(got.len(), want.len(), "{name}: row count");
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "{name}: row {i}");
        }
        // The 内容 cell of the first item wraps over more than ten printed lines.
        let first = &pdf.lines[1];
        assert_eq!(first.cell(1), "① ふるさと納税の推進", "{name}");
        assert!(
            first
                .cell(3)
                .starts_with("ふるさと納税サイトを運営する委託事業者と連携し")
                && first.cell(3).ends_with("流出を抑制する取組みを検討する。"),
            "{name}: {}",
            first.cell(3)
        );
        assert_eq!(first.cell(8), "計画どおり", "{name}");
    }
}

/// Seed 004's first twelve lines as a narrow borderless Writer table without cell
/// padding (`make_seed_pdfs.py --lines 12 --narrow --borderless --padding 0 --only
/// writer`): a full 取組項目 line ends 0.1 pt before the 担当部署 column, so the two cells
/// were one run (`② クラウドファ財政ンディン課グの活用`, `③ 収納率向上の税課ための体制強化` |
/// `比納`). They part at the column edge, as in seed lines 3 and 8.
#[test]
fn writer_cells_set_edge_to_edge_part_at_their_column_edge() {
    let name = "wrap/004_cf9142fe188b5ae8.head12.narrow.borderless.pad0.writer.pdf";
    let doc = load(&fixture(name)).expect("pdf loads");
    let row = |title: &str| {
        doc.lines
            .iter()
            .find(|l| l.cell(1).starts_with(title))
            .unwrap_or_else(|| panic!("a row with 取組項目 {title}"))
    };
    let cloud = row("② クラウドファンディングの活用");
    assert!(cloud.cell(2).starts_with("財政課"), "{}", cloud.cell(2));
    let third = row("③ 収納率向上");
    assert_eq!(third.cell(1), "③ 収納率向上のための体制強化");
    assert_eq!(third.cell(2), "比納税課");
    let school = row("② 未利用教育財産");
    assert_eq!(school.cell(2), "D 教育総務課");
}

/// Seed 004's first five lines as a narrow borderless Calc sheet (made by
/// `make_seed_pdfs.py --lines 5 --narrow --borderless --only calc`): 取組項目 fills its
/// column and runs into 担当部署 only a cell padding later, and page 2 holds one row,
/// item ④, whose 項目No. is empty (seed line 5).
#[test]
fn narrow_borderless_calc_keeps_columns_across_pages() {
    let name = "wrap/004_cf9142fe188b5ae8.head5.narrow.borderless.calc.pdf";
    let doc = load(&fixture(name)).expect("pdf loads");
    assert_eq!(doc.lines.len(), 5, "header and four rows");
    let first = &doc.lines[1];
    assert_eq!(first.cell(1), "① ふるさと納税の推進");
    assert_eq!(first.cell(2), "財政課");
    let status = doc.lines[0]
        .cells
        .iter()
        .find(|c| c.text == "進捗区分")
        .map(|c| c.col as usize)
        .expect("header names 進捗区分");
    let last = &doc.lines[4];
    assert_eq!(last.page, Some(2));
    assert_eq!(last.cell(0), "");
    // The wrap space of the seed cell goes in normalisation, as for text input.
    assert_eq!(last.cell(1), "④ 広告収入等による新たな財源の確保");
    assert_eq!(last.cell(2), "秘書広報課");
    assert!(last
        .cell(3)
        .starts_with("新たな財源確保のために、各種刊行物"));
    assert_eq!(last.cell(status), "計画どおり");
}

/// Seed 004 line 36 as Calc prints it without borders: the full 取組項目 line
/// `マイナポータル活` runs into the 担当部署 cell `1 行政管理課` a cell padding (0.24 print
/// sizes) later. Calc sets a cell's kanji and digits at their advances, so a script change
/// that far apart at a column edge parts two cells; the title's next line continues it.
#[test]
fn narrow_borderless_calc_parts_cells_at_a_script_change() {
    let name = "wrap/004_cf9142fe188b5ae8.lines31-36.narrow.borderless.calc.pdf";
    let doc = load(&fixture(name)).expect("pdf loads");
    let row = doc
        .lines
        .iter()
        .find(|l| l.cell(1).starts_with("② マイナポータル"))
        .expect("row ② of item II 2 (2)");
    assert_eq!(
        row.cell(1),
        "② マイナポータル活用による各種申請の電子化の推進"
    );
    assert_eq!(row.cell(2), "1 行政管理課");
    assert!(row
        .cell(3)
        .starts_with("マイナポータルの電子申請機能を活用したオンライン申請"));
    assert!(!doc
        .lines
        .iter()
        .any(|l| l.cell(1).starts_with("電子化の推進")));
}

/// Calc shrinks the narrow つくばみらい sheet to 1.3 pt print; on page 2 lines of Latin
/// text alone (`)`, `(6) (7)`) sit 1.5 pt apart and the wrapped Japanese lines 1.8 pt:
/// the pitch is that of the Japanese lines, so each wrapped cell is one cell (seed lines
/// 132–133, item 1-3).
#[test]
fn narrow_calc_wrapped_cells_join_at_the_pitch_of_their_cjk_lines() {
    let name = "wrap/000_10e1818db76866b3.pages1-2.narrow.borderless.calc.pdf";
    let doc = load(&fixture(name)).expect("pdf loads");
    let row = |label: &str| {
        doc.lines
            .iter()
            .find(|l| l.page == Some(2) && l.cell(0) == label)
            .map(|l| l.cell(1).to_string())
    };
    assert_eq!(
        row("現状").as_deref(),
        Some("・市民の望む行政サービスは多様化・複雑化しており、職員においては技術的専門知識や判断能力が必要とされている。")
    );
    assert_eq!(
        row("課題").as_deref(),
        Some("・多様化する行政課題への対応、市民ニーズに柔軟に対応できる人材の育成が必要である。")
    );
}

/// Facts read off the 袖ケ浦 status table by eye (first data row, a row cut by a page
/// break in the Writer PDF, the last row).
#[test]
fn sodegaura_table_facts() {
    for name in [
        "seed/004_cf9142fe188b5ae8.calc.pdf",
        "seed/004_cf9142fe188b5ae8.writer.pdf",
    ] {
        let doc = load(&fixture(name)).expect("loads");
        let header = &doc.lines[0];
        assert_eq!(header.cells.len(), 9, "{name}");
        assert_eq!(header.cell(0), "項目No.");
        assert_eq!(header.cell(8), "進捗区分");
        let first = &doc.lines[1];
        assert_eq!(first.cell(1), "① ふるさと納税の推進", "{name}");
        assert_eq!(first.cell(2), "財政課");
        assert_eq!(first.cell(8), "計画どおり");
        // 未申告指導: its 実施内容 runs over a page break in the Writer PDF.
        let l = doc
            .lines
            .iter()
            .find(|l| l.cell(1) == "① 未申告指導の推進")
            .expect("row");
        assert_eq!(l.cell(2), "課税課");
        assert!(
            l.cell(5).ends_with("(調定額:1,201,700円)。"),
            "{name}: {}",
            l.cell(5)
        );
        assert_eq!(l.cell(8), "計画どおり");
        assert_eq!(doc.lines.last().map(|l| l.cells.len() > 3), Some(true));
        assert!(doc.lines.iter().all(|l| l.page.is_some()));
    }
}

/// Fonts with predefined Japanese CMaps (older Acrobat / Word / 一太郎 output), no
/// ToUnicode and no embedded font: pdf-extract alone panics on every page.
#[test]
fn predefined_cmaps_read_through_their_encoding() {
    let want = [
        "行政改革実施計画",
        "取組項目 ABC 123",
        // The ideographic space between CJK words goes, as in text input.
        "担当課:総務課進捗:◎達成",
    ];
    for name in [
        "cmap/unijis-ucs2-h.pdf",
        "cmap/90ms-rksj-h.pdf",
        "cmap/euc-h.pdf",
        "cmap/unijis-ucs2-v.pdf",
    ] {
        let doc = load(&fixture(name)).expect(name);
        assert!(codes(&doc).contains(&"pdf.predefined-cmap"), "{name}");
        let got: Vec<String> = doc.lines.iter().map(|l| l.joined()).collect();
        assert_eq!(got, want, "{name}");
    }
    // The vertical one reads its columns right to left, each top down.
    let doc = load(&fixture("cmap/unijis-ucs2-v.pdf")).expect("loads");
    assert!(codes(&doc).contains(&"pdf.vertical"));
}

/// Adobe-Japan1 fonts with Identity codes (code = CID) and no ToUnicode: left unembedded
/// (MS-Mincho, horizontal and vertical) or embedded as a bare CFF without a cmap. The
/// script wrote the same three lines as the predefined-CMap fixtures, coding each
/// character by Adobe's UniJIS-UCS2-H/-V CMaps; they read back through the CID table.
#[test]
fn adobe_japan1_fonts_without_a_map_read_through_the_cid_table() {
    let want = [
        "行政改革実施計画",
        "取組項目 ABC 123",
        "担当課:総務課進捗:◎達成",
    ];
    for name in [
        "cmap/identity-h-japan1.pdf",
        "cmap/identity-v-japan1.pdf",
        "cmap/cff-japan1.pdf",
    ] {
        let doc = load(&fixture(name)).expect(name);
        assert!(codes(&doc).contains(&"pdf.tounicode-japan1"), "{name}");
        assert!(!codes(&doc).contains(&"pdf.unmapped-glyphs"), "{name}");
        let got: Vec<String> = doc.lines.iter().map(|l| l.joined()).collect();
        assert_eq!(got, want, "{name}");
    }
}

/// Type3 glyphs named uni884C, u6539, uni9769.alt, one, period, parenleft … (no
/// ToUnicode): the names give the text the script drew.
#[test]
fn type3_glyph_names_give_their_text() {
    let doc = load(&fixture("type3/type3-names.pdf")).expect("loads");
    assert!(codes(&doc).contains(&"pdf.type3-names"));
    assert!(!codes(&doc).contains(&"pdf.unmapped-glyphs"));
    let got: Vec<String> = doc.lines.iter().map(|l| l.joined()).collect();
    assert_eq!(got, ["行政改革計画", "No.1-2 A(B)"]);
}

/// Glyphs named g1 … g5 mean nothing: their line is lost, but never silently — a warning
/// names the font and the page, and the rest of the page still reads.
#[test]
fn type3_glyphs_without_meaningful_names_are_a_warning_naming_the_page() {
    let doc = load(&fixture("type3/type3-unnamed.pdf")).expect("loads");
    let got: Vec<String> = doc.lines.iter().map(|l| l.joined()).collect();
    assert_eq!(got, ["行政改革計画"]);
    let w = doc
        .diagnostics
        .iter()
        .find(|d| d.code == "pdf.type3-unreadable")
        .expect("warned");
    assert_eq!(w.page, Some(1));
    assert!(w
        .message
        .starts_with("page 1: text in Type3 font /T3 cannot be read"));
    assert!(w.message.contains("g1, g2, g3, g4, g5"), "{}", w.message);
    assert!(codes(&doc).contains(&"pdf.unmapped-glyphs"));
}

/// A Chromium PDF (TrueType IPAex font, embedded as a CID font) with its ToUnicode maps
/// hidden (same length, so offsets hold): the text comes back through the embedded
/// font's own cmap table.
#[test]
fn text_without_tounicode_is_recovered_from_embedded_fonts() {
    let bytes = fixture("seed/004_cf9142fe188b5ae8.head6.ipaex.chromium.pdf");
    let hidden: Vec<u8> = {
        let mut b = bytes.clone();
        let mut i = 0;
        while let Some(k) = b[i..].windows(10).position(|w| w == b"/ToUnicode") {
            b[i + k + 9] = b'X';
            i += k + 10;
        }
        b
    };
    assert_ne!(hidden, bytes);
    let with = load(&bytes).expect("loads");
    let without = load(&hidden).expect("loads without ToUnicode");
    assert!(codes(&without).contains(&"pdf.tounicode-recovered"));
    assert_eq!(cells(&without, None), cells(&with, None));
    assert_eq!(with.lines[1].cell(1), "① ふるさと納税の推進");
}

/// Seed 000 lines 238-294 (item 1-5) from Calc without borders: the 75-column report row
/// shrinks the sheet to half-point print, where positions sit on a grid of a tenth of a
/// point and the lines of one wrapped cell land 0.5 to 0.8 pt apart. Each wrapped cell
/// still reads whole, as in the seed's lines 245, 246 and 248 (whose spaces between
/// sentences are line breaks inside the cell: printed, they look like any wrap).
#[test]
fn wrapped_cells_of_a_sheet_shrunk_to_tiny_print_read_whole() {
    let name = "wrap/000_10e1818db76866b3.lines238-294.borderless.calc.pdf";
    let doc = load(&fixture(name)).expect("pdf loads");
    let row = |label: &str| {
        doc.lines
            .iter()
            .find(|l| l.cell(0).starts_with(label))
            .unwrap_or_else(|| panic!("{label}: no row"))
            .cell(1)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    assert_eq!(
        row("現状"),
        "職員が行う業務においては、細心の注意を払っているが、業務ミス等が発生してしまっている。"
    );
    assert_eq!(
        row("課題"),
        "問題発生時には全職員が意識するものの、時間経過と共に問題意識が薄れ、同様の問題やうっかりミスが発生している。"
    );
    assert_eq!(
        row("取組方針"),
        "全職員に対し、コンプライアンスを徹底させるための取組を行う。定期的な注意喚起と課内での意識付けを行う。府内ネットワーク等、目に付きやすい場所への周知において注意喚起を促す。"
    );
}
