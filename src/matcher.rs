//! Compiled matching: phrase lists and the literals that gate the patterns in Aho-Corasick
//! automata, patterns compiled on first use; set up once when a `Checker` is made.
//!
//! Phrases: one pass of an automaton (a dense table over byte classes, a few instructions
//! per byte) finds every phrase occurrence in the lower-cased text; one counts where the
//! phrase could start a word, and for whole-word phrases ends one, so "client" does not fire
//! inside "clientele". Hand-written rather than the aho-corasick crate, to keep the Wasm small.
//!
//! Patterns: `build.rs` finds for each built-in pattern a set of literals one of which every
//! match contains, and how far a match can reach around it. One automaton pass over the
//! lower-cased text finds where those literals occur; a pattern runs only there: with an
//! anchored search at each occurrence when every match starts with its literal, else over the
//! windows around the occurrences that could hold a match (merged when close). Nothing else
//! can hold a match, so the prefilter changes speed only, never results (`tests/engines.rs`
//! compares with plain searches over the whole text). A pattern without such a set (and every
//! custom regex) runs over the whole text.
//!
//! Engines: custom (user) regexes use `regex-lite` everywhere, so the options-page tester,
//! the CLI and the extension agree exactly. Built-in patterns use the `regex` crate's engine
//! natively (fast) and `regex-lite` in the Wasm (small); both compile the pattern's
//! ASCII-canonical form (`src/pattern.rs`), on which the two engines agree (`tests/engines.rs`
//! checks every built-in pattern).

use std::sync::OnceLock;

use crate::json::quoted;
use crate::pack;
use crate::pattern::ascii_canonical;
use crate::text::{at_word_bounds, Normalized};

/// Who a pattern belongs to: an index into the caller's list of signals/rules.
pub type Owner = u32;

/// How a phrase occurrence must end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    /// Anywhere (custom rules without `whole_word`).
    Anywhere,
    /// At the end of a word: "client" does not fire inside "clientele".
    Word,
    /// A stem: the phrase starts a word and the hit runs to the end of that word, so one
    /// entry covers the inflections ("fuck*" → fucked, fucking, fuckers). Built-in phrases
    /// ending in a letter or digit and `*` are stems.
    Stem,
}

/// A built-in phrase's stem, if it is one: `fuck*` → `fuck` (but `f***` is a literal).
pub fn stem(p: &str) -> Option<&str> {
    let s = p.strip_suffix('*')?;
    s.chars().next_back().filter(|c| c.is_alphanumeric()).map(|_| s)
}

/// Where the word that contains byte `i` ends (or `i` when no word character follows).
fn word_end(text: &str, i: usize) -> usize {
    text[i..].char_indices().find(|&(_, c)| !crate::text::is_word_char(c)).map_or(text.len(), |(k, _)| i + k)
}

/// Whether the occurrence `[start, end)` counts as `ends` asks, and where its hit ends.
fn occurrence(text: &str, start: usize, end: usize, ends: Ends) -> Option<usize> {
    match ends {
        Ends::Anywhere => Some(end),
        Ends::Word => at_word_bounds(text, start, end).then_some(end),
        Ends::Stem => {
            let inside = |c: Option<char>| c.is_some_and(crate::text::is_word_char);
            let glued = inside(text[..start].chars().next_back()) && inside(text[start..].chars().next());
            (!glued).then(|| word_end(text, end))
        }
    }
}

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
    /// Regexes are compiled case-insensitively (custom rules without `case_sensitive`;
    /// regex-lite folds ASCII letters only).
    pub regex_ignore_case: bool,
    /// Phrases must match whole words.
    pub whole_word: bool,
    /// Regex matches must also fall on word boundaries (custom rules' `whole_word`; the
    /// built-in patterns carry their own `\b`).
    pub regex_whole_word: bool,
    /// Built-in patterns: compiled in their canonical form (`\b`, `\d`, `\w` ASCII, `\s`
    /// Unicode whitespace, see `src/pattern.rs`) with the engine of the platform, gated by
    /// the literals the build found. Otherwise (custom rules) a pattern is compiled as written
    /// with `regex-lite`, whose classes, boundaries and case folding are ASCII.
    pub ascii_word_boundary: bool,
}

