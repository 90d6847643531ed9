//! JavaScript bindings (compiled only for `wasm32`). Offsets cross the boundary in UTF-16
//! code units, the unit JavaScript strings index in. Every error becomes a JS `Error` with a
//! message that names the rule and field; nothing here can trap on bad input.
//!
//! Results are written as JSON text (`src/json.rs`) and handed to `JSON.parse`: one crossing
//! per result, and far less code in the Wasm than a serde-based converter. The objects have
//! the keys, in the order, that `serde` gave the Rust types.

use wasm_bindgen::prelude::*;

use crate::checker::builtin_ids;
use crate::json::Writer;
use crate::report::{Report, Units};
use crate::rules::{ConfigError, RulePack};

fn to_js(w: Writer) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(&w.out).map_err(|_| JsError::new("insession: could not convert result"))
}

/// A configured checker. Build once per configuration; `check` as often as needed.
#[wasm_bindgen]
pub struct Checker {
    inner: crate::Checker,
}

#[wasm_bindgen]
impl Checker {
    /// `new Checker(configJson?)`: throws an Error listing every configuration problem.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: Option<String>) -> Result<Checker, JsError> {
        let json = config_json.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "{}".into());
        crate::Checker::from_json(&json).map(|inner| Checker { inner }).map_err(|errs| {
            let lines: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            JsError::new(&format!("insession: invalid configuration: {}", lines.join("; ")))
        })
    }

    /// `{risk, score, findings, truncated}` with `start`/`end` in UTF-16 code units.
    pub fn check(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(report(&self.inner.check_in(text, Units::Utf16)))
    }

    /// As `check`, for text meant for `context` ("post" or "review-reply"): in a review reply,
    /// words that confirm the reviewer was a patient are high on their own.
    #[wasm_bindgen(js_name = checkFor)]
    pub fn check_for(&self, text: &str, context: &str) -> Result<JsValue, JsError> {
        let c = crate::Context::parse(context)
            .ok_or_else(|| JsError::new(&format!("insession: unknown context {context:?} (post, review-reply)")))?;
        to_js(report(&self.inner.check_for_in(text, c, Units::Utf16)))
    }
}

fn report(r: &Report) -> Writer {
    let mut w = Writer::new();
    w.open().key("risk").str(r.risk.as_str()).key("score").num(r.score as usize);
    w.key("findings").open_array();
    for f in &r.findings {
        w.open().key("rule").str(&f.rule).key("category").str(f.category.as_str());
        w.key("severity").str(f.severity.as_str()).key("start").num(f.start).key("end").num(f.end);
        w.key("text").str(&f.text).key("message").str(&f.message).key("suggestion").opt_str(f.suggestion.as_ref().map(|s| s.text()));
        w.key("replacement").bool(f.suggestion.as_ref().is_some_and(|s| s.is_replacement()));
        w.key("source").str(&f.source).key("sources").strs(f.sources.iter().map(String::as_str));
        w.key("evidence").open_array();
        for e in &f.evidence {
            w.open().key("start").num(e.start).key("end").num(e.end).key("text").str(&e.text).key("kind").str(&e.kind).close();
        }
        w.close_array().close();
    }
    w.close_array().key("truncated").bool(r.truncated).close();
    w
}

/// `[]` when the configuration is valid, else `[{rule, field, message}]` (same as the CLI).
#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(json: &str) -> Result<JsValue, JsError> {
    let pack = RulePack::builtin();
    let ids = builtin_ids(&pack);
    let profs: Vec<&str> = pack.professions.iter().map(|p| p.id.as_str()).collect();
    let errs: Vec<ConfigError> = crate::rules::validate_config(json, &ids, &profs);
    let mut w = Writer::new();
    w.open_array();
    for e in &errs {
        w.open().key("rule").str(&e.rule).key("field").str(&e.field).key("message").str(&e.message).close();
    }
    w.close_array();
    to_js(w)
}

/// The built-in rules, for the options page: `[{id, category, severity, title, source, sources}]`.
#[wasm_bindgen(js_name = builtinRules)]
pub fn builtin_rules() -> Result<JsValue, JsError> {
    let pack = RulePack::builtin();
    let c = &pack.confidentiality;
    let mut w = Writer::new();
    w.open_array();
    let mut rule = |id: &str, category: &str, severity: &str, title: &str, sources: &[String]| {
        w.open().key("id").str(id).key("category").str(category).key("severity").str(severity);
        w.key("title").str(title).key("source").str(&sources.join("; "));
        w.key("sources").strs(sources.iter().map(String::as_str)).close();
    };
    rule(&c.id, "confidentiality", "high", &c.title, &c.sources);
    for r in &pack.rules {
        rule(&r.id, r.category.as_str(), r.severity.as_str(), &r.title, &r.sources);
    }
    for id in crate::model::LEARNED_IDS {
        let cat = crate::report::Category::parse(&id["learned.".len()..]).expect("learned ids name categories");
        let sources: Vec<String> = crate::model::card(cat).sources.iter().map(|s| s.to_string()).collect();
        rule(id, cat.as_str(), "caution/high", &crate::model::learned_title(cat), &sources);
    }
    w.close_array();
    to_js(w)
}

/// The professions/regions a clinician can choose: `[{id, label, prefer}]`.
#[wasm_bindgen]
pub fn professions() -> Result<JsValue, JsError> {
    let mut w = Writer::new();
    w.open_array();
    for p in &RulePack::builtin().professions {
        w.open().key("id").str(&p.id).key("label").str(&p.label);
        w.key("prefer").strs(p.prefer.iter().map(String::as_str)).close();
    }
    w.close_array();
    to_js(w)
}

/// The salted hashes to store for one watch-list entry (the name itself is never stored).
#[wasm_bindgen(js_name = watchlistHashes)]
pub fn watchlist_hashes(salt_hex: &str, entry: &str) -> Vec<String> {
    crate::detect::watchlist::entry_hashes(salt_hex, entry)
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
