//! The built-in rule pack, read from the compact tokens `build.rs` makes of
//! `rules/builtin.toml` (so the Wasm needs no TOML, JSON or serde code for it), and the
//! build-time facts about each built-in pattern: its ASCII-canonical form and the literals
//! that gate it (see `src/matcher.rs`).
//!
//! The token stream is the TOML tree: `{` key value … `}`, `[` value … `]`, scalars tagged
//! `s` (string), `i` (integer), `f` (float as f32 bits), `b` (boolean). The readers below give
//! each field the same default as the `serde` attributes on the types in `src/rules.rs`;
//! unknown keys are skipped, as `serde` skips them. A test checks the result equals what
//! `serde` reads from the same tree as JSON.

use std::iter::Peekable;
use std::str::Split;
use std::sync::OnceLock;

use crate::report::{Category, Severity, Suggestion};
use crate::rules::{CombinerSpec, Context, ProfessionSpec, RulePack, RuleSpec, Sensitivity, SignalSpec, Weighted};

const PACK: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.pack"));
const PATTERNS: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin.patterns"));

struct Tokens(Peekable<Split<'static, char>>);

impl Tokens {
    fn new(s: &'static str) -> Tokens {
        Tokens(s.split('\0').peekable())
    }
    fn next(&mut self) -> &'static str {
        self.0.next().unwrap_or("")
    }
    fn bad(&self, what: &str) -> ! {
        panic!("built-in rule pack: expected {what}")
    }
    /// The members of a table: `f(key, tokens)` reads (or skips) each value.
    fn table(&mut self, f: &mut dyn FnMut(&'static str, &mut Tokens)) {
        if self.next() != "{" {
            self.bad("a table");
        }
        loop {
            match self.next() {
                "}" | "" => return,
                k => f(k, self),
            }
        }
    }
    fn array(&mut self, f: &mut dyn FnMut(&mut Tokens)) {
        if self.next() != "[" {
            self.bad("an array");
        }
        while !matches!(self.0.peek(), Some(&"]") | None) {
            f(self);
        }
        self.next();
    }
    fn skip(&mut self) {
        match self.0.peek() {
            Some(&"{") => self.table(&mut |_, t| t.skip()),
            Some(&"[") => self.array(&mut |t| t.skip()),
            _ => {
                self.next();
            }
        }
    }
    fn scalar(&mut self, tag: char, what: &str) -> &'static str {
        self.next().strip_prefix(tag).unwrap_or_else(|| self.bad(what))
    }
    fn string(&mut self) -> String {
        self.scalar('s', "a string").to_string()
    }
    fn strings(&mut self) -> Vec<String> {
        let mut v = Vec::new();
        self.array(&mut |t| v.push(t.string()));
        v
    }
    /// Patterns: references to the table of built-in patterns, read as their canonical form.
    fn patterns(&mut self) -> Vec<String> {
        let table = builtin_patterns();
        let mut v = Vec::new();
        self.array(&mut |t| {
            let i: Option<usize> = t.scalar('p', "a pattern").parse().ok();
            v.push(i.and_then(|i| table.get(i)).unwrap_or_else(|| t.bad("a pattern")).canonical.to_string());
        });
        v
    }
    fn usize(&mut self) -> usize {
        self.scalar('i', "a whole number").parse().unwrap_or_else(|_| self.bad("a whole number"))
    }
    fn f32(&mut self) -> f32 {
        let t = self.next();
        let (tag, v) = t.split_at(t.len().min(1));
        match (tag, v.parse::<u32>(), v.parse::<i32>()) {
            ("f", Ok(bits), _) => f32::from_bits(bits),
            ("i", _, Ok(i)) => i as f32,
            _ => self.bad("a number"),
        }
    }
    fn bool(&mut self) -> bool {
        match self.next() {
            "b1" => true,
            "b0" => false,
            _ => self.bad("true or false"),
        }
    }
    fn parsed<T>(&mut self, parse: fn(&str) -> Option<T>, what: &str) -> T {
        let s = self.scalar('s', what);
        parse(s).unwrap_or_else(|| self.bad(what))
    }
}

fn required<T>(v: Option<T>, what: &str) -> T {
    v.unwrap_or_else(|| panic!("built-in rule pack: {what} is required"))
}

fn signal(t: &mut Tokens) -> SignalSpec {
    let (mut name, mut label) = (None, None);
    let mut s = SignalSpec {
        name: String::new(),
        label: String::new(),
        phrases: vec![],
        patterns: vec![],
        cased_patterns: vec![],
        weight: 1.0,
        unless: vec![],
        unless_window: 16,
        validate: None,
    };
    t.table(&mut |k, t| match k {
        "name" => name = Some(t.string()),
        "label" => label = Some(t.string()),
        "phrases" => s.phrases = t.strings(),
        "patterns" => s.patterns = t.patterns(),
        "cased_patterns" => s.cased_patterns = t.patterns(),
        "weight" => s.weight = t.f32(),
        "unless" => s.unless = t.strings(),
        "unless_window" => s.unless_window = t.usize(),
        "validate" => s.validate = Some(t.string()),
        _ => t.skip(),
    });
    s.name = required(name, "signal.name");
    s.label = required(label, "signal.label");
    s
}

