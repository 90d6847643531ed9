//! Text normalisation and offsets.
//!
//! Rules match on a *normalised* copy of the post so that what a human reads as the same
//! word is the same word to the matcher: curly quotes become straight, zero-width and
//! bidi control characters vanish, Cyrillic/Greek look-alikes in Latin words become Latin,
//! full-width and mathematical ("fancy text") digits and letters become ASCII, so do the
//! decimal digits of other scripts (Arabic-Indic ٣٤), a keycap emoji's digit is read apart
//! from the word it touches, a right-to-left override run is read in display order, and
//! letters are lower-cased. Every byte of the normalised text maps back to the original
//! character it came from, so spans found on the normalised text are exact on the original:
//! never splitting a character, and taking in the combining marks (dropped from the
//! normalised text) that follow a span's last character.
//!
//! Offsets leave the core in three units: bytes (Rust), Unicode scalar values (the CLI's
//! JSON) and UTF-16 code units (JavaScript). [`Offsets`] converts between them in O(log n).

use crate::lower::lower_same_len;

/// A normalised view of a text with a map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Normalised, case preserved (for rules that need capitals, e.g. place names).
    pub cased: String,
    /// Normalised and lower-cased; byte-for-byte the same layout as `cased`.
    pub lower: String,
    /// For each byte of `cased`/`lower`, the byte offset in the original of the character
    /// it came from (for a space inserted between a keycap and a word: the offset where it
    /// stands, an empty range). One extra entry at the end holds the original length. Empty
    /// when the text is plain ASCII and the map is the identity.
    map: Vec<u32>,
    /// For each byte of `cased`, the original byte offset just after the source character
    /// (and after the combining marks that belong to it).
    map_end: Vec<u32>,
    /// Some text was read in display order (a right-to-left override), so `map` is not
    /// ascending there.
    reordered: bool,
}

impl Normalized {
    /// Normalise `original`. Linear in its length.
    pub fn new(original: &str) -> Self {
        // Fast path: plain ASCII needs only lower-casing, and offsets map to themselves.
        if original.is_ascii() {
            return Normalized {
                cased: original.to_string(),
                lower: original.to_ascii_lowercase(),
                map: Vec::new(),
                map_end: Vec::new(),
                reordered: false,
            };
        }
        let mut b = Builder {
            original,
            cased: String::with_capacity(original.len()),
            lower: String::with_capacity(original.len()),
            map: Vec::with_capacity(original.len() + 1),
            map_end: Vec::with_capacity(original.len() + 1),
            keycap: false,
            reordered: false,
        };
        b.run(0, original.len(), None, true);
        b.map.push(original.len() as u32);
        b.map_end.push(original.len() as u32);
        Normalized { cased: b.cased, lower: b.lower, map: b.map, map_end: b.map_end, reordered: b.reordered }
    }

    /// Original byte range for a normalised byte range `[start, end)`.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (start, end);
        }
        let last = self.map.len() - 1;
        if self.reordered && start < end.min(last) {
            // Characters read in display order: the span's characters are contiguous in the
            // original, but not in the same order.
            let (a, b) = (start.min(last), end.min(last));
            let s = self.map[a..b].iter().copied().min().unwrap_or(0) as usize;
            let e = self.map_end[a..b].iter().copied().max().unwrap_or(0) as usize;
            return (s, e.max(s));
        }
        let s = self.map[start.min(last)] as usize;
        let e = if end == 0 {
            0
        } else {
            self.map_end[(end - 1).min(self.map_end.len() - 1)] as usize
        };
        (s, e.max(s))
    }
}

/// Builds a [`Normalized`] text and its map, character by character (ASCII runs at once).
struct Builder<'a> {
    original: &'a str,
    cased: String,
    lower: String,
    map: Vec<u32>,
    map_end: Vec<u32>,
    /// The last character pushed is the digit of a keycap emoji.
    keycap: bool,
    reordered: bool,
}