/// A compiled regex of either engine.
enum Engine {
    /// `regex`'s own engine (regex-automata's meta regex), for built-in patterns natively.
    #[cfg(not(target_arch = "wasm32"))]
    Fast(regex_automata::meta::Regex),
    Lite(regex_lite::Regex),
}

impl Engine {
    /// A built-in pattern (already canonical): the fast engine natively unless `lite`, and
    /// `regex-lite` in the Wasm.
    fn builtin(p: &str, size_limit: usize, lite: bool) -> Result<Engine, String> {
        #[cfg(not(target_arch = "wasm32"))]
        if !lite {
            use regex_automata::meta::Regex;
            let config = Regex::config().nfa_size_limit(Some(size_limit)).onepass_size_limit(Some(size_limit));
            return Regex::builder().configure(config).build(p).map(Engine::Fast).map_err(|e| format!("pattern {}: {e}", quoted(p)));
        }
        let _ = lite;
        regex_lite::RegexBuilder::new(p).size_limit(size_limit).build().map(Engine::Lite).map_err(|e| format!("pattern {}: {e}", quoted(p)))
    }

    /// A custom rule's regex: `regex-lite` on every platform.
    fn user(p: &str, ignore_case: bool, size_limit: usize) -> Result<Engine, String> {
        regex_lite::RegexBuilder::new(p)
            .case_insensitive(ignore_case)
            .size_limit(size_limit)
            .nest_limit(64)
            .build()
            .map(Engine::Lite)
            .map_err(|e| format!("pattern {}: {e}", quoted(p)))
    }

    /// Every match of the leftmost-first iteration, as byte spans.
    fn each(&self, text: &str, f: &mut dyn FnMut(usize, usize)) {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Engine::Fast(re) => re.find_iter(text).for_each(|m| f(m.start(), m.end())),
            Engine::Lite(re) => re.find_iter(text).for_each(|m| f(m.start(), m.end())),
        }
    }

    /// The leftmost-first match starting in `[at, end)`, given that every match starting
    /// there ends by `end` (so only `[at, end)` need be searched; the rest of `text` is
    /// context for the assertions).
    fn find_in(&self, text: &str, at: usize, end: usize) -> Option<(usize, usize)> {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Engine::Fast(re) => re.search(&regex_automata::Input::new(text).range(at..end)).map(|m| (m.start(), m.end())),
            Engine::Lite(re) => {
                // regex-lite searches to the end of what it is given: give it the text cut one
                // character after `end`, where a match ending by `end` has all its context. A
                // match reaching past `end` can only come from the cut (an assertion seeing
                // the end), so then search the whole text.
                let cut = text[end..].chars().next().map_or(end, |c| end + c.len_utf8());
                let m = re.find_at(&text[..cut], at).map(|m| (m.start(), m.end()));
                match m {
                    Some((_, e)) if e > end && cut < text.len() => re.find_at(text, at).map(|m| (m.start(), m.end())),
                    m => m,
                }
                .filter(|m| m.0 < end)
            }
        }
    }

    /// The leftmost-first match starting exactly at `at`, given that it ends by `end`.
    /// regex-lite has no anchored search at an offset, so `lead` is the pattern as
    /// `^(?s:.)(?:pattern)` and as `^(?:pattern)`: the first, run on the text from the
    /// character before `at` (the only context a match needs: assertions look one character
    /// back), can only match with the pattern starting at `at`; the second serves at the
    /// start of the text. Both stop as soon as the attempt fails.
    fn anchored(&self, lead: Option<&Lead>, text: &str, at: usize, end: usize) -> Option<(usize, usize)> {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Engine::Fast(re) => {
                let input = regex_automata::Input::new(text).range(at..end).anchored(regex_automata::Anchored::Yes);
                re.search(&input).map(|m| (m.start(), m.end()))
            }
            Engine::Lite(_) => {
                let Some(lead) = lead else {
                    // (no anchored form) the first match from here, if it starts here
                    return self.find_in(text, at, end).filter(|m| m.0 == at);
                };
                let (re, from) = match text[..at].chars().next_back() {
                    Some(prev) => (&lead.after_char, at - prev.len_utf8()),
                    None => (&lead.at_start, 0),
                };
                // as in `find_in`: cut one character after `end`, and redo without the cut
                // a match that reaches past it
                let cut = text[end..].chars().next().map_or(end, |c| end + c.len_utf8());
                let m = match re.find(&text[from..cut]) {
                    Some(m) if from + m.end() > end && cut < text.len() => re.find(&text[from..]),
                    m => m,
                };
                m.map(|m| (at, from + m.end()))
            }
        }
    }
}

