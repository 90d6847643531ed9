//! Rules as data: the built-in rule pack (from `rules/builtin.toml`) and the user's
//! configuration (custom rules, disabled rules, sensitivity, profession, watch list).
//!
//! The configuration arrives as JSON from the CLI (`--rules FILE`), the options page and
//! organisation policy. [`validate_config`] checks it field by field and names the rule and
//! field of every problem, so a clinician can fix it; [`Config::from_json`] refuses a
//! configuration with any error. [`validate_typed`] makes the same checks, with the same
//! messages, on a configuration built in code (what [`crate::Checker::new`] takes). Limits
//! keep a user rule from exhausting memory.

use serde::{Deserialize, Serialize};

use crate::json::{self, Value};
use crate::report::{Category, Severity, Suggestion};

/// How much a clinician wants to be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sensitivity {
    Relaxed,
    #[default]
    Balanced,
    Strict,
}

impl Sensitivity {
    pub fn parse(s: &str) -> Option<Sensitivity> {
        match s {
            "relaxed" => Some(Sensitivity::Relaxed),
            "balanced" => Some(Sensitivity::Balanced),
            "strict" => Some(Sensitivity::Strict),
            _ => None,
        }
    }
}

/// Where the text will appear. Most rules hold everywhere; some only where the place itself
/// changes what words mean: in a reply to an online review, "your treatment" confirms that the
/// reviewer was a patient, which is a disclosure on its own (HIPAA, APA 4.04).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Context {
    /// A post, comment or blog: the default.
    #[default]
    Post,
    /// A reply to a review of the practice (Google, Yelp, Healthgrades…).
    ReviewReply,
}

impl Context {
    pub fn parse(s: &str) -> Option<Context> {
        match s {
            "post" => Some(Context::Post),
            "review-reply" => Some(Context::ReviewReply),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Context::Post => "post",
            Context::ReviewReply => "review-reply",
        }
    }
}

/// A named list of words or patterns that other rules combine (e.g. `client_anchor`, `age`).
#[derive(Debug, Clone, Deserialize)]
pub struct SignalSpec {
    pub name: String,
    /// What the evidence is called for a person ("client reference", "age"…).
    pub label: String,
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regexes on the lower-cased normalised text.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Regexes on the case-preserving normalised text (capitalised names and places).
    #[serde(default)]
    pub cased_patterns: Vec<String>,
    /// Weight of this kind of detail in the confidentiality combiner.
    #[serde(default = "one")]
    pub weight: f32,
    /// Signals whose presence around a hit cancels it (e.g. "i'm a" before an occupation).
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default = "default_unless_window")]
    pub unless_window: usize,
    /// A mechanism that must accept the matched text (e.g. `place`, `date`).
    #[serde(default)]
    pub validate: Option<String>,
}

fn one() -> f32 {
    1.0
}
fn default_unless_window() -> usize {
    16
}
fn default_window() -> usize {
    160
}
fn yes() -> bool {
    true
}

/// A built-in rule: a trigger (phrases or patterns) plus context conditions.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleSpec {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    pub message: String,
    /// `replace = "…"` (words for the span, offered with Apply) or `suggestion = "…"` (advice).
    #[serde(flatten)]
    pub suggestion: Option<Suggestion>,
    pub sources: Vec<String>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub cased_patterns: Vec<String>,
    /// At least one of these signals must occur within `window` chars of the trigger.
    #[serde(default)]
    pub near: Vec<String>,
    /// Any of these signals within `window` raises the finding to `high`.
    #[serde(default)]
    pub escalate: Vec<String>,
    /// Any of these signals within `window` silences the trigger (clinical use, negation…).
    #[serde(default)]
    pub unless: Vec<String>,
    #[serde(default = "default_window")]
    pub window: usize,
    /// Window for `unless` (default: `window`).
    #[serde(default)]
    pub unless_window: Option<usize>,
    /// Any of these signals overlapping the trigger silences it (a number that a keyword
    /// has claimed for another scheme: “NHS number is …” is not a phone number).
    #[serde(default)]
    pub unless_at: Vec<String>,
    /// Silence the trigger inside quotation marks (the term is being discussed).
    #[serde(default)]
    pub quiet_in_quotes: bool,
    /// Silence a trigger written with a capital mid-sentence (a title: Hitchcock's *Psycho*).
    #[serde(default)]
    pub quiet_when_capitalised: bool,
    /// A mechanism that must accept the matched text (checksums, plausible phone numbers).
    #[serde(default)]
    pub validate: Option<String>,
    /// The lowest sensitivity at which the rule speaks.
    #[serde(default = "relaxed")]
    pub min_sensitivity: Sensitivity,
    /// A caution from this rule is withdrawn when the learned scorer is confident the post is
    /// harmless (for context judgements the model reads better than a word list: not for
    /// identifiers or stigma words).
    #[serde(default)]
    pub model_may_clear: bool,
    /// The only context in which the rule speaks (none: every context).
    #[serde(default)]
    pub context: Option<Context>,
}

