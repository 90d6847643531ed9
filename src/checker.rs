//! The `Checker`: built once from the built-in pack and a configuration, then `check(text)`.
//!
//! A check runs the pipeline text → normalised text → pattern hits → (signals, rule
//! triggers) → findings (rules, identifiers, the confidentiality combiner, custom rules, the
//! watch list) → risk. Everything expensive (automata, regexes) is compiled in `new`.

use std::collections::HashSet;

use crate::detect::{combine, validate, watchlist::WatchList};
use crate::model::{self, Model};
use crate::matcher::{Hit, PatternBank, Source};
use crate::report::{Category, Evidence, Finding, Report, Severity, Units};
use crate::rules::{limits, Config, ConfigError, Context, CustomRule, RulePack, RuleSpec, Sensitivity, SignalSpec};
use crate::score;
use crate::text::Normalized;

/// Texts longer than this are checked up to this many bytes (at a char boundary) and the
/// report says `truncated`.
pub const MAX_TEXT_BYTES: usize = 4 << 20;

/// Signal hits grouped by signal index, each group sorted by start (one vector, sliced).
pub struct Signals {
    hits: Vec<Hit>,
    /// `ranges[i]` is the slice of `hits` that belongs to signal `i`.
    ranges: Vec<(u32, u32)>,
}

impl Signals {
    /// Group hits (owners `0..n`) by owner, sorted, with contained duplicates removed.
    fn group(mut hits: Vec<Hit>, n: usize) -> Signals {
        hits.sort_unstable_by_key(|h| (h.owner, h.start, std::cmp::Reverse(h.end)));
        hits.dedup_by(|b, a| b.owner == a.owner && b.start >= a.start && b.end <= a.end);
        let mut ranges = vec![(0u32, 0u32); n];
        let mut i = 0;
        while i < hits.len() {
            let o = hits[i].owner as usize;
            let j = i + hits[i..].iter().take_while(|h| h.owner as usize == o).count();
            if o < n {
                ranges[o] = (i as u32, j as u32);
            }
            i = j;
        }
        Signals { hits, ranges }
    }

    /// The hits of signal `i`, sorted by start.
    pub fn list(&self, i: usize) -> &[Hit] {
        let (a, b) = self.ranges[i];
        &self.hits[a as usize..b as usize]
    }

    /// The hit of `signal` nearest to `[start, end)` within `window` bytes, if any.
    pub fn near(&self, signal: usize, start: usize, end: usize, window: usize) -> Option<Hit> {
        let lo = start.saturating_sub(window);
        let hi = end + window;
        let list = self.list(signal);
        let from = list.partition_point(|h| h.end < lo);
        list[from..]
            .iter()
            .take_while(|h| h.start <= hi)
            .min_by_key(|h| if h.end <= start { start - h.end } else { h.start.saturating_sub(end) })
            .copied()
    }

    /// A copy keeping only the hits for which `keep` holds (order is preserved).
    fn retain(&self, keep: impl Fn(&Hit) -> bool) -> Signals {
        let hits: Vec<Hit> = self.hits.iter().filter(|h| keep(h)).copied().collect();
        let n = self.ranges.len();
        Signals::group(hits, n)
    }
}

struct CompiledRule {
    spec: RuleSpec,
    near: Vec<usize>,
    escalate: Vec<usize>,
    unless: Vec<usize>,
    unless_at: Vec<usize>,
    validate: Option<fn(&str) -> bool>,
}

struct CompiledCustom {
    rule: CustomRule,
}

/// A configured checker. Cheap to call `check` on many times; build it once.
pub struct Checker {
    pack: RulePack,
    config: Config,
    signal_unless: Vec<Vec<usize>>,
    signal_validate: Vec<Option<fn(&str) -> bool>>,
    rules: Vec<CompiledRule>,
    bank: PatternBank,
    combiner: combine::Combiner,
    customs: Vec<CompiledCustom>,
    custom_bank: Option<PatternBank>,
    watchlist: Option<WatchList>,
    prefer: Vec<String>,
    /// The learned scorer, beside the rules (`None` for a rules-only checker).
    model: Option<std::sync::Arc<Model>>,
}

/// The embedded model, parsed once per process.
fn embedded_model() -> std::sync::Arc<Model> {
    static M: std::sync::OnceLock<std::sync::Arc<Model>> = std::sync::OnceLock::new();
    M.get_or_init(|| std::sync::Arc::new(Model::embedded())).clone()
}

