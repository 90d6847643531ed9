//! Evaluation on a labelled corpus (the LABELS.md format): how often each label gets each
//! risk, recall per category, and the posts the checker got wrong. Used by `insession eval`
//! and by the test that holds the rules to their thresholds.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::report::{Category, Risk};
use crate::Checker;

/// One labelled post.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    #[serde(default)]
    pub id: String,
    pub text: String,
    pub label: String,
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub why: String,
}

/// A post the checker rated differently from its label.
#[derive(Debug, Clone)]
pub struct Miss {
    pub id: String,
    pub label: Risk,
    pub got: Risk,
    pub missing_categories: Vec<String>,
    pub rules: Vec<String>,
    pub text: String,
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct EvalResult {
    /// confusion[label][risk] = count
    pub confusion: [[usize; 3]; 3],
    /// category → (posts labelled with it, posts where a finding of that category fired)
    pub categories: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<Miss>,
}

fn idx(r: Risk) -> usize {
    match r {
        Risk::Ok => 0,
        Risk::Caution => 1,
        Risk::High => 2,
    }
}

impl EvalResult {
    fn row(&self, label: Risk) -> &[usize; 3] {
        &self.confusion[idx(label)]
    }
    fn rate(&self, label: Risk, pred: impl Fn(usize) -> bool) -> f64 {
        let row = self.row(label);
        let total: usize = row.iter().sum();
        if total == 0 {
            return 1.0;
        }
        row.iter().enumerate().filter(|(i, _)| pred(*i)).map(|(_, n)| n).sum::<usize>() as f64 / total as f64
    }
    /// High posts rated caution or high.
    pub fn high_flagged(&self) -> f64 {
        self.rate(Risk::High, |i| i >= 1)
    }
    /// High posts rated high.
    pub fn high_as_high(&self) -> f64 {
        self.rate(Risk::High, |i| i == 2)
    }
    /// Caution posts rated caution or high.
    pub fn caution_flagged(&self) -> f64 {
        self.rate(Risk::Caution, |i| i >= 1)
    }
    /// Ok posts rated ok.
    pub fn ok_as_ok(&self) -> f64 {
        self.rate(Risk::Ok, |i| i == 0)
    }
    /// Category recall over all (post, category) pairs.
    pub fn category_recall(&self) -> f64 {
        let (n, hit) = self.categories.values().fold((0, 0), |(a, b), (n, h)| (a + n, b + h));
        if n == 0 {
            1.0
        } else {
            hit as f64 / n as f64
        }
    }
}

/// Parse a JSON Lines corpus; errors name the line.
pub fn parse_corpus(text: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: Labelled = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        if Risk::parse(&row.label).is_none() {
            return Err(format!("line {}: label {:?} is not ok, caution or high", i + 1, row.label));
        }
        out.push(row);
    }
    Ok(out)
}

/// Run the checker over a corpus.
pub fn evaluate(checker: &Checker, rows: &[Labelled]) -> EvalResult {
    let mut r = EvalResult::default();
    for row in rows {
        let label = Risk::parse(&row.label).unwrap_or(Risk::Ok);
        let report = checker.check(&row.text);
        r.confusion[idx(label)][idx(report.risk)] += 1;
        let mut missing = Vec::new();
        for c in &row.categories {
            let e = r.categories.entry(c.clone()).or_default();
            e.0 += 1;
            if report.findings.iter().any(|f| Some(f.category) == Category::parse(c)) {
                e.1 += 1;
            } else {
                missing.push(c.clone());
            }
        }
        if report.risk != label || !missing.is_empty() {
            r.misses.push(Miss {
                id: row.id.clone(),
                label,
                got: report.risk,
                missing_categories: missing,
                rules: report.findings.iter().map(|f| format!("{}({})", f.rule, f.severity.as_str())).collect(),
                text: row.text.clone(),
            });
        }
    }
    r
}
