fn main() {
    let p = std::env::args().nth(1).unwrap();
    let b = std::fs::read(p).unwrap();
    let d = keikaku_loader::load(&b).unwrap();
    for l in &d.lines {
        let cells: Vec<String> = l
            .cells
            .iter()
            .map(|c| format!("{}:{:?}", c.col, c.text))
            .collect();
        println!("{} {:?} {}", l.no, l.origin, cells.join(" | "));
    }
}