/// A pattern's anchored forms for regex-lite (see [`Engine::anchored`]).
struct Lead {
    after_char: regex_lite::Regex,
    at_start: regex_lite::Regex,
}

/// One pattern. Built-in patterns compile on first use (most never run on a given post,
/// and the build has checked they compile); custom ones when the bank is made, so an
/// error surfaces there.
struct Pattern {
    /// What is compiled: the canonical form of a built-in pattern, a custom regex as written.
    source: String,
    size_limit: usize,
    /// Compile a built-in pattern with regex-lite even natively (tests compare engines).
    lite: bool,
    owner: Owner,
    /// Runs on the case-preserving text.
    cased: bool,
    whole: bool,
    /// How far a match reaches before and after the start of a literal it contains.
    before: Option<usize>,
    after: Option<usize>,
    re: OnceLock<Option<Engine>>,
    /// For anchored searches with regex-lite: `^(?s:.)(?:pattern)` (see [`Engine::anchored`]).
    lead: OnceLock<Option<Lead>>,
}

impl Pattern {
    fn engine(&self) -> Option<&Engine> {
        self.re
            .get_or_init(|| {
                let r = Engine::builtin(&self.source, self.size_limit, self.lite);
                debug_assert!(r.is_ok(), "{:?}", r.as_ref().err());
                r.ok()
            })
            .as_ref()
    }

    /// Every match starts with one of its literals, so it can be searched for anchored at
    /// their occurrences.
    fn anchorable(&self) -> bool {
        self.before == Some(0)
    }

    fn lead(&self) -> Option<&Lead> {
        if !self.lite {
            return None;
        }
        self.lead
            .get_or_init(|| {
                let build = |prefix: &str| {
                    let p = format!("{prefix}(?:{})", self.source);
                    regex_lite::RegexBuilder::new(&p).size_limit(self.size_limit.saturating_mul(2)).build().ok()
                };
                Some(Lead { after_char: build("^(?s:.)")?, at_start: build("^")? })
            })
            .as_ref()
    }

    fn text<'a>(&self, n: &'a Normalized) -> &'a str {
        if self.cased {
            &n.cased
        } else {
            &n.lower
        }
    }

    fn push(&self, text: &str, start: usize, end: usize, out: &mut Vec<Hit>) {
        if start < end && (!self.whole || at_word_bounds(text, start, end)) {
            out.push(Hit { owner: self.owner, start, end });
        }
    }

    /// Every match in the whole text.
    fn run(&self, n: &Normalized, out: &mut Vec<Hit>) {
        let Some(re) = self.engine() else { return };
        let text = self.text(n);
        re.each(text, &mut |start, end| self.push(text, start, end, out));
    }

    /// The matches inside `[a, b)`, a window that contains every match starting in it (so
    /// the leftmost-first iteration inside it is the iteration over the whole text), from
    /// `*at` on; `*at` becomes the end of the last match. Matches here contain a literal, so
    /// they are never empty.
    fn run_window(&self, n: &Normalized, a: usize, b: usize, at: &mut usize, out: &mut Vec<Hit>) {
        let Some(re) = self.engine() else { return };
        let text = self.text(n);
        let (mut a, mut b) = (a.min(text.len()), b.min(text.len()));
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while !text.is_char_boundary(b) {
            b += 1;
        }
        let mut pos = a.max(*at);
        while pos < b {
            let Some((s, e)) = re.find_in(text, pos, b) else { break };
            self.push(text, s, e, out);
            pos = if e > s { e } else { s + text[s..].chars().next().map_or(1, char::len_utf8) };
            *at = pos;
        }
    }

    /// The matches starting at the candidate starts `qs` (ascending): every match starts at
    /// one, so trying them in order with anchored searches is the leftmost-first iteration.
    fn run_anchored(&self, n: &Normalized, qs: impl Iterator<Item = usize>, out: &mut Vec<Hit>) {
        let Some(re) = self.engine() else { return };
        let lead = self.lead();
        let text = self.text(n);
        let mut at = 0;
        for q in qs {
            if q < at || !text.is_char_boundary(q) {
                continue;
            }
            let end = self.after.map_or(text.len(), |k| (q + k).min(text.len()));
            let mut end = end;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            if let Some((s, e)) = re.anchored(lead, text, q, end) {
                self.push(text, s, e, out);
                at = e.max(s + 1);
            }
        }
    }
}

