//! Turns the readable rule file `rules/builtin.toml` into compact data compiled into the
//! binary, so the Wasm carries neither a TOML nor a JSON parser. Structural mistakes
//! (duplicate ids, references to signals that do not exist, patterns the engines would read
//! differently) fail the build with the rule named.
//!
//! Two files are written to `OUT_DIR`:
//! - `builtin.pack`: the TOML tree as a flat token stream (see `src/pack.rs`, which reads it
//!   into the `RulePack` types with their defaults), patterns as references into:
//! - `builtin.patterns`: for every built-in pattern, its ASCII-canonical form (see
//!   `src/pattern.rs`) and a set of literals of which every match contains one, found with
//!   `regex-syntax`, with how far a match can reach before and after the literal's start
//!   (`-`: unbounded); at run time a pattern only runs, and only around the places, where one
//!   of its literals occurs. An empty set means "always run, on the whole text".
//!
//! `builtin.json` (the same tree as JSON) is also written, for a native test that checks the
//! token reader against `serde`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::{env, fs, path::Path};

use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Hir, HirKind};

#[path = "src/pattern.rs"]
mod pattern;

/// Literals of cased patterns are lower-cased exactly as the checker lower-cases text.
#[path = "src/lower.rs"]
mod lower;
use lower::lower_same_len;

/// The validators a rule or signal may name (`validate = "nhs_number"`): a name the core does
/// not know would otherwise be ignored at run time, and the rule fire unvalidated.
#[path = "src/detect/validate.rs"]
#[allow(dead_code)]
mod validate;

/// Token separator in the generated files (never part of the rule text).
const SEP: char = '\0';
/// Size limit the checker compiles built-in patterns with (`src/checker.rs`).
const BUILTIN_SIZE_LIMIT: usize = 1 << 22;
/// Longest literal kept (a prefix of a required literal is required too).
const MAX_LITERAL: usize = 8;
/// Largest literal set worth searching for.
const MAX_LITERALS: usize = 128;

