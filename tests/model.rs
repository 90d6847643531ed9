//! The learned scorer as shipped (`model/insession.model`): it agrees with the training
//! script, meets its floors on real posts it was never trained on, catches a risky sentence
//! buried in a long harmless post, explains itself, and follows the sensitivity setting.

use insession::eval::{evaluate, parse_corpus, Labelled};
use insession::model::{Model, LEARNED_IDS};
use insession::text::Normalized;
use insession::{Checker, Config, Risk, Sensitivity};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn corpus(name: &str) -> Vec<Labelled> {
    let path = format!("{ROOT}/corpus/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_corpus(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn training_posts() -> Vec<Labelled> {
    // the batches the shipped model learned from: those its training measured (model/metrics.json,
    // written with the model). A batch recorded in corpus/first-pass.jsonl since is not among them.
    let path = format!("{ROOT}/model/metrics.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let metrics: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let batches = metrics["lobo"].as_object().unwrap_or_else(|| panic!("{path}: no \"lobo\" object"));
    let mut rows = Vec::new();
    for name in batches.keys().filter(|k| *k != "all") {
        rows.extend(corpus(&if name == "own" || name == "dev" { format!("{name}.jsonl") } else { format!("batches/{name}.jsonl") }));
    }
    assert!(rows.len() > 5000, "{path}: only {} training posts", rows.len());
    rows
}

fn checker(s: Sensitivity) -> Checker {
    Checker::new(Config { sensitivity: s, ..Config::default() }).unwrap()
}

#[test]
fn scores_match_the_training_script() {
    // model/expected.jsonl: what train.py computed with the quantized weights it wrote
    let model = Model::embedded();
    let posts: std::collections::HashMap<String, String> =
        corpus("real-dev.jsonl").into_iter().map(|r| (r.id, r.text)).collect();
    let text = std::fs::read_to_string(format!("{ROOT}/model/expected.jsonl")).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = v["id"].as_str().unwrap();
        let head = v["head"].as_str().unwrap();
        let want = v["p"].as_f64().unwrap() as f32;
        let got = model.probability(&Normalized::new(&posts[id]), head).unwrap();
        assert!((got - want).abs() < 2e-3, "{id} {head}: core {got}, training script {want}");
        n += 1;
    }
    assert!(n >= 60, "only {n} expected scores");
}

#[test]
fn real_posts_never_trained_on_meet_the_floors() {
    let rows = corpus("real-dev.jsonl");
    let with = evaluate(&Checker::with_defaults(), &rows);
    let rules = evaluate(&Checker::with_defaults().without_model(), &rows);
    let line = |r: &insession::eval::EvalResult| {
        format!("high flagged {:.2}, caution flagged {:.2}, ok clean {:.2}", r.high_flagged(), r.caution_flagged(), r.ok_as_ok())
    };
    eprintln!("real-dev: rules + model {}; rules alone {}", line(&with), line(&rules));
    // floors under the shipped model's figures (0.38 / 1.00; 16 high posts, so one post is
    // 0.06): regressions fail here;
    // the targets (0.90 / 0.95) are not met yet (model/README.md)
    assert!(with.high_flagged() >= 0.34, "{}", line(&with));
    assert!(with.ok_as_ok() >= 0.90, "{}", line(&with));
    assert!(with.high_flagged() > rules.high_flagged(), "the model adds nothing on real posts");
}

#[test]
fn training_corpus_is_learned() {
    let rows = training_posts();
    assert!(rows.len() >= 400, "{} training posts", rows.len());
    let r = evaluate(&Checker::with_defaults(), &rows);
    let line = format!(
        "high flagged {:.3}, high as high {:.3}, caution flagged {:.3}, ok clean {:.3}",
        r.high_flagged(), r.high_as_high(), r.caution_flagged(), r.ok_as_ok()
    );
    eprintln!("training posts: {line}");
    assert!(r.high_flagged() >= 0.85 && r.high_as_high() >= 0.75, "{line}");
    assert!(r.caution_flagged() >= 0.75 && r.ok_as_ok() >= 0.92, "{line}");
}