/// The built-in pack, parsed once per process.
fn builtin_pack() -> RulePack {
    RulePack::builtin()
}

impl Checker {
    /// A checker with the built-in rules and default settings.
    pub fn with_defaults() -> Checker {
        Checker::new(Config::default()).expect("default configuration is valid")
    }

    /// Build from a configuration given as JSON (object, or bare array of custom rules).
    pub fn from_json(json: &str) -> Result<Checker, Vec<ConfigError>> {
        let pack = builtin_pack();
        let ids = builtin_ids(&pack);
        let profs: Vec<&str> = pack.professions.iter().map(|p| p.id.as_str()).collect();
        let config = Config::from_json(json, &ids, &profs)?;
        Checker::build(pack, config)
    }

    /// Build from a typed configuration, validated as it is (with the checks and messages
    /// of JSON validation, see [`crate::rules::validate_typed`]).
    pub fn new(config: Config) -> Result<Checker, Vec<ConfigError>> {
        let pack = builtin_pack();
        let ids = builtin_ids(&pack);
        let profs: Vec<&str> = pack.professions.iter().map(|p| p.id.as_str()).collect();
        let errs = crate::rules::validate_typed(&config, &ids, &profs);
        if !errs.is_empty() {
            return Err(errs);
        }
        Checker::build(pack, config)
    }

