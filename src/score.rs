//! From findings to one verdict: the overall risk is the most severe finding; the score
//! (0–100) weighs severity by how seriously regulators treat each category (Greysen et al.
//! 2013: confidentiality and patient identifiers above derogatory speech above stigma).

use crate::report::{Category, Finding, Risk, Severity};

fn weight(c: Category) -> f32 {
    match c {
        Category::Identifiers => 1.2,
        Category::Confidentiality => 1.0,
        Category::Boundaries => 1.0,
        Category::Professionalism => 0.8,
        Category::SafeMessaging => 0.7,
        Category::Stigma => 0.5,
        Category::SelfDisclosure => 0.5,
    }
}

/// Overall risk and score of a set of findings.
pub fn rate(findings: &[Finding]) -> (Risk, u32) {
    let risk = findings.iter().map(|f| Risk::from(f.severity)).max().unwrap_or(Risk::Ok);
    let sum: f32 = findings
        .iter()
        .map(|f| {
            let base = match f.severity {
                Severity::High => 50.0,
                Severity::Caution => 20.0,
            };
            base * weight(f.category)
        })
        .sum();
    (risk, sum.round().min(100.0) as u32)
}