#[test]
fn the_founding_blog_post_stays_ok() {
    let text = std::fs::read_to_string(format!("{ROOT}/corpus/blog-post.txt")).unwrap();
    for s in [Sensitivity::Relaxed, Sensitivity::Balanced] {
        let r = checker(s).check(&text);
        assert_eq!(r.risk, Risk::Ok, "{s:?}: {:?}", r.findings.iter().map(|f| (&f.rule, &f.text)).collect::<Vec<_>>());
    }
}

/// Every short high-risk training post that the model flags on its own, put in the middle of
/// the long harmless blog post: the windows must still find it.
#[test]
fn a_risky_sentence_buried_in_a_long_post_is_found() {
    let blog = std::fs::read_to_string(format!("{ROOT}/corpus/blog-post.txt")).unwrap();
    let mid = blog[..blog.len() / 2].rfind("\n\n").unwrap();
    let model = Checker::with_defaults();
    let rules = Checker::with_defaults().without_model();
    let (mut tried, mut found) = (0, 0);
    for row in training_posts().iter().filter(|r| r.label == "high" && r.text.len() < 200 && !r.text.contains('\n')) {
        let alone = model.check(&row.text);
        if rules.check(&row.text).risk != Risk::Ok || !alone.findings.iter().any(|f| f.rule.starts_with("learned.")) {
            continue;
        }
        tried += 1;
        let long = format!("{}\n\n{}\n\n{}", &blog[..mid], row.text, &blog[mid..]);
        let r = model.check(&long);
        let at = mid + 2;
        if r.findings.iter().any(|f| f.rule.starts_with("learned.") && f.start >= at && f.end <= at + row.text.len()) {
            found += 1;
        }
    }
    eprintln!("buried: {found} of {tried} found");
    assert!(tried >= 10, "only {tried} posts to bury");
    // a floor under the shipped model's 51% (716 of 1,407). The model's window offset trades
    // this for ranking on whole posts (model/train.py, WINDOW_OFFSET: about 60% found with no
    // offset, but flag AUC 0.906 instead of 0.914 on leave-one-batch-out).
    assert!(found as f64 >= 0.45 * tried as f64, "buried: {found} of {tried} found");
}

#[test]
fn learned_findings_explain_themselves_and_never_offer_apply() {
    let c = Checker::with_defaults();
    let mut seen = 0;
    for row in training_posts().iter().filter(|r| r.label != "ok") {
        for f in c.check(&row.text).findings.iter().filter(|f| f.rule.starts_with("learned.")) {
            seen += 1;
            assert!(LEARNED_IDS.contains(&f.rule.as_str()), "{}", f.rule);
            assert_eq!(f.rule, format!("learned.{}", f.category.as_str()));
            assert!(!f.evidence.is_empty(), "{}: no words", row.id);
            assert!(f.evidence.iter().all(|e| !e.text.trim().is_empty() && row.text[e.start..e.end] == e.text));
            assert!(f.suggestion.as_ref().is_some_and(|s| !s.is_replacement()), "{}: a learned finding offers Apply", row.id);
            assert!(!f.source.is_empty());
        }
    }
    assert!(seen >= 20, "only {seen} learned findings");
}

#[test]
fn sensitivity_moves_the_thresholds() {
    let rows: Vec<Labelled> = training_posts();
    let count = |s| {
        let c = checker(s);
        rows.iter().filter(|r| c.check(&r.text).risk != Risk::Ok).count()
    };
    let (relaxed, balanced, strict) = (count(Sensitivity::Relaxed), count(Sensitivity::Balanced), count(Sensitivity::Strict));
    eprintln!("flagged: relaxed {relaxed}, balanced {balanced}, strict {strict}");
    assert!(relaxed < balanced && balanced < strict);
}