fn relaxed() -> Sensitivity {
    Sensitivity::Relaxed
}

/// Parameters of the confidentiality combiner (client anchor + distinct kinds of detail).
#[derive(Debug, Clone, Deserialize)]
pub struct CombinerSpec {
    pub id: String,
    pub title: String,
    pub message: String,
    /// `replace = "…"` (words for the span, offered with Apply) or `suggestion = "…"` (advice).
    #[serde(flatten)]
    pub suggestion: Option<Suggestion>,
    pub sources: Vec<String>,
    /// Anchor signals and their strength.
    pub anchors: Vec<Weighted>,
    /// Detail signals (their weight is on the signal).
    pub details: Vec<String>,
    /// Signals that lower the score (composite, details changed, with permission).
    pub dampeners: Vec<String>,
    pub dampening: f32,
    /// Signals that mark the post as general or educational near an anchor.
    #[serde(default)]
    pub generic: Vec<String>,
    /// As for a rule: a caution is withdrawn when the learned scorer is confident.
    #[serde(default)]
    pub model_may_clear: bool,
    pub window_before: usize,
    pub window_after: usize,
    pub caution_at: f32,
    pub high_at: f32,
    /// How far sensitivity moves the thresholds (strict lowers, relaxed raises).
    pub sensitivity_step: f32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Weighted {
    pub signal: String,
    pub weight: f32,
    /// Narrower windows for weak anchors (defaults: the combiner's).
    #[serde(default)]
    pub window_before: Option<usize>,
    #[serde(default)]
    pub window_after: Option<usize>,
    /// The anchor counts only when this signal occurs within `needs_window` of it.
    #[serde(default)]
    pub needs: Option<String>,
    #[serde(default)]
    pub needs_window: usize,
    /// Whether details inside the anchor's own span count ("the gentleman in bay 4": yes;
    /// "a veteran" is a person reference, its noun is not a detail about them).
    #[serde(default = "yes")]
    pub inner_details: bool,
}

/// A profession or region and the order in which it cites guidelines.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ProfessionSpec {
    pub id: String,
    pub label: String,
    /// Source prefixes cited first, in order (e.g. "APA", "HIPAA").
    pub prefer: Vec<String>,
}

/// The whole built-in pack.
#[derive(Debug, Clone, Deserialize)]
pub struct RulePack {
    pub version: u32,
    pub signals: Vec<SignalSpec>,
    pub rules: Vec<RuleSpec>,
    pub confidentiality: CombinerSpec,
    pub professions: Vec<ProfessionSpec>,
}

impl RulePack {
    /// The pack compiled into the binary (generated by `build.rs`, see [`crate::pack`]).
    pub fn builtin() -> RulePack {
        crate::pack::builtin()
    }
}

/// A rule the clinician or their organisation wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomRule {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phrases: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    #[serde(default = "yes")]
    pub whole_word: bool,
    #[serde(default)]
    pub case_sensitive: bool,
    pub message: String,
    /// `"replace": "…"` (words for the span, offered with Apply) or `"suggestion": "…"` (advice).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