fn main() {
    let src = "rules/builtin.toml";
    println!("cargo:rerun-if-changed={src}");
    println!("cargo:rerun-if-changed=src/pattern.rs");
    println!("cargo:rerun-if-changed=src/lower.rs");
    println!("cargo:rerun-if-changed=src/detect/validate.rs");
    let text = fs::read_to_string(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    let mut value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
    expand_vocab(&mut value, src);
    let json = serde_json::to_value(&value).expect("TOML converts to JSON");

    let names = |key: &str, field: &str| -> Vec<String> {
        json[key].as_array().map_or(vec![], |a| {
            a.iter().filter_map(|x| x[field].as_str().map(str::to_string)).collect()
        })
    };
    let signals: HashSet<String> = names("signal", "name").into_iter().collect();
    let mut ids = HashSet::new();
    for id in names("rule", "id") {
        assert!(ids.insert(id.clone()), "{src}: rule id {id:?} is used twice");
    }
    let check_refs = |owner: &str, list: &serde_json::Value| {
        for s in list.as_array().into_iter().flatten() {
            let name = s.as_str().or_else(|| s["signal"].as_str()).unwrap_or("");
            assert!(signals.contains(name), "{src}: {owner} refers to unknown signal {name:?}");
        }
    };
    // What to write instead: `replace` (words that take the span's place, offered with Apply)
    // or `suggestion` (advice, shown only), not both.
    let check_suggestion = |owner: &str, item: &serde_json::Value| {
        let (replace, advice) = (item.get("replace"), item.get("suggestion"));
        assert!(replace.is_none() || advice.is_none(), "{src}: {owner}: give `replace` (words for the match) or `suggestion` (advice), not both");
        for (k, v) in [("replace", replace), ("suggestion", advice)] {
            assert!(v.map_or(true, |v| v.as_str().is_some_and(|s| !s.trim().is_empty())), "{src}: {owner}: `{k}` must be text");
        }
    };
    for r in json["rule"].as_array().into_iter().flatten() {
        let id = r["id"].as_str().unwrap_or("?");
        for k in ["near", "escalate", "unless", "unless_at"] {
            check_refs(id, &r[k]);
        }
        check_suggestion(id, r);
    }
    for s in json["signal"].as_array().into_iter().flatten() {
        check_refs(s["name"].as_str().unwrap_or("?"), &s["unless"]);
    }
    // a validator's name must be one the core has (src/detect/validate.rs, `by_name`)
    for (kind, key) in [("rule", "id"), ("signal", "name")] {
        for item in json[kind].as_array().into_iter().flatten() {
            let Some(name) = item.get("validate") else { continue };
            let owner = item[key].as_str().unwrap_or("?");
            let name = name.as_str().unwrap_or_else(|| panic!("{src}: {kind} {owner}: `validate` must be text"));
            if validate::by_name(name).is_none() {
                let line = text.lines().position(|l| l.contains("validate") && l.contains(&format!("\"{name}\"")));
                let at = line.map_or(String::new(), |n| format!(":{}", n + 1));
                panic!("{src}{at}: {kind} {owner}: unknown validator {name:?} (src/detect/validate.rs, by_name, lists the known ones)");
            }
        }
    }
    let c = &json["confidentiality"];
    for k in ["anchors", "details", "dampeners", "generic"] {
        check_refs("confidentiality", &c[k]);
    }
    check_suggestion("confidentiality", c);

    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();

    // Every pattern: canonical form and required literals, one entry per distinct
    // (canonical form, cased), sorted so the checker can look an entry up.
    let mut canon_of = HashMap::new();
    let mut entries = BTreeMap::new();
    for kind in ["signal", "rule"] {
        for item in json[kind].as_array().into_iter().flatten() {
            let owner = item["name"].as_str().or(item["id"].as_str()).unwrap_or("?");
            for (field, cased) in [("patterns", false), ("cased_patterns", true)] {
                for p in item[field].as_array().into_iter().flatten() {
                    let p = p.as_str().unwrap_or_else(|| panic!("{src}: {owner}: {field} must be strings"));
                    let canon = pattern::ascii_canonical(p).unwrap_or_else(|e| panic!("{src}: {owner}: pattern {p:?}: {e}"));
                    canon_of.insert((p.to_string(), cased), canon.clone());
                    entries.entry((canon, cased)).or_insert_with(|| (p.to_string(), owner.to_string()));
                }
            }
        }
    }
    let index: HashMap<(String, bool), usize> = entries.keys().enumerate().map(|(i, k)| (k.clone(), i)).collect();
    let mut table = String::new();
    token(&mut table, &entries.len().to_string());
    for ((canon, cased), (p, owner)) in &entries {
        if let Err(e) = regex_lite::RegexBuilder::new(canon).size_limit(BUILTIN_SIZE_LIMIT).build() {
            panic!("{src}: {owner}: pattern {p:?} is not accepted by regex-lite (the Wasm engine): {e}");
        }
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(canon)
            .unwrap_or_else(|e| panic!("{src}: {owner}: pattern {p:?}: {e}"));
        let (lits, before, after) = required_literals(&hir, *cased);
        let bound = |b: Option<usize>| b.map_or("-".to_string(), |b| b.to_string());
        for s in [canon.as_str(), if *cased { "1" } else { "0" }, &bound(before), &bound(after)] {
            token(&mut table, s);
        }
        token(&mut table, &lits.len().to_string());
        for l in &lits {
            token(&mut table, l);
        }
    }
    fs::write(out.join("builtin.patterns"), table).unwrap();

    // The pack as tokens; patterns as references to their table entry.
    let mut pack = String::new();
    let refer = |p: &str, cased: bool| canon_of.get(&(p.to_string(), cased)).map(|c| index[&(c.clone(), cased)]);
    dump(&value, &mut pack, &refer);
    fs::write(out.join("builtin.pack"), pack).unwrap();

    // Rename the TOML's singular array names to the Rust field names.
    let mut j = serde_json::Map::new();
    j.insert("version".into(), json["version"].clone());
    j.insert("signals".into(), json["signal"].clone());
    j.insert("rules".into(), json["rule"].clone());
    j.insert("confidentiality".into(), json["confidentiality"].clone());
    j.insert("professions".into(), json["profession"].clone());
    fs::write(out.join("builtin.json"), serde_json::to_string(&j).unwrap()).unwrap();
}

/// Word lists shared by patterns: `[vocab] person = ["man", "woman", …]` lets a pattern say
/// `{person}` where it means any of them (written as `(?:man|woman|…)`), so one list is kept
/// in one place. The entries are pattern text (an entry such as `\d{1,2}\s?yo` is allowed). A name in
/// braces that is not a vocab list fails the build; counted repetitions (`{1,24}`) are not
/// names. The `[vocab]` table itself is not part of the pack.
fn expand_vocab(value: &mut toml::Value, src: &str) {
    let toml::Value::Table(root) = value else { return };
    let Some(vocab) = root.remove("vocab") else { return };
    let lists: HashMap<String, String> = vocab
        .as_table()
        .unwrap_or_else(|| panic!("{src}: [vocab] must be a table of word lists"))
        .iter()
        .map(|(k, v)| {
            let words: Vec<&str> = v
                .as_array()
                .unwrap_or_else(|| panic!("{src}: vocab.{k} must be a list of strings"))
                .iter()
                .map(|w| w.as_str().unwrap_or_else(|| panic!("{src}: vocab.{k} must be a list of strings")))
                .collect();
            assert!(!words.is_empty(), "{src}: vocab.{k} is empty");
            (k.clone(), format!("(?:{})", words.join("|")))
        })
        .collect();
    let name = regex_lite::Regex::new(r"\{([a-z_]+)\}").unwrap();
    for kind in ["signal", "rule"] {
        for item in root.get_mut(kind).and_then(|v| v.as_array_mut()).into_iter().flatten() {
            let owner = item.get("name").or(item.get("id")).and_then(|v| v.as_str()).unwrap_or("?").to_string();
            for field in ["patterns", "cased_patterns"] {
                for p in item.get_mut(field).and_then(|v| v.as_array_mut()).into_iter().flatten() {
                    let Some(text) = p.as_str() else { continue };
                    let expanded = name.replace_all(text, |c: &regex_lite::Captures| {
                        lists.get(&c[1]).cloned().unwrap_or_else(|| panic!("{src}: {owner}: pattern {text:?} uses {{{}}}, which is not a [vocab] list", &c[1]))
                    });
                    *p = toml::Value::String(expanded.into_owned());
                }
            }
        }
    }
}

fn token(out: &mut String, s: &str) {
    assert!(!s.contains(SEP), "rules/builtin.toml: text may not contain NUL: {s:?}");
    out.push_str(s);
    out.push(SEP);
}

/// The TOML tree as tokens: `{` key value … `}`, `[` value … `]`, and scalars tagged by
/// their first character: `s` string, `i` integer, `f` float (as f32 bits), `b` boolean,
/// `p` a pattern (the index of its entry in `builtin.patterns`, from `refer`).
fn dump(v: &toml::Value, out: &mut String, refer: &dyn Fn(&str, bool) -> Option<usize>) {
    match v {
        toml::Value::String(s) => token(out, &format!("s{s}")),
        toml::Value::Integer(i) => token(out, &format!("i{i}")),
        toml::Value::Float(f) => token(out, &format!("f{}", (*f as f32).to_bits())),
        toml::Value::Boolean(b) => token(out, if *b { "b1" } else { "b0" }),
        toml::Value::Datetime(d) => panic!("rules/builtin.toml: dates are not used ({d})"),
        toml::Value::Array(a) => {
            token(out, "[");
            for x in a {
                dump(x, out, refer);
            }
            token(out, "]");
        }
        toml::Value::Table(t) => {
            token(out, "{");
            for (k, x) in t {
                token(out, k);
                let cased = k == "cased_patterns";
                let refs: Option<Vec<usize>> = match (k.as_str(), x.as_array()) {
                    ("patterns" | "cased_patterns", Some(list)) => list.iter().map(|p| refer(p.as_str()?, cased)).collect(),
                    _ => None,
                };
                match refs {
                    Some(refs) => {
                        token(out, "[");
                        for r in refs {
                            token(out, &format!("p{r}"));
                        }
                        token(out, "]");
                    }
                    None => dump(x, out, refer),
                }
            }
            token(out, "}");
        }
    }
}

/// Literals of which every match of `hir` contains one, lower-cased the way the checker
/// lower-cases text when `cased` (they are searched in the lower-cased text), and how many
/// bytes a match can have before and after a literal's start. No literals when there is no
/// useful finite set (the pattern then always runs).
fn required_literals(hir: &Hir, cased: bool) -> (Vec<String>, Option<usize>, Option<usize>) {
    let Some(c) = required(hir) else { return (vec![], None, None) };
    let mut out = BTreeSet::new();
    for lit in c.seq.literals().unwrap_or(&[]) {
        // a literal cut short inside a character keeps its whole characters (still required)
        let b = lit.as_bytes();
        let s = std::str::from_utf8(b).unwrap_or_else(|e| std::str::from_utf8(&b[..e.valid_up_to()]).unwrap());
        let mut t = String::new();
        for c in s.chars() {
            if t.len() + c.len_utf8() > MAX_LITERAL {
                break;
            }
            t.push(if cased { lower_same_len(c) } else { c });
        }
        if t.is_empty() {
            return (vec![], None, None);
        }
        out.insert(t);
    }
    (out.into_iter().collect(), c.before, c.after)
}

/// Words so common in posts that a literal containing one is much likelier than its letters
/// suggest.
const COMMON: &[&str] = &[
    "a", "about", "all", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "for",
    "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "is", "it", "just", "me",
    "my", "no", "not", "of", "on", "one", "or", "our", "out", "she", "so", "that", "the", "their", "they",
    "this", "to", "up", "us", "was", "we", "what", "when", "who", "will", "with", "you", "your",
];

/// Rough chance that `lit` starts at a given byte of an English post: English letter
/// frequencies, spaces, digits and symbols as independent bytes, times 30 for each common
/// word in it.
fn chance(lit: &[u8]) -> f64 {
    const LETTERS: [f64; 26] = [
        8.2, 1.5, 2.8, 4.3, 12.7, 2.2, 2.0, 6.1, 7.0, 0.15, 0.8, 4.0, 2.4, 6.7, 7.5, 1.9, 0.1, 6.0, 6.3, 9.1,
        2.8, 1.0, 2.4, 0.15, 2.0, 0.07,
    ];
    let mut p: f64 = lit
        .iter()
        .map(|&b| match b.to_ascii_lowercase() {
            c @ b'a'..=b'z' => 0.8 * LETTERS[(c - b'a') as usize] / 100.0,
            b' ' => 0.17,
            b'0'..=b'9' => 0.002,
            0x80..=0xBF => 1.0,
            0xC0..=0xFF => 0.001,
            _ => 0.01,
        })
        .product();
    let s = String::from_utf8_lossy(lit).to_lowercase();
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if COMMON.contains(&w) {
            p *= 30.0;
        }
    }
    p.min(1.0)
}

