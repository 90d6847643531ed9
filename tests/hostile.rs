//! Hostile and odd text through the public API (issue 6, item 2, core side).
//!
//! Two kinds of test:
//! - *Verbatim*: HTML/script payloads come back byte-for-byte in finding text (the core does
//!   not sanitise; the UI renders with `textContent`), and nothing panics.
//! - *Same reading*: a post is written twice, plainly and with a disguise a human reads
//!   through (zero-width characters inside a word, Cyrillic look-alikes, full-width digits,
//!   "fancy text" letters, Arabic-Indic digits, decomposed accents, emoji and keycaps next to
//!   words, bidi marks). Both must give the same findings,
//!   and every span of the disguised post must cover exactly the characters that correspond
//!   to the plain post's span, in bytes and in UTF-16 code units.
//!
//! A post is a list of segments `(plain, disguised)`; spans of the plain post must start and
//! end on segment boundaries or inside segments that are the same in both, so the expected
//! span in the disguised post is exact. Known gaps (where a human reads the word but the core
//! does not) are `#[ignore]`d tests with the reason, so `cargo test -- --ignored` shows them.

use insession::{Checker, Report, Risk, Units};

fn checker() -> &'static Checker {
    use std::sync::OnceLock;
    static C: OnceLock<Checker> = OnceLock::new();
    C.get_or_init(Checker::with_defaults)
}

/// Checks `text` in bytes and UTF-16 and asserts the spans are exact in both: on character
/// boundaries, `text[start..end] == finding.text`, and the UTF-16 span slices the same text
/// (what the overlay does in JavaScript). Returns the byte report.
fn check_exact(c: &Checker, text: &str) -> Report {
    let r = c.check(text);
    let u = c.check_in(text, Units::Utf16);
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(r.findings.len(), u.findings.len());
    for (f, g) in r.findings.iter().zip(&u.findings) {
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{} splits a char in {text:?}", f.rule);
        assert_eq!(&text[f.start..f.end], f.text, "{} in {text:?}", f.rule);
        assert_eq!(String::from_utf16(&units[g.start..g.end]).unwrap(), f.text, "UTF-16 span of {} in {text:?}", f.rule);
        for (e, eu) in f.evidence.iter().zip(&g.evidence) {
            assert_eq!(&text[e.start..e.end], e.text, "{} evidence {} in {text:?}", f.rule, e.kind);
            assert_eq!(String::from_utf16(&units[eu.start..eu.end]).unwrap(), e.text, "UTF-16 evidence of {} in {text:?}", f.rule);
        }
    }
    r
}

/// One post, written plainly and disguised.
struct Pair {
    plain: String,
    disguised: String,
    /// Byte offset in `plain` → byte offset in `disguised`, as (span start, span end), for
    /// every offset at a segment boundary or inside a segment that is the same in both. Where
    /// text is inserted, a span starting there starts after it and one ending there ends
    /// before it.
    map: Vec<Option<(usize, usize)>>,
}

fn pair(segments: &[(&str, &str)]) -> Pair {
    let (mut plain, mut disguised) = (String::new(), String::new());
    let mut map: Vec<Option<(usize, usize)>> = Vec::new();
    // Where a run of insertions began in `disguised` (a span ending there ends before it).
    let mut inserted_at: Option<usize> = None;
    for &(p, d) in segments {
        if p.is_empty() {
            inserted_at.get_or_insert(disguised.len());
            disguised.push_str(d);
            continue;
        }
        let at = disguised.len();
        map.push(Some((at, inserted_at.take().unwrap_or(at))));
        if p == d {
            map.extend((1..p.len()).map(|i| Some((at + i, at + i))));
        } else {
            map.extend((1..p.len()).map(|_| None));
        }
        plain.push_str(p);
        disguised.push_str(d);
    }
    let end = disguised.len();
    map.push(Some((end, inserted_at.unwrap_or(end))));
    Pair { plain, disguised, map }
}

/// Segments where only the listed ones differ: `s("same")` and `d("plain", "disguised")`.
fn s(x: &str) -> (&str, &str) {
    (x, x)
}
fn d<'a>(p: &'a str, x: &'a str) -> (&'a str, &'a str) {
    (p, x)
}