fn rule(t: &mut Tokens) -> RuleSpec {
    let (mut id, mut category, mut severity, mut title, mut message, mut sources) = (None, None, None, None, None, None);
    let mut r = RuleSpec {
        id: String::new(),
        category: Category::Confidentiality,
        severity: Severity::Caution,
        title: String::new(),
        message: String::new(),
        suggestion: None,
        sources: vec![],
        phrases: vec![],
        patterns: vec![],
        cased_patterns: vec![],
        near: vec![],
        escalate: vec![],
        unless: vec![],
        window: 160,
        unless_window: None,
        unless_at: vec![],
        quiet_in_quotes: false,
        quiet_when_capitalised: false,
        validate: None,
        min_sensitivity: Sensitivity::Relaxed,
        model_may_clear: false,
        context: None,
    };
    t.table(&mut |k, t| match k {
        "id" => id = Some(t.string()),
        "category" => category = Some(t.parsed(Category::parse, "a category")),
        "severity" => severity = Some(t.parsed(Severity::parse, "a severity")),
        "title" => title = Some(t.string()),
        "message" => message = Some(t.string()),
        "replace" => r.suggestion = Some(Suggestion::Replace(t.string())),
        "suggestion" => r.suggestion = Some(Suggestion::Advice(t.string())),
        "sources" => sources = Some(t.strings()),
        "phrases" => r.phrases = t.strings(),
        "patterns" => r.patterns = t.patterns(),
        "cased_patterns" => r.cased_patterns = t.patterns(),
        "near" => r.near = t.strings(),
        "escalate" => r.escalate = t.strings(),
        "unless" => r.unless = t.strings(),
        "window" => r.window = t.usize(),
        "unless_window" => r.unless_window = Some(t.usize()),
        "unless_at" => r.unless_at = t.strings(),
        "quiet_in_quotes" => r.quiet_in_quotes = t.bool(),
        "quiet_when_capitalised" => r.quiet_when_capitalised = t.bool(),
        "validate" => r.validate = Some(t.string()),
        "min_sensitivity" => r.min_sensitivity = t.parsed(Sensitivity::parse, "a sensitivity"),
        "model_may_clear" => r.model_may_clear = t.bool(),
        "context" => r.context = Some(t.parsed(Context::parse, "a context (post, review-reply)")),
        _ => t.skip(),
    });
    r.id = required(id, "rule.id");
    r.category = required(category, "rule.category");
    r.severity = required(severity, "rule.severity");
    r.title = required(title, "rule.title");
    r.message = required(message, "rule.message");
    r.sources = required(sources, "rule.sources");
    r
}

fn weighted(t: &mut Tokens) -> Weighted {
    let (mut signal, mut weight) = (None, None);
    let mut w = Weighted {
        signal: String::new(),
        weight: 0.0,
        window_before: None,
        window_after: None,
        needs: None,
        needs_window: 0,
        inner_details: true,
    };
    t.table(&mut |k, t| match k {
        "signal" => signal = Some(t.string()),
        "weight" => weight = Some(t.f32()),
        "window_before" => w.window_before = Some(t.usize()),
        "window_after" => w.window_after = Some(t.usize()),
        "needs" => w.needs = Some(t.string()),
        "needs_window" => w.needs_window = t.usize(),
        "inner_details" => w.inner_details = t.bool(),
        _ => t.skip(),
    });
    w.signal = required(signal, "anchor.signal");
    w.weight = required(weight, "anchor.weight");
    w
}

fn combiner(t: &mut Tokens) -> CombinerSpec {
    let (mut id, mut title, mut message, mut suggestion, mut sources, mut anchors) = (None, None, None, None, None, None);
    let (mut details, mut dampeners, mut dampening, mut generic) = (None, None, None, vec![]);
    let (mut window_before, mut window_after, mut caution_at, mut high_at, mut step) = (None, None, None, None, None);
    let mut model_may_clear = false;
    t.table(&mut |k, t| match k {
        "id" => id = Some(t.string()),
        "title" => title = Some(t.string()),
        "message" => message = Some(t.string()),
        "replace" => suggestion = Some(Suggestion::Replace(t.string())),
        "suggestion" => suggestion = Some(Suggestion::Advice(t.string())),
        "sources" => sources = Some(t.strings()),
        "anchors" => {
            let mut v = vec![];
            t.array(&mut |t| v.push(weighted(t)));
            anchors = Some(v);
        }
        "details" => details = Some(t.strings()),
        "dampeners" => dampeners = Some(t.strings()),
        "dampening" => dampening = Some(t.f32()),
        "generic" => generic = t.strings(),
        "window_before" => window_before = Some(t.usize()),
        "window_after" => window_after = Some(t.usize()),
        "caution_at" => caution_at = Some(t.f32()),
        "high_at" => high_at = Some(t.f32()),
        "sensitivity_step" => step = Some(t.f32()),
        "model_may_clear" => model_may_clear = t.bool(),
        _ => t.skip(),
    });
    let c = "confidentiality";
    CombinerSpec {
        id: required(id, c),
        title: required(title, c),
        message: required(message, c),
        suggestion,
        sources: required(sources, c),
        anchors: required(anchors, c),
        details: required(details, c),
        dampeners: required(dampeners, c),
        dampening: required(dampening, c),
        generic,
        window_before: required(window_before, c),
        window_after: required(window_after, c),
        caution_at: required(caution_at, c),
        high_at: required(high_at, c),
        sensitivity_step: required(step, c),
        model_may_clear,
    }
}

