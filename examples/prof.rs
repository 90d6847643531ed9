//! Profiling helper: `cargo run --profile bench --example prof [checks]` times one check
//! of a 280-character post (for callgrind: pass `checks` to skip construction timing).
fn main() {
    let only_checks = std::env::args().nth(1).is_some();
    let c = insession::Checker::with_defaults();
    let t = "Clients often ask me how to cope with the holidays. Here are five evidence-based tips for a calmer December, from a counsellor. My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce. Rest is not a reward; it is a need. My inbox is absolutely insane this week 🙄 If you're strug";
    c.check(t);
    let start = std::time::Instant::now();
    for _ in 0..1000 {
        std::hint::black_box(c.check(t));
    }
    println!("check {:?}", start.elapsed() / 1000);
    if !only_checks {
        let start = std::time::Instant::now();
        for _ in 0..20 {
            std::hint::black_box(insession::Checker::with_defaults());
        }
        println!("construct {:?}", start.elapsed() / 20);
    }
}
