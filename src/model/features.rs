//! What the learned scorer sees of a post: tokens, hashed n-gram features per token, and the
//! sentence windows it scores besides the whole post.
//!
//! This is the one definition of the features. The training script (`model/train.py`) does
//! not re-implement it: it reads the features that `insession features` prints from this
//! module, so training and the shipped scorer can never disagree about what a post contains.
//!
//! - Tokens are runs of letters and digits in the normalised, lower-cased text (an apostrophe
//!   inside a word is dropped: "y'all" → "yall"; a `.`, `,`, `:` or `/` between digits is
//!   kept: "3:30pm"), digits read as `0` ("34" → "00", "3:30pm" → "0:00pm"), and each emoji
//!   or pictograph on its own.
//! - Word features: each token, and each pair of neighbouring tokens within a sentence.
//! - Character features: the 3-, 4- and 5-letter pieces of each word with its edges marked
//!   (" nurse " → " nu", "nur", …), which carry spelling variants and inflections.
//! - Every feature is a 32-bit hash of its kind and text; the model folds it into its table.

use crate::text::Normalized;

/// One token: its span in the normalised text and its features.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// The token's own word feature.
    pub word: u32,
    /// The pair feature with the previous token of the same sentence (0: none).
    pub pair: u32,
    /// Its character features: `Featured::chars[chars.0..chars.1]`.
    pub chars: (u32, u32),
    /// Index of the sentence the token belongs to.
    pub sentence: u32,
}

/// A post as the scorer sees it.
#[derive(Debug, Clone, Default)]
pub struct Featured {
    pub tokens: Vec<Token>,
    /// Every token's character features, one after another.
    pub chars: Vec<u32>,
    /// Token ranges `[a, b)` the model scores: the whole post (unless it is longer than
    /// [`MAX_WHOLE_TOKENS`]) and windows of [`WINDOW_SENTENCES`] sentences (when it has at least
    /// three sentences).
    pub units: Vec<(usize, usize)>,
}

impl Featured {
    /// The character features of token `k`.
    pub fn chars_of(&self, k: usize) -> &[u32] {
        let (a, b) = self.tokens[k].chars;
        &self.chars[a as usize..b as usize]
    }
}

/// Longest token text hashed (longer tokens are cut: a URL or a run of digits says no more).
const MAX_TOKEN_CHARS: usize = 24;
/// A window is this many consecutive sentences.
pub const WINDOW_SENTENCES: usize = 2;
/// Posts with at most this many sentences are scored whole only.
const MIN_SENTENCES_FOR_WINDOWS: usize = 3;
/// A post longer than this is scored by its windows only (as long as the longest posts the
/// model was trained on: a span's score is a sum over √(its features), so it must not be
/// read on spans much longer than it learned from).
pub const MAX_WHOLE_TOKENS: usize = 400;
/// A sentence longer than this is read as several (a wall of text with no full stops).
const MAX_SENTENCE_TOKENS: usize = 60;

const FNV_START: u32 = 0x811c_9dc5;

