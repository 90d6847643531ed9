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
}