/// Salted hashes of the clinician's private watch list (see `detect::watchlist`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Watchlist {
    pub salt: String,
    pub hashes: Vec<String>,
}

/// Everything a [`crate::Checker`] is built from besides the built-in pack.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Config {
    #[serde(default)]
    pub sensitivity: Sensitivity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profession: Option<String>,
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    #[serde(default)]
    pub rules: Vec<CustomRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watchlist: Option<Watchlist>,
}

/// One problem in a configuration, naming where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    /// The rule's id (or `rules[3]` when it has none); empty for top-level fields.
    pub rule: String,
    /// The field, e.g. `regex`, `phrases[2]`, `sensitivity`.
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.rule.is_empty() {
            write!(f, "{}: {}", self.field, self.message)
        } else {
            write!(f, "rule \"{}\", field {}: {}", self.rule, self.field, self.message)
        }
    }
}

/// Limits on user configuration, so a rule cannot exhaust memory or time.
pub mod limits {
    pub const MAX_RULES: usize = 200;
    pub const MAX_PHRASES_PER_RULE: usize = 500;
    pub const MAX_PHRASE_LEN: usize = 200;
    pub const MAX_REGEX_LEN: usize = 1_000;
    /// Compiled size limit for one user regex (bytes of regex-lite's own accounting): room
    /// for a 1,000-character alternation, not for large counted repetitions, so a check stays
    /// fast as well as linear.
    pub const MAX_REGEX_COMPILED: usize = 1 << 16;
    pub const MAX_MESSAGE_LEN: usize = 500;
    pub const MAX_SUGGESTION_LEN: usize = 300;
    pub const MAX_ID_LEN: usize = 64;
    pub const MAX_DISABLED: usize = 1_000;
    pub const MAX_WATCHLIST: usize = 5_000;
}

const RULE_FIELDS: [&str; 12] = [
    "id", "category", "severity", "phrases", "regex", "whole_word", "case_sensitive", "message",
    "replace", "suggestion", "source", "enabled",
];
const TOP_FIELDS: [&str; 6] = ["sensitivity", "profession", "disabled_rules", "rules", "watchlist", "version"];