impl Builder<'_> {
    /// Normalise `original[from..to]` (on char boundaries) in order; `next` is the character
    /// read after it. At the top level (`top`), a right-to-left override run is read in
    /// display order.
    fn run(&mut self, from: usize, to: usize, next: Option<char>, top: bool) {
        let original = self.original;
        let bytes = original.as_bytes();
        let mut i = from;
        while i < to {
            if bytes[i].is_ascii() {
                let mut run = bytes[i..to].iter().take_while(|b| b.is_ascii()).count();
                // A keycap emoji ("1️⃣": a digit, U+FE0F, U+20E3) is read as a tile of its
                // own, apart from the word it touches ("insane1️⃣" is "insane" and an emoji).
                let keycap = i + run < to && bytes[i + run - 1].is_ascii_digit() && keycap_follows(&original[i + run..]);
                if keycap {
                    run -= 1;
                }
                if run > 0 {
                    self.push_ascii(i, run);
                    i += run;
                }
                if keycap {
                    let joined = self.keycap;
                    if !joined && self.cased.chars().next_back().is_some_and(char::is_alphanumeric) {
                        self.separate(i);
                    }
                    self.keycap = false;
                    self.push(bytes[i] as char, i, i + 1);
                    self.keycap = true;
                    i += 1;
                }
                continue;
            }
            let Some(c) = original[i..].chars().next() else { break };
            let end = i + c.len_utf8();
            let after = if end < to { original[end..].chars().next() } else { next };
            match fold_char(c, after, self.cased.chars().next_back()) {
                Some(n) => self.push(n, i, end),
                // A combining mark or variation selector belongs to the character before it:
                // dropped ("é" written as e + U+0301 reads as "e"), but a span ending at that
                // character ends after the mark.
                None if attaches(c) => {
                    if let Some(e) = self.map_end.last_mut() {
                        *e = (*e).max(end as u32);
                    }
                }
                None if top && c == '\u{202E}' => {
                    let close = override_end(original, end, to);
                    self.reversed(end, close);
                    i = close;
                    continue;
                }
                None => {}
            }
            i = end;
        }
    }

    /// The right-to-left override run `original[from..to]`, displayed reversed ("\u{202E}tneilc
    /// ym" shows as "my client"): read in display order, a character with the marks and
    /// joined characters that follow it at a time, each mapped to its own place.
    fn reversed(&mut self, from: usize, to: usize) {
        let mut starts = Vec::new();
        let mut joiner = false;
        for (j, c) in self.original[from..to].char_indices() {
            if starts.is_empty() || !(joiner || c == '\u{200D}' || attaches(c)) {
                starts.push(from + j);
            }
            joiner = c == '\u{200D}';
        }
        self.reordered |= starts.len() > 1;
        for k in (0..starts.len()).rev() {
            let end = starts.get(k + 1).copied().unwrap_or(to);
            let after = k.checked_sub(1).and_then(|p| self.original[starts[p]..].chars().next());
            self.run(starts[k], end, after, false);
        }
    }

    /// A space between a keycap and the word it touches, at original offset `at` (empty).
    fn separate(&mut self, at: usize) {
        self.cased.push(' ');
        self.lower.push(' ');
        self.map.push(at as u32);
        self.map_end.push(at as u32);
    }

    /// The ASCII run `original[i..i + run]`, as it is (lower-cased in `lower`).
    fn push_ascii(&mut self, i: usize, run: usize) {
        let chunk = &self.original[i..i + run];
        if self.keycap {
            self.keycap = false;
            if chunk.as_bytes()[0].is_ascii_alphanumeric() {
                self.separate(i);
            }
        }
        self.cased.push_str(chunk);
        let from = self.lower.len();
        self.lower.push_str(chunk);
        if let Some(tail) = self.lower.get_mut(from..) {
            tail.make_ascii_lowercase();
        }
        self.map.extend(i as u32..(i + run) as u32);
        self.map_end.extend(i as u32 + 1..=(i + run) as u32);
    }

    /// `n`, the normalised form of the character at `original[start..end]`.
    fn push(&mut self, n: char, start: usize, end: usize) {
        if self.keycap {
            self.keycap = false;
            if n.is_alphanumeric() {
                self.separate(start);
            }
        }
        let at = self.cased.len();
        self.cased.push(n);
        self.lower.push(lower_same_len(n));
        for _ in at..self.cased.len() {
            self.map.push(start as u32);
            self.map_end.push(end as u32);
        }
    }
}

