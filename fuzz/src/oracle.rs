//! The assertions every fuzz input must satisfy, shared by the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and by `cargo test` (`tests/fuzz_regressions.rs` includes this
//! file with `#[path]`), so a corpus entry is checked the same way in both places.
//!
//! Depends only on `insession` and `std`: the structured configuration generator decodes raw
//! bytes itself (no `arbitrary`), so a saved input replays identically under `cargo test`.
//!
//! Three entry points, one per fuzz target:
//! - [`check_bytes`]: arbitrary bytes as (lossy) UTF-8 through `check`, with the default
//!   checker and with a checker that has every optional mechanism on (strict sensitivity,
//!   custom phrase and regex rules, a watch list).
//! - [`config_bytes`]: arbitrary bytes as (lossy) UTF-8 through validation and `from_json`.
//! - [`config_structured`]: bytes decoded into a JSON configuration with rules that is
//!   usually close to valid ([`gen_config`]), plus a text built from its phrases.

#![allow(dead_code)]

use std::sync::OnceLock;

use insession::checker::builtin_ids;
use insession::detect::watchlist::entry_hashes;
use insession::rules::{validate_config, RulePack};
use insession::text::{byte_of_char, byte_of_utf16};
use insession::{Checker, Report, Risk, Units};

// ---------------------------------------------------------------------------------------------
// Checkers built once per process
// ---------------------------------------------------------------------------------------------

/// The default checker (built-in rules, balanced).
pub fn default_checker() -> &'static Checker {
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(Checker::with_defaults)
}

/// Salt of the watch list in [`full_checker`].
pub const WATCH_SALT: &str = "5eed5a17";
/// Names on the watch list of [`full_checker`] (stored only as hashes there).
pub const WATCH_NAMES: [&str; 3] = ["Siobhán O'Neill", "Jo", "@bed4"];

/// JSON of a configuration that switches every optional mechanism on.
pub fn full_config_json() -> String {
    let hashes: Vec<String> = WATCH_NAMES.iter().flat_map(|n| entry_hashes(WATCH_SALT, n)).collect();
    format!(
        r#"{{"sensitivity":"strict","profession":"us-psychologist","disabled_rules":["stigma.crazy-insane"],
        "rules":[
          {{"id":"f-mill","category":"confidentiality","severity":"caution","phrases":["Acme Mill","the mill","é\u0301","🙂"],"message":"m"}},
          {{"id":"f-part","category":"stigma","severity":"high","phrases":["ent","cli"],"whole_word":false,"message":"m"}},
          {{"id":"f-case","category":"identifiers","severity":"high","phrases":["BOB","İ"],"case_sensitive":true,"message":"m"}},
          {{"id":"f-re","category":"identifiers","severity":"high","regex":"case\\s*#\\d{{2,}}|\\bx+y","message":"m"}},
          {{"id":"f-re-part","category":"boundaries","severity":"caution","regex":"[a-c]{{2}}","whole_word":false,"case_sensitive":true,"message":"m"}}
        ],
        "watchlist":{{"salt":"{WATCH_SALT}","hashes":[{}]}}}}"#,
        hashes.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(",")
    )
}

/// A checker with strict sensitivity, custom phrase/regex rules (whole-word and not,
/// case-sensitive and not) and a watch list.
pub fn full_checker() -> &'static Checker {
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(|| match Checker::from_json(&full_config_json()) {
        Ok(c) => c,
        Err(e) => panic!("the fuzz oracle's full configuration is refused: {e:?}"),
    })
}

struct Names {
    ids: Vec<String>,
    professions: Vec<String>,
}

fn names() -> &'static Names {
    static N: OnceLock<Names> = OnceLock::new();
    N.get_or_init(|| {
        let pack = RulePack::builtin();
        Names {
            ids: builtin_ids(&pack).into_iter().map(str::to_string).collect(),
            professions: pack.professions.iter().map(|p| p.id.clone()).collect(),
        }
    })
}

fn validate(json: &str) -> Vec<insession::ConfigError> {
    let n = names();
    let ids: Vec<&str> = n.ids.iter().map(String::as_str).collect();
    let profs: Vec<&str> = n.professions.iter().map(String::as_str).collect();
    validate_config(json, &ids, &profs)
}

// ---------------------------------------------------------------------------------------------
// Target (a): check
// ---------------------------------------------------------------------------------------------

