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
/// Never identifiers: whether a number or a date is an identifier is the rules' work (formats,
/// checksums), which n-grams cannot check ("SSN 078-05-1120" and an invalid number read alike).
pub const LEARNED_IDS: [&str; 6] = [
    "learned.confidentiality",
    "learned.boundaries",
    "learned.professionalism",
    "learned.stigma",
    "learned.self_disclosure",
    "learned.safe_messaging",
];

/// The title of a learned finding's rule, for lists of rules and the card.
pub fn learned_title(c: Category) -> String {
    let what = match c {
        Category::Confidentiality | Category::Identifiers => "may identify a client",
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

/// The model's reading of a post: how likely it is to be flagged at all, and its finding
/// when that passes the sensitivity's thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The flag head's probability on the most alarming unit.
    pub flag_probability: f32,
    pub verdict: Option<Verdict>,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// At most this many words are reported as the reason for a flag.
const MAX_WORDS: usize = 6;

/// Prefix sums of every head's weights over the tokens, split by feature group: any head's
/// score on any span costs two subtractions, and a token's own share is the difference of
/// neighbours. One pass over the features reads each table row (all heads side by side) once.
struct Sums {
    heads: usize,
    /// `word[k * heads + h]`, `chars[k * heads + h]`: head `h`'s sums over tokens `0..k`.
    word: Vec<f32>,
    chars: Vec<f32>,
}

impl Sums {
    fn new(m: &Model, f: &features::Featured) -> Sums {
        let heads = m.heads.len();
        let n = (f.tokens.len() + 1) * heads;
        let (mut word, mut chars) = (vec![0f32; n], vec![0f32; n]);
        for (k, t) in f.tokens.iter().enumerate() {
            let (at, next) = (k * heads, (k + 1) * heads);
            word.copy_within(at..next, next);
            chars.copy_within(at..next, next);
            m.add_row(t.word, &mut word[next..next + heads]);
            if t.pair != 0 {
                m.add_row(t.pair, &mut word[next..next + heads]);
            }
            for &c in f.chars_of(k) {
                m.add_row(c, &mut chars[next..next + heads]);
            }
        }
        Sums { heads, word, chars }
    }

    /// Head `h`'s (word, char) weight sums over tokens `a..b`.
    fn span(&self, h: usize, a: usize, b: usize) -> (f32, f32) {
        let (i, j) = (a * self.heads + h, b * self.heads + h);
        (self.word[j] - self.word[i], self.chars[j] - self.chars[i])
    }
}

/// A post's features with the sums and counts that score any span.
struct Scored<'m> {
    model: &'m Model,
    f: features::Featured,
    sums: Sums,
    counts: Counts,
}

impl<'m> Scored<'m> {
    fn new(model: &'m Model, n: &Normalized) -> Scored<'m> {
        let f = features::featurize(n);
        let sums = Sums::new(model, &f);
        let counts = Counts::new(&f);
        Scored { model, f, sums, counts }
    }

    /// Head `h`'s logit on tokens `a..b`.
    fn logit(&self, h: usize, a: usize, b: usize) -> f32 {
        let (iw, ic) = self.counts.norms(a, b);
        let (w, c) = self.sums.span(h, a, b);
        let head = &self.model.heads[h];
        head.bias + head.scale * (w * iw + c * ic)
    }

    /// Head `h`'s logit on a unit as it competes to decide: a window less the model's window
    /// offset, the whole post as it is.
    fn unit_logit(&self, h: usize, (a, b): (usize, usize)) -> f32 {
        let whole = a == 0 && b == self.f.tokens.len();
        self.logit(h, a, b) - if whole { 0.0 } else { self.model.window_offset }
    }

    /// Token `k`'s exact share of head `h`'s logit on the unit `a..b` that holds it.
    fn share(&self, h: usize, k: usize, (a, b): (usize, usize)) -> f32 {
        let (iw, ic) = self.counts.norms(a, b);
        let (w, c) = self.sums.span(h, k, k + 1);
        self.model.heads[h].scale * (w * iw + c * ic)
    }

    /// The most alarming unit for head `h`: its logit and span.
    fn best(&self, h: usize) -> Option<(f32, (usize, usize))> {
        self.f.units.iter().filter(|(a, b)| b > a).map(|&u| (self.unit_logit(h, u), u)).max_by(|x, y| x.0.total_cmp(&y.0))
    }
}

impl Model {
    /// Add the table row of feature `f` (every head's weight) to `acc`.
    #[inline]
    fn add_row(&self, f: u32, acc: &mut [f32]) {
        let n = self.heads.len();
        let at = (f & self.mask) as usize * n;
        for (a, &w) in acc.iter_mut().zip(&self.table[at..at + n]) {
            *a += w as i8 as f32;
        }
    }

    /// The flag probability under which a rule's caution marked `model_may_clear` is withdrawn
    /// (never at the strict sensitivity).
    pub fn clears_below(&self, sensitivity: Sensitivity) -> f32 {
        if sensitivity == Sensitivity::Strict {
            0.0
        } else {
            self.clear_below
        }
    }

    /// Score a normalised post: its flag probability, and its finding if any.
    pub fn assess(&self, n: &Normalized, sensitivity: Sensitivity) -> Option<Assessment> {
        let (flag, high) = (self.head("flag")?, self.head("high")?);
        let s = Scored::new(self, n);
        if s.f.tokens.is_empty() {
            return Some(Assessment { flag_probability: 0.0, verdict: None });
        }
        let th = self.thresholds(sensitivity);
        let (top_high, top_flag) = (s.best(high)?, s.best(flag)?);
        let flag_probability = sigmoid(top_flag.0);
        let (severity, (z, unit), head) = if sigmoid(top_high.0) >= th.high {
            (Severity::High, top_high, high)
        } else if flag_probability >= th.flag {
            (Severity::Caution, top_flag, flag)
        } else {
            return Some(Assessment { flag_probability, verdict: None });
        };
        let (a, b) = unit;
        // the category: the category heads on the deciding unit only (identifiers are the
        // rules' to name: see LEARNED_IDS; a post like those is read as confidentiality)
        let category = self
            .heads
            .iter()
            .enumerate()
            .filter_map(|(h, hd)| hd.category.filter(|&c| c != Category::Identifiers).map(|c| (c, s.logit(h, a, b))))
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .map(|(c, _)| c)
            .unwrap_or(Category::Confidentiality);
        // each word's exact share of the deciding head's score in this unit
        let mut contrib: Vec<(f32, usize)> = (a..b).map(|k| (s.share(head, k, unit), k)).filter(|(c, _)| *c > 0.0).collect();
        contrib.sort_by(|x, y| y.0.total_cmp(&x.0));
        let strongest = contrib.first().map_or(0.0, |c| c.0);
        let words = contrib
            .iter()
            .take(MAX_WORDS)
            .filter(|(c, _)| *c >= strongest * 0.25)
            .map(|&(_, k)| (s.f.tokens[k].start, s.f.tokens[k].end))
            .collect();
        let verdict = Verdict { severity, category, probability: sigmoid(z), start: s.f.tokens[a].start, end: s.f.tokens[b - 1].end, words };
        Some(Assessment { flag_probability, verdict: Some(verdict) })
    }

    /// The named head's probability for the most alarming unit of the post (for evaluation
    /// and for the test that holds the core to the training script's numbers).
    pub fn probability(&self, n: &Normalized, head: &str) -> Option<f32> {
        let h = self.head(head)?;
        let s = Scored::new(self, n);
        s.f.units.iter().map(|&u| s.unit_logit(h, u)).max_by(f32::total_cmp).map(sigmoid)
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