/// Whether a literal set can gate a pattern at all.
fn usable(s: &Seq) -> bool {
    s.literals().is_some_and(|lits| !lits.is_empty() && lits.len() <= MAX_LITERALS && lits.iter().all(|l| !l.is_empty()))
}

/// How good a literal set is as a prefilter (higher is better): minus the expected cost of
/// the searches it causes per byte of text. Each occurrence of a literal costs a search: an
/// anchored one at the occurrence when every match starts with the literal (`before` is 0),
/// else one over the window a match through it can lie in (from the start of the text when
/// `before` is unbounded, to its end when `after` is).
fn score(c: &Cand) -> f64 {
    let lits = c.seq.literals().unwrap_or(&[]);
    let window = match c.before {
        Some(0) => 8.0,
        b => (b.unwrap_or(1000) + c.after.unwrap_or(1000)).max(8) as f64,
    };
    -lits.iter().map(|l| chance(l.as_bytes())).sum::<f64>() * window
}

/// A literal set with how far a match reaches before and after the start of the literal it
/// contains (None: unbounded).
struct Cand {
    seq: Seq,
    before: Option<usize>,
    after: Option<usize>,
}

fn better(a: Option<Cand>, b: Option<Cand>) -> Option<Cand> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => {
            if score(&b) > score(&a) {
                Some(b)
            } else {
                Some(a)
            }
        }
    }
}