#[inline]
fn fnv(mut h: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The murmur3 finaliser, so that folding a hash into a table by its low bits spreads evenly.
#[inline]
fn finish(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// 32-bit FNV-1a of a feature's kind and text, finished with a mixer.
pub fn hash(kind: u8, text: &[u8]) -> u32 {
    finish(fnv(fnv(FNV_START, &[kind]), text))
}

fn is_pictograph(c: char) -> bool {
    let u = c as u32;
    (0x2190..=0x2bff).contains(&u) || (0x1f000..=0x1faff).contains(&u) || (0x2600..=0x27bf).contains(&u)
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\n' | '…')
}

/// Split the normalised text into tokens with their features, and sentence windows.
/// Linear in the text, with no allocation per token.
pub fn featurize(n: &Normalized) -> Featured {
    let t = n.lower.as_str();
    let mut f = Featured { tokens: Vec::with_capacity(t.len() / 5), chars: Vec::with_capacity(t.len() * 3), units: Vec::new() };
    let mut sentence: u32 = 0;
    let mut pending_break = false;
    // the current and the previous token's text ("shape": digits read as 0)
    let mut word: Vec<u8> = Vec::with_capacity(64);
    let mut prev: Vec<u8> = Vec::with_capacity(64);
    let mut has_prev = false;
    let mut scratch: Vec<u8> = Vec::with_capacity(72);
    let mut bounds: Vec<usize> = Vec::with_capacity(32);
    let mut chars = t.char_indices().peekable();
    let mut in_sentence = 0usize;
    while let Some((i, c)) = chars.next() {
        let pictograph = !c.is_alphanumeric() && is_pictograph(c);
        if c.is_alphanumeric() || pictograph {
            if pending_break || in_sentence == MAX_SENTENCE_TOKENS {
                sentence += u32::from(!f.tokens.is_empty());
                has_prev = false;
                pending_break = false;
                in_sentence = 0;
            }
            in_sentence += 1;
        } else if ends_sentence(c) && !f.tokens.is_empty() {
            // "3.5" and "e.g." do not end a sentence: only a mark followed by a space or the end
            let next = chars.peek().map(|&(_, d)| d);
            if c == '\n' || next.is_none_or(|d| d.is_whitespace() || ends_sentence(d) || d == '"' || d == ')') {
                pending_break = true;
            }
            continue;
        } else {
            continue;
        }
        word.clear();
        let mut end = i + c.len_utf8();
        let mut n_chars = 1usize;
        push_shape(&mut word, c);
        if !pictograph {
            // a word: alphanumerics, an apostrophe inside it dropped, `.,:/` between digits kept
            while let Some(&(j, d)) = chars.peek() {
                let take = if d.is_alphanumeric() {
                    true
                } else if d == '\'' || (matches!(d, '.' | ',' | ':' | '/') && word.last() == Some(&b'0')) {
                    let mut ahead = chars.clone();
                    ahead.next();
                    let next = ahead.peek().map(|&(_, e)| e);
                    if d == '\'' && next.is_some_and(char::is_alphanumeric) {
                        chars.next();
                        continue;
                    }
                    d != '\'' && next.is_some_and(char::is_numeric)
                } else {
                    false
                };
                if !take {
                    break;
                }
                if n_chars < MAX_TOKEN_CHARS {
                    push_shape(&mut word, d);
                    n_chars += 1;
                }
                end = j + d.len_utf8();
                chars.next();
            }
        }
        let wh = hash(b'w', &word);
        let pair = if has_prev { finish(fnv(fnv(fnv(fnv(FNV_START, b"b"), &prev), b" "), &word)) } else { 0 };
        // character pieces of " word ": 3, 4 and 5 characters from each start
        let from = f.chars.len() as u32;
        if n_chars > 1 {
            scratch.clear();
            scratch.push(b' ');
            scratch.extend_from_slice(&word);
            scratch.push(b' ');
            bounds.clear();
            bounds.extend((0..scratch.len()).filter(|&k| (scratch[k] & 0xC0) != 0x80));
            bounds.push(scratch.len());
            let nc = bounds.len() - 1;
            for a in 0..nc.saturating_sub(2) {
                let mut h = fnv(FNV_START, b"c");
                h = fnv(h, &scratch[bounds[a]..bounds[a + 2]]);
                for len in 3..=5 {
                    if a + len > nc {
                        break;
                    }
                    h = fnv(h, &scratch[bounds[a + len - 1]..bounds[a + len]]);
                    f.chars.push(finish(h));
                }
            }
        }
        f.tokens.push(Token { start: i, end, word: wh, pair, chars: (from, f.chars.len() as u32), sentence });
        std::mem::swap(&mut word, &mut prev);
        has_prev = true;
    }
    f.units = units(&f.tokens);
    f
}

/// The whole post (when not too long) and the windows of consecutive sentences.
fn units(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut units = Vec::new();
    if tokens.len() <= MAX_WHOLE_TOKENS {
        units.push((0, tokens.len()));
    }
    let n_sent = tokens.last().map_or(0, |t| t.sentence as usize + 1);
    if n_sent >= MIN_SENTENCES_FOR_WINDOWS {
        // token index where each sentence starts
        let mut starts = Vec::with_capacity(n_sent + 1);
        for (k, tok) in tokens.iter().enumerate() {
            if k == 0 || tok.sentence != tokens[k - 1].sentence {
                starts.push(k);
            }
        }
        starts.push(tokens.len());
        for a in 0..=n_sent - WINDOW_SENTENCES {
            units.push((starts[a], starts[(a + WINDOW_SENTENCES).min(n_sent)]));
        }
    }
    units
}

fn push_shape(out: &mut Vec<u8>, c: char) {
    let c = if c.is_numeric() { '0' } else { c };
    let mut s = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut s).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        let n = Normalized::new(s);
        featurize(&n).tokens.iter().map(|t| n.lower[t.start..t.end].to_string()).collect()
    }

    #[test]
    fn tokens_and_sentences() {
        assert_eq!(words("Y'all are FAKING 🙄 at 3:30pm."), ["y'all", "are", "faking", "🙄", "at", "3:30pm"]);
        let n = Normalized::new("One. Two three! Four 3.5 five\nSix");
        let f = featurize(&n);
        let sents: Vec<u32> = f.tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(sents, [0, 1, 1, 2, 2, 2, 3]);
        // a pair never crosses a sentence break
        assert!(f.tokens[1].pair == 0 && f.tokens[2].pair != 0);
        assert_eq!(f.units, [(0, 7), (0, 3), (1, 6), (3, 7)]);
    }

    #[test]
    fn digits_share_a_shape() {
        let a = featurize(&Normalized::new("aged 34"));
        let b = featurize(&Normalized::new("aged 71"));
        assert_eq!(a.tokens[1].word, b.tokens[1].word);
        assert_eq!(a.chars_of(1), b.chars_of(1));
        // " 00 " gives 2 three-letter pieces and 1 four-letter piece
        assert_eq!(a.chars_of(1).len(), 3);
    }

    #[test]
    fn short_posts_are_one_unit_and_long_ones_windows_only() {
        assert_eq!(featurize(&Normalized::new("Just one sentence. And two.")).units, [(0, 5)]);
        let empty = featurize(&Normalized::new(""));
        assert!(empty.tokens.is_empty() && empty.units == [(0, 0)]);
        let long = featurize(&Normalized::new(&"word ".repeat(1000)));
        // a wall of words is cut into sentences; no unit is longer than two of them
        assert!(long.units.iter().all(|&(a, b)| b - a <= 2 * MAX_SENTENCE_TOKENS), "{:?}", long.units);
        assert_eq!(long.units.last(), Some(&(900, 1000)));
    }
}