/// An Aho-Corasick automaton as a DFA over byte classes: one table step per byte of text,
/// reporting every occurrence of every key. Used for the phrase lists and for the literals
/// that gate the patterns. (A dense table costs memory — two bytes per state and class —
/// but makes a pass over the text a handful of instructions per byte.)
struct Ac {
    /// Byte → class (0: a byte no key contains, which leads back to the root).
    class: Box<[u8; 256]>,
    classes: usize,
    /// `delta[state * classes + class]`: the next state.
    delta: Vec<u16>,
    /// Per state: the nearest state on its failure chain (itself included) where keys end,
    /// or `NONE`; `next_out` continues that chain.
    out: Vec<u32>,
    next_out: Vec<u32>,
    /// Per state: its depth (the length of the key ending there) and its slice of `values`.
    depth: Vec<u32>,
    value_range: Vec<(u32, u32)>,
    values: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// Largest automaton table (entries of two bytes); bigger key sets use the plain trie.
const MAX_TABLE: usize = 1 << 22;

impl Ac {
    /// None when the keys need more states or byte classes than the table can number.
    fn new(keys: &[(&[u8], u32)]) -> Option<Ac> {
        let mut class = [0u8; 256];
        let mut classes = 1;
        for &(key, _) in keys {
            for &b in key {
                if class[b as usize] == 0 {
                    if classes == 256 {
                        return None;
                    }
                    class[b as usize] = classes as u8;
                    classes += 1;
                }
            }
        }
        // the trie, as sorted child lists
        let mut kids: Vec<Vec<(u8, u32)>> = vec![vec![]];
        let mut own: Vec<Vec<u32>> = vec![vec![]];
        for &(key, value) in keys {
            let mut node = 0usize;
            for &b in key {
                let c = class[b as usize];
                node = match kids[node].binary_search_by_key(&c, |e| e.0) {
                    Ok(i) => kids[node][i].1 as usize,
                    Err(i) => {
                        let id = kids.len();
                        kids[node].insert(i, (c, id as u32));
                        kids.push(vec![]);
                        own.push(vec![]);
                        id
                    }
                };
            }
            if !own[node].contains(&value) {
                own[node].push(value);
            }
        }
        let n = kids.len();
        if n >= u16::MAX as usize || n * classes > MAX_TABLE {
            return None;
        }
        let mut g = Ac {
            class: Box::new(class),
            classes,
            delta: vec![0; n * classes],
            out: vec![NONE; n],
            next_out: vec![NONE; n],
            depth: vec![0; n],
            value_range: vec![(0, 0); n],
            values: vec![],
        };
        for (i, o) in own.iter().enumerate().filter(|x| !x.1.is_empty()) {
            let a = g.values.len() as u32;
            g.values.extend_from_slice(o);
            g.value_range[i] = (a, g.values.len() as u32);
            g.out[i] = i as u32;
        }
        // breadth first: a state's row is its failure state's row with its own children
        let mut fail = vec![0u32; n];
        let mut queue = std::collections::VecDeque::from([0u32]);
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            if u != 0 {
                let f = fail[u] as usize;
                g.delta.copy_within(f * classes..(f + 1) * classes, u * classes);
                g.next_out[u] = g.out[f];
                if own[u].is_empty() {
                    g.out[u] = g.out[f];
                }
            }
            for &(c, v) in &kids[u] {
                // the failure state of a child: where the parent's failure state goes on `c`
                fail[v as usize] = if u == 0 { 0 } else { g.delta[fail[u] as usize * classes + c as usize] as u32 };
                g.depth[v as usize] = g.depth[u] + 1;
                queue.push_back(v);
            }
            for &(c, v) in &kids[u] {
                g.delta[u * classes + c as usize] = v as u16;
            }
        }
        Some(g)
    }