fn add(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    a?.checked_add(b?)
}

/// Longest match of a concatenation, in bytes.
fn max_len(xs: &[Hir]) -> Option<usize> {
    xs.iter().try_fold(0usize, |n, x| n.checked_add(x.properties().maximum_len()?))
}

/// Literals every match starts with (a finite set, or None).
fn prefixes(h: &Hir) -> Option<Cand> {
    let mut e = Extractor::new();
    e.kind(ExtractKind::Prefix).limit_class(10).limit_repeat(10).limit_literal_len(MAX_LITERAL).limit_total(250);
    let seq = e.extract(h);
    usable(&seq).then(|| Cand { seq, before: Some(0), after: h.properties().maximum_len() })
}

/// The best set of literals such that every match of `h` contains one of them: the prefixes
/// of `h` itself, of any tail of a concatenation, of any required part, or the union over
/// the branches of an alternation.
fn required(h: &Hir) -> Option<Cand> {
    let mut best = prefixes(h);
    match h.kind() {
        HirKind::Concat(xs) => {
            for i in 1..xs.len() {
                let c = prefixes(&Hir::concat(xs[i..].to_vec())).map(|c| Cand { before: max_len(&xs[..i]), ..c });
                best = better(best, c);
            }
            for (i, x) in xs.iter().enumerate() {
                let c = required(x).map(|c| Cand {
                    before: add(max_len(&xs[..i]), c.before),
                    after: add(c.after, max_len(&xs[i + 1..])),
                    seq: c.seq,
                });
                best = better(best, c);
            }
        }
        HirKind::Capture(c) => best = better(best, required(&c.sub)),
        HirKind::Repetition(r) if r.min >= 1 => {
            // the literal may be in any of the repeats
            let extra = r.max.and_then(|m| (m as usize - 1).checked_mul(r.sub.properties().maximum_len()?));
            let c = required(&r.sub).map(|c| Cand { before: add(c.before, extra), after: add(c.after, extra), seq: c.seq });
            best = better(best, c);
        }
        HirKind::Alternation(xs) => {
            let mut all = Cand { seq: Seq::empty(), before: Some(0), after: Some(0) };
            for x in xs {
                let Some(mut c) = required(x) else { return best };
                all.seq.union(&mut c.seq);
                all.before = all.before.zip(c.before).map(|(a, b)| a.max(b));
                all.after = all.after.zip(c.after).map(|(a, b)| a.max(b));
            }
            if usable(&all.seq) {
                best = better(best, Some(all));
            }
        }
        _ => {}
    }
    best
}
