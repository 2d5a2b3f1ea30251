//! CSV read back with the csv crate: BOM, header, one row per item (and per activity) with
//! the document's fields repeated, Japanese and multi-line values intact.

use keikaku_emit::csv_out::{ACTIVITY_HEADER, ITEM_HEADER};
use keikaku_emit::{activity_rows, item_rows, CsvWriter};
use keikaku_model::grammar::{Activity, Item, LineRange, Status, StatusCode};
use keikaku_model::Document;

fn doc() -> Document {
    let text = "第2次行政改革実施計画（令和2年度～令和6年度）\nつくばみらい市\n項目番号\t1-①\n";
    let mut doc = keikaku_model::convert("in/計画.txt", text.as_bytes()).unwrap();
    let mut a = Item::new(
        Some("1-1".into()),
        Some("1-①".into()),
        Some("定員管理の適正化".into()),
    );
    a.department = Some("総務課".into());
    a.status = Some(Status {
        code: StatusCode::Achieved,
        mark: Some("◎".into()),
        label: Some("達成".into()),
        raw: None,
    });
    a.source = vec![LineRange::new(3, 5), LineRange::new(8, 9)];
    let mut act = Activity::new(1, Some("職員数の管理,\n\"再任用\"の活用".into()));
    act.status = Some(Status::unknown());
    act.source = vec![LineRange::one(4)];
    a.activities = vec![act, Activity::new(2, None)];
    let b = Item::new(Some("1-2".into()), None, None);
    doc.items = vec![a, b];
    doc
}

/// Write a table and read it back as (header, rows), checking the BOM on the way.
fn round_trip(header: &[&str], rows: &[Vec<String>]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut w = CsvWriter::new(Vec::new(), header).unwrap();
    w.rows(rows).unwrap();
    let bytes = w.into_inner().unwrap();
    assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "no BOM");
    assert!(bytes.windows(2).any(|p| p == b"\r\n"), "CRLF line ends");
    let body = &bytes[3..];
    let mut r = csv::Reader::from_reader(body);
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

fn col<'a>(head: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = head.iter().position(|h| h == name).expect(name);
    &row[i]
}

#[test]
fn one_row_per_item_with_the_document_repeated() {
    let d = doc();
    let (head, rows) = round_trip(ITEM_HEADER, &item_rows(&d));
    assert_eq!(head, ITEM_HEADER);
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(row.len(), ITEM_HEADER.len());
        assert_eq!(col(&head, row, "file"), "in/計画.txt");
        assert_eq!(
            col(&head, row, "municipality"),
            d.municipality.as_deref().unwrap_or("")
        );
        assert_eq!(
            col(&head, row, "period_from"),
            opt_year(d.period.map(|p| p.from))
        );
        assert_eq!(col(&head, row, "layout"), d.layout.as_str());
    }
    let r = &rows[0];
    assert_eq!(col(&head, r, "id"), "1-1");
    assert_eq!(col(&head, r, "raw_id"), "1-①");
    assert_eq!(col(&head, r, "item_title"), "定員管理の適正化");
    assert_eq!(col(&head, r, "department"), "総務課");
    assert_eq!(col(&head, r, "status"), "achieved");
    assert_eq!(col(&head, r, "status_mark"), "◎");
    assert_eq!(col(&head, r, "status_label"), "達成");
    assert_eq!(col(&head, r, "activities"), "2");
    assert_eq!(col(&head, r, "line_from"), "3");
    assert_eq!(col(&head, r, "line_to"), "9");
    // Missing values are empty cells, not "null".
    let r = &rows[1];
    assert_eq!(col(&head, r, "raw_id"), "");
    assert_eq!(col(&head, r, "item_title"), "");
    assert_eq!(col(&head, r, "status"), "");
    assert_eq!(col(&head, r, "line_from"), "");
}

fn opt_year(y: Option<i32>) -> String {
    y.map(|y| y.to_string()).unwrap_or_default()
}

#[test]
fn one_row_per_activity_with_its_item() {
    let d = doc();
    let (head, rows) = round_trip(ACTIVITY_HEADER, &activity_rows(&d));
    assert_eq!(head, ACTIVITY_HEADER);
    assert_eq!(rows.len(), 2);
    let r = &rows[0];
    assert_eq!(col(&head, r, "item_id"), "1-1");
    assert_eq!(col(&head, r, "item_title"), "定員管理の適正化");
    assert_eq!(col(&head, r, "department"), "総務課");
    assert_eq!(col(&head, r, "n"), "1");
    // Commas, quotes and line breaks survive quoting.
    assert_eq!(
        col(&head, r, "activity_title"),
        "職員数の管理,\n\"再任用\"の活用"
    );
    assert_eq!(col(&head, r, "status"), "unknown");
    assert_eq!(col(&head, r, "line_from"), "4");
    assert_eq!(col(&head, &rows[1], "n"), "2");
    assert_eq!(col(&head, &rows[1], "activity_title"), "");
    assert_eq!(col(&head, &rows[1], "status"), "");
}

#[test]
fn a_document_without_items_has_no_rows() {
    let d = keikaku_model::convert("x.txt", "ただの文書\n".as_bytes()).unwrap();
    let (head, rows) = round_trip(ITEM_HEADER, &item_rows(&d));
    assert_eq!(head.len(), ITEM_HEADER.len());
    assert!(rows.is_empty());
}
