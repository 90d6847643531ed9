//! Lower-casing that keeps every character's UTF-8 length.
//!
//! Shared by the checker and the build, which must lower-case exactly alike: `src/text.rs`
//! builds a post's lower-cased copy with it, and `build.rs` (which includes this file with
//! `#[path = "src/lower.rs"] mod lower;`) lower-cases with it the literals that gate the
//! case-preserving patterns, which are then searched for in that lower-cased copy. Were the
//! two to differ, a literal could miss the text it stands for and the prefilter would skip a
//! pattern that matches. One definition keeps them in step.

/// Lower-case `c` when that keeps it one character of the same UTF-8 length, so the
/// lower-cased text shares the cased text's byte layout and offset map.
pub fn lower_same_len(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}