/// The disguised post gives the plain post's findings (same rules, risk and evidence kinds),
/// with every span moved to exactly the corresponding characters. Returns the disguised report.
fn same_reading(c: &Checker, segments: &[(&str, &str)]) -> Report {
    let p = pair(segments);
    let plain = check_exact(c, &p.plain);
    assert!(!plain.findings.is_empty(), "test design: the plain post finds nothing: {:?}", p.plain);
    let hostile = check_exact(c, &p.disguised);
    let at = |b: usize, what: &str| {
        p.map[b].unwrap_or_else(|| panic!("test design: {what} at byte {b} of {:?} falls inside a disguised segment", p.plain))
    };
    // the disguised span for the plain span [a, b)
    let span = |a: usize, b: usize, what: &str| (at(a, what).0, at(b, what).1.max(at(a, what).0));
    let summary = |r: &Report, t: &str| {
        r.findings
            .iter()
            .map(|f| format!("{} {:?} [{}]", f.rule, &t[f.start..f.end], f.evidence.iter().map(|e| format!("{}:{:?}", e.kind, e.text)).collect::<Vec<_>>().join(", ")))
            .collect::<Vec<_>>()
    };
    let expected: Vec<String> = plain
        .findings
        .iter()
        .map(|f| {
            let (a, b) = span(f.start, f.end, &f.rule);
            let ev = f
                .evidence
                .iter()
                .map(|e| {
                    let (a, b) = span(e.start, e.end, &e.kind);
                    format!("{}:{:?}", e.kind, &p.disguised[a..b])
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} {:?} [{}]", f.rule, &p.disguised[a..b], ev)
        })
        .collect();
    assert_eq!(
        summary(&hostile, &p.disguised),
        expected,
        "\nplain:     {:?}\ndisguised: {:?}\nplain findings: {:#?}",
        p.plain,
        p.disguised,
        summary(&plain, &p.plain)
    );
    assert_eq!((hostile.risk, hostile.score), (plain.risk, plain.score));
    hostile
}

fn rules(r: &Report) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// HTML and script payloads come back verbatim
// ---------------------------------------------------------------------------------------------

const PAYLOADS: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "<script>alert(document.cookie)</script>",
    "<a href=\"javascript:alert('my client')\">click</a>",
    "javascript:alert(1)//",
    "<svg/onload=alert(1)>",
    "\"><iframe srcdoc='<script>parent.alert(1)</script>'>",
    "<style>*{display:none}</style>",
    "&lt;b&gt;&amp;&#x3C;",
    "{{constructor.constructor('alert(1)')()}}",
    "${alert(1)}",
    "<!--",
    "]]>",
    "\u{0}",
];

#[test]
fn html_payloads_around_risky_text_do_not_change_findings() {
    let c = checker();
    for payload in PAYLOADS {
        // the payload as its own "word" between parts of a risky post
        let segs = [
            s("My 3pm today, a 34-year-old teacher from Leeds, "),
            d("", payload),
            s(" cried about her divorce. "),
            d("", payload),
            s(" Call her on 07700 900142."),
        ];
        if payload.contains('"') || payload.contains("client") {
            // Payloads with double quotes or a trigger word legitimately add evidence (the
            // text between two `"` reads as the client's own words; "my client" is a client
            // reference): the same findings must still be there, with exact spans.
            let p = pair(&segs);
            let plain = check_exact(c, &p.plain);
            let hostile = check_exact(c, &p.disguised);
            assert_eq!(rules(&hostile), rules(&plain), "{payload}");
            assert_eq!(hostile.risk, Risk::High, "{payload}");
        } else {
            let r = same_reading(c, &segs);
            assert_eq!(r.risk, Risk::High, "{payload}");
        }
    }
}

#[test]
fn html_payloads_come_back_verbatim_in_finding_text() {
    // A custom rule that matches the payload itself: the finding text is the payload,
    // byte for byte (nothing escaped, nothing stripped).
    for payload in PAYLOADS.iter().filter(|p| !p.trim_matches('\u{0}').is_empty()) {
        let json = format!(
            r#"{{"rules":[{{"id":"payload","category":"professionalism","severity":"high","phrases":[{}],"whole_word":false,"message":"m"}}]}}"#,
            json_string(payload)
        );
        let c = Checker::from_json(&json).unwrap_or_else(|e| panic!("{payload}: {e:?}"));
        let text = format!("My client said {payload} then left");
        let r = check_exact(&c, &text);
        let f = r.findings.iter().find(|f| f.rule == "payload").unwrap_or_else(|| panic!("no finding for {payload}"));
        assert_eq!(f.text, *payload);
        assert_eq!(&text[f.start..f.end], *payload);
    }
    // A built-in trigger inside markup: the span is the word, the markup is left as it is.
    let text = "<b>psycho</b> <a href=\"javascript:void(0)\">insane</a> <img src=x onerror=alert(1)>committed suicide";
    let r = check_exact(checker(), text);
    let texts: Vec<&str> = r.findings.iter().map(|f| f.text.as_str()).collect();
    assert!(texts.contains(&"psycho") && texts.contains(&"insane"), "{texts:?}");
    assert!(texts.contains(&"committed suicide"), "{texts:?}");
}