    fn build(pack: RulePack, config: Config) -> Result<Checker, Vec<ConfigError>> {
        let internal = |m: String| vec![ConfigError { rule: String::new(), field: "(built-in rules)".into(), message: m }];
        let sig_index = |name: &str| pack.signals.iter().position(|s| s.name == name).expect("checked by build.rs");
        let disabled: HashSet<&str> = config.disabled_rules.iter().map(String::as_str).collect();

        let signal_unless = pack.signals.iter().map(|s| s.unless.iter().map(|n| sig_index(n)).collect()).collect();
        let signal_validate = pack.signals.iter().map(|s| s.validate.as_deref().and_then(validate::by_name)).collect();
        let rules: Vec<CompiledRule> = pack
            .rules
            .iter()
            .filter(|r| !disabled.contains(r.id.as_str()) && config.sensitivity >= r.min_sensitivity)
            .map(|r| CompiledRule {
                near: r.near.iter().map(|n| sig_index(n)).collect(),
                escalate: r.escalate.iter().map(|n| sig_index(n)).collect(),
                unless: r.unless.iter().map(|n| sig_index(n)).collect(),
                unless_at: r.unless_at.iter().map(|n| sig_index(n)).collect(),
                validate: r.validate.as_deref().and_then(validate::by_name),
                spec: r.clone(),
            })
            .collect();

        let ns = pack.signals.len() as u32;
        let mut sources: Vec<Source> = pack
            .signals
            .iter()
            .enumerate()
            .map(|(i, s): (usize, &SignalSpec)| Source {
                owner: i as u32,
                phrases: &s.phrases,
                patterns: &s.patterns,
                cased_patterns: &s.cased_patterns,
                phrases_cased: false,
                regex_ignore_case: false,
                whole_word: true,
                regex_whole_word: false,
                ascii_word_boundary: true,
            })
            .collect();
        sources.extend(rules.iter().enumerate().map(|(i, r)| Source {
            owner: ns + i as u32,
            phrases: &r.spec.phrases,
            patterns: &r.spec.patterns,
            cased_patterns: &r.spec.cased_patterns,
            phrases_cased: false,
            regex_ignore_case: false,
            whole_word: true,
            regex_whole_word: false,
            ascii_word_boundary: true,
        }));
        let bank = PatternBank::new(&sources, 1 << 22).map_err(internal)?;
        let combiner = combine::Combiner::new(&pack, config.sensitivity, disabled.contains(pack.confidentiality.id.as_str()));

        let customs: Vec<CompiledCustom> =
            config.rules.iter().filter(|r| r.enabled).map(|r| CompiledCustom { rule: r.clone() }).collect();
        let empty: Vec<String> = vec![];
        let custom_sources: Vec<Source> = customs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let r = &c.rule;
                let regex = r.regex.as_ref().map(std::slice::from_ref).unwrap_or(&[]);
                Source {
                    owner: i as u32,
                    phrases: r.phrases.as_deref().unwrap_or(&empty),
                    patterns: &[],
                    cased_patterns: regex,
                    phrases_cased: r.case_sensitive,
                    regex_ignore_case: !r.case_sensitive,
                    whole_word: r.whole_word,
                    regex_whole_word: r.whole_word,
                    ascii_word_boundary: false,
                }
            })
            .collect();
        let custom_bank = if custom_sources.is_empty() {
            None
        } else {
            Some(PatternBank::new(&custom_sources, limits::MAX_REGEX_COMPILED).map_err(|m| {
                vec![ConfigError { rule: String::new(), field: "rules".into(), message: m }]
            })?)
        };
        let watchlist = config.watchlist.as_ref().map(|w| WatchList::new(&w.salt, &w.hashes)).filter(|w| !w.is_empty());
        let prefer = config
            .profession
            .as_ref()
            .and_then(|p| pack.professions.iter().find(|x| &x.id == p))
            .map(|p| p.prefer.clone())
            .unwrap_or_default();
        let model = Some(embedded_model());
        Ok(Checker { signal_unless, signal_validate, rules, bank, combiner, customs, custom_bank, watchlist, prefer, pack, config, model })
    }

    /// The same checker without the learned scorer: the rules alone (for evaluation and for
    /// the training script, which combines the rules' verdict with models it trains).
    pub fn without_model(mut self) -> Checker {
        self.model = None;
        self
    }


    /// The configuration this checker was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The built-in pack.
    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// Check a text meant for a post (the default context). Offsets in the report are bytes
    /// of `text`; see [`Checker::check_in`].
    pub fn check(&self, text: &str) -> Report {
        self.check_for(text, Context::Post)
    }

    /// Check a text meant for `context` (a review reply, say): rules written for another
    /// context stay silent. Offsets are bytes of `text`.
    pub fn check_for(&self, text: &str, context: Context) -> Report {
        let mut truncated = false;
        let mut text = text;
        if text.len() > MAX_TEXT_BYTES {
            let mut cut = MAX_TEXT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text = &text[..cut];
            truncated = true;
        }
        let n = Normalized::new(text);
        let mut hits = Vec::new();
        self.bank.find(&n, &mut hits);
        // A built-in pattern may take in the whitespace before what it is about as context
        // ("(?:^|\s)\(" for a bracket that is not glued to a word: regex-lite has no
        // look-behind); the hit is what follows it.
        for h in &mut hits {
            let hit = &n.lower[h.start..h.end];
            let rest = hit.trim_start();
            if !rest.is_empty() {
                h.start += hit.len() - rest.len();
            }
        }
        let ns = self.pack.signals.len();
        let (sig_hits, trig_hits): (Vec<Hit>, Vec<Hit>) = hits.into_iter().partition(|h| (h.owner as usize) < ns);
        let raw = Signals::group(sig_hits, ns);
        let trig = Signals::group(
            trig_hits.into_iter().map(|h| Hit { owner: h.owner - ns as u32, ..h }).collect(),
            self.rules.len(),
        );
        // Validators (places, dates) and `unless` guards ("I'm a nurse" is not a client's job).
        let needs_filter = self.signal_validate.iter().any(Option::is_some) || self.signal_unless.iter().any(|u| !u.is_empty());
        let signals = if needs_filter {
            raw.retain(|h| {
                let i = h.owner as usize;
                let w = self.pack.signals[i].unless_window;
                self.signal_validate[i].is_none_or(|v| v(&n.cased[h.start..h.end]))
                    && !self.signal_unless[i]
                        .iter()
                        .any(|&u| raw.near(u, h.start, h.start, w).is_some_and(|x| x.start <= h.start))
            })
        } else {
            raw
        };

        let mut out: Vec<RawFinding> = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            if r.spec.context.is_none_or(|c| c == context) {
                self.eval_rule(r, trig.list(i), &signals, &n, &mut out);
            }
        }
        out.extend(self.combiner.run(&signals, &n));
        self.eval_custom(&n, &mut out);
        self.eval_watchlist(text, &n, &mut out);
        self.eval_model(&n, &mut out);

        let findings = self.finish(out, text, &n);
        let (risk, score) = score::rate(&findings);
        Report { risk, score, findings, truncated }
    }

    /// Check and express offsets in `units`.
    pub fn check_in(&self, text: &str, units: Units) -> Report {
        self.check(text).with_units(text, units)
    }

    /// [`Checker::check_for`] with offsets in `units`.
    pub fn check_for_in(&self, text: &str, context: Context, units: Units) -> Report {
        self.check_for(text, context).with_units(text, units)
    }

    fn eval_rule(&self, r: &CompiledRule, hits: &[Hit], s: &Signals, n: &Normalized, out: &mut Vec<RawFinding>) {
        let spec = &r.spec;
        for h in hits {
            let (a, b) = (h.start, h.end);
            if spec.quiet_in_quotes && in_quotes(&n.lower, a, b) {
                continue;
            }
            if spec.quiet_when_capitalised && capitalised_midsentence(&n.cased, a, b) {
                continue;
            }
            if r.unless.iter().any(|&u| s.near(u, a, b, spec.unless_window.unwrap_or(spec.window)).is_some()) {
                continue;
            }
            if r.unless_at.iter().any(|&u| s.near(u, a, b, 0).is_some_and(|x| x.start < b && a < x.end)) {
                continue;
            }
            if let Some(v) = r.validate {
                if !v(&n.cased[a..b]) {
                    continue;
                }
            }
            let mut evidence = vec![(a, b, "trigger".to_string())];
            if !r.near.is_empty() {
                let found = r.near.iter().filter_map(|&i| s.near(i, a, b, spec.window).map(|h| (i, h))).min_by_key(|(_, h)| h.start.abs_diff(a));
                let Some((i, h)) = found else { continue };
                evidence.push((h.start, h.end, self.pack.signals[i].label.clone()));
            }
            let mut severity = spec.severity;
            for &e in &r.escalate {
                if let Some(h) = s.near(e, a, b, spec.window) {
                    severity = Severity::High;
                    evidence.push((h.start, h.end, self.pack.signals[e].label.clone()));
                }
            }
            out.push(RawFinding {
                rule: spec.id.clone(),
                category: spec.category,
                severity,
                start: a,
                end: b,
                message: spec.message.clone(),
                suggestion: spec.suggestion.clone(),
                sources: spec.sources.clone(),
                evidence,
            });
        }
    }

    fn eval_custom(&self, n: &Normalized, out: &mut Vec<RawFinding>) {
        let Some(bank) = &self.custom_bank else { return };
        let mut hits = Vec::new();
        bank.find(n, &mut hits);
        hits.sort_by_key(|h| (h.owner, h.start, std::cmp::Reverse(h.end)));
        hits.dedup_by(|b, a| b.owner == a.owner && b.start >= a.start && b.end <= a.end);
        for h in hits {
            let r = &self.customs[h.owner as usize].rule;
            out.push(RawFinding {
                rule: r.id.clone(),
                category: r.category,
                severity: r.severity,
                start: h.start,
                end: h.end,
                message: r.message.clone(),
                suggestion: r.suggestion.clone(),
                sources: vec![r.source.clone().unwrap_or_else(|| "Your custom rule".to_string())],
                evidence: vec![(h.start, h.end, "custom rule".to_string())],
            });
        }
    }

    fn eval_watchlist(&self, text: &str, n: &Normalized, out: &mut Vec<RawFinding>) {
        let Some(wl) = &self.watchlist else { return };
        // Match on the normalised text (zero-width and homoglyph tricks are undone), then
        // map back; the name itself is never echoed in the message.
        let _ = text;
        for (a, b) in wl.find(&n.cased) {
            out.push(RawFinding {
                rule: "identifiers.watchlist".into(),
                category: Category::Identifiers,
                severity: Severity::High,
                start: a,
                end: b,
                message: "This matches a name on your private watch list. Names of clients must never appear in a public post.".into(),
                suggestion: None,
                sources: vec!["HIPAA Safe Harbor (names)".into(), "APA 4.07".into(), "NASW 1.07".into()],
                evidence: vec![(a, b, "watch-list match".into())],
            });
        }
    }

    /// Whether a caution from this rule is withdrawn when the learned scorer is confident the
    /// post is harmless (`model_may_clear` in the rule file; never a custom rule's).
    pub fn model_may_clear(&self, rule: &str) -> bool {
        let c = &self.pack.confidentiality;
        (c.id == rule && c.model_may_clear) || self.pack.rules.iter().any(|r| r.id == rule && r.model_may_clear)
    }

    /// Whether the learned scorer, when confident, may withdraw these findings (rule,
    /// severity): there are some, and every one is a caution of a rule that allows it. The
    /// checker and the training script's features (`insession features`) both ask this.
    pub fn model_may_withdraw<'a>(&self, findings: impl IntoIterator<Item = (&'a str, Severity)>) -> bool {
        let mut any = false;
        for (rule, severity) in findings {
            if severity != Severity::Caution || !self.model_may_clear(rule) {
                return false;
            }
            any = true;
        }
        any
    }

    /// The learned scorer's verdict, as a finding of its own when it is more severe than
    /// every rule finding (the post's risk is the higher of the two; where the rules already
    /// say as much, their cards explain it better); or the withdrawal of the rules' cautions
    /// it may withdraw.
    fn eval_model(&self, n: &Normalized, out: &mut Vec<RawFinding>) {
        let Some(m) = &self.model else { return };
        // nothing to add: the rules already rate the post high, or every learned rule is off
        let off = |id: &&str| self.config.disabled_rules.iter().any(|d| d == id);
        if out.iter().any(|f| f.severity == Severity::High) || model::LEARNED_IDS.iter().all(off) {
            return;
        }
        let Some(a) = m.assess(n, self.config.sensitivity) else { return };
        // the rules' only concerns are cautions the model reads better, and it is confident
        // the post is harmless: withdraw them
        if a.flag_probability < m.clears_below(self.config.sensitivity) && self.model_may_withdraw(out.iter().map(|f| (f.rule.as_str(), f.severity))) {
            out.clear();
            return;
        }
        let Some(v) = a.verdict else { return };
        if out.iter().any(|f| f.severity >= v.severity) {
            return;
        }
        let rule = format!("learned.{}", v.category.as_str());
        if self.config.disabled_rules.contains(&rule) {
            return;
        }
        let card = model::card(v.category);
        let (start, end) = v.words.first().copied().unwrap_or((v.start, v.end));
        let evidence = v.words.iter().map(|&(a, b)| (a, b, "learned from similar posts".to_string())).collect();
        out.push(RawFinding {
            rule,
            category: v.category,
            severity: v.severity,
            start,
            end,
            message: card.message.to_string(),
            suggestion: Some(crate::report::Suggestion::Advice(card.advice.to_string())),
            sources: card.sources.iter().map(|s| s.to_string()).collect(),
            evidence,
        });
    }

    /// Map spans to the original text, order the sources, merge duplicates, sort.
    fn finish(&self, mut raw: Vec<RawFinding>, text: &str, n: &Normalized) -> Vec<Finding> {
        raw.sort_by(|x, y| (x.start, &x.rule, std::cmp::Reverse(x.severity)).cmp(&(y.start, &y.rule, std::cmp::Reverse(y.severity))));
        // One finding per run of the same rule: overlapping triggers, or triggers separated
        // only by spaces and symbols ("🍷🍷🍷", "psycho psycho").
        raw.dedup_by(|b, a| {
            let gap_is_symbols = b.start >= a.end
                && b.start - a.end <= 4
                && !n.lower[a.end..b.start].chars().any(char::is_alphanumeric);
            if a.rule == b.rule && (b.start < a.end || gap_is_symbols) {
                a.end = a.end.max(b.end);
                a.severity = a.severity.max(b.severity);
                a.evidence.append(&mut b.evidence);
                true
            } else {
                false
            }
        });
        raw.into_iter()
            .map(|f| {
                let (s, e) = n.to_original(f.start, f.end);
                let mut evidence: Vec<Evidence> = f
                    .evidence
                    .into_iter()
                    .map(|(a, b, kind)| {
                        let (a, b) = n.to_original(a, b);
                        Evidence { start: a, end: b, text: text[a..b].to_string(), kind }
                    })
                    .collect();
                evidence.sort_by_key(|e| e.start);
                evidence.dedup_by(|b, a| a.start == b.start && a.end == b.end);
                let sources = self.order_sources(f.sources);
                Finding {
                    rule: f.rule,
                    category: f.category,
                    severity: f.severity,
                    start: s,
                    end: e,
                    text: text[s..e].to_string(),
                    message: f.message,
                    suggestion: f.suggestion,
                    source: sources.first().cloned().unwrap_or_default(),
                    sources,
                    evidence,
                }
            })
            .collect()
    }

    fn order_sources(&self, mut sources: Vec<String>) -> Vec<String> {
        if !self.prefer.is_empty() {
            let rank = |s: &String| self.prefer.iter().position(|p| s.starts_with(p.as_str())).unwrap_or(usize::MAX);
            sources.sort_by_key(rank);
        }
        sources
    }

    /// Sensitivity in force.
    pub fn sensitivity(&self) -> Sensitivity {
        self.config.sensitivity
    }
}

