//! The two regex engines agree on every built-in pattern, and the prefilter loses nothing.
//!
//! Natively the built-in patterns run on the `regex` crate's engine (regex-automata), in the
//! Wasm on `regex-lite`; both compile each pattern's ASCII-canonical form (`src/pattern.rs`).
//! Here every built-in pattern runs on both engines over the development corpus, our own
//! corpus, the test posts and texts built to probe the differences between the engines
//! (non-ASCII letters, digits and spaces next to ASCII words), and every match must agree.
//! Then whole pattern banks — the literal gate, the windows and the anchored searches — are
//! compared with running every pattern over the whole text, on both engines.

use insession::matcher::{Hit, PatternBank, Source};
use insession::pack::builtin_patterns;
use insession::rules::RulePack;
use insession::text::Normalized;

/// Rust string literals `text: "…"` in a test source file, unescaped.
fn texts_in_rust(path: &str) -> Vec<String> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = vec![];
    for part in src.split("text: \"").skip(1) {
        let mut s = String::new();
        let mut chars = part.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        s.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(c) => s.push(c),
                    None => break,
                },
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

/// The `"text"` of every line of a JSON Lines corpus. The corpora are in the repository
/// (corpus/), so a missing one is a failure, not a quietly smaller test.
fn texts_in_jsonl(path: &str) -> Vec<String> {
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (the corpus is part of the repository)"));
    src.lines()
        .filter_map(|l| insession::json::parse(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
        .collect()
}

/// Texts where Unicode and ASCII readings of `\b`, `\d`, `\s`, `\w` would differ.
fn probes() -> Vec<String> {
    let mut v: Vec<String> = [
        "My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce.",
        "café client's 34 yo, née Zoë — in Łódź, ٣٤-year-old, ３４ year old, 12\u{3000}kg",
        "call 07911\u{3000}123456 or ０７９１１ １２３４５６; NHS no 943\u{2009}476\u{2009}5919",
        "Client:\u{00A0}Émile Zoë from Île-de-France; patient Ǆemal in bed４, bay 7ß",
        "my 2pm\u{2028}client cried; my\u{1680}client; é34 year old; 34é year old; _34 year old",
        "\"quoted words for a long time here\" and 'single quoted words here ok' @handle_1 é@x",
        "J.S. and Á.B. — M. — K.L., born 14/03/1987, 1991-07-22, 9 Sept 1985, DOB: 3 March 1990",
        "MRN 12345678; case no. 44-55-66; reg AB12 CDE; 123 Main St. Springfield; 10 Downing Street",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // every text again with the non-ASCII characters moved around
    let extra: Vec<String> = v.iter().map(|s| s.replace(' ', "é ").replace('-', "\u{2011}")).collect();
    v.extend(extra);
    v
}

fn all_texts() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut texts = texts_in_jsonl(&format!("{root}/corpus/dev.jsonl"));
    texts.extend(texts_in_jsonl(&format!("{root}/corpus/own.jsonl")));
    texts.extend(texts_in_rust(&format!("{root}/tests/posts.rs")));
    texts.extend(probes());
    assert!(texts.len() > 50, "too few texts ({})", texts.len());
    texts
}

fn spans_fast(re: &regex_automata::meta::Regex, text: &str) -> Vec<(usize, usize)> {
    re.find_iter(text).map(|m| (m.start(), m.end())).collect()
}

fn spans_lite(re: &regex_lite::Regex, text: &str) -> Vec<(usize, usize)> {
    re.find_iter(text).map(|m| (m.start(), m.end())).collect()
}

#[test]
fn every_builtin_pattern_matches_the_same_on_both_engines() {
    let texts: Vec<Normalized> = all_texts().iter().map(|t| Normalized::new(t)).collect();
    let mut compared = 0;
    for p in builtin_patterns() {
        let fast = regex_automata::meta::Regex::new(p.canonical).unwrap_or_else(|e| panic!("{}: {e}", p.canonical));
        let lite = regex_lite::Regex::new(p.canonical).unwrap_or_else(|e| panic!("{}: {e}", p.canonical));
        for n in &texts {
            let text = if p.cased { &n.cased } else { &n.lower };
            let (a, b) = (spans_fast(&fast, text), spans_lite(&lite, text));
            assert_eq!(a, b, "pattern {} differs on {text:?}", p.canonical);
            compared += a.len();
        }
    }
    eprintln!("{} patterns, {} texts, {compared} matches compared", builtin_patterns().len(), texts.len());
    assert!(compared > 100);
}

/// Every pattern of the pack, as sources owned by signal `i` / rule `signals + i`.
fn sources(pack: &RulePack) -> Vec<Source<'_>> {
    let src = |owner: usize, phrases, patterns, cased_patterns| Source {
        owner: owner as u32,
        phrases,
        patterns,
        cased_patterns,
        phrases_cased: false,
        regex_ignore_case: false,
        whole_word: true,
        regex_whole_word: false,
        ascii_word_boundary: true,
    };
    let ns = pack.signals.len();
    let mut v: Vec<Source> = pack.signals.iter().enumerate().map(|(i, s)| src(i, &s.phrases[..], &s.patterns[..], &s.cased_patterns[..])).collect();
    v.extend(pack.rules.iter().enumerate().map(|(i, r)| src(ns + i, &r.phrases[..], &r.patterns[..], &r.cased_patterns[..])));
    v
}

/// Every pattern of the pack compiled for the plain search: (owner, cased, regex).
fn compiled(pack: &RulePack) -> Vec<(u32, bool, regex_automata::meta::Regex)> {
    let mut out = vec![];
    for (owner, s) in sources(pack).iter().enumerate() {
        let all = s.patterns.iter().map(|p| (p, false)).chain(s.cased_patterns.iter().map(|p| (p, true)));
        for (p, cased) in all {
            out.push((owner as u32, cased, regex_automata::meta::Regex::new(p).unwrap()));
        }
    }
    out
}

/// What the bank must find: every non-empty match of every pattern over the whole text.
fn reference(patterns: &[(u32, bool, regex_automata::meta::Regex)], n: &Normalized) -> Vec<Hit> {
    let mut out = vec![];
    for (owner, cased, re) in patterns {
        let text = if *cased { &n.cased } else { &n.lower };
        for m in re.find_iter(text.as_str()).filter(|m| m.start() < m.end()) {
            out.push(Hit { owner: *owner, start: m.start(), end: m.end() });
        }
    }
    out
}

fn sorted(mut v: Vec<Hit>) -> Vec<(u32, usize, usize)> {
    let mut t: Vec<_> = v.drain(..).map(|h| (h.owner, h.start, h.end)).collect();
    t.sort_unstable();
    t
}

#[test]
fn the_prefilter_finds_every_match_on_both_engines() {
    let pack = RulePack::builtin();
    // patterns only: phrases are not gated
    let srcs: Vec<Source> = sources(&pack).into_iter().map(|s| Source { phrases: &[], ..s }).collect();
    let fast = PatternBank::new(&srcs, 1 << 22).unwrap();
    let lite = PatternBank::with_lite_builtins(&srcs, 1 << 22).unwrap();
    let plain = compiled(&pack);
    let mut texts = all_texts();
    // long texts: windows merge, and searches resume after earlier matches
    let joined = texts.join(" ");
    texts.push(joined.chars().take(12_000).collect());
    for t in &texts {
        let n = Normalized::new(t);
        let want = sorted(reference(&plain, &n));
        for (name, bank) in [("fast", &fast), ("lite", &lite)] {
            let mut got = vec![];
            bank.find(&n, &mut got);
            assert_eq!(sorted(got), want, "{name} bank differs from the plain search on {t:?}");
        }
    }
}

/// A built-in pattern gated by literals runs only in windows around their occurrences; when a
/// match can reach an unbounded distance before its literal (`[a-z]+ …`, `(…)*`, `^\s*`), the
/// window starts at the beginning of the text, and on a long post with the literal in every
/// paragraph the Wasm engine (a PikeVM) scans the whole post for that one pattern. Rule
/// authors bound such repetitions instead (`[a-z]{1,24}`, `{0,4}`): every gated pattern must
/// have a bounded reach before its literal.
#[test]
fn every_gated_builtin_pattern_has_a_bounded_reach_before_its_literal() {
    let unbounded: Vec<&str> = builtin_patterns().iter().filter(|p| !p.literals.is_empty() && p.before.is_none()).map(|p| p.canonical).collect();
    assert!(unbounded.is_empty(), "bound the repetitions before the literal in these rules/builtin.toml patterns:\n{}", unbounded.join("\n"));
}