/// Compile a user regex under the limits, with the case option; the error is the engine's own.
///
/// Custom rules use `regex-lite` everywhere (CLI, options page, extension), so a pattern
/// means the same in each: linear time, Perl classes (`\d`, `\s`, `\w`, `\b`) and
/// case-insensitive matching are ASCII-only, and Unicode classes (`\p{L}`) are refused.
pub fn compile_user_regex(pattern: &str, case_sensitive: bool) -> Result<regex_lite::Regex, String> {
    regex_lite::RegexBuilder::new(pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(limits::MAX_REGEX_COMPILED)
        .nest_limit(64)
        .build()
        .map_err(|e| format!("{e} (in {})", json::quoted(pattern)))
}

/// Check a configuration given as JSON text; returns every problem found (empty when valid).
///
/// Accepts either a configuration object or a bare array of rules.
pub fn validate_config(json: &str, builtin_ids: &[&str], professions: &[&str]) -> Vec<ConfigError> {
    match parse(json) {
        Ok(value) => validate_value(&value, builtin_ids, professions),
        Err(e) => e,
    }
}

/// The JSON text as a value, or the error validation reports.
fn parse(json: &str) -> Result<Value, Vec<ConfigError>> {
    json::parse(json).map_err(|e| vec![ConfigError { rule: String::new(), field: "(json)".into(), message: format!("not valid JSON: {e}") }])
}

/// An unknown key as a field name: itself, or `""` when it is empty (so it is still named).
fn key_name(k: &str) -> String {
    if k.is_empty() {
        "\"\"".to_string()
    } else {
        k.to_string()
    }
}

fn top(field: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { rule: String::new(), field: field.into(), message: message.into() }
}

/// Field-by-field validation of a parsed configuration.
pub fn validate_value(value: &Value, builtin_ids: &[&str], professions: &[&str]) -> Vec<ConfigError> {
    let mut errs = Vec::new();
    let wrapped: [(String, Value); 1];
    let obj: &[(String, Value)] = match value {
        Value::Object(o) => o,
        Value::Array(_) => {
            wrapped = [("rules".to_string(), value.clone())];
            &wrapped
        }
        _ => return vec![top("(json)", "expected an object with \"rules\", or an array of rules")],
    };
    let obj = Obj(obj);
    for k in obj.keys() {
        if !TOP_FIELDS.contains(&k.as_str()) {
            errs.push(top(&key_name(k), format!("unknown field; expected one of: {}", TOP_FIELDS.join(", "))));
        }
    }
    if let Some(v) = obj.get("sensitivity") {
        if v.as_str().and_then(Sensitivity::parse).is_none() {
            errs.push(top("sensitivity", "must be \"relaxed\", \"balanced\" or \"strict\""));
        }
    }
    if let Some(v) = obj.get("profession") {
        errs.extend(profession_problem(v.as_str(), professions));
    }
    if let Some(v) = obj.get("disabled_rules") {
        match v.as_array() {
            Some(a) if a.len() <= limits::MAX_DISABLED => {
                for (i, x) in a.iter().enumerate() {
                    if !x.is_string() {
                        errs.push(top(&format!("disabled_rules[{i}]"), "must be a rule id (a string)"));
                    }
                }
            }
            Some(_) => errs.push(too_many_disabled()),
            None => errs.push(top("disabled_rules", "must be an array of rule ids")),
        }
    }
    if let Some(v) = obj.get("watchlist") {
        validate_watchlist(v, &mut errs);
    }
    match obj.get("rules") {
        None => {}
        Some(Value::Array(rules)) => {
            errs.extend(rule_count_problem(rules.len()));
            let mut seen = std::collections::HashSet::new();
            for (i, r) in rules.iter().enumerate().take(limits::MAX_RULES) {
                validate_rule(i, r, builtin_ids, &mut seen, &mut errs);
            }
        }
        Some(_) => errs.push(top("rules", "must be an array of rules")),
    }
    errs
}

fn validate_watchlist(v: &Value, errs: &mut Vec<ConfigError>) {
    let Some(o) = v.as_object().map(Obj) else {
        errs.push(top("watchlist", "must be an object {\"salt\", \"hashes\"}"));
        return;
    };
    let hashes = o.get("hashes").and_then(Value::as_array);
    watchlist_problems(o.get("salt").and_then(Value::as_str), hashes.map(|h| (h.len(), h.iter().map(Value::as_str))), errs);
    for k in o.keys() {
        if k != "salt" && k != "hashes" {
            errs.push(top(&format!("watchlist.{}", key_name(k)), "unknown field; expected salt, hashes"));
        }
    }
}

fn validate_rule(
    i: usize,
    r: &Value,
    builtin_ids: &[&str],
    seen: &mut std::collections::HashSet<String>,
    errs: &mut Vec<ConfigError>,
) {
    let Some(o) = r.as_object().map(Obj) else {
        errs.push(ConfigError { rule: format!("rules[{i}]"), field: "(rule)".into(), message: "must be an object".into() });
        return;
    };
    let id = o.get("id").and_then(Value::as_str).filter(|s| !s.trim().is_empty());
    let name = id.map_or_else(|| format!("rules[{i}]"), str::to_string);
    let mut err = |field: &str, message: String| errs.push(ConfigError { rule: name.clone(), field: field.into(), message });
    match o.get("id") {
        None => err("id", "is required".into()),
        Some(Value::String(s)) => {
            if let Some(m) = id_problem(s, builtin_ids, seen) {
                err("id", m)
            }
        }
        Some(_) => err("id", "must be a string".into()),
    }
    for k in o.keys() {
        if !RULE_FIELDS.contains(&k.as_str()) {
            err(&key_name(k), format!("unknown field; expected one of: {}", RULE_FIELDS.join(", ")));
        }
    }
    match o.get("category").map(|v| v.as_str().and_then(Category::parse)) {
        None => err("category", "is required".into()),
        Some(None) => err(
            "category",
            format!("must be one of: {}", Category::ALL.map(|c| c.as_str()).join(", ")),
        ),
        _ => {}
    }
    match o.get("severity").map(|v| v.as_str().and_then(Severity::parse)) {
        None => err("severity", "is required".into()),
        Some(None) => err("severity", "must be \"caution\" or \"high\"".into()),
        _ => {}
    }
    for b in ["whole_word", "case_sensitive", "enabled"] {
        if o.get(b).is_some_and(|v| !v.is_boolean()) {
            err(b, "must be true or false".into());
        }
    }
    let case_sensitive = o.get("case_sensitive").and_then(Value::as_bool).unwrap_or(false);
    match (o.get("phrases"), o.get("regex")) {
        (None, None) => err("phrases", NO_TRIGGER.into()),
        (Some(_), Some(_)) => err("regex", TWO_TRIGGERS.into()),
        (Some(p), None) => match p.as_array() {
            None => err("phrases", "must be an array of strings".into()),
            Some(a) => {
                if let Some(m) = phrase_count_problem(a.len()) {
                    err("phrases", m)
                } else {
                    for (j, x) in a.iter().enumerate() {
                        match x.as_str() {
                            None => err(&format!("phrases[{j}]"), "must be a string".into()),
                            Some(s) => {
                                if let Some(m) = phrase_problem(s) {
                                    err(&format!("phrases[{j}]"), m)
                                }
                            }
                        }
                    }
                }
            }
        },
        (None, Some(r)) => match r.as_str() {
            None => err("regex", "must be a string".into()),
            Some(s) => {
                if let Some(m) = regex_problem(s, case_sensitive) {
                    err("regex", m)
                }
            }
        },
    }
    match o.get("message") {
        None => err("message", "is required: say why this matters".into()),
        Some(Value::String(s)) => {
            if let Some(m) = message_problem(s) {
                err("message", m)
            }
        }
        Some(_) => err("message", "must be a string".into()),
    }
    for (f, max) in [("replace", limits::MAX_SUGGESTION_LEN), ("suggestion", limits::MAX_SUGGESTION_LEN), ("source", limits::MAX_MESSAGE_LEN)] {
        match o.get(f) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) => {
                if let Some(m) = text_problem(f, s, max) {
                    err(f, m)
                }
            }
            Some(_) => err(f, "must be a string".into()),
        }
    }
    let given = |f| o.get(f).is_some_and(|v| !matches!(v, Value::Null));
    if given("replace") && given("suggestion") {
        err(
            "replace",
            "give \"replace\" (words that take the place of the match) or \"suggestion\" (advice), not both".into(),
        );
    }
}

