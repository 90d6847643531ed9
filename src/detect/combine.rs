//! The confidentiality combiner: a client anchor ("my 3pm", "a patient of mine") plus
//! narrowing details near it (age, occupation, place, recency, rare event…).
//!
//! One word is not a risk; clinicians write "client" and "depression" all day. What
//! identifies someone is the *sum* of details about one person (the mosaic effect). So the
//! combiner scores each anchor by its own strength plus the weight of each **distinct kind**
//! of detail within a window around it (two ages count once), subtracts a dampening when the
//! post says it is a composite or shared with permission (never below a caution when details
//! remain), and reports the best anchor with every span that contributed as evidence.

use crate::checker::{RawFinding, Signals};
use crate::matcher::Hit;
use crate::report::{Category, Severity, Suggestion};
use crate::rules::{RulePack, Sensitivity};
use crate::text::Normalized;

struct Anchor {
    signal: usize,
    weight: f32,
    before: usize,
    after: usize,
    needs: Option<(usize, usize)>,
    inner_details: bool,
}

pub struct Combiner {
    disabled: bool,
    id: String,
    message: String,
    suggestion: Option<Suggestion>,
    sources: Vec<String>,
    anchors: Vec<Anchor>,
    details: Vec<(usize, f32, String)>,
    dampeners: Vec<usize>,
    dampening: f32,
    generic: Vec<usize>,
    caution_at: f32,
    high_at: f32,
    /// The sensitivity step, also the margin a dampened case needs to stay high.
    step: f32,
    anchor_label: Vec<String>,
}

impl Combiner {
    pub fn new(pack: &RulePack, sensitivity: Sensitivity, disabled: bool) -> Combiner {
        let c = &pack.confidentiality;
        let idx = |n: &str| pack.signals.iter().position(|s| s.name == n).expect("checked by build.rs");
        let shift = match sensitivity {
            Sensitivity::Relaxed => c.sensitivity_step,
            Sensitivity::Balanced => 0.0,
            Sensitivity::Strict => -c.sensitivity_step,
        };
        Combiner {
            disabled,
            id: c.id.clone(),
            message: c.message.clone(),
            suggestion: c.suggestion.clone(),
            sources: c.sources.clone(),
            anchors: c
                .anchors
                .iter()
                .map(|w| Anchor {
                    signal: idx(&w.signal),
                    weight: w.weight,
                    before: w.window_before.unwrap_or(c.window_before),
                    after: w.window_after.unwrap_or(c.window_after),
                    needs: w.needs.as_deref().map(|n| (idx(n), w.needs_window)),
                    inner_details: w.inner_details,
                })
                .collect(),
            details: c
                .details
                .iter()
                .map(|d| {
                    let i = idx(d);
                    (i, pack.signals[i].weight, pack.signals[i].label.clone())
                })
                .collect(),
            dampeners: c.dampeners.iter().map(|d| idx(d)).collect(),
            dampening: c.dampening,
            generic: c.generic.iter().map(|d| idx(d)).collect(),
            caution_at: c.caution_at + shift,
            high_at: c.high_at + shift,
            step: c.sensitivity_step,
            anchor_label: pack.signals.iter().map(|s| s.label.clone()).collect(),
        }
    }

    pub fn run(&self, s: &Signals, n: &Normalized) -> Option<RawFinding> {
        if self.disabled {
            return None;
        }
        // The dampener (if any) applies to the whole post.
        let damp = self.dampeners.iter().filter_map(|&d| s.list(d).first().copied()).last();
        // Score every anchor without allocating; build the finding for the best one only.
        let mut best: Option<Candidate> = None;
        let mut details: Vec<(usize, Hit)> = Vec::with_capacity(self.details.len());
        for anchor in &self.anchors {
            let (ai, before, after) = (anchor.signal, anchor.before, anchor.after);
            for a in s.list(ai) {
                if let Some((need, w)) = anchor.needs {
                    if s.near(need, a.start, a.end, w).is_none() {
                        continue;
                    }
                }
                // "clients often ask", "if a client…": general talk, not one person.
                if self.generic.iter().any(|&g| s.near(g, a.start, a.end, 24).is_some_and(|h| h.start <= a.end)) {
                    continue;
                }
                let lo = a.start.saturating_sub(before);
                let hi = a.end + after;
                let mut score = anchor.weight;
                details.clear();
                for (k, (di, w, _)) in self.details.iter().enumerate() {
                    let list = s.list(*di);
                    // nearest hit of this kind inside the window (details inside a long anchor such as
                    // "the gentleman in bay 4" count too); the list is sorted, so only the window is scanned
                    let from = list.partition_point(|h| h.end <= lo);
                    let h = list[from..]
                        .iter()
                        .take_while(|h| h.start < hi)
                        .filter(|h| (h.start, h.end) != (a.start, a.end))
                        .filter(|h| anchor.inner_details || h.end <= a.start || h.start >= a.end)
                        .min_by_key(|h| h.start.abs_diff(a.start));
                    if let Some(h) = h {
                        score += w;
                        details.push((k, *h));
                    }
                }
                if details.is_empty() {
                    continue;
                }
                if damp.is_some() {
                    score -= self.dampening;
                }
                // A disguised case (composite, consent) is lowered, and stays high only when
                // the details are overwhelming even after the dampening; it is never cleared
                // while details remain.
                let severity = if damp.is_some() {
                    if score >= self.high_at + self.step {
                        Severity::High
                    } else if score + self.dampening >= self.caution_at {
                        Severity::Caution
                    } else {
                        continue;
                    }
                } else if score >= self.high_at {
                    Severity::High
                } else if score >= self.caution_at {
                    Severity::Caution
                } else {
                    continue;
                };
                if best.as_ref().is_none_or(|b| score > b.score) {
                    best = Some(Candidate { score, severity, anchor: *a, anchor_signal: ai, details: details.clone() });
                }
            }
        }
        let b = best?;
        let a = b.anchor;
        let mut evidence = vec![(a.start, a.end, self.anchor_label[b.anchor_signal].clone())];
        let mut listed: Vec<String> = Vec::with_capacity(b.details.len());
        for (k, h) in &b.details {
            let label = &self.details[*k].2;
            listed.push(format!("{label} (“{}”)", &n.cased[h.start..h.end]));
            evidence.push((h.start, h.end, label.clone()));
        }
        if let Some(h) = damp {
            evidence.push((h.start, h.end, "dampener".into()));
        }
        let message = self
            .message
            .replace("{anchor}", &n.cased[a.start..a.end])
            .replace("{details}", &listed.join(", "));
        Some(RawFinding {
            rule: self.id.clone(),
            category: Category::Confidentiality,
            severity: b.severity,
            start: a.start,
            end: a.end,
            message,
            suggestion: self.suggestion.clone(),
            sources: self.sources.clone(),
            evidence,
        })
    }
}

/// The best-scoring anchor so far, kept without allocating labels or messages.
struct Candidate {
    score: f32,
    severity: Severity,
    anchor: Hit,
    anchor_signal: usize,
    details: Vec<(usize, Hit)>,
}
