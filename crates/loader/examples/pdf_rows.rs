//! Print the rows keikaku lays out from a PDF, one line per row, cells as `col:text`
//! separated by ` | `: `cargo run -p keikaku-loader --example pdf_rows FILE [--bbox]`
//! (`--bbox` adds each cell's box, `x0,y0-x1,y1` in points, after its text).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_rows FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let bbox = std::env::args().nth(2).is_some_and(|a| a == "--bbox");
    match keikaku_loader::pdf::extract(&bytes, &mut |_| {}) {
        Ok(ex) => {
            for r in &ex.rows {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| {
                        if bbox {
                            let b = c.bbox;
                            format!(
                                "{}:{} [{:.1},{:.1}-{:.1},{:.1}]",
                                c.col, c.text, b.x0, b.y0, b.x1, b.y1
                            )
                        } else {
                            format!("{}:{}", c.col, c.text)
                        }
                    })
                    .collect();
                println!("p{} {}", r.page, cells.join(" | "));
            }
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    }
}