/// Validate a configuration that is already typed (built in code rather than parsed): the
/// checks of [`validate_value`] that a typed value can fail — its type rules out unknown
/// fields, wrong types and missing fields — in the same order and with the same messages
/// (both use the checks below).
pub fn validate_typed(config: &Config, builtin_ids: &[&str], professions: &[&str]) -> Vec<ConfigError> {
    let mut errs = Vec::new();
    if let Some(p) = &config.profession {
        errs.extend(profession_problem(Some(p), professions));
    }
    if config.disabled_rules.len() > limits::MAX_DISABLED {
        errs.push(too_many_disabled());
    }
    if let Some(w) = &config.watchlist {
        watchlist_problems(Some(&w.salt), Some((w.hashes.len(), w.hashes.iter().map(|h| Some(h.as_str())))), &mut errs);
    }
    errs.extend(rule_count_problem(config.rules.len()));
    let mut seen = std::collections::HashSet::new();
    for (i, r) in config.rules.iter().enumerate().take(limits::MAX_RULES) {
        let name = if r.id.trim().is_empty() { format!("rules[{i}]") } else { r.id.clone() };
        let mut err = |field: &str, message: String| errs.push(ConfigError { rule: name.clone(), field: field.into(), message });
        if let Some(m) = id_problem(&r.id, builtin_ids, &mut seen) {
            err("id", m);
        }
        match (&r.phrases, &r.regex) {
            (None, None) => err("phrases", NO_TRIGGER.into()),
            (Some(_), Some(_)) => err("regex", TWO_TRIGGERS.into()),
            (Some(a), None) => {
                if let Some(m) = phrase_count_problem(a.len()) {
                    err("phrases", m)
                } else {
                    for (j, s) in a.iter().enumerate() {
                        if let Some(m) = phrase_problem(s) {
                            err(&format!("phrases[{j}]"), m)
                        }
                    }
                }
            }
            (None, Some(s)) => {
                if let Some(m) = regex_problem(s, r.case_sensitive) {
                    err("regex", m)
                }
            }
        }
        if let Some(m) = message_problem(&r.message) {
            err("message", m);
        }
        let suggestion = match &r.suggestion {
            Some(Suggestion::Replace(s)) => Some(("replace", s)),
            Some(Suggestion::Advice(s)) => Some(("suggestion", s)),
            None => None,
        };
        if let Some((f, s)) = suggestion {
            if let Some(m) = text_problem(f, s, limits::MAX_SUGGESTION_LEN) {
                err(f, m);
            }
        }
        if let Some(m) = r.source.as_deref().and_then(|s| text_problem("source", s, limits::MAX_MESSAGE_LEN)) {
            err("source", m);
        }
    }
    errs
}

