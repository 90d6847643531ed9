//! Holds the built-in rules to the thresholds on the labelled development set
//! (`../shared/corpus/dev.jsonl`). The same rules are measured on unseen posts, so these are
//! floors, not targets to tune to.

use insession::eval::{evaluate, parse_corpus};
use insession::Checker;

#[test]
fn dev_corpus_meets_thresholds() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (shared/ must sit beside the repo)"));
    let rows = parse_corpus(&text).expect("corpus parses");
    assert!(rows.len() >= 100, "corpus has {} posts", rows.len());
    let r = evaluate(&Checker::with_defaults(), &rows);
    let report = format!(
        "high flagged {:.3}, high as high {:.3}, caution flagged {:.3}, ok as ok {:.3}, category recall {:.3}",
        r.high_flagged(), r.high_as_high(), r.caution_flagged(), r.ok_as_ok(), r.category_recall()
    );
    eprintln!("{report}");
    assert!(r.high_flagged() >= 0.95, "{report}");
    assert!(r.high_as_high() >= 0.85, "{report}");
    assert!(r.caution_flagged() >= 0.85, "{report}");
    assert!(r.ok_as_ok() >= 0.95, "{report}");
    assert!(r.category_recall() >= 0.85, "{report}");
    for (cat, (n, hit)) in &r.categories {
        assert!(*hit as f64 / *n as f64 >= 0.75, "category {cat}: {hit}/{n} recalled ({report})");
    }
}
