//! Compiled matching: every phrase list in one byte trie, every pattern in a `RegexSet`
//! prefilter plus its own `Regex`, all built once when a `Checker` is made.
//!
//! A check walks the trie from each character start of the lower-cased text (phrases are
//! short, so this is a few steps per character) and makes one pass of each `RegexSet`; only
//! the regexes the set reports are then run to find their spans. Phrases match at word
//! boundaries, so "client" does not fire inside "clientele". A hand-written trie rather than
//! the aho-corasick crate keeps the Wasm ~60 KB smaller; the phrase lists are small enough
//! that the simpler automaton is as fast here.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

/// Parse a pattern (without compiling automata) so an invalid one is reported by name.
fn regex_syntax_check(p: &str, ignore_case: bool, size_limit: usize) -> Result<(), String> {
    // Compiling with a tiny DFA budget is cheap and still runs the full parser and NFA
    // size check; the error text is the regex crate's own.
    RegexBuilder::new(p)
        .case_insensitive(ignore_case)
        .size_limit(size_limit)
        .dfa_size_limit(0)
        .build()
        .map(|_| ())
        .map_err(|e| format!("pattern {p:?}: {e}"))
}

use crate::text::{at_word_bounds, Normalized};

/// Who a pattern belongs to: an index into the caller's list of signals/rules.
pub type Owner = u32;

/// A match on the normalised text (byte offsets into `Normalized::lower`/`cased`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub owner: Owner,
    pub start: usize,
    pub end: usize,
}

/// What a pattern bank is built from, for one owner.
pub struct Source<'a> {
    pub owner: Owner,
    pub phrases: &'a [String],
    /// Regexes on the lower-cased text.
    pub patterns: &'a [String],
    /// Regexes on the case-preserving text.
    pub cased_patterns: &'a [String],
    /// Phrases match the case-preserving text exactly (custom case-sensitive rules).
    pub phrases_cased: bool,
    /// Regexes are compiled case-insensitively (custom rules without `case_sensitive`).
    pub regex_ignore_case: bool,
    /// Phrases must match whole words.
    pub whole_word: bool,
    /// Regex matches must also fall on word boundaries (custom rules' `whole_word`; the
    /// built-in patterns carry their own `\b`).
    pub regex_whole_word: bool,
    /// Read `\b` in patterns as an ASCII word boundary. Unicode `\b` makes the regex crate's
    /// fast DFA give up on any non-ASCII text (one emoji slows a check 40×), so the built-in
    /// patterns, written for English words, use the ASCII boundary; custom rules keep Unicode.
    pub ascii_word_boundary: bool,
}

/// One pattern: compiled on first use (most patterns never match a given post, and the
/// set already proved the source valid), so building a checker compiles only the sets.
struct LazyRegex {
    source: String,
    ignore_case: bool,
    size_limit: usize,
    re: OnceLock<Regex>,
}

impl LazyRegex {
    fn get(&self) -> &Regex {
        self.re.get_or_init(|| {
            RegexBuilder::new(&self.source)
                .case_insensitive(self.ignore_case)
                .size_limit(self.size_limit)
                .build()
                .expect("the same pattern compiled in the set")
        })
    }
}

struct RegexGroup {
    set: RegexSet,
    regexes: Vec<(LazyRegex, Owner, bool)>,
}

impl RegexGroup {
    fn new(items: Vec<(String, Owner, bool, bool, bool)>, size_limit: usize) -> Result<Option<Self>, String> {
        if items.is_empty() {
            return Ok(None);
        }
        let mut regexes = Vec::with_capacity(items.len());
        let mut set_src = Vec::with_capacity(items.len());
        for (p, owner, ignore_case, whole, ascii_b) in items {
            let p = if ascii_b { p.replace("\\b", "(?-u:\\b)") } else { p };
            set_src.push(if ignore_case { format!("(?i:{p})") } else { p.clone() });
            regexes.push((LazyRegex { source: p, ignore_case, size_limit, re: OnceLock::new() }, owner, whole));
        }
        let set = match RegexSetBuilder::new(&set_src).size_limit(size_limit.saturating_mul(8)).build() {
            Ok(set) => set,
            Err(e) => {
                // name the pattern at fault
                for r in &regexes {
                    regex_syntax_check(&r.0.source, r.0.ignore_case, size_limit)?;
                }
                return Err(format!("pattern set: {e}"));
            }
        };
        Ok(Some(RegexGroup { set, regexes }))
    }

    fn run(&self, text: &str, out: &mut Vec<Hit>) {
        for i in self.set.matches(text).iter() {
            let (re, owner, whole) = &self.regexes[i];
            for m in re.get().find_iter(text) {
                if m.start() == m.end() || (*whole && !at_word_bounds(text, m.start(), m.end())) {
                    continue;
                }
                out.push(Hit { owner: *owner, start: m.start(), end: m.end() });
            }
        }
    }
}

/// A byte trie of phrases; `outputs` of a node are the phrases that end there.
struct PhraseGroup {
    /// Root transitions by first byte (u32::MAX = none).
    root: Box<[u32; 256]>,
    /// Per node: sorted (byte, child) edges.
    edges: Vec<Vec<(u8, u32)>>,
    outputs: Vec<Vec<(Owner, bool)>>,
}

