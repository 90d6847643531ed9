//! The learned scorer: a linear model over hashed word and character n-grams, trained on
//! the labelled corpus (`corpus/`, `model/train.py`), that judges a post the way the corpus'
//! writers and regulators do, beside the rules.
//!
//! Why a linear model: at a few thousand labelled posts it ranked unseen posts as well as
//! frozen sentence embeddings at 1/100 of the size and time (`model/README.md` has the
//! figures), and its per-word contributions are exact, so every flag can show the words that
//! raised it.
//!
//! A post is scored whole and in windows of [`features::WINDOW_SENTENCES`] sentences, so a
//! risky sentence buried in a long harmless post still stands out. Each head's score of a
//! span is `bias + scale · (Σ word weights / √(word features) + Σ char weights / √(char
//! features))`: additive per token, so windows and contributions cost one pass.

mod cards;
pub mod features;
mod format;

pub use cards::{card, Card};
pub use format::{Model, ModelError};

use crate::report::{Category, Severity};
use crate::rules::Sensitivity;
use crate::text::Normalized;

/// The model that ships with the extension and the CLI (written by `model/train.py`).
pub static EMBEDDED: &[u8] = include_bytes!("../../model/insession.model");

/// The rule ids of the learned scorer's findings, one per category (a clinician can turn
/// each off like any built-in rule).
pub const LEARNED_IDS: [&str; 7] = [
    "learned.confidentiality",
    "learned.identifiers",
    "learned.boundaries",
    "learned.professionalism",
    "learned.stigma",
    "learned.self_disclosure",
    "learned.safe_messaging",
];

/// The title of a learned finding's rule, for lists of rules and the card.
pub fn learned_title(c: Category) -> String {
    let what = match c {
        Category::Confidentiality => "may identify a client",
        Category::Identifiers => "identifying details",
        Category::Boundaries => "crosses a professional boundary",
        Category::Professionalism => "unprofessional about patients or work",
        Category::Stigma => "stigmatising language",
        Category::SelfDisclosure => "personal disclosure",
        Category::SafeMessaging => "unsafe messaging about suicide",
    };
    format!("Like known breaches: {what}")
}

/// What the learned scorer says about a post.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub severity: Severity,
    /// The category the model finds most likely for this post.
    pub category: Category,
    /// Probability (0–1) from the deciding head: "high" for high, "flag" for caution.
    pub probability: f32,
    /// The scored span that decided it (normalised-text bytes).
    pub start: usize,
    pub end: usize,
    /// The words that raised it most, strongest first: normalised-text byte spans.
    pub words: Vec<(usize, usize)>,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// At most this many words are reported as the reason for a flag.
const MAX_WORDS: usize = 6;

/// Per-token sums of one head's weights, split by feature group, with prefix sums so any
/// span's score costs two subtractions.
struct HeadSums {
    /// `word[k]`, `chars[k]`: the sums over tokens `0..k` (length tokens + 1).
    word: Vec<f32>,
    chars: Vec<f32>,
}

impl Model {
    fn head_sums(&self, f: &features::Featured, head: usize) -> HeadSums {
        let nt = f.tokens.len();
        let mut word = Vec::with_capacity(nt + 1);
        let mut chars = Vec::with_capacity(nt + 1);
        let (mut sw, mut sc) = (0f32, 0f32);
        word.push(0.0);
        chars.push(0.0);
        for (k, t) in f.tokens.iter().enumerate() {
            sw += self.weight(t.word, head);
            if t.pair != 0 {
                sw += self.weight(t.pair, head);
            }
            for &c in f.chars_of(k) {
                sc += self.weight(c, head);
            }
            word.push(sw);
            chars.push(sc);
        }
        HeadSums { word, chars }
    }