#[test]
fn payloads_in_every_position_never_panic_and_stay_exact() {
    let c = checker();
    let base = "My client, a 34-year-old nurse, committed suicide. Call 07700 900142 😢";
    let mut cuts: Vec<usize> = base.char_indices().map(|(i, _)| i).collect();
    cuts.push(base.len());
    for payload in PAYLOADS {
        for &i in &cuts {
            let text = format!("{}{payload}{}", &base[..i], &base[i..]);
            check_exact(c, &text);
        }
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// Zero-width characters inside trigger words
// ---------------------------------------------------------------------------------------------

#[test]
fn zero_width_space_inside_client() {
    same_reading(
        checker(),
        &[s("Today my "), d("client", "cli\u{200B}ent"), s(", a 34-year-old teacher from Leeds, cried about her divorce.")],
    );
}

#[test]
fn zero_width_joiner_inside_client() {
    same_reading(
        checker(),
        &[s("Today my "), d("client", "c\u{200D}lient"), s(", a 34-year-old teacher from Leeds, cried about her divorce.")],
    );
}

#[test]
fn other_invisible_characters_inside_words() {
    // word joiner, zero-width non-joiner, BOM, soft hyphen (invisible unless the line breaks)
    for inv in ["\u{2060}", "\u{200C}", "\u{FEFF}", "\u{00AD}"] {
        let client = format!("cl{inv}ie{inv}nt");
        let suicide = format!("com{inv}mitted sui{inv}cide");
        same_reading(
            checker(),
            &[s("Today my "), d("client", &client), s(", a 34-year-old teacher from Leeds, cried about her divorce.")],
        );
        same_reading(checker(), &[s("He "), d("committed suicide", &suicide), s(" last spring.")]);
    }
}

#[test]
fn zero_width_inside_stigma_words_and_phone_numbers() {
    same_reading(checker(), &[s("My boss is a "), d("psycho", "psy\u{200B}cho"), s(" honestly.")]);
    same_reading(checker(), &[s("Call my client on "), d("07700 900142", "077\u{200B}00 900\u{200D}142"), s(" tomorrow")]);
}

// ---------------------------------------------------------------------------------------------
// Homoglyphs
// ---------------------------------------------------------------------------------------------

#[test]
fn cyrillic_letters_inside_client_and_teacher() {
    // а U+0430, е U+0435, о U+043E, с U+0441, і U+0456
    same_reading(
        checker(),
        &[
            s("Today my "),
            d("client", "cli\u{0435}nt"),
            s(", a 34-year-old "),
            d("teacher", "te\u{0430}cher"),
            s(" from Leeds, cried about her divorce."),
        ],
    );
    same_reading(
        checker(),
        &[
            s("Today my "),
            d("client", "\u{0441}l\u{0456}\u{0435}nt"),
            s(", a 34-year-old "),
            d("teacher", "t\u{0435}\u{0430}ch\u{0435}r"),
            s(" from Leeds, cried about her divorce."),
        ],
    );
}

#[test]
fn greek_and_cyrillic_letters_inside_stigma_words() {
    same_reading(checker(), &[s("My boss is a "), d("psycho", "psych\u{03BF}"), s(" honestly.")]);
    same_reading(checker(), &[s("He "), d("committed", "c\u{043E}mmitted"), s(" suicide last spring.")]);
}

// ---------------------------------------------------------------------------------------------
// Full-width digits and letters
// ---------------------------------------------------------------------------------------------

#[test]
fn full_width_digits_in_phone_numbers() {
    same_reading(checker(), &[s("Call my client on "), d("07700 900142", "０７７００ ９００１４２"), s(" tomorrow")]);
    // mixed widths, full-width space
    same_reading(checker(), &[s("Call my client on "), d("07700 900142", "０7７00\u{3000}９00142"), s(" tomorrow")]);
}

#[test]
fn full_width_digits_in_nhs_numbers_and_ages() {
    same_reading(checker(), &[s("Her NHS number is "), d("943 476 5919", "９４３ ４７６ ５９１９")]);
    same_reading(
        checker(),
        &[s("My 3pm today, a "), d("34", "３４"), s("-year-old teacher from Leeds, cried about her divorce.")],
    );
}

#[test]
fn full_width_letters_in_trigger_words() {
    same_reading(checker(), &[s("My boss is a "), d("psycho", "ｐｓｙｃｈｏ"), s(" honestly.")]);
}

#[test]
fn all_caps_with_cyrillic_capitals() {
    // К U+041A, Е U+0415, Т U+0422 in an all-caps word
    same_reading(checker(), &[s("MY BOSS IS A "), d("PSYCHO", "PSY\u{0421}HO"), s(" HONESTLY")]);
    same_reading(checker(), &[s("HE "), d("COMMITTED", "\u{0421}OMMI\u{0422}\u{0422}\u{0415}D"), s(" SUICIDE LAST YEAR")]);
}

/// "Fancy text" generators (common on LinkedIn and Instagram) write words in Unicode
/// mathematical letters: "𝗺𝘆 𝗰𝗹𝗶𝗲𝗻𝘁" is read as "my client" by everyone.
#[test]
fn mathematical_bold_letters_read_as_plain() {
    // sans-serif bold "psycho"
    let r = same_reading(checker(), &[s("My boss is a "), d("psycho", "\u{1D5FD}\u{1D600}\u{1D606}\u{1D5F0}\u{1D5F5}\u{1D5FC}"), s(" honestly.")]);
    assert_eq!(r.findings[0].text, "\u{1D5FD}\u{1D600}\u{1D606}\u{1D5F0}\u{1D5F5}\u{1D5FC}");
    // serif bold "client" (𝐜𝐥𝐢𝐞𝐧𝐭), bold capitals, italic with the Planck-constant ℎ that fills
    // the block's gap, script, double-struck and bold digits in an age
    same_reading(
        checker(),
        &[
            s("Today my "),
            d("client", "𝐜𝐥𝐢𝐞𝐧𝐭"),
            s(", a "),
            d("34", "𝟑𝟒"),
            s("-year-old "),
            d("teacher", "𝑡𝑒𝑎𝑐ℎ𝑒𝑟"),
            s(" from "),
            d("Leeds", "𝓛𝓮𝓮𝓭𝓼"),
            s(", cried about her divorce."),
        ],
    );
    same_reading(checker(), &[s("MY BOSS IS A "), d("PSYCHO", "𝐏𝐒𝐘𝐂𝐇𝐎"), s(" HONESTLY")]);
    same_reading(checker(), &[s("My boss is a "), d("psycho", "𝕡𝕤𝕪𝕔𝕙𝕠"), s(" honestly.")]);
}

/// Arabic-Indic and other decimal digits are digits to a reader of that script.
#[test]
fn arabic_indic_digits_in_phone_numbers() {
    let arabic = "\u{660}\u{667}\u{667}\u{660}\u{660} \u{669}\u{660}\u{660}\u{661}\u{664}\u{662}";
    let r = same_reading(checker(), &[s("Call my client on "), d("07700 900142", arabic), s(" tomorrow")]);
    let f = r.findings.iter().find(|f| f.rule == "identifiers.phone").expect("phone finding");
    assert_eq!(f.text, arabic);
    // Extended Arabic-Indic (Persian, Urdu) and Devanagari digits
    same_reading(
        checker(),
        &[s("Call my client on "), d("07700 900142", "۰۷۷۰۰ ۹۰۰۱۴۲"), s(" tomorrow")],
    );
    same_reading(
        checker(),
        &[s("Call my client on "), d("07700 900142", "०७७०० ९००१४२"), s(" tomorrow")],
    );
}

#[test]
fn arabic_indic_digits_in_ages() {
    for age in ["\u{663}\u{664}", "\u{6F3}\u{6F4}"] {
        let r = same_reading(
            checker(),
            &[s("My 3pm today, a "), d("34", age), s("-year-old teacher from Leeds, cried about her divorce.")],
        );
        let ev: Vec<&str> = r.findings.iter().flat_map(|f| &f.evidence).filter(|e| e.kind == "age").map(|e| e.text.as_str()).collect();
        assert!(ev.contains(&format!("{age}-year-old").as_str()), "{ev:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Emoji sequences
// ---------------------------------------------------------------------------------------------

const EMOJI: &[&str] = &[
    "👨\u{200D}👩\u{200D}👧\u{200D}👦", // family (ZWJ)
    "👩🏽\u{200D}⚕\u{FE0F}",            // health worker, skin tone, ZWJ, variation selector
    "👍🏿",                             // skin tone modifier
    "🇬🇧",                              // flag (regional indicators)
    "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", // Scotland (tag sequence)
    "1\u{FE0F}\u{20E3}",               // keycap
    "❤\u{FE0F}\u{200D}🔥",
];

#[test]
fn emoji_sequences_next_to_and_between_words() {
    for e in EMOJI {
        // separated by spaces
        let sp = format!(" {e} ");
        same_reading(
            checker(),
            &[s("My 3pm today,"), d(" ", &sp), s("a 34-year-old teacher from Leeds, cried about her divorce.")],
        );
        // glued to the trigger words on both sides (the keycap too: its digit is read apart
        // from the word and the number it touches)
        let r = same_reading(
            checker(),
            &[d("", e), s("My boss is a psycho"), d("", e), s(" and my inbox is insane"), d("", e)],
        );
        assert_eq!(rules(&r).len(), 2, "{e}");
        let r = same_reading(checker(), &[s("Call my client on 07700 900142"), d("", e), s(" tomorrow")]);
        assert_eq!(r.risk, Risk::High, "{e}");
    }
}

/// A keycap emoji is a digit, U+FE0F and U+20E3; glued to a word ("insane1️⃣") a human
/// reads the word and an emoji, and so does the core (not the word "insane1").
#[test]
fn keycap_emoji_glued_to_a_word() {
    let r = same_reading(checker(), &[s("My inbox is insane"), d("", "1\u{FE0F}\u{20E3}"), s(" today")]);
    assert_eq!(r.findings[0].text, "insane");
    // without U+FE0F, before the word, and on both sides
    same_reading(checker(), &[s("My inbox is insane"), d("", "7\u{20E3}"), s(" today")]);
    same_reading(checker(), &[s("My inbox is "), d("", "2\u{FE0F}\u{20E3}"), s("insane today")]);
    same_reading(checker(), &[s("My boss is a "), d("", "9\u{FE0F}\u{20E3}"), s("psycho"), d("", "0\u{FE0F}\u{20E3}"), s(" honestly.")]);
}

/// A phone number written in keycap emoji reads as a phone number; the span covers the whole
/// last keycap (digit, U+FE0F, U+20E3).
#[test]
fn phone_number_in_keycap_emoji() {
    let keycaps = |n: &str| n.chars().map(|c| if c == ' ' { " ".to_string() } else { format!("{c}\u{FE0F}\u{20E3}") }).collect::<String>();
    let number = keycaps("07700 900142");
    let text = format!("Call my client on {number} tomorrow");
    let r = check_exact(checker(), &text);
    let f = r.findings.iter().find(|f| f.rule == "identifiers.phone").expect("phone finding");
    assert_eq!(f.text, number);
}

#[test]
fn emoji_spans_never_split_a_sequence_in_utf16() {
    // check_exact already slices UTF-16; here the whole post is emoji around a finding.
    let text = format!("{}psycho{}", EMOJI.concat(), EMOJI.concat());
    let r = check_exact(checker(), &text);
    assert_eq!(r.findings.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), ["psycho"]);
}

// ---------------------------------------------------------------------------------------------
// Combining accents
// ---------------------------------------------------------------------------------------------

#[test]
fn decomposed_accents_in_a_client_name() {
    // "Renée" precomposed (U+00E9) and decomposed (e + U+0301) read the same.
    let r = same_reading(
        checker(),
        &[s("My client "), d("Ren\u{E9}e", "Rene\u{301}e"), s(" Dufresne is a 38-year-old ICU nurse.")],
    );
    let f = r.findings.iter().find(|f| f.rule == "identifiers.client-name").expect("client-name finding");
    assert_eq!(f.text, "client Rene\u{301}e Dufresne");
}

#[test]
fn combining_accents_inside_trigger_words() {
    // a stray accent a human reads through ("psỳcho", "clíent")
    same_reading(checker(), &[s("My boss is a "), d("psycho", "psy\u{300}cho"), s(" honestly.")]);
    same_reading(
        checker(),
        &[s("Today my "), d("client", "cli\u{301}ent"), s(", a 34-year-old teacher from Leeds, cried about her divorce.")],
    );
}

/// A combining mark after the last letter of a match belongs to that letter: the span must
/// include it, or the underline splits "é" into "e" and a floating accent.
#[test]
fn span_ending_in_a_decomposed_accent_keeps_the_mark() {
    // "café" (e + U+0301) at the end of a real-time-location trigger
    let text = "Sitting in the cafe\u{301} between clients";
    let r = check_exact(checker(), text);
    let f = r.findings.iter().find(|f| f.rule == "self_disclosure.real-time-location").expect("finding");
    assert_eq!(f.text, "Sitting in the cafe\u{301}");
    assert_eq!((f.start, f.end), (0, text.find(" between").unwrap()));
    let u = checker().check_in(text, Units::Utf16);
    let g = u.findings.iter().find(|f| f.rule == "self_disclosure.real-time-location").unwrap();
    assert_eq!((g.start, g.end), (0, "Sitting in the cafe\u{301}".encode_utf16().count()));
    // several marks, a variation selector, and a mark after a stigma word's last letter
    let text = "Sitting in the cafe\u{301}\u{323}\u{FE0E} between clients";
    let r = check_exact(checker(), text);
    let f = r.findings.iter().find(|f| f.rule == "self_disclosure.real-time-location").expect("finding");
    assert_eq!(f.text, "Sitting in the cafe\u{301}\u{323}\u{FE0E}");
    let r = check_exact(checker(), "My boss is a psycho\u{308} honestly.");
    assert_eq!(r.findings[0].text, "psycho\u{308}");
}

// ---------------------------------------------------------------------------------------------
// Bidirectional text and controls
// ---------------------------------------------------------------------------------------------

#[test]
fn bidi_marks_and_embeddings_around_and_inside_words() {
    // RLM/LRM, embeddings and isolates are invisible in left-to-right text
    same_reading(
        checker(),
        &[
            d("", "\u{202B}"),
            s("My 3pm today, a 34-year-old teacher from Leeds"),
            d("", "\u{202C}"),
            s(", cried about her divorce."),
            d("", "\u{200F}"),
        ],
    );
    same_reading(checker(), &[s("Today my "), d("client", "cli\u{200E}ent"), s(", a 34-year-old teacher from Leeds, cried about her divorce.")]);
    same_reading(checker(), &[s("My boss is a "), d("", "\u{2067}"), d("psycho", "psy\u{2069}cho"), s(" honestly.")]);
}

#[test]
fn right_to_left_script_next_to_english() {
    // Hebrew and Arabic words (not look-alikes) do not hide or move English findings.
    same_reading(
        checker(),
        &[d("", "שלום "), s("My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce."), d("", " مرحبا")],
    );
}

#[test]
fn right_to_left_override_never_breaks_spans() {
    // An override inside a word scrambles what is displayed; whatever is found, spans stay exact.
    for text in [
        "my \u{202E}client\u{202C} is a 34-year-old teacher from Leeds",
        "\u{202E}my client, a 34-year-old teacher from Leeds, cried about her divorce",
        "psy\u{202E}ohc\u{202C}",
        "\u{202D}\u{202E}\u{202A}\u{202B}\u{202C}\u{2066}\u{2067}\u{2068}\u{2069}",
    ] {
        check_exact(checker(), text);
    }
}

/// With a right-to-left override, the characters "tneilc ym" are *displayed* as "my client".
/// A human reads "my client"; the core reads the logical order.
#[test]
fn right_to_left_override_reversed_word_reads_as_displayed() {
    let text = "\u{202E}tneilc ym\u{202C}, a 34-year-old teacher from Leeds, cried about her divorce.";
    let r = check_exact(checker(), text);
    assert_eq!(r.risk, Risk::High, "{:?}", rules(&r));
    // the client reference is the reversed run, exactly (not the override characters)
    let refs: Vec<&str> = r.findings.iter().flat_map(|f| &f.evidence).filter(|e| e.text.contains("tneilc")).map(|e| e.text.as_str()).collect();
    assert!(refs.contains(&"tneilc ym"), "{:?}", r.findings);
    // a stigma word displayed by an override: the span is its characters, in any order
    let text = "My boss is a \u{202E}ohcysp\u{202C} honestly.";
    let r = check_exact(checker(), text);
    assert_eq!(r.findings.iter().map(|f| f.text.as_str()).collect::<Vec<_>>(), ["ohcysp"], "{:?}", rules(&r));
    // a reversed phone number, with no closing PDF (the override runs to the end of the line)
    let text = "Call my client on \u{202E}241009 00770\nthanks";
    let r = check_exact(checker(), text);
    let f = r.findings.iter().find(|f| f.rule == "identifiers.phone").expect("phone finding");
    assert_eq!(f.text, "241009 00770");
    // an override reversing a word that is not a trigger hides nothing and finds nothing
    let r = check_exact(checker(), "My boss is a \u{202E}psycho\u{202C} honestly.");
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

// ---------------------------------------------------------------------------------------------
// Code and numbers in brackets: an age is "(34)" after a space, not a call or an index
// ---------------------------------------------------------------------------------------------

/// The texts of the evidence of kind `kind` in every finding.
fn evidence<'a>(r: &'a Report, kind: &str) -> Vec<&'a str> {
    r.findings.iter().flat_map(|f| &f.evidence).filter(|e| e.kind == kind).map(|e| e.text.as_str()).collect()
}

#[test]
fn a_number_in_brackets_glued_to_a_word_is_not_an_age() {
    for code in ["foo(1)", "f(12)", "array[0](3)", "f(x)(7)", "_(42)", "é(5)", "Ⅻ(9)", "fn(1)(2)"] {
        let text = format!("My client ran {code} today");
        let r = check_exact(checker(), &text);
        assert!(evidence(&r, "age").is_empty(), "{text}: {:?}", r.findings);
    }
    // alone, nothing at all
    for code in ["foo(1)", "f(12)", "array[0](3)"] {
        assert!(check_exact(checker(), code).findings.is_empty(), "{code}");
    }
}

#[test]
fn ages_in_brackets_and_between_commas_still_read_as_ages() {
    for (text, age) in [
        ("My client Sam (34) came in today", "(34)"),
        ("(34) my client came in today", "(34)"),
        ("My client, Sam ( 34 ) came in today", "( 34 )"),
        ("My client Sam\n(34, teacher) came in today", "(34,"),
        ("My client Sam\u{A0}(34) came in today", "(34)"),
        ("My client, a teacher, 34, from Leeds", ", 34,"),
        ("My client, a teacher,34, from Leeds", ",34,"),
        ("My client (a teacher, 34) from Leeds", ", 34)"),
    ] {
        let r = check_exact(checker(), text);
        assert_eq!(evidence(&r, "age"), [age], "{text}: {:?}", r.findings);
    }
}

// ---------------------------------------------------------------------------------------------
// Everything at once, and odd characters in bulk
// ---------------------------------------------------------------------------------------------

#[test]
fn many_disguises_at_once() {
    same_reading(
        checker(),
        &[
            d("", "👩🏽\u{200D}⚕\u{FE0F} "),
            s("Today my "),
            d("client", "c\u{200D}l\u{0456}\u{0435}\u{200B}nt"),
            s(", a "),
            d("34", "３４"),
            s("-year-old "),
            d("teacher", "te\u{0430}che\u{301}r"),
            s(" from Leeds, cried about her divorce. Call her on "),
            d("07700 900142", "０７７００\u{00A0}９００\u{200B}１４２"),
            s(". "),
            d("", "🇬🇧"),
        ],
    );
}

#[test]
fn odd_characters_in_bulk_never_panic() {
    let odd = [
        "\u{0}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{E000}", "İ", "ß", "ǅ",
        "ﬁ", "ẞ", "Ω", "K", "Å", "\u{301}\u{301}\u{301}", "\u{200D}\u{200D}", "\u{202E}", "\r\n", "\t", "０", "ｃ",
    ];
    let words = ["my client", "psycho", "07700 900142", "943 476 5919", "34-year-old", "teacher", "Leeds", " "];
    let mut text = String::new();
    for i in 0..2_000 {
        text.push_str(odd[i * 7 % odd.len()]);
        text.push_str(words[i * 3 % words.len()]);
        if i % 97 == 0 {
            check_exact(checker(), &text);
        }
    }
    check_exact(checker(), &text);
}