// The checks both validators make, once: each gives the message for a value of the right
// type, or None when it is fine.

const NO_TRIGGER: &str = "a rule needs \"phrases\" or \"regex\"";
const TWO_TRIGGERS: &str = "give \"phrases\" or \"regex\", not both";

fn profession_problem(p: Option<&str>, professions: &[&str]) -> Option<ConfigError> {
    match p {
        Some(p) if professions.contains(&p) => None,
        _ => Some(top("profession", format!("must be one of: {}", professions.join(", ")))),
    }
}

fn too_many_disabled() -> ConfigError {
    top("disabled_rules", format!("at most {} ids", limits::MAX_DISABLED))
}

fn rule_count_problem(n: usize) -> Option<ConfigError> {
    (n > limits::MAX_RULES).then(|| top("rules", format!("{n} rules; at most {} are allowed", limits::MAX_RULES)))
}

/// The watch list's salt (if it is a string) and hashes (if they are an array: how many, and
/// each if it is a string).
fn watchlist_problems<'a>(
    salt: Option<&str>,
    hashes: Option<(usize, impl Iterator<Item = Option<&'a str>>)>,
    errs: &mut Vec<ConfigError>,
) {
    let is_hex = |s: &str| !s.is_empty() && s.len() <= 128 && s.bytes().all(|b| b.is_ascii_hexdigit());
    if !salt.is_some_and(is_hex) {
        errs.push(top("watchlist.salt", "must be a hexadecimal string"));
    }
    match hashes {
        Some((n, mut h)) if n <= limits::MAX_WATCHLIST * 4 => {
            if let Some(i) = h.position(|x| !x.is_some_and(|s| s.len() == 64 && is_hex(s))) {
                errs.push(top(&format!("watchlist.hashes[{i}]"), "must be a 64-digit hexadecimal SHA-256"));
            }
        }
        Some(_) => errs.push(top("watchlist.hashes", "too many entries")),
        None => errs.push(top("watchlist.hashes", "must be an array of hashes")),
    }
}

/// A rule id; a new valid one joins `seen`.
fn id_problem(s: &str, builtin_ids: &[&str], seen: &mut std::collections::HashSet<String>) -> Option<String> {
    if s.trim().is_empty() {
        Some("must not be empty".into())
    } else if s.len() > limits::MAX_ID_LEN {
        Some(format!("at most {} characters", limits::MAX_ID_LEN))
    } else if builtin_ids.contains(&s) {
        Some("is the id of a built-in rule; choose another".into())
    } else if !seen.insert(s.to_string()) {
        Some("is used by another rule".into())
    } else {
        None
    }
}

