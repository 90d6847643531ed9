//! Property tests: `check` never panics on arbitrary Unicode, every span lies on character
//! boundaries and round-trips through char and UTF-16 offsets, and output is deterministic.

use insession::text::{byte_of_char, byte_of_utf16};
use insession::{Checker, Units};
use proptest::prelude::*;

fn checker() -> &'static Checker {
    use std::sync::OnceLock;
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(Checker::with_defaults)
}

/// Text mixing trigger words with hostile characters.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "my client ", "my 2pm ", "a 34-year-old ", "teacher ", "in Leeds ", "today ", "committed suicide ",
        "psycho ", "🙄", "🍷", "\u{200B}", "\u{202E}", "\u{0301}", "é", "ß", "İ", "ǅ", "К", "а", "０７７００ ",
        "\"", "“", "’", "\n", "@handle ", "07700 900142 ", "943 476 5919 ", "bed 4 ", "👩🏽‍⚕️", "\u{FEFF}", " ",
        // fancy letters, other scripts' digits, keycaps, marks, right-to-left overrides
        "𝗰𝗹𝗶𝗲𝗻𝘁 ", "𝐩𝐬𝐲𝐜𝐡𝐨", "ℎ", "٠٧٧٠٠ ", "۳۴", "1\u{FE0F}\u{20E3}", "7\u{20E3}", "\u{FE0F}", "\u{20E3}",
        "e\u{0301}\u{0323}", "\u{202C}", "\u{202D}", "tneilc ym", "\u{202E}ohcysp\u{202C} ", "\u{200D}",
    ]);
    prop::collection::vec(prop_oneof![pieces.prop_map(String::from), any::<String>()], 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn spans_are_valid_in_every_unit(text in texty()) {
        let bytes = checker().check(&text);
        for f in &bytes.findings {
            prop_assert!(f.start <= f.end && f.end <= text.len());
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            prop_assert_eq!(&text[f.start..f.end], f.text.as_str());
            for e in &f.evidence {
                prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
            }
        }
        let chars = checker().check_in(&text, Units::Chars);
        let utf16 = checker().check_in(&text, Units::Utf16);
        for ((b, c), u) in bytes.findings.iter().zip(&chars.findings).zip(&utf16.findings) {
            prop_assert_eq!(byte_of_char(&text, c.start), b.start);
            prop_assert_eq!(byte_of_char(&text, c.end), b.end);
            prop_assert_eq!(byte_of_utf16(&text, u.start), b.start);
            prop_assert_eq!(byte_of_utf16(&text, u.end), b.end);
        }
        prop_assert_eq!(&bytes, &checker().check(&text));
    }

    #[test]
    fn arbitrary_json_config_never_panics(json in any::<String>()) {
        let _ = Checker::from_json(&json);
    }

    /// `Checker::new` validates a typed configuration as it is; it must say exactly what
    /// validating the configuration's JSON says (same errors, same order).
    #[test]
    fn typed_validation_agrees_with_json_validation(config in typed_config()) {
        use insession::rules::{validate_config, validate_typed, RulePack};
        let pack = RulePack::builtin();
        let ids = insession::checker::builtin_ids(&pack);
        let profs: Vec<&str> = pack.professions.iter().map(|p| p.id.as_str()).collect();
        let json = serde_json::to_string(&config).unwrap();
        let typed = validate_typed(&config, &ids, &profs);
        prop_assert_eq!(&typed, &validate_config(&json, &ids, &profs), "{}", json);
        prop_assert_eq!(typed.is_empty(), Checker::new(config).is_ok());
    }
}

/// Typed configurations near every limit and rule of validation.
fn typed_config() -> impl Strategy<Value = insession::Config> {
    use insession::rules::{CustomRule, Watchlist};
    use insession::{Category, Config, Sensitivity, Severity, Suggestion};
    let text = |long: usize| prop::sample::select(vec![String::new(), " ".into(), "x".into(), "y".repeat(long), "z".repeat(long + 1)]);
    let hash = prop::sample::select(vec!["ab".repeat(32), "g".repeat(64), "ab".into(), String::new()]);
    let watchlist = (prop::sample::select(vec![String::new(), "00ff".into(), "xyz".into(), "a".repeat(129)]), prop::collection::vec(hash, 0..3))
        .prop_map(|(salt, hashes)| Watchlist { salt, hashes });
    let id = prop::sample::select(vec![String::new(), " ".into(), "mine".into(), "other".into(), "stigma.committed-suicide".into(), "i".repeat(65)]);
    let regex = prop::sample::select(vec![String::new(), "(".into(), "a*".into(), r"\bfoo\b".into(), "[".repeat(3), "r".repeat(1001)]);
    let suggestion = prop_oneof![
        Just(None),
        text(300).prop_map(|s| Some(Suggestion::Replace(s))),
        text(300).prop_map(|s| Some(Suggestion::Advice(s))),
    ];
    let phrases = prop_oneof![Just(vec![]), prop::collection::vec(text(200), 1..3), Just(vec!["p".to_string(); 501])];
    let rule = (id, prop::option::of(phrases), prop::option::of(regex), any::<bool>(), text(500), suggestion, prop::option::of(text(500)), any::<bool>())
        .prop_map(|(id, phrases, regex, case_sensitive, message, suggestion, source, enabled)| CustomRule {
            id,
            category: Category::Professionalism,
            severity: Severity::Caution,
            phrases,
            regex,
            whole_word: true,
            case_sensitive,
            message,
            suggestion,
            source,
            enabled,
        });
    let rules = prop_oneof![prop::collection::vec(rule.clone(), 0..4), prop::collection::vec(rule, 201..202)];
    let profession = prop::option::of(prop::sample::select(vec!["us-psychologist".to_string(), "nobody".into()]));
    let disabled = prop_oneof![prop::collection::vec(Just("stigma.committed-suicide".to_string()), 0..2), Just(vec![String::new(); 1001])];
    (rules, profession, disabled, prop::option::of(watchlist), prop::sample::select(vec![Sensitivity::Relaxed, Sensitivity::Strict]))
        .prop_map(|(rules, profession, disabled_rules, watchlist, sensitivity)| Config { sensitivity, profession, disabled_rules, rules, watchlist })
}
