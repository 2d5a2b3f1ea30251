//! Print the glyphs (and rule count) of one PDF page: `pdf_glyphs FILE PAGE [TEXT]`
//! prints every glyph, or only those of the runs containing TEXT's first character.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(page)) = (args.get(1), args.get(2).and_then(|p| p.parse().ok())) else {
        eprintln!("usage: pdf_glyphs FILE PAGE [CHAR]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("readable file");
    match keikaku_loader::pdf::page_glyphs(&bytes, page) {
        Ok(p) => {
            println!(
                "media {:?}, {} glyphs, {} rules",
                p.media,
                p.glyphs.len(),
                p.rules.len()
            );
            let only = args.get(3).and_then(|s| s.chars().next());
            for (i, g) in p.glyphs.iter().enumerate() {
                if only.is_none_or(|c| {
                    p.glyphs[i.saturating_sub(3)..(i + 4).min(p.glyphs.len())]
                        .iter()
                        .any(|h| h.c == c)
                }) {
                    println!(
                        "{:?} x={:.2} y={:.2} size={:.2} adv={:.2} angle={:.2}",
                        g.c, g.x, g.y, g.size, g.advance, g.angle
                    );
                }
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