fn phrase_count_problem(n: usize) -> Option<String> {
    match n {
        0 => Some("must list at least one phrase".into()),
        n if n > limits::MAX_PHRASES_PER_RULE => Some(format!("{n} phrases; at most {}", limits::MAX_PHRASES_PER_RULE)),
        _ => None,
    }
}

fn phrase_problem(s: &str) -> Option<String> {
    if s.trim().is_empty() {
        Some("must not be empty".into())
    } else if s.chars().count() > limits::MAX_PHRASE_LEN {
        Some(format!("at most {} characters", limits::MAX_PHRASE_LEN))
    } else {
        None
    }
}

fn regex_problem(s: &str, case_sensitive: bool) -> Option<String> {
    if s.is_empty() {
        return Some("must not be empty".into());
    }
    if s.chars().count() > limits::MAX_REGEX_LEN {
        return Some(format!("at most {} characters", limits::MAX_REGEX_LEN));
    }
    match compile_user_regex(s, case_sensitive) {
        Err(e) => Some(format!("invalid regular expression: {e}")),
        Ok(re) if re.is_match("") => Some("matches empty text; it would flag every post".into()),
        Ok(_) => None,
    }
}

fn message_problem(s: &str) -> Option<String> {
    if s.trim().is_empty() {
        Some("must not be empty".into())
    } else if s.chars().count() > limits::MAX_MESSAGE_LEN {
        Some(format!("at most {} characters", limits::MAX_MESSAGE_LEN))
    } else {
        None
    }
}

/// `replace`, `suggestion` or `source` (field `f`, at most `max` characters).
fn text_problem(f: &str, s: &str, max: usize) -> Option<String> {
    if s.chars().count() > max {
        Some(format!("at most {max} characters"))
    } else if f == "replace" && s.trim().is_empty() {
        Some("must not be empty (to advise removing the words, use \"suggestion\")".into())
    } else {
        None
    }
}

impl Config {
    /// Parse and validate a configuration (object or bare array of rules).
    pub fn from_json(json: &str, builtin_ids: &[&str], professions: &[&str]) -> Result<Config, Vec<ConfigError>> {
        let v = parse(json)?;
        let errs = validate_value(&v, builtin_ids, professions);
        if !errs.is_empty() {
            return Err(errs);
        }
        let members = match v {
            a @ Value::Array(_) => vec![("rules".to_string(), a)],
            Value::Object(o) => o,
            _ => return Err(vec![top("(json)", "expected an object")]),
        };
        let o = Obj(&members);
        // Validation has checked every type, so reading is direct.
        let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let strings = |v: Option<&Value>| v.and_then(Value::as_array).unwrap_or_default().iter().map(s).collect::<Vec<_>>();
        let opt = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
        let flag = |v: Option<&Value>, default: bool| v.and_then(Value::as_bool).unwrap_or(default);
        let rules = o.get("rules").and_then(Value::as_array).unwrap_or_default();
        Ok(Config {
            sensitivity: o.get("sensitivity").and_then(Value::as_str).and_then(Sensitivity::parse).unwrap_or_default(),
            profession: opt(o.get("profession")),
            disabled_rules: strings(o.get("disabled_rules")),
            rules: rules
                .iter()
                .filter_map(|r| r.as_object().map(Obj))
                .map(|r| CustomRule {
                    id: opt(r.get("id")).unwrap_or_default(),
                    category: r.get("category").and_then(Value::as_str).and_then(Category::parse).unwrap_or(Category::Confidentiality),
                    severity: r.get("severity").and_then(Value::as_str).and_then(Severity::parse).unwrap_or(Severity::Caution),
                    phrases: r.get("phrases").map(|p| strings(Some(p))),
                    regex: opt(r.get("regex")),
                    whole_word: flag(r.get("whole_word"), true),
                    case_sensitive: flag(r.get("case_sensitive"), false),
                    message: opt(r.get("message")).unwrap_or_default(),
                    suggestion: opt(r.get("replace"))
                        .map(Suggestion::Replace)
                        .or_else(|| opt(r.get("suggestion")).map(Suggestion::Advice)),
                    source: opt(r.get("source")),
                    enabled: flag(r.get("enabled"), true),
                })
                .collect(),
            watchlist: o
                .get("watchlist")
                .map(|w| Watchlist { salt: opt(w.get("salt")).unwrap_or_default(), hashes: strings(w.get("hashes")) }),
        })
    }
}

