//! The peers' own test suites (Presidio, scrubadub, phileas, retext-equality, alex, cuss),
//! each case a clinician's post with the expected outcome (`tests/peer-cases/README.md`),
//! run through the checker with the floors of issue 12. Identifiers are judged on the rules
//! alone (the learned scorer does not report identifiers); wording with the default checker.
//!
//! Counting, as the peer README says: a `warn` case is detected when a finding of the
//! category overlaps every span; a `quiet` case is wrongly flagged when one overlaps its span.

use insession::{Category, Checker, Finding, Units};
use serde_json::Value;

/// The kinds the identifier floors apply to (plates, driving licences and DEA numbers are
/// reported but outside them).
const FLOOR_KINDS: &[&str] = &["phone", "email", "ssn", "nhs", "dob", "name", "npi", "record", "address"];

struct Case {
    id: String,
    kind: String,
    warn: bool,
    text: String,
    spans: Vec<(usize, usize)>,
}

fn load(file: &str) -> Vec<Case> {
    let path = format!("{}/tests/peer-cases/{file}", env!("CARGO_MANIFEST_DIR"));
    let body = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    body.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}:{}: {e}", i + 1));
            let field = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{path}:{}: no string field {k:?}", i + 1)).to_string();
            let spans = v["spans"]
                .as_array()
                .unwrap_or_else(|| panic!("{path}:{}: no spans", i + 1))
                .iter()
                .map(|s| (s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize))
                .collect();
            let kind = ["kind", "group", "word"].iter().find_map(|k| v[k].as_str()).unwrap_or("").to_string();
            Case { id: field("id"), kind, warn: field("expect") == "warn", text: field("text"), spans }
        })
        .collect()
}

fn overlaps(f: &Finding, s: (usize, usize)) -> bool {
    f.start < s.1 && s.0 < f.end
}

/// Per case: whether it came out as expected, with the findings that count (offsets in code
/// points, the units of the spans).
fn judge(checker: &Checker, cases: &[Case], counts: impl Fn(&Finding) -> bool) -> Vec<(bool, String)> {
    cases
        .iter()
        .map(|c| {
            let r = checker.check_in(&c.text, Units::Chars);
            let fs: Vec<&Finding> = r.findings.iter().filter(|f| counts(f)).collect();
            let ok = if c.warn {
                c.spans.iter().all(|&s| fs.iter().any(|f| overlaps(f, s)))
            } else {
                !c.spans.iter().any(|&s| fs.iter().any(|f| overlaps(f, s)))
            };
            let rules: Vec<&str> = fs.iter().map(|f| f.rule.as_str()).collect();
            (ok, format!("{} {} {} {:?} {rules:?}", c.id, c.kind, if c.warn { "MISSED" } else { "FLAGGED" }, c.text))
        })
        .collect()
}

/// (right, total) over the cases with `warn` as given, and the wrong ones.
fn tally<'a>(cases: &[Case], results: &'a [(bool, String)], warn: bool, keep: impl Fn(&Case) -> bool) -> (usize, usize, Vec<&'a str>) {
    let mut right = 0;
    let mut total = 0;
    let mut wrong = vec![];
    for (c, (ok, line)) in cases.iter().zip(results) {
        if c.warn != warn || !keep(c) {
            continue;
        }
        total += 1;
        if *ok {
            right += 1;
        } else {
            wrong.push(line.as_str());
        }
    }
    (right, total, wrong)
}

#[test]
fn identifiers_meet_the_floors() {
    // the shipped checker, learned scorer included: it never names identifiers
    // (src/model/mod.rs, LEARNED_IDS), so what counts here is the rules' work
    let checker = Checker::with_defaults();
    let mut cases = load("presidio.jsonl");
    cases.extend(load("phi.jsonl"));
    assert!(cases.len() > 300, "{} identifier cases", cases.len());
    let results = judge(&checker, &cases, |f| f.category == Category::Identifiers);
    let in_floor = |c: &Case| FLOOR_KINDS.contains(&c.kind.as_str());
    let (hit, pos, missed) = tally(&cases, &results, true, in_floor);
    let (quiet, neg, flagged) = tally(&cases, &results, false, in_floor);
    let (detected, flagged_rate) = (hit as f64 / pos as f64, (neg - quiet) as f64 / neg as f64);
    eprintln!("identifiers: positives {hit}/{pos} = {detected:.3}; negatives flagged {}/{neg} = {flagged_rate:.3}", neg - quiet);
    let (oh, op, _) = tally(&cases, &results, true, |c| !in_floor(c));
    let (oq, on, _) = tally(&cases, &results, false, |c| !in_floor(c));
    eprintln!("outside the floors (plates, licences): positives {oh}/{op}; negatives flagged {}/{on}", on - oq);
    assert!(detected >= 0.95, "{hit}/{pos} identifier positives detected, floor 95%:\n{}", missed.join("\n"));
    assert!(flagged_rate <= 0.02, "{}/{neg} identifier negatives flagged, ceiling 2%:\n{}", neg - quiet, flagged.join("\n"));
}

#[test]
fn stigma_meets_the_floors() {
    let checker = Checker::with_defaults();
    let cases = load("stigma.jsonl");
    let results = judge(&checker, &cases, |f| matches!(f.category, Category::Stigma | Category::SafeMessaging));
    let (warned, warn, missed) = tally(&cases, &results, true, |_| true);
    let (quiet, neg, flagged) = tally(&cases, &results, false, |_| true);
    let (rate, flagged_rate) = (warned as f64 / warn as f64, (neg - quiet) as f64 / neg as f64);
    eprintln!("stigma: warn {warned}/{warn} = {rate:.3}; quiet flagged {}/{neg} = {flagged_rate:.3}", neg - quiet);
    assert!(rate >= 0.95, "{warned}/{warn} stigma terms warn, floor 95%:\n{}", missed.join("\n"));
    assert!(flagged_rate <= 0.02, "{}/{neg} quiet stigma cases warn, ceiling 2%:\n{}", neg - quiet, flagged.join("\n"));
}

#[test]
fn profanity_meets_the_floor() {
    let checker = Checker::with_defaults();
    let cases = load("profanity.jsonl");
    let results = judge(&checker, &cases, |f| f.category == Category::Professionalism && f.rule.contains("profan"));
    let (warned, warn, missed) = tally(&cases, &results, true, |_| true);
    let (quiet, neg, flagged) = tally(&cases, &results, false, |_| true);
    eprintln!("profanity: warn {warned}/{warn} = {:.3}; look-alikes flagged {}/{neg}", warned as f64 / warn as f64, neg - quiet);
    assert!(warned as f64 / warn as f64 >= 0.90, "{warned}/{warn} profanity cases warn, floor 90%:\n{}", missed.join("\n"));
    // look-alikes (Scunthorpe, assessment, cocktail, Dickens) stay quiet
    assert!(flagged.is_empty(), "look-alikes flagged:\n{}", flagged.join("\n"));
}
