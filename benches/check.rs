//! Benchmarks: checker construction, `check` on 280-, 2,000- and 10,000-character posts, and
//! a 1 MB input (linear time). Run with `cargo bench --bench check`; figures are printed.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use insession::Checker;
use std::hint::black_box;

/// A realistic mixed post of about `n` characters: mostly harmless text with a few risks.
fn post(n: usize) -> String {
    let parts = [
        "Clients often ask me how to cope with the holidays. ",
        "Here are five evidence-based tips for a calmer December, from a counsellor. ",
        "My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce. ",
        "Rest is not a reward; it is a need. ",
        "My inbox is absolutely insane this week 🙄 ",
        "If you're struggling, call 988 or the Samaritans on 116 123. ",
    ];
    let mut s = String::new();
    let mut i = 0;
    while s.chars().count() < n {
        s.push_str(parts[i % parts.len()]);
        i += 1;
    }
    s.chars().take(n).collect()
}

fn benches(c: &mut Criterion) {
    c.bench_function("construct/default", |b| b.iter(|| black_box(Checker::with_defaults())));
    let checker = Checker::with_defaults();
    let mut g = c.benchmark_group("check");
    for n in [280, 2_000, 10_000] {
        let text = post(n);
        g.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, t| b.iter(|| black_box(checker.check(t))));
    }
    g.finish();
    let mut g = c.benchmark_group("check-1MB");
    g.sample_size(10);
    let big = post(1_000_000);
    g.bench_function("1000000", |b| b.iter(|| black_box(checker.check(&big))));
    g.finish();
}

criterion_group!(all, benches);
criterion_main!(all);
