//! Each layout grammar on arbitrary text, forced (first byte picks the family, so every
//! grammar sees every input, not only what the dispatcher would send it) or through the
//! dispatcher. Invariants: no panic; every line an item, activity, field, diagnostic or
//! structure range names exists in the document; an item's ranges are ordered.
#![no_main]

use keikaku_grammar::{layout, FieldSources, LineRange, Meta};
use libfuzzer_sys::fuzz_target;

const LAYOUTS: [layout::Layout; 4] = [
    layout::Layout::PlanReportSheets,
    layout::Layout::ActionPlanSheets,
    layout::Layout::ImplementationPlanSheets,
    layout::Layout::StatusTable,
];

fn in_bounds(ranges: &[LineRange], lines: u32, what: &str) {
    for r in ranges {
        assert!(
            r.from >= 1 && r.from <= r.to && r.to <= lines,
            "{what} range {}-{} of {lines} lines",
            r.from,
            r.to
        );
    }
}

fn fields_in_bounds(f: &Option<FieldSources>, lines: u32) {
    let Some(f) = f else { return };
    for s in [&f.raw_id, &f.title, &f.department, &f.status].into_iter().flatten() {
        assert!(s.line >= 1 && s.line <= lines, "field line {} of {lines}", s.line);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    if keikaku_loader::is_pdf(text) {
        return;
    }
    let Ok(doc) = keikaku_loader::load(text) else {
        return;
    };
    let lines = doc.source_lines.len() as u32;
    let meta: Meta = keikaku_grammar::meta::read(&doc);
    let chosen = match LAYOUTS.get(usize::from(pick % 5)) {
        Some(&l) => l,
        None => layout::detect(&doc),
    };
    let mut ctx = layout::Ctx::new(&doc, &meta);
    let items = layout::parse(chosen, &doc, &mut ctx);
    for item in &items {
        in_bounds(&item.source, lines, "item");
        fields_in_bounds(&item.fields, lines);
        for a in &item.activities {
            in_bounds(&a.source, lines, "activity");
            fields_in_bounds(&a.fields, lines);
        }
    }
    in_bounds(&ctx.structure(), lines, "structure");
    for d in &ctx.diagnostics {
        if let Some(l) = d.line {
            assert!(l >= 1 && l <= lines, "diagnostic line {l} of {lines}");
        }
    }
    // The JSON the model would write must be valid whatever the grammar read.
    let json = serde_json::to_string(&items).expect("items serialise");
    let _: serde_json::Value = serde_json::from_str(&json).expect("items are valid JSON");
});