#[test]
fn a_learned_rule_can_be_turned_off() {
    let c = Checker::with_defaults();
    let row = training_posts()
        .into_iter()
        .find(|r| c.check(&r.text).findings.iter().any(|f| f.rule.starts_with("learned.")))
        .expect("a post with a learned finding");
    let rule = c.check(&row.text).findings.iter().find(|f| f.rule.starts_with("learned.")).unwrap().rule.clone();
    let off = Checker::new(Config { disabled_rules: vec![rule.clone()], ..Config::default() }).unwrap();
    assert!(off.check(&row.text).findings.iter().all(|f| f.rule != rule));
}

#[test]
fn corrupt_model_files_are_refused_with_the_place() {
    let good = insession::model::EMBEDDED;
    assert!(Model::parse(good).is_ok());
    let e = Model::parse(&good[..good.len() - 1]).unwrap_err().to_string();
    assert!(e.contains("weight table"), "{e}");
    let e = Model::parse(b"XXXX").unwrap_err().to_string();
    assert!(e.contains("ISM2"), "{e}");
    let mut long = good.to_vec();
    long.push(0);
    assert!(Model::parse(&long).unwrap_err().to_string().contains("left over"));
}

/// The model withdraws a rule's caution only where the rule file allows it (`model_may_clear`:
/// the mosaic, mocking clients), only when it is confident, never at strict, and never a high
/// finding or another rule's finding.
#[test]
fn the_model_withdraws_only_the_cautions_it_may() {
    let (balanced, strict) = (checker(Sensitivity::Balanced), checker(Sensitivity::Strict));
    let (rules_b, rules_s) = (checker(Sensitivity::Balanced).without_model(), checker(Sensitivity::Strict).without_model());
    let mut withdrawn = 0;
    for row in training_posts() {
        let alone = rules_b.check(&row.text);
        let with = balanced.check(&row.text);
        let kept = |rule: &str| with.findings.iter().any(|f| f.rule == rule);
        if alone.findings.iter().all(|f| kept(&f.rule)) {
            continue;
        }
        // something was withdrawn: only cautions of rules that allow it, and the post is now ok
        withdrawn += 1;
        assert_eq!(with.risk, Risk::Ok, "{}", row.id);
        for f in &alone.findings {
            assert!(f.severity == insession::Severity::Caution && balanced.model_may_clear(&f.rule), "{}: {} withdrawn", row.id, f.rule);
        }
        // strict keeps the rules' findings
        let s = strict.check(&row.text);
        for f in rules_s.check(&row.text).findings {
            assert!(s.findings.iter().any(|g| g.rule == f.rule), "{}: strict lost {}", row.id, f.rule);
        }
    }
    assert!(withdrawn >= 5, "only {withdrawn} posts had a caution withdrawn");
    assert!(balanced.model_may_clear("confidentiality.identifiable-client"));
    assert!(!balanced.model_may_clear("identifiers.phone") && !balanced.model_may_clear("stigma.crazy-insane"));
}

#[test]
fn the_model_never_names_identifiers() {
    // Whether a number is an identifier is the rules' call (formats, checksums); the learned
    // scorer reads "SSN is 078051120" and an invalid number alike, so it may say a post
    // resembles breaches (confidentiality), never that it carries an identifier.
    assert!(!LEARNED_IDS.contains(&"learned.identifiers"));
    let c = Checker::with_defaults();
    let mut learned = 0;
    for text in [
        "My client's mobile: 1234567890",
        "My client's psychiatrist's NPI is 1234567890.",
        "My client's social security number: 000000000",
        "My client's Medicare card: 2123456702AF",
        "DEA number of my client's prescriber: N92375416",
    ] {
        let r = c.check(text);
        assert!(r.findings.iter().all(|f| f.category.as_str() != "identifiers"), "{text}: {:?}", r.findings);
        learned += r.findings.iter().filter(|f| f.rule.starts_with("learned.")).count();
    }
    // the posts still read as risky to the model: the warning stays, under another name
    assert!(learned >= 3, "only {learned} learned findings");
}