/// An object's members, looked up by key.
#[derive(Clone, Copy)]
struct Obj<'a>(&'a [(String, Value)]);

impl<'a> Obj<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        json::get(self.0, key)
    }
    fn keys(&self) -> impl Iterator<Item = &'a String> {
        self.0.iter().map(|m| &m.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(json: &str) -> Vec<ConfigError> {
        validate_config(json, &["stigma.crazy"], &["us-psychologist"])
    }

    #[test]
    fn valid_config_has_no_errors() {
        let j = r#"{"sensitivity":"strict","disabled_rules":["stigma.crazy"],"rules":[
            {"id":"mill","category":"confidentiality","severity":"caution","phrases":["Acme Mill"],"message":"Local employer."},
            {"id":"case","category":"identifiers","severity":"high","regex":"case\\s*#\\d+","message":"Case number."}]}"#;
        assert_eq!(errs(j), vec![]);
        let c = Config::from_json(j, &[], &[]).unwrap();
        assert_eq!(c.rules.len(), 2);
        assert!(c.rules[0].whole_word && c.rules[0].enabled && !c.rules[0].case_sensitive);
    }

    #[test]
    fn invalid_regex_names_rule_and_field_with_regex_message() {
        let e = errs(r#"[{"id":"bad","category":"stigma","severity":"caution","regex":"(unclosed","message":"m"}]"#);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].rule, "bad");
        assert_eq!(e[0].field, "regex");
        assert!(e[0].message.contains("unclosed"), "{}", e[0].message);
        // regex-lite's own words, and the pattern
        assert!(e[0].message.contains("open group") && e[0].message.contains("\"(unclosed\""), "{}", e[0].message);
        // Unicode classes are not available in custom rules (regex-lite)
        let e = errs(r#"[{"id":"u","category":"stigma","severity":"caution","regex":"\\p{L}+","message":"m"}]"#);
        assert_eq!((e[0].rule.as_str(), e[0].field.as_str()), ("u", "regex"), "{e:?}");
    }

    #[test]
    fn names_every_problem() {
        let e = errs(r#"{"sensitivity":"loud","rules":[{"category":"nope","severity":"max","phrases":[""],"message":"","colour":1},
            {"id":"stigma.crazy","category":"stigma","severity":"high","phrases":["x"],"message":"m"}]}"#);
        let fields: Vec<_> = e.iter().map(|e| (e.rule.as_str(), e.field.as_str())).collect();
        for want in [("", "sensitivity"), ("rules[0]", "id"), ("rules[0]", "category"), ("rules[0]", "severity"),
            ("rules[0]", "phrases[0]"), ("rules[0]", "message"), ("rules[0]", "colour"), ("stigma.crazy", "id")] {
            assert!(fields.contains(&want), "missing {want:?} in {fields:?}");
        }
    }

    #[test]
    fn limits_are_enforced() {
        let big = format!(r#"[{{"id":"x","category":"stigma","severity":"caution","regex":"{}","message":"m"}}]"#, "a".repeat(2000));
        assert_eq!(errs(&big)[0].field, "regex");
        let huge = r#"[{"id":"x","category":"stigma","severity":"caution","regex":"\\w{1000}\\w{1000}","message":"m"}]"#;
        assert!(errs(huge)[0].message.contains("invalid regular expression"));
        let empty = r#"[{"id":"x","category":"stigma","severity":"caution","regex":"a*","message":"m"}]"#;
        assert!(errs(empty)[0].message.contains("empty"));
    }

    #[test]
    fn not_json_is_an_error_not_a_panic() {
        assert_eq!(errs("{rules: [")[0].field, "(json)");
        assert_eq!(errs("42")[0].field, "(json)");
    }
}