/// Does the rest of a keycap emoji (an optional U+FE0F, then U+20E3) start `rest`?
fn keycap_follows(rest: &str) -> bool {
    rest.strip_prefix('\u{FE0F}').unwrap_or(rest).starts_with('\u{20E3}')
}

/// Combining marks (diacritical, extended, supplement, for symbols — the keycap's U+20E3 —
/// and half marks) and variation selectors: part of the character before them.
fn attaches(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Where the right-to-left override whose contents start at `from` ends (at most `to`): at
/// its POP DIRECTIONAL FORMATTING (embeddings and overrides nest) or at the end of the
/// paragraph.
fn override_end(original: &str, from: usize, to: usize) -> usize {
    let mut depth = 1u32;
    for (j, c) in original[from..to].char_indices() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => depth += 1,
            '\u{202C}' => {
                depth -= 1;
                if depth == 0 {
                    return from + j;
                }
            }
            '\n' | '\r' | '\u{1C}'..='\u{1E}' | '\u{85}' | '\u{2029}' => return from + j,
            _ => {}
        }
    }
    to
}

/// The ASCII digit a decimal digit of another script stands for (Arabic-Indic, Extended
/// Arabic-Indic, N'Ko, the Indic scripts, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian).
fn script_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 20] = [
        0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
        0xF20, 0x1040, 0x1090, 0x17E0, 0x1810,
    ];
    let u = c as u32;
    let i = ZEROS.partition_point(|&z| z <= u).checked_sub(1)?;
    let d = u - ZEROS[i];
    (d < 10).then(|| char::from(b'0' + d as u8))
}

/// The ASCII letter or digit a mathematical alphanumeric symbol ("fancy text": 𝐛𝐨𝐥𝐝,
/// 𝘪𝘵𝘢𝘭𝘪𝘤, 𝓼𝓬𝓻𝓲𝓹𝓽, 𝔣𝔯𝔞𝔨𝔱𝔲𝔯, 𝕕𝕠𝕦𝕓𝕝𝕖, 𝚖𝚘𝚗𝚘, 𝟏𝟐𝟑) stands for, including the Letterlike
/// Symbols that fill the block's gaps (ℎ, ℬ, ℭ, …).
fn math_letter(c: char) -> Option<char> {
    let u = c as u32;
    Some(match c {
        // 13 styles of A–Z a–z, 52 letters each (unassigned gaps fall on the letter they skip)
        '\u{1D400}'..='\u{1D6A3}' => {
            let k = ((u - 0x1D400) % 52) as u8;
            char::from(if k < 26 { b'A' + k } else { b'a' + k - 26 })
        }
        // 5 styles of 0–9
        '\u{1D7CE}'..='\u{1D7FF}' => char::from(b'0' + ((u - 0x1D7CE) % 10) as u8),
        'ℂ' => 'C', 'ℊ' => 'g', 'ℋ' | 'ℌ' | 'ℍ' => 'H', 'ℎ' => 'h', 'ℐ' | 'ℑ' => 'I', 'ℒ' => 'L', 'ℕ' => 'N',
        'ℙ' => 'P', 'ℚ' => 'Q', 'ℛ' | 'ℜ' | 'ℝ' => 'R', 'ℤ' | 'ℨ' => 'Z', 'ℬ' => 'B', 'ℭ' => 'C', 'ℯ' => 'e',
        'ℰ' => 'E', 'ℱ' => 'F', 'ℳ' => 'M', 'ℴ' => 'o',
        _ => return None,
    })
}

/// Map one original character to its normalised form, or `None` to drop it.
fn fold_char(c: char, next: Option<char>, prev: Option<char>) -> Option<char> {
    match c {
        // zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks and overrides
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' => None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
        c if attaches(c) => None,
        // decimal digits of other scripts
        '\u{0660}'..='\u{1819}' if script_digit(c).is_some() => script_digit(c),
        // mathematical letters and digits, and their Letterlike fillers
        '\u{1D400}'..='\u{1D7FF}' | '\u{2102}'..='\u{2134}' if math_letter(c).is_some() => math_letter(c),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{FF07}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => Some('-'),
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2000}'..='\u{2006}' | '\u{2008}'..='\u{200A}' => Some(' '),
        // full-width ASCII (digits in phone numbers, letters)
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21),
        _ => {
            // Cyrillic/Greek look-alikes inside a Latin word read as Latin letters.
            let latin_neighbour = |o: Option<char>| o.is_some_and(|x| x.is_ascii_alphabetic());
            if latin_neighbour(next) || latin_neighbour(prev) {
                if let Some(l) = homoglyph(c) {
                    return Some(l);
                }
            }
            Some(c)
        }
    }
}