    /// Score a normalised post; `None` when the model flags nothing at this sensitivity.
    pub fn judge(&self, n: &Normalized, sensitivity: Sensitivity) -> Option<Verdict> {
        let f = features::featurize(n);
        if f.tokens.is_empty() {
            return None;
        }
        let counts = Counts::new(&f);
        let (flag, high) = (self.head("flag")?, self.head("high")?);
        let sums = [self.head_sums(&f, flag), self.head_sums(&f, high)];
        let logit = |s: &HeadSums, h: usize, (a, b): (usize, usize)| {
            let (iw, ic) = counts.norms(a, b);
            self.heads[h].bias + self.heads[h].scale * ((s.word[b] - s.word[a]) * iw + (s.chars[b] - s.chars[a]) * ic)
        };
        // the most alarming unit decides
        let best = |i: usize, h: usize| {
            f.units
                .iter()
                .filter(|(a, b)| b > a)
                .map(|&u| (logit(&sums[i], h, u), u))
                .max_by(|x, y| x.0.total_cmp(&y.0))
        };
        let th = self.thresholds(sensitivity);
        let (top_high, top_flag) = (best(1, high)?, best(0, flag)?);
        let (severity, (z, unit), head) = if sigmoid(top_high.0) >= th.high {
            (Severity::High, top_high, high)
        } else if sigmoid(top_flag.0) >= th.flag {
            (Severity::Caution, top_flag, flag)
        } else {
            return None;
        };
        let (a, b) = unit;
        let (iw, ic) = counts.norms(a, b);
        // the category: the category heads on the deciding unit only
        let category = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(h, hd)| hd.category.map(|c| (c, h)))
            .map(|(c, h)| (c, self.span_logit(&f, h, a, b, iw, ic)))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .map(|(c, _)| c)
            .unwrap_or(Category::Confidentiality);
        // each word's exact share of the deciding head's score in this unit
        let scale = self.heads[head].scale;
        let mut contrib: Vec<(f32, usize)> = (a..b)
            .map(|k| {
                let t = &f.tokens[k];
                let mut w = self.weight(t.word, head);
                if t.pair != 0 {
                    w += self.weight(t.pair, head);
                }
                let c: f32 = f.chars_of(k).iter().map(|&c| self.weight(c, head)).sum();
                (scale * (w * iw + c * ic), k)
            })
            .filter(|(c, _)| *c > 0.0)
            .collect();
        contrib.sort_by(|x, y| y.0.total_cmp(&x.0));
        let strongest = contrib.first().map_or(0.0, |c| c.0);
        let words = contrib
            .iter()
            .take(MAX_WORDS)
            .filter(|(c, _)| *c >= strongest * 0.25)
            .map(|&(_, k)| (f.tokens[k].start, f.tokens[k].end))
            .collect();
        Some(Verdict { severity, category, probability: sigmoid(z), start: f.tokens[a].start, end: f.tokens[b - 1].end, words })
    }

    fn span_logit(&self, f: &features::Featured, h: usize, a: usize, b: usize, iw: f32, ic: f32) -> f32 {
        let (mut sw, mut sc) = (0f32, 0f32);
        for k in a..b {
            let t = &f.tokens[k];
            sw += self.weight(t.word, h);
            if t.pair != 0 {
                sw += self.weight(t.pair, h);
            }
            sc += f.chars_of(k).iter().map(|&c| self.weight(c, h)).sum::<f32>();
        }
        self.heads[h].bias + self.heads[h].scale * (sw * iw + sc * ic)
    }

    /// The named head's probability for the most alarming unit of the post (for evaluation
    /// and for the test that holds the core to the training script's numbers).
    pub fn probability(&self, n: &Normalized, head: &str) -> Option<f32> {
        let h = self.head(head)?;
        let f = features::featurize(n);
        let counts = Counts::new(&f);
        f.units
            .iter()
            .map(|&(a, b)| {
                let (iw, ic) = counts.norms(a, b);
                self.span_logit(&f, h, a, b, iw, ic)
            })
            .max_by(f32::total_cmp)
            .map(sigmoid)
    }
}

/// Prefix counts of word and character features, for each unit's normalisation.
struct Counts {
    word: Vec<u32>,
    chars: Vec<u32>,
}

impl Counts {
    fn new(f: &features::Featured) -> Counts {
        let mut word = vec![0u32];
        let mut chars = vec![0u32];
        for t in &f.tokens {
            word.push(word.last().unwrap() + 1 + u32::from(t.pair != 0));
            chars.push(chars.last().unwrap() + (t.chars.1 - t.chars.0));
        }
        Counts { word, chars }
    }

    /// `1/√(word features)` and `1/√(char features)` of tokens `a..b`.
    fn norms(&self, a: usize, b: usize) -> (f32, f32) {
        (inv_sqrt(self.word[b] - self.word[a]), inv_sqrt(self.chars[b] - self.chars[a]))
    }
}

fn inv_sqrt(n: u32) -> f32 {
    if n == 0 {
        0.0
    } else {
        1.0 / (n as f32).sqrt()
    }
}