/// Target `check`: the bytes as lossy UTF-8, through both checkers.
pub fn check_bytes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    check_text(default_checker(), &text);
    check_text(full_checker(), &text);
}

/// Every invariant of one check of `text`.
pub fn check_text(checker: &Checker, text: &str) {
    let bytes = checker.check(text);
    assert_spans(text, &bytes);
    assert_verdict(text, &bytes);

    // Two more independent checks, in the other units. Besides the conversions, they prove
    // determinism: converted, the byte report must equal each exactly.
    let chars = checker.check_in(text, Units::Chars);
    let utf16 = checker.check_in(text, Units::Utf16);
    for (units, other) in [(Units::Chars, &chars), (Units::Utf16, &utf16)] {
        let expected = bytes.clone().with_units(text, units);
        assert!(
            &expected == other,
            "two checks of the same text differ ({units:?})\ntext: {text:?}\nfirst: {expected:#?}\nsecond: {other:#?}"
        );
    }
    assert_units(text, &bytes, &chars, &utf16);
}

/// Spans in bytes: ordered, inside the text, on char boundaries, and the finding's text is
/// exactly the original slice (likewise for every piece of evidence).
pub fn assert_spans(text: &str, r: &Report) {
    for f in &r.findings {
        let ctx = || format!("rule {} span {}..{} in {text:?}", f.rule, f.start, f.end);
        assert!(f.start < f.end, "empty or reversed finding span: {}", ctx());
        assert!(f.end <= text.len(), "finding span past the end: {}", ctx());
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "finding span splits a character: {}", ctx());
        assert_eq!(&text[f.start..f.end], f.text, "finding text is not the original slice: {}", ctx());
        assert!(!f.rule.is_empty() && !f.message.is_empty(), "finding without rule or message: {}", ctx());
        for e in &f.evidence {
            let ectx = || format!("{} evidence {:?} {}..{}", ctx(), e.kind, e.start, e.end);
            assert!(e.start <= e.end && e.end <= text.len(), "evidence span out of range: {}", ectx());
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end), "evidence span splits a character: {}", ectx());
            assert_eq!(&text[e.start..e.end], e.text, "evidence text is not the original slice: {}", ectx());
        }
    }
}

/// The verdict agrees with the findings.
pub fn assert_verdict(text: &str, r: &Report) {
    let worst = r.findings.iter().map(|f| Risk::from(f.severity)).max().unwrap_or(Risk::Ok);
    assert_eq!(r.risk, worst, "risk is not the most severe finding's, for {text:?}");
    assert!(r.score <= 100, "score {} above 100 for {text:?}", r.score);
    assert_eq!(r.findings.is_empty(), r.score == 0, "score {} with {} findings for {text:?}", r.score, r.findings.len());
    assert!(!r.truncated || text.len() > insession::checker::MAX_TEXT_BYTES, "short text reported truncated: {text:?}");
}