/// Latin letter a Cyrillic or Greek look-alike stands for.
fn homoglyph(c: char) -> Option<char> {
    Some(match c {
        'а' => 'a', 'е' => 'e', 'о' => 'o', 'р' => 'p', 'с' => 'c', 'х' => 'x', 'у' => 'y',
        'і' => 'i', 'ј' => 'j', 'ѕ' => 's', 'һ' => 'h', 'ԁ' => 'd', 'ԛ' => 'q', 'ԝ' => 'w',
        'А' => 'A', 'В' => 'B', 'Е' => 'E', 'К' => 'K', 'М' => 'M', 'Н' => 'H', 'О' => 'O',
        'Р' => 'P', 'С' => 'C', 'Т' => 'T', 'Х' => 'X', 'І' => 'I', 'Ј' => 'J', 'Ѕ' => 'S',
        'α' => 'a', 'ο' => 'o', 'ν' => 'v', 'ι' => 'i', 'κ' => 'k', 'τ' => 't',
        'Α' => 'A', 'Β' => 'B', 'Ε' => 'E', 'Η' => 'H', 'Ι' => 'I', 'Κ' => 'K', 'Μ' => 'M',
        'Ν' => 'N', 'Ο' => 'O', 'Ρ' => 'P', 'Τ' => 'T', 'Χ' => 'X', 'Υ' => 'Y', 'Ζ' => 'Z',
        _ => return None,
    })
}

/// Fold a letter to its unaccented base for name matching ("Siobhán" → "siobhan").
pub fn strip_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => c,
    }
}

/// Converts byte offsets of one text to char and UTF-16 offsets.
///
/// Built once per text: a sorted table of (byte, char, utf16) at every non-ASCII character,
/// so a conversion is a binary search plus arithmetic.
pub struct Offsets {
    /// (byte offset, char index, utf16 index) at the start of each non-ASCII char, plus
    /// the state just after it.
    marks: Vec<(u32, u32, u32)>,
}

impl Offsets {
    pub fn new(text: &str) -> Self {
        let mut marks = vec![(0, 0, 0)];
        let (mut ch, mut u16) = (0u32, 0u32);
        for (b, c) in text.char_indices() {
            ch += 1;
            u16 += c.len_utf16() as u32;
            if !c.is_ascii() {
                marks.push(((b + c.len_utf8()) as u32, ch, u16));
            }
        }
        Offsets { marks }
    }

    fn mark(&self, byte: usize) -> (u32, u32, u32) {
        let i = self.marks.partition_point(|m| m.0 as usize <= byte);
        self.marks[i.saturating_sub(1)]
    }

    /// Char index of a byte offset (which must lie on a char boundary).
    pub fn char_index(&self, byte: usize) -> usize {
        let (b, c, _) = self.mark(byte);
        c as usize + (byte - b as usize)
    }

    /// UTF-16 index of a byte offset (which must lie on a char boundary).
    pub fn utf16_index(&self, byte: usize) -> usize {
        let (b, _, u) = self.mark(byte);
        u as usize + (byte - b as usize)
    }
}

/// Byte offset of the `n`th char of `s` (or `s.len()`).
pub fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
}

/// Byte offset of UTF-16 index `u` in `s`, rounded down to a char boundary.
pub fn byte_of_utf16(s: &str, u: usize) -> usize {
    let mut acc = 0;
    for (b, c) in s.char_indices() {
        if acc + c.len_utf16() > u {
            return b;
        }
        acc += c.len_utf16();
    }
    s.len()
}