impl PhraseGroup {
    fn new(items: Vec<(String, Owner, bool)>) -> Result<Option<Self>, String> {
        if items.is_empty() {
            return Ok(None);
        }
        let mut g = PhraseGroup { root: Box::new([u32::MAX; 256]), edges: vec![vec![]], outputs: vec![vec![]] };
        for (p, owner, whole) in items {
            let mut node = 0usize;
            for &b in p.as_bytes() {
                let next = if node == 0 {
                    g.root[b as usize]
                } else {
                    match g.edges[node].binary_search_by_key(&b, |e| e.0) {
                        Ok(i) => g.edges[node][i].1,
                        Err(_) => u32::MAX,
                    }
                };
                node = if next == u32::MAX {
                    let id = g.edges.len() as u32;
                    g.edges.push(vec![]);
                    g.outputs.push(vec![]);
                    if node == 0 {
                        g.root[b as usize] = id;
                    } else {
                        let i = g.edges[node].partition_point(|e| e.0 < b);
                        g.edges[node].insert(i, (b, id));
                    }
                    id as usize
                } else {
                    next as usize
                };
            }
            if !g.outputs[node].contains(&(owner, whole)) {
                g.outputs[node].push((owner, whole));
            }
        }
        Ok(Some(g))
    }

    fn run(&self, text: &str, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            // only at character starts, and not inside an ASCII word (a whole-word phrase
            // cannot start there, and phrases that start with a symbol start at a symbol)
            if (bytes[start] & 0xC0) == 0x80
                || (start > 0 && bytes[start].is_ascii_alphanumeric() && bytes[start - 1].is_ascii_alphanumeric())
            {
                continue;
            }
            let mut node = self.root[bytes[start] as usize];
            let mut i = start + 1;
            while node != u32::MAX {
                for &(owner, whole) in &self.outputs[node as usize] {
                    if !whole || at_word_bounds(text, start, i) {
                        out.push(Hit { owner, start, end: i });
                    }
                }
                if i >= bytes.len() {
                    break;
                }
                let e = &self.edges[node as usize];
                node = match e.binary_search_by_key(&bytes[i], |x| x.0) {
                    Ok(k) => e[k].1,
                    Err(_) => u32::MAX,
                };
                i += 1;
            }
        }
    }
}

/// Every pattern of a set of owners, compiled.
pub struct PatternBank {
    phrases_lower: Option<PhraseGroup>,
    phrases_cased: Option<PhraseGroup>,
    regex_lower: Option<RegexGroup>,
    regex_cased: Option<RegexGroup>,
}

/// Normalise a phrase the way texts are normalised, so rule files may use curly quotes.
pub fn normalize_phrase(p: &str, cased: bool) -> String {
    let n = Normalized::new(p.trim());
    if cased {
        n.cased
    } else {
        n.lower
    }
}

impl PatternBank {
    /// Compile. `size_limit` bounds each regex's compiled size.
    pub fn new(sources: &[Source<'_>], size_limit: usize) -> Result<PatternBank, String> {
        let (mut pl, mut pc, mut rl, mut rc) = (vec![], vec![], vec![], vec![]);
        for s in sources {
            for p in s.phrases {
                let n = normalize_phrase(p, s.phrases_cased);
                if n.is_empty() {
                    continue;
                }
                if s.phrases_cased {
                    pc.push((n, s.owner, s.whole_word));
                } else {
                    pl.push((n, s.owner, s.whole_word));
                }
            }
            for p in s.patterns {
                rl.push((p.clone(), s.owner, s.regex_ignore_case, s.regex_whole_word, s.ascii_word_boundary));
            }
            for p in s.cased_patterns {
                rc.push((p.clone(), s.owner, s.regex_ignore_case, s.regex_whole_word, s.ascii_word_boundary));
            }
        }
        Ok(PatternBank {
            phrases_lower: PhraseGroup::new(pl)?,
            phrases_cased: PhraseGroup::new(pc)?,
            regex_lower: RegexGroup::new(rl, size_limit)?,
            regex_cased: RegexGroup::new(rc, size_limit)?,
        })
    }

    /// All hits in `n`, in no particular order.
    pub fn find(&self, n: &Normalized, out: &mut Vec<Hit>) {
        if let Some(g) = &self.phrases_lower {
            g.run(&n.lower, out);
        }
        if let Some(g) = &self.phrases_cased {
            g.run(&n.cased, out);
        }
        if let Some(g) = &self.regex_lower {
            g.run(&n.lower, out);
        }
        if let Some(g) = &self.regex_cased {
            g.run(&n.cased, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_respect_word_bounds_and_regexes_run() {
        let phrases = vec!["client".to_string(), "my 2pm".to_string()];
        let pats = vec![r"\b\d{1,2}-year-old\b".to_string()];
        let bank = PatternBank::new(
            &[Source { owner: 7, phrases: &phrases, patterns: &pats, cased_patterns: &[], phrases_cased: false, regex_ignore_case: false, whole_word: true, regex_whole_word: false, ascii_word_boundary: true }],
            1 << 20,
        )
        .unwrap();
        let n = Normalized::new("Clientele aside, my 2pm client is a 34-year-old.");
        let mut hits = vec![];
        bank.find(&n, &mut hits);
        let words: Vec<&str> = hits.iter().map(|h| &n.lower[h.start..h.end]).collect();
        assert!(words.contains(&"my 2pm") && words.contains(&"client") && words.contains(&"34-year-old"));
        assert_eq!(words.iter().filter(|w| **w == "client").count(), 1);
    }
}