    /// Every occurrence in `text`: `f(start, end, value)`, in order of `end`.
    #[inline]
    fn each(&self, text: &[u8], mut f: impl FnMut(usize, usize, u32)) {
        let mut s = 0usize;
        for (i, &byte) in text.iter().enumerate() {
            s = self.delta[s * self.classes + self.class[byte as usize] as usize] as usize;
            let mut o = self.out[s];
            while o != NONE {
                let start = i + 1 - self.depth[o as usize] as usize;
                let (x, z) = self.value_range[o as usize];
                for &v in &self.values[x as usize..z as usize] {
                    f(start, i + 1, v);
                }
                o = self.next_out[o as usize];
            }
        }
    }
}

/// The literals that gate the patterns: `values` are pattern indices.
struct Gate {
    ac: Ac,
}

impl Gate {
    fn new(literals: &[(&str, u32)]) -> Option<Gate> {
        let keys: Vec<(&[u8], u32)> = literals.iter().map(|&(l, p)| (l.as_bytes(), p)).collect();
        Ac::new(&keys).map(|ac| Gate { ac })
    }

    /// Run each pattern around the occurrences of its literals: an occurrence at `q` means
    /// matches through it lie in `[q - before, q + after)`. A pattern's windows are merged
    /// when they overlap or lie closer than [`WINDOW_GAP`] (one search over the gap costs
    /// less than a second search), and each is searched as soon as it is complete.
    fn run(&self, n: &Normalized, patterns: &[Pattern], out: &mut Vec<Hit>) {
        let len = n.lower.len();
        // per pattern: the window being grown (a > b: none yet) and where its last match ended
        let mut open = vec![(1usize, 0usize); patterns.len()];
        let mut at = vec![0usize; patterns.len()];
        // candidate starts of anchorable patterns, as pattern << 32 | start
        let mut starts: Vec<u64> = Vec::new();
        self.ac.each(n.lower.as_bytes(), |q, _, p| {
            let pat = &patterns[p as usize];
            if pat.anchorable() {
                starts.push((p as u64) << 32 | q as u64);
                return;
            }
            let p = p as usize;
            let a = pat.before.map_or(0, |k| q.saturating_sub(k));
            let b = pat.after.map_or(len, |k| (q + k).min(len));
            let w = &mut open[p];
            if w.0 > w.1 {
                *w = (a, b);
            } else if a <= w.1 + WINDOW_GAP {
                *w = (w.0.min(a), w.1.max(b));
            } else {
                pat.run_window(n, w.0, w.1, &mut at[p], out);
                *w = (a, b);
            }
        });
        for (p, w) in open.iter().enumerate() {
            if w.0 <= w.1 {
                patterns[p].run_window(n, w.0, w.1, &mut at[p], out);
            }
        }
        // occurrences come in order of their end; the starts of a pattern are sorted here
        starts.sort_unstable();
        starts.dedup();
        for run in starts.chunk_by(|x, y| x >> 32 == y >> 32) {
            patterns[(run[0] >> 32) as usize].run_anchored(n, run.iter().map(|x| *x as u32 as usize), out);
        }
    }
}

/// Windows of one pattern closer than this many bytes are searched as one.
const WINDOW_GAP: usize = 32;

/// Every regex of a bank with the prefilter that decides which run.
struct PatternSet {
    patterns: Vec<Pattern>,
    /// Patterns without literals: they always run.
    always: Vec<u32>,
    gate: Option<Gate>,
}