fn profession(t: &mut Tokens) -> ProfessionSpec {
    let (mut id, mut label, mut prefer) = (None, None, None);
    t.table(&mut |k, t| match k {
        "id" => id = Some(t.string()),
        "label" => label = Some(t.string()),
        "prefer" => prefer = Some(t.strings()),
        _ => t.skip(),
    });
    ProfessionSpec { id: required(id, "profession.id"), label: required(label, "profession.label"), prefer: required(prefer, "profession.prefer") }
}

/// The built-in pack (a fresh copy).
pub fn builtin() -> RulePack {
    let mut t = Tokens::new(PACK);
    let (mut version, mut signals, mut rules, mut confidentiality, mut professions) = (None, None, None, None, None);
    t.table(&mut |k, t| match k {
        "version" => version = Some(t.usize() as u32),
        "signal" => {
            let mut v = vec![];
            t.array(&mut |t| v.push(signal(t)));
            signals = Some(v);
        }
        "rule" => {
            let mut v = vec![];
            t.array(&mut |t| v.push(rule(t)));
            rules = Some(v);
        }
        "confidentiality" => confidentiality = Some(combiner(t)),
        "profession" => {
            let mut v = vec![];
            t.array(&mut |t| v.push(profession(t)));
            professions = Some(v);
        }
        _ => t.skip(),
    });
    RulePack {
        version: required(version, "version"),
        signals: required(signals, "signal"),
        rules: required(rules, "rule"),
        confidentiality: required(confidentiality, "confidentiality"),
        professions: required(professions, "profession"),
    }
}

/// What the build found out about one built-in pattern.
#[derive(Debug)]
pub struct BuiltinPattern {
    /// The ASCII-canonical form both engines compile (`src/pattern.rs`); the pack holds the
    /// patterns in this form.
    pub canonical: &'static str,
    /// Runs on the case-preserving text.
    pub cased: bool,
    /// Every match contains one of these (as found in the lower-cased text); empty: always run.
    pub literals: Vec<&'static str>,
    /// How many bytes a match can reach before and after the start of the literal it
    /// contains (None: unbounded).
    pub before: Option<usize>,
    pub after: Option<usize>,
}

/// Every built-in pattern, sorted by (canonical form, cased).
pub fn builtin_patterns() -> &'static [BuiltinPattern] {
    static TABLE: OnceLock<Vec<BuiltinPattern>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = PATTERNS.split('\0');
        let mut next = || t.next().unwrap_or("");
        let n: usize = next().parse().unwrap_or(0);
        (0..n)
            .map(|_| {
                let canonical = next();
                let cased = next() == "1";
                let before = next().parse().ok();
                let after = next().parse().ok();
                let k: usize = next().parse().unwrap_or(0);
                BuiltinPattern { canonical, cased, literals: (0..k).map(|_| next()).collect(), before, after }
            })
            .collect()
    })
}

/// The build's facts about a built-in pattern (in canonical form), if it is one.
pub fn builtin_pattern(canonical: &str, cased: bool) -> Option<&'static BuiltinPattern> {
    let t = builtin_patterns();
    t.binary_search_by(|p| (p.canonical, p.cased).cmp(&(canonical, cased))).ok().map(|i| &t[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_reader_agrees_with_serde() {
        let json = include_str!(concat!(env!("OUT_DIR"), "/builtin.json"));
        let mut serde: RulePack = serde_json::from_str(json).unwrap();
        // the pack holds patterns in canonical form
        let canon = |v: &mut Vec<String>| v.iter_mut().for_each(|p| *p = crate::pattern::ascii_canonical(p).unwrap());
        for s in &mut serde.signals {
            canon(&mut s.patterns);
            canon(&mut s.cased_patterns);
        }
        for r in &mut serde.rules {
            canon(&mut r.patterns);
            canon(&mut r.cased_patterns);
        }
        assert_eq!(format!("{:?}", builtin()), format!("{serde:?}"));
    }

    #[test]
    fn every_pattern_is_in_the_table() {
        let pack = builtin();
        let all = pack.signals.iter().map(|s| (&s.patterns, &s.cased_patterns));
        let all = all.chain(pack.rules.iter().map(|r| (&r.patterns, &r.cased_patterns)));
        for (lower, cased) in all {
            for p in lower {
                assert!(builtin_pattern(p, false).is_some(), "{p}");
            }
            for p in cased {
                assert!(builtin_pattern(p, true).is_some(), "{p}");
            }
        }
    }
}