/// A finding before offsets are mapped back to the original text.
pub struct RawFinding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub suggestion: Option<crate::report::Suggestion>,
    pub sources: Vec<String>,
    pub evidence: Vec<(usize, usize, String)>,
}

/// Ids of the built-in rules (for validation: custom ids must differ).
pub fn builtin_ids(pack: &RulePack) -> Vec<&str> {
    let mut v: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    v.push(pack.confidentiality.id.as_str());
    v.push("identifiers.watchlist");
    v.extend(model::LEARNED_IDS);
    v
}

/// Is `[a, b)` inside quotation marks in its paragraph (the term is being discussed)?
/// Looks at most [`QUOTE_REACH`] bytes either side, so long texts stay linear.
fn in_quotes(t: &str, a: usize, b: usize) -> bool {
    let mut lo = a.saturating_sub(QUOTE_REACH);
    while !t.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = (b + QUOTE_REACH).min(t.len());
    while !t.is_char_boundary(hi) {
        hi -= 1;
    }
    let para_start = t[lo..a].rfind('\n').map_or(lo, |i| lo + i + 1);
    let para_end = t[b..hi].find('\n').map_or(hi, |i| b + i);
    let before = &t[para_start..a];
    let after = &t[b..para_end];
    let dq_open = before.matches('"').count() % 2 == 1 && after.contains('"');
    dq_open || in_single_quotes(before, after)
}