impl PatternSet {
    fn run(&self, n: &Normalized, out: &mut Vec<Hit>) {
        for &i in &self.always {
            self.patterns[i as usize].run(n, out);
        }
        if let Some(g) = &self.gate {
            g.run(n, &self.patterns, out);
        }
    }
}

/// The phrases of a bank. An occurrence counts where the phrase could start a word (not
/// inside an ASCII word; phrases that start with a symbol start at a symbol) and, for
/// whole-word phrases, ends one. Found with one automaton pass, or (for phrase lists too big
/// for an automaton table, which only custom rules can be) by walking a trie from each
/// possible start.
enum PhraseGroup {
    Dfa {
        ac: Ac,
        /// Per value of the automaton: whose phrase, and how it must end.
        owners: Vec<(Owner, Ends)>,
    },
    Trie(PhraseTrie),
}

impl PhraseGroup {
    fn new(items: Vec<(String, Owner, Ends)>) -> Result<Option<Self>, String> {
        if items.is_empty() {
            return Ok(None);
        }
        let mut owners: Vec<(Owner, Ends)> = Vec::new();
        let mut keys: Vec<(&[u8], u32)> = Vec::with_capacity(items.len());
        for (p, owner, whole) in &items {
            let v = match owners.last() {
                Some(o) if *o == (*owner, *whole) => owners.len() - 1,
                _ => {
                    owners.push((*owner, *whole));
                    owners.len() - 1
                }
            };
            keys.push((p.as_bytes(), v as u32));
        }
        Ok(Some(match Ac::new(&keys) {
            Some(ac) => PhraseGroup::Dfa { ac, owners },
            None => PhraseGroup::Trie(PhraseTrie::new(items)),
        }))
    }

    fn run(&self, text: &str, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        match self {
            PhraseGroup::Dfa { ac, owners } => ac.each(bytes, |start, end, v| {
                if start > 0 && bytes[start].is_ascii_alphanumeric() && bytes[start - 1].is_ascii_alphanumeric() {
                    return;
                }
                let (owner, ends) = owners[v as usize];
                if let Some(end) = occurrence(text, start, end, ends) {
                    out.push(Hit { owner, start, end });
                }
            }),
            PhraseGroup::Trie(t) => t.run(text, out),
        }
    }
}

/// A byte trie of phrases: per node its slice of `edges` (sorted by byte) and of `outputs`
/// (the phrases that end there).
struct PhraseTrie {
    /// Root transitions by first byte (NONE = none).
    root: Box<[u32; 256]>,
    nodes: Vec<((u32, u32), (u32, u32))>,
    edges: Vec<(u8, u32)>,
    outputs: Vec<(Owner, Ends)>,
}

impl PhraseTrie {
    fn new(items: Vec<(String, Owner, Ends)>) -> PhraseTrie {
        // build with growable lists, then flatten
        let mut kids: Vec<Vec<(u8, u32)>> = vec![vec![]];
        let mut outs: Vec<Vec<(Owner, Ends)>> = vec![vec![]];
        for (p, owner, whole) in items {
            let mut node = 0usize;
            for &b in p.as_bytes() {
                node = match kids[node].binary_search_by_key(&b, |e| e.0) {
                    Ok(i) => kids[node][i].1 as usize,
                    Err(i) => {
                        let id = kids.len();
                        kids[node].insert(i, (b, id as u32));
                        kids.push(vec![]);
                        outs.push(vec![]);
                        id
                    }
                };
            }
            if !outs[node].contains(&(owner, whole)) {
                outs[node].push((owner, whole));
            }
        }
        let mut t = PhraseTrie { root: Box::new([NONE; 256]), nodes: Vec::with_capacity(kids.len()), edges: vec![], outputs: vec![] };
        for &(b, v) in &kids[0] {
            t.root[b as usize] = v;
        }
        for (k, o) in kids.iter().zip(&outs) {
            let (e, f) = (t.edges.len() as u32, t.outputs.len() as u32);
            t.edges.extend_from_slice(k);
            t.outputs.extend_from_slice(o);
            t.nodes.push(((e, t.edges.len() as u32), (f, t.outputs.len() as u32)));
        }
        t
    }

