//! The private client watch list: names, nicknames, initials and @handles a clinician never
//! wants to publish, kept only as salted SHA-256 hashes of normalised token sequences.
//!
//! Normalisation makes "Siobhán O'Neill", "siobhan o'neill" and "@siobhan_oneill" the same:
//! accents are stripped, apostrophes inside words vanish, and any other non-alphanumeric
//! character separates tokens. An entry is stored as the hash of its tokens joined by a space
//! and of its tokens run together, so "@siobhanoneill" matches too. A post is checked by
//! hashing every run of one to [`MAX_TOKENS`] consecutive tokens.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use crate::text::strip_accent;

/// Longest entry, in tokens, that the watch list matches.
pub const MAX_TOKENS: usize = 4;

/// Tokens of `s` with their byte spans in `s`.
pub fn tokens(s: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut last_end = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_alnum = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() {
            if cur.is_empty() {
                start = i;
            }
            cur.extend(c.to_lowercase().map(strip_accent));
            last_end = i + c.len_utf8();
        } else if matches!(c, '\'' | '\u{2019}') && !cur.is_empty() && next_alnum {
            // o'neill → oneill
        } else if !cur.is_empty() {
            out.push((std::mem::take(&mut cur), start, last_end));
        }
    }
    if !cur.is_empty() {
        out.push((cur, start, last_end));
    }
    out
}

fn hash(salt: &str, normalized: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(b":");
    h.update(normalized.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The hashes to store for one entry (empty when it has no letters or digits, or more than
/// [`MAX_TOKENS`] tokens).
pub fn entry_hashes(salt: &str, entry: &str) -> Vec<String> {
    let t: Vec<String> = tokens(entry).into_iter().map(|t| t.0).collect();
    if t.is_empty() || t.len() > MAX_TOKENS {
        return vec![];
    }
    let mut out = vec![hash(salt, &t.join(" "))];
    if t.len() > 1 {
        out.push(hash(salt, &t.concat()));
    }
    out
}

/// A compiled watch list.
pub struct WatchList {
    salt: String,
    hashes: HashSet<String>,
}

impl WatchList {
    pub fn new(salt: &str, hashes: &[String]) -> Self {
        WatchList { salt: salt.to_string(), hashes: hashes.iter().map(|h| h.to_ascii_lowercase()).collect() }
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Byte spans in `text` of token runs on the list (longest run first at each start).
    pub fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let toks = tokens(text);
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut matched = 0;
            for n in (1..=MAX_TOKENS.min(toks.len() - i)).rev() {
                let joined = toks[i..i + n].iter().map(|t| t.0.as_str()).collect::<Vec<_>>().join(" ");
                if self.hashes.contains(&hash(&self.salt, &joined)) {
                    out.push((toks[i].1, toks[i + n - 1].2));
                    matched = n;
                    break;
                }
            }
            i += matched.max(1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_variants_match_and_others_do_not() {
        let salt = "a1b2c3";
        let wl = WatchList::new(salt, &entry_hashes(salt, "Siobhán O'Neill"));
        for post in ["Thinking of siobhan o'neill today", "go @siobhan_oneill!", "@siobhanoneill won", "SIOBHAN ONEILL"] {
            assert_eq!(wl.find(post).len(), 1, "{post}");
        }
        assert!(wl.find("Siobhan Murphy and Mary O'Neill").is_empty());
        let other_salt = WatchList::new("ffff", &entry_hashes(salt, "Siobhán O'Neill"));
        assert!(other_salt.find("siobhan o'neill").is_empty());
    }

    #[test]
    fn span_covers_the_name() {
        let wl = WatchList::new("00", &entry_hashes("00", "M.O."));
        let t = "Grateful to M.O. for sharing";
        let spans = wl.find(t);
        assert_eq!(&t[spans[0].0..spans[0].1], "M.O");
    }
}
