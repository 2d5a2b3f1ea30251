//! Print the rows keikaku lays out from a PDF, one line per row, cells as `col:text`
//! separated by ` | `: `cargo run -p keikaku-loader --example pdf_rows FILE`.

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
    match keikaku_loader::pdf::extract(&bytes, &mut |_| {}) {
        Ok(ex) => {
            for r in &ex.rows {
                let cells: Vec<String> = r
                    .cells
                    .iter()
                    .map(|c| format!("{}:{}", c.col, c.text))
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