/// The char and UTF-16 reports are the byte report with every offset converted, and each
/// converted offset maps back to the same byte (in both directions of conversion).
pub fn assert_units(text: &str, bytes: &Report, chars: &Report, utf16: &Report) {
    assert_eq!(bytes.findings.len(), chars.findings.len(), "char report has other findings for {text:?}");
    assert_eq!(bytes.findings.len(), utf16.findings.len(), "UTF-16 report has other findings for {text:?}");
    assert_eq!((bytes.risk, bytes.score), (chars.risk, chars.score));
    assert_eq!((bytes.risk, bytes.score), (utf16.risk, utf16.score));
    let char_of = |b: usize| text[..b].chars().count();
    let u16_of = |b: usize| text[..b].encode_utf16().count();
    let same = |b: usize, c: usize, u: usize, what: &str| {
        assert_eq!(c, char_of(b), "{what}: char offset {c} is not byte {b} in {text:?}");
        assert_eq!(u, u16_of(b), "{what}: UTF-16 offset {u} is not byte {b} in {text:?}");
        assert_eq!(byte_of_char(text, c), b, "{what}: byte_of_char({c}) != {b} in {text:?}");
        assert_eq!(byte_of_utf16(text, u), b, "{what}: byte_of_utf16({u}) != {b} in {text:?}");
    };
    for ((b, c), u) in bytes.findings.iter().zip(&chars.findings).zip(&utf16.findings) {
        assert_eq!((&b.rule, &b.text), (&c.rule, &c.text), "char report reorders findings for {text:?}");
        assert_eq!((&b.rule, &b.text), (&u.rule, &u.text), "UTF-16 report reorders findings for {text:?}");
        same(b.start, c.start, u.start, &format!("{} start", b.rule));
        same(b.end, c.end, u.end, &format!("{} end", b.rule));
        // What JavaScript would slice with the UTF-16 offsets is the finding's text.
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[u.start..u.end]).ok().as_deref(), Some(b.text.as_str()), "UTF-16 slice of {} in {text:?}", b.rule);
        assert_eq!(b.evidence.len(), c.evidence.len());
        assert_eq!(b.evidence.len(), u.evidence.len());
        for ((eb, ec), eu) in b.evidence.iter().zip(&c.evidence).zip(&u.evidence) {
            same(eb.start, ec.start, eu.start, &format!("{} evidence {}", b.rule, eb.kind));
            same(eb.end, ec.end, eu.end, &format!("{} evidence {}", b.rule, eb.kind));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Target (b): configuration
// ---------------------------------------------------------------------------------------------

/// Target `config`: the bytes as lossy UTF-8, as a configuration.
pub fn config_bytes(data: &[u8]) {
    let json = String::from_utf8_lossy(data);
    if let Some(c) = check_config(&json) {
        check_text(&c, &json);
    }
}

/// Target `config_structured`: a generated configuration and a text that uses its phrases.
pub fn config_structured(data: &[u8]) {
    let (json, text) = gen_config(data);
    if let Some(c) = check_config(&json) {
        check_text(&c, &text);
    }
}

/// Validation and `from_json` agree: a configuration validation accepts builds a checker (and
/// survives a round trip through `Checker::new`); a refused one fails with the same errors,
/// each naming its field and saying what is wrong. Returns the checker when accepted.
pub fn check_config(json: &str) -> Option<Checker> {
    let errs = validate(json);
    assert_eq!(errs, validate(json), "validation is not deterministic for {json:?}");
    let built = Checker::from_json(json);
    if errs.is_empty() {
        let c = match built {
            Ok(c) => c,
            Err(e) => panic!("validation accepts but from_json refuses {json:?}: {e:?}"),
        };
        if let Err(e) = Checker::new(c.config().clone()) {
            panic!("from_json accepts {json:?} but Checker::new refuses its parsed config {:?}: {e:?}", c.config());
        }
        Some(c)
    } else {
        match built {
            Ok(_) => panic!("validation refuses {json:?} ({errs:?}) but from_json builds a checker"),
            Err(e) => assert_eq!(e, errs, "from_json's errors differ from validation's for {json:?}"),
        }
        for e in &errs {
            // (an empty unknown key once gave an empty field name; found by this target,
            // fixed in src/rules.rs, kept by `empty_unknown_key_is_named`)
            assert!(!e.field.is_empty(), "error without a field name for {json:?}: {e:?}");
            assert!(!e.message.trim().is_empty(), "error without a message for {json:?}: {e:?}");
            assert!(!e.to_string().is_empty());
        }
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Structured generator
// ---------------------------------------------------------------------------------------------

/// Reads choices from fuzz bytes; zeros once they run out (so every input decodes).
pub struct Src<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Src<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Src { data, pos: 0 }
    }
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    pub fn done(&self) -> bool {
        self.pos >= self.data.len()
    }
    /// A number below `n` (n ≥ 1).
    pub fn below(&mut self, n: usize) -> usize {
        self.byte() as usize % n.max(1)
    }
    /// True with probability about `k`/8.
    pub fn chance(&mut self, k: u8) -> bool {
        self.byte() % 8 < k
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Up to `max` raw bytes as lossy UTF-8 (a length byte, then the bytes).
    pub fn raw(&mut self, max: usize) -> String {
        let n = self.below(max + 1);
        let start = self.pos.min(self.data.len());
        let end = (start + n).min(self.data.len());
        self.pos += n;
        String::from_utf8_lossy(&self.data[start..end]).into_owned()
    }
}

/// Words and fragments phrases and texts are made of: ordinary, hostile and multi-byte.
const PIECES: &[&str] = &[
    "client", "my client", "Acme Mill", "the mill", "teacher", "Leeds", "bed 4", "case #12", "BOB", "bob", "İ", "ı",
    "é", "e\u{301}", "ß", "ﬁ", "K", "Ω", "🙂", "👩🏽‍⚕️", "🇬🇧", "\u{200B}", "\u{200D}", "\u{202E}", "\u{FEFF}", "０７７",
    "сlient", "а", " ", "  ", "\n", "'", "\"", "’", "-", ".", "#", "@", "_", "0", "9", "x", "y", "\\", "\u{0}", "<b>",
    "Siobhán", "O'Neill", "Jo", "@bed4",
];

/// Regex fragments, combined into user patterns (valid and not).
const RE_PIECES: &[&str] = &[
    "a", "client", "\\d", "\\d+", "\\w", "\\s*", "\\b", "\\B", "[a-z]", "[^a]", "[z-a]", "(", ")", "(?:", "|", "*", "+", "?",
    "{2}", "{2,}", "{1000}", "{9999999}", ".", "^", "$", "(?i)", "(?-u:\\b)", "\\p{L}", "é", "🙂", "[[:alpha:]]", "\\",
    "x*", "(a|b)", "#", "\\#", "(?x) a", "(?P<n>a)", "\\1", "(?=a)",
];

const CATEGORIES: &[&str] = &[
    "confidentiality", "identifiers", "boundaries", "professionalism", "stigma", "self_disclosure", "safe_messaging", "Stigma", "",
];
const SEVERITIES: &[&str] = &["caution", "high", "High", "low"];
const SENSITIVITIES: &[&str] = &["relaxed", "balanced", "strict", "paranoid"];
const RULE_KEYS: &[&str] = &[
    "id", "category", "severity", "phrases", "regex", "whole_word", "case_sensitive", "message", "replace", "suggestion",
    "source", "enabled",
];

/// JSON string literal for `s`.
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn piece_string(s: &mut Src, max_pieces: usize) -> String {
    let n = s.below(max_pieces + 1);
    let mut out = String::new();
    for _ in 0..n {
        if s.chance(1) {
            out.push_str(&s.raw(6));
        } else {
            out.push_str(s.pick(PIECES));
        }
    }
    out
}

/// A JSON value of a type the field does not expect.
fn wrong_value(s: &mut Src) -> String {
    s.pick(&["null", "true", "1", "-0.5e3", "[]", "{}", "[\"a\",1]", "\"\"", "{\"a\":[null]}"]).to_string()
}

/// A value for `key` of a custom rule: usually right, sometimes of the wrong type.
fn rule_value(s: &mut Src, key: &str, i: usize, phrases: &mut Vec<String>) -> String {
    if s.chance(1) && s.chance(4) {
        return wrong_value(s);
    }
    match key {
        "id" => {
            if s.chance(1) {
                let n = names();
                json_str(&n.ids[s.below(n.ids.len())])
            } else if s.chance(1) {
                json_str(&piece_string(s, 3))
            } else {
                json_str(&format!("r{}", if s.chance(1) { 0 } else { i }))
            }
        }
        "category" => json_str(s.pick(CATEGORIES)),
        "severity" => json_str(s.pick(SEVERITIES)),
        "phrases" => {
            let n = s.below(4) + usize::from(s.chance(7));
            let items: Vec<String> = (0..n)
                .map(|_| {
                    let p = piece_string(s, 4);
                    phrases.push(p.clone());
                    json_str(&p)
                })
                .collect();
            format!("[{}]", items.join(","))
        }
        "regex" => {
            let n = s.below(6);
            let mut re = String::new();
            for _ in 0..n {
                if s.chance(1) {
                    re.push_str(&s.raw(4));
                } else {
                    re.push_str(s.pick(RE_PIECES));
                }
            }
            json_str(&re)
        }
        "whole_word" | "case_sensitive" | "enabled" => s.pick(&["true", "false"]).to_string(),
        "message" | "replace" | "suggestion" | "source" => {
            if s.chance(1) && s.chance(2) {
                json_str(&"m".repeat(s.pick(&[0usize, 300, 501])))
            } else {
                json_str(&format!("m{}", piece_string(s, 2)))
            }
        }
        _ => json_str(&piece_string(s, 2)),
    }
}

fn gen_rule(s: &mut Src, i: usize, phrases: &mut Vec<String>) -> String {
    // Usually the required keys plus phrases or regex; then optional and stray keys.
    let mut keys: Vec<&str> = Vec::new();
    for k in ["id", "category", "severity", "message"] {
        if !s.chance(1) || !s.chance(4) {
            keys.push(k);
        }
    }
    match s.below(8) {
        0..=3 => keys.push("phrases"),
        4..=6 => keys.push("regex"),
        _ => {
            if s.chance(4) {
                keys.extend(["phrases", "regex"]);
            }
        }
    }
    let extra = s.below(4);
    for _ in 0..extra {
        keys.push(s.pick(RULE_KEYS));
    }
    if s.chance(1) && s.chance(2) {
        keys.push("colour");
    }
    let members: Vec<String> = keys.iter().map(|k| format!("{}:{}", json_str(k), rule_value(s, k, i, phrases))).collect();
    format!("{{{}}}", members.join(","))
}

/// Decode fuzz bytes into `(configuration JSON, text to check)`. The configuration is usually
/// an object with a few custom rules (phrases or a regex), sometimes with other top-level
/// fields, wrong types, unknown keys, or a syntax error; the text mixes the rules' phrases
/// with other pieces so that the rules fire.
pub fn gen_config(data: &[u8]) -> (String, String) {
    let mut s = Src::new(data);
    let mut phrases = Vec::new();
    let mut members = Vec::new();
    if s.chance(2) {
        let v = if s.chance(7) { json_str(s.pick(SENSITIVITIES)) } else { wrong_value(&mut s) };
        members.push(format!("\"sensitivity\":{v}"));
    }
    if s.chance(2) {
        let n = names();
        let v = if s.chance(6) { json_str(&n.professions[s.below(n.professions.len())]) } else { json_str(&piece_string(&mut s, 2)) };
        members.push(format!("\"profession\":{v}"));
    }
    if s.chance(2) {
        let n = names();
        let k = s.below(4);
        let ids: Vec<String> = (0..k)
            .map(|_| if s.chance(6) { json_str(&n.ids[s.below(n.ids.len())]) } else { wrong_value(&mut s) })
            .collect();
        members.push(format!("\"disabled_rules\":[{}]", ids.join(",")));
    }
    if s.chance(2) {
        let entries: Vec<String> = (0..s.below(3)).map(|_| piece_string(&mut s, 3)).collect();
        let salt = s.pick(&["00", "5eed", "", "xyz", "ABCDEF0123"]);
        let mut hashes: Vec<String> = entries.iter().flat_map(|e| entry_hashes(salt, e)).map(|h| json_str(&h)).collect();
        if s.chance(1) {
            hashes.push(s.pick(&["\"\"", "\"abc\"", "1", "null"]).to_string());
        }
        phrases.extend(entries);
        members.push(format!("\"watchlist\":{{\"salt\":{},\"hashes\":[{}]}}", json_str(salt), hashes.join(",")));
    }
    let n_rules = s.below(5);
    let rules: Vec<String> = (0..n_rules).map(|i| gen_rule(&mut s, i, &mut phrases)).collect();
    let bare_array = s.chance(1);
    if !bare_array || !members.is_empty() {
        members.push(format!("\"rules\":[{}]", rules.join(",")));
    }
    if s.chance(1) && s.chance(2) {
        members.push(format!("{}:1", json_str(&piece_string(&mut s, 2))));
    }
    let mut json = if bare_array && members.len() == 1 {
        format!("[{}]", rules.join(","))
    } else {
        format!("{{{}}}", members.join(","))
    };
    // Sometimes break the syntax.
    if s.chance(1) && s.chance(2) && !json.is_empty() {
        let mut at = s.below(json.len());
        while !json.is_char_boundary(at) {
            at -= 1;
        }
        match s.below(3) {
            0 => json.truncate(at),
            1 => json.insert(at, s.pick(&[',', '}', ']', '"', '\\', ':'])),
            _ => json.insert_str(at, &"[".repeat(200)),
        }
    }
    // The text: phrases and pieces, in generated order.
    let mut text = String::new();
    let n = s.below(12);
    for _ in 0..n {
        if !phrases.is_empty() && s.chance(4) {
            text.push_str(&phrases[s.below(phrases.len())]);
        } else {
            text.push_str(s.pick(PIECES));
        }
        text.push_str(s.pick(&[" ", "", ". ", "\n", "-", "🙂"]));
    }
    if !s.done() {
        text.push_str(&String::from_utf8_lossy(&data[s.pos.min(data.len())..]));
    }
    (json, text)
}
