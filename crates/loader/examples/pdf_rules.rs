//! Print the rules of one PDF page: `pdf_rules FILE PAGE`.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2).and_then(|p| p.parse().ok())) else {
        eprintln!("usage: pdf_rules FILE PAGE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("readable file");
    match keikaku_loader::pdf::page_glyphs(&bytes, page) {
        Ok(p) => {
            let mut rules = p.rules.clone();
            rules.sort_by(|a, b| {
                (a.horizontal, a.at)
                    .partial_cmp(&(b.horizontal, b.at))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            for r in &rules {
                println!(
                    "{} at={:.2} {:.2}..{:.2}",
                    if r.horizontal { "H" } else { "V" },
                    r.at,
                    r.from,
                    r.to
                );
            }
            let top = p.glyphs.iter().map(|g| g.y).fold(f64::MIN, f64::max);
            let bottom = p.glyphs.iter().map(|g| g.y).fold(f64::MAX, f64::min);
            println!("glyph baselines {bottom:.2}..{top:.2}");
        }
        Err(e) => eprintln!("{e}"),
    }
}
