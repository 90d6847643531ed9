//! Text normalisation and offsets.
//!
//! Rules match on a *normalised* copy of the post so that what a human reads as the same
//! word is the same word to the matcher: curly quotes become straight, zero-width and
//! bidi control characters vanish, Cyrillic/Greek look-alikes in Latin words become Latin,
//! full-width digits and letters become ASCII, and letters are lower-cased. Every byte of the
//! normalised text maps back to the byte of the original character it came from, so spans
//! found on the normalised text are exact on the original (never splitting a character).
//!
//! Offsets leave the core in three units: bytes (Rust), Unicode scalar values (the CLI's
//! JSON) and UTF-16 code units (JavaScript). [`Offsets`] converts between them in O(log n).

/// A normalised view of a text with a map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    /// Normalised, case preserved (for rules that need capitals, e.g. place names).
    pub cased: String,
    /// Normalised and lower-cased; byte-for-byte the same layout as `cased`.
    pub lower: String,
    /// For each byte of `cased`/`lower`, the byte offset in the original of the character
    /// it came from. One extra entry at the end holds the original length. Empty when the
    /// text is plain ASCII and the map is the identity.
    map: Vec<u32>,
    /// For each byte of `cased`, the original byte offset just after the source character.
    map_end: Vec<u32>,
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
            };
        }
        let mut cased = String::with_capacity(original.len());
        let mut lower = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let mut map_end = Vec::with_capacity(original.len() + 1);
        let mut chars = original.char_indices().peekable();
        let bytes = original.as_bytes();
        while let Some((i, c)) = chars.next() {
            if c.is_ascii() {
                // copy the whole ASCII run at once
                let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
                let chunk = &original[i..i + run];
                cased.push_str(chunk);
                let from = lower.len();
                lower.push_str(chunk);
                if let Some(tail) = lower.get_mut(from..) {
                    tail.make_ascii_lowercase();
                }
                map.extend(i as u32..(i + run) as u32);
                map_end.extend(i as u32 + 1..=(i + run) as u32);
                for _ in 1..run {
                    chars.next();
                }
                continue;
            }
            let end = i + c.len_utf8();
            let Some(n) = fold_char(c, chars.peek().map(|&(_, c)| c), prev_char(&cased)) else {
                continue;
            };
            let l = lower_same_len(n);
            let start_len = cased.len();
            cased.push(n);
            lower.push(l);
            for _ in start_len..cased.len() {
                map.push(i as u32);
                map_end.push(end as u32);
            }
        }
        map.push(original.len() as u32);
        map_end.push(original.len() as u32);
        Normalized { cased, lower, map, map_end }
    }

    /// Original byte range for a normalised byte range `[start, end)`.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (start, end);
        }
        let s = self.map[start.min(self.map.len() - 1)] as usize;
        let e = if end == 0 {
            0
        } else {
            self.map_end[(end - 1).min(self.map_end.len() - 1)] as usize
        };
        (s, e.max(s))
    }
}

fn prev_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// Map one original character to its normalised form, or `None` to drop it.
fn fold_char(c: char, next: Option<char>, prev: Option<char>) -> Option<char> {
    match c {
        // zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks and overrides
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' => None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
        // combining marks: drop (so "é" written as e + U+0301 reads as "e")
        '\u{0300}'..='\u{036F}' => None,
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

/// Lower-case `c` when that keeps it one character of the same UTF-8 length, so the
/// lower-cased text shares the cased text's byte layout and offset map.
fn lower_same_len(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
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