/// Is the char before byte `i` (or after byte `j`) a word character?
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `[start, end)` in `s` is bounded by non-word characters.
pub fn at_word_bounds(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    let first = s[start..end].chars().next();
    let last = s[start..end].chars().next_back();
    let left_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let right_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_zero_width_homoglyphs_and_fullwidth() {
        let n = Normalized::new("My c\u{200B}lіent’s ０７７００");
        assert_eq!(n.lower, "my client's 07700");
        let n = Normalized::new("сlient"); // Cyrillic с
        assert_eq!(n.lower, "client");
    }

    #[test]
    fn map_back_is_exact() {
        let orig = "é\u{200D}🙂 Client";
        let n = Normalized::new(orig);
        let s = n.lower.find("client").unwrap();
        let (a, b) = n.to_original(s, s + 6);
        assert_eq!(&orig[a..b], "Client");
    }

    #[test]
    fn folds_fancy_letters_and_script_digits() {
        let n = Normalized::new("𝐌𝐲 𝗰𝗹𝗶𝗲𝗻𝘁 𝑡𝑒𝑎𝑐ℎ𝑒𝑟 𝟑𝟒 ٣٤ ۰۷ ०७ ３４");
        assert_eq!(n.cased, "My client teacher 34 34 07 07 34");
        assert_eq!(n.lower, "my client teacher 34 34 07 07 34");
        // the lookalikes of digits that are not decimal digits stay
        assert_eq!(Normalized::new("٪ ۝ ¹ ①").lower, "٪ ۝ ¹ ①");
    }

    #[test]
    fn combining_marks_belong_to_the_span_before_them() {
        let orig = "cafe\u{301}\u{FE0F} x";
        let n = Normalized::new(orig);
        assert_eq!(n.lower, "cafe x");
        assert_eq!(n.to_original(0, 4), (0, orig.find(' ').unwrap()));
        assert_eq!(n.to_original(5, 6), (orig.len() - 1, orig.len()));
    }

    #[test]
    fn keycaps_stand_apart_from_words() {
        let orig = "insane1\u{FE0F}\u{20E3}2\u{20E3}today 3\u{FE0F}\u{20E3}";
        let n = Normalized::new(orig);
        assert_eq!(n.lower, "insane 12 today 3");
        let s = n.lower.find("12").unwrap();
        let (a, b) = n.to_original(s, s + 2);
        assert_eq!(&orig[a..b], "1\u{FE0F}\u{20E3}2\u{20E3}");
        assert_eq!(n.to_original(0, 6), (0, 6));
        let (a, b) = n.to_original(s + 3, s + 8);
        assert_eq!(&orig[a..b], "today");
    }

    #[test]
    fn right_to_left_override_reads_in_display_order() {
        let orig = "a \u{202E}tne\u{301}ilc ym\u{202C} b\n\u{202E}21\nc";
        let n = Normalized::new(orig);
        assert_eq!(n.lower, "a my client b\n12\nc");
        let s = n.lower.find("client").unwrap();
        let (a, b) = n.to_original(s, s + 6);
        assert_eq!(&orig[a..b], "tne\u{301}ilc");
        let s = n.lower.find("my client").unwrap();
        let (a, b) = n.to_original(s, s + 9);
        assert_eq!(&orig[a..b], "tne\u{301}ilc ym");
        let s = n.lower.find("b").unwrap();
        assert_eq!(n.to_original(s, s + 1), (orig.find('b').unwrap(), orig.find('b').unwrap() + 1));
        let s = n.lower.find("12").unwrap();
        let (a, b) = n.to_original(s, s + 2);
        assert_eq!(&orig[a..b], "21");
    }

    #[test]
    fn offsets_in_three_units() {
        let t = "a🙂é b";
        let o = Offsets::new(t);
        let b = t.find('b').unwrap();
        assert_eq!(o.char_index(b), 4);
        assert_eq!(o.utf16_index(b), 5);
        assert_eq!(byte_of_utf16(t, 5), b);
        assert_eq!(byte_of_char(t, 4), b);
    }

    #[test]
    fn word_bounds() {
        assert!(at_word_bounds("a client.", 2, 8));
        assert!(!at_word_bounds("clientele", 0, 6));
        assert!(at_word_bounds("🙄client", 4, 10));
    }
}