    fn run(&self, text: &str, out: &mut Vec<Hit>) {
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            let first = bytes[start];
            if (first & 0xC0) == 0x80 || (start > 0 && first.is_ascii_alphanumeric() && bytes[start - 1].is_ascii_alphanumeric()) {
                continue;
            }
            let mut node = self.root[first as usize];
            let mut i = start + 1;
            while node != NONE {
                let (edges, outputs) = self.nodes[node as usize];
                for &(owner, ends) in &self.outputs[outputs.0 as usize..outputs.1 as usize] {
                    if let Some(end) = occurrence(text, start, i, ends) {
                        out.push(Hit { owner, start, end });
                    }
                }
                let Some(&b) = bytes.get(i) else { break };
                let e = &self.edges[edges.0 as usize..edges.1 as usize];
                node = match e.binary_search_by_key(&b, |x| x.0) {
                    Ok(k) => e[k].1,
                    Err(_) => NONE,
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
    regexes: Option<PatternSet>,
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
        PatternBank::build(sources, size_limit, cfg!(target_arch = "wasm32"))
    }

    /// As [`PatternBank::new`], but built-in patterns run on `regex-lite` as in the Wasm
    /// (for the tests that compare the engines natively).
    #[doc(hidden)]
    pub fn with_lite_builtins(sources: &[Source<'_>], size_limit: usize) -> Result<PatternBank, String> {
        PatternBank::build(sources, size_limit, true)
    }

    fn build(sources: &[Source<'_>], size_limit: usize, lite_builtins: bool) -> Result<PatternBank, String> {
        let (mut pl, mut pc) = (vec![], vec![]);
        let mut patterns = Vec::new();
        let mut always = Vec::new();
        let mut literals: Vec<(&str, u32)> = Vec::new();
        for s in sources {
            for p in s.phrases {
                // stems are a mechanism of the built-in rule file only: a custom phrase is
                // matched as written
                let (p, ends) = match stem(p) {
                    Some(st) if s.ascii_word_boundary && s.whole_word => (st, Ends::Stem),
                    _ => (p.as_str(), if s.whole_word { Ends::Word } else { Ends::Anywhere }),
                };
                let n = normalize_phrase(p, s.phrases_cased);
                if n.is_empty() {
                    continue;
                }
                if s.phrases_cased {
                    pc.push((n, s.owner, ends));
                } else {
                    pl.push((n, s.owner, ends));
                }
            }
            let all = s.patterns.iter().map(|p| (p, false)).chain(s.cased_patterns.iter().map(|p| (p, true)));
            for (p, cased) in all {
                let id = patterns.len() as u32;
                let mut pat = Pattern {
                    source: String::new(),
                    size_limit,
                    lite: lite_builtins,
                    owner: s.owner,
                    cased,
                    whole: s.regex_whole_word,
                    before: None,
                    after: None,
                    re: OnceLock::new(),
                    lead: OnceLock::new(),
                };
                if s.ascii_word_boundary {
                    if s.regex_ignore_case {
                        return Err(format!("pattern {}: built-in patterns are case-sensitive", quoted(p)));
                    }
                    // the pack holds built-in patterns in canonical form; others are made so
                    let canonical = match pack::builtin_pattern(p, cased) {
                        Some(_) => p.clone(),
                        None => ascii_canonical(p).map_err(|e| format!("pattern {}: {e}", quoted(p)))?,
                    };
                    match pack::builtin_pattern(&canonical, cased) {
                        Some(b) => {
                            (pat.before, pat.after) = (b.before, b.after);
                            if b.literals.is_empty() {
                                always.push(id);
                            }
                            literals.extend(b.literals.iter().map(|l| (*l, id)));
                        }
                        None => always.push(id),
                    }
                    pat.source = canonical;
                } else {
                    pat.source = p.clone();
                    always.push(id);
                    let _ = pat.re.set(Some(Engine::user(p, s.regex_ignore_case, size_limit)?));
                }
                patterns.push(pat);
            }
        }
        let regexes = if patterns.is_empty() {
            None
        } else {
            let gate = if literals.is_empty() { None } else { Gate::new(&literals) };
            if gate.is_none() {
                // no usable prefilter: every pattern runs
                always = (0..patterns.len() as u32).collect();
            }
            Some(PatternSet { patterns, always, gate })
        };
        Ok(PatternBank { phrases_lower: PhraseGroup::new(pl)?, phrases_cased: PhraseGroup::new(pc)?, regexes })
    }

    /// All hits in `n`, in no particular order.
    pub fn find(&self, n: &Normalized, out: &mut Vec<Hit>) {
        if let Some(g) = &self.phrases_lower {
            g.run(&n.lower, out);
        }
        if let Some(g) = &self.phrases_cased {
            g.run(&n.cased, out);
        }
        if let Some(r) = &self.regexes {
            r.run(n, out);
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

    #[test]
    fn phrase_automaton_and_trie_agree() {
        let ends = [Ends::Word, Ends::Anywhere, Ends::Stem];
        let items: Vec<(String, Owner, Ends)> = ["he", "the", "client", "my client", "café", "é", "-", "a b", "b"]
            .iter()
            .enumerate()
            .map(|(i, p)| (p.to_string(), i as Owner % 3, ends[i % 3]))
            .collect();
        let Some(PhraseGroup::Dfa { .. }) = PhraseGroup::new(items.clone()).unwrap() else { panic!("expected an automaton") };
        let dfa = PhraseGroup::new(items.clone()).unwrap().unwrap();
        let trie = PhraseGroup::Trie(PhraseTrie::new(items));
        for t in ["the client, my client; theme — a b b-b café é é-he", "", "é", "ab b a bb the"] {
            let (mut a, mut b) = (vec![], vec![]);
            dfa.run(t, &mut a);
            trie.run(t, &mut b);
            let key = |h: &Hit| (h.start, h.end, h.owner);
            a.sort_by_key(key);
            b.sort_by_key(key);
            assert_eq!(a, b, "{t}");
        }
    }

    #[test]
    fn stems_take_in_the_rest_of_the_word() {
        let phrases = vec!["fuck*".to_string(), "f***".to_string(), "cock".to_string()];
        let src = |whole, builtin| Source { owner: 0, phrases: &phrases, patterns: &[], cased_patterns: &[], phrases_cased: false, regex_ignore_case: false, whole_word: whole, regex_whole_word: false, ascii_word_boundary: builtin };
        let n = Normalized::new("Fucking hell, fuckers, f*** it, motherfucker, éfuck; cocktail, cock.");
        let words = |bank: PatternBank| {
            let mut hits = vec![];
            bank.find(&n, &mut hits);
            hits.sort_by_key(|h| h.start);
            hits.iter().map(|h| n.lower[h.start..h.end].to_string()).collect::<Vec<_>>()
        };
        assert_eq!(words(PatternBank::new(&[src(true, true)], 1 << 20).unwrap()), ["fucking", "fuckers", "f***", "cock"]);
        // a custom rule's phrase is literal: "fuck*" is not a stem there
        assert_eq!(words(PatternBank::new(&[src(true, false)], 1 << 20).unwrap()), ["f***", "cock"]);
        assert_eq!(stem("fuck*"), Some("fuck"));
        assert_eq!(stem("f***"), None);
    }

    #[test]
    fn custom_regexes_use_regex_lite_everywhere() {
        // ASCII case folding and classes, the same natively and in the Wasm
        let pats = vec![r"straße|\w+é|k".to_string()];
        let bank = PatternBank::new(
            &[Source { owner: 0, phrases: &[], patterns: &[], cased_patterns: &pats, phrases_cased: false, regex_ignore_case: true, whole_word: false, regex_whole_word: false, ascii_word_boundary: false }],
            1 << 16,
        )
        .unwrap();
        let n = Normalized::new("STRASSE STRAßE café \u{212A}");
        let mut hits = vec![];
        bank.find(&n, &mut hits);
        let words: Vec<&str> = hits.iter().map(|h| &n.cased[h.start..h.end]).collect();
        // (?i) is ASCII only: ß matches itself, not "SS"; \w+é needs ASCII letters before é;
        // the Kelvin sign is not k
        assert_eq!(words, ["STRAßE", "café"]);
    }
}