const QUOTE_REACH: usize = 400;

/// Single quotes double as apostrophes, so a quote opens at a `'` with no letter before it
/// and closes at a `'` with no letter after it ("we're" and "don't" are neither).
fn in_single_quotes(before: &str, after: &str) -> bool {
    let is_alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut open = false;
    for (i, c) in before.char_indices() {
        if c != '\'' {
            continue;
        }
        let prev = before[..i].chars().next_back();
        // a quote right before the match opens onto the match itself
        let next = before[i + 1..].chars().next().or(Some('x'));
        if !is_alnum(prev) && is_alnum(next) {
            open = true;
        } else if is_alnum(prev) && !is_alnum(next) && open {
            open = false;
        }
    }
    let closes = after.char_indices().any(|(i, c)| {
        c == '\'' && !is_alnum(after[i + 1..].chars().next()) && (i == 0 || is_alnum(after[..i].chars().next_back()))
    });
    open && closes
}

/// Is the match written as a title: with a capital (not all caps) other than at a sentence
/// start, or anywhere with a year in brackets after it (“Psycho (1960)”, a film)?
fn capitalised_midsentence(cased: &str, a: usize, b: usize) -> bool {
    let word = &cased[a..b];
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else { return false };
    if !first.is_uppercase() || word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        return false;
    }
    let year = cased[b..].trim_start().strip_prefix('(').map(str::as_bytes).and_then(|r| r.get(..5));
    if year.is_some_and(|y| y[..4].iter().all(u8::is_ascii_digit) && y[4] == b')') {
        return true;
    }
    let prev = cased[..a].trim_end_matches([' ', '\t', '"', '\'', '(']).chars().next_back();
    !matches!(prev, None | Some('.' | '!' | '?' | '\n' | ':' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_titles() {
        assert!(in_quotes("say \"died by suicide\", not \"committed suicide\"", 28, 45));
        assert!(!in_quotes("he committed suicide", 3, 20));
        let t = "We rewatched Hitchcock's Psycho";
        let a = t.find("Psycho").unwrap();
        assert!(capitalised_midsentence(t, a, a + 6));
        let t = "Psycho behaviour. CRAZY week";
        assert!(!capitalised_midsentence(t, 0, 6));
        let a = t.find("CRAZY").unwrap();
        assert!(!capitalised_midsentence(t, a, a + 5));
        assert!(capitalised_midsentence("Psycho (1960) is a film", 0, 6));
        assert!(!capitalised_midsentence("Psycho (a word) hurts", 0, 6));
        assert!(!capitalised_midsentence("Psycho (123é) hurts", 0, 6));
    }
}
