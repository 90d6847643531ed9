//! JavaScript bindings (compiled only for `wasm32`). Offsets cross the boundary in UTF-16
//! code units, the unit JavaScript strings index in. Every error becomes a JS `Error` with a
//! message that names the rule and field; nothing here can trap on bad input.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::checker::builtin_ids;
use crate::report::Units;
use crate::rules::RulePack;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("insession: could not convert result: {e}")))
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

    /// `{risk, score, truncated, findings}` with `start`/`end` in UTF-16 code units.
    pub fn check(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&self.inner.check_in(text, Units::Utf16))
    }
}

/// `[]` when the configuration is valid, else `[{rule, field, message}]` (same as the CLI).
#[wasm_bindgen(js_name = validateConfig)]
pub fn validate_config(json: &str) -> Result<JsValue, JsError> {
    let pack = RulePack::builtin();
    let ids = builtin_ids(&pack);
    let profs: Vec<&str> = pack.professions.iter().map(|p| p.id.as_str()).collect();
    to_js(&crate::rules::validate_config(json, &ids, &profs))
}

#[derive(Serialize)]
struct RuleInfo<'a> {
    id: &'a str,
    category: &'a str,
    severity: &'a str,
    title: &'a str,
    source: String,
    sources: &'a [String],
}

/// The built-in rules, for the options page: `[{id, category, severity, title, source, sources}]`.
#[wasm_bindgen(js_name = builtinRules)]
pub fn builtin_rules() -> Result<JsValue, JsError> {
    let pack = RulePack::builtin();
    let c = &pack.confidentiality;
    let mut out = vec![RuleInfo {
        id: &c.id,
        category: "confidentiality",
        severity: "high",
        title: &c.title,
        source: c.sources.join("; "),
        sources: &c.sources,
    }];
    out.extend(pack.rules.iter().map(|r| RuleInfo {
        id: &r.id,
        category: r.category.as_str(),
        severity: r.severity.as_str(),
        title: &r.title,
        source: r.sources.join("; "),
        sources: &r.sources,
    }));
    to_js(&out)
}

/// The professions/regions a clinician can choose: `[{id, label, prefer}]`.
#[wasm_bindgen]
pub fn professions() -> Result<JsValue, JsError> {
    to_js(&RulePack::builtin().professions)
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
