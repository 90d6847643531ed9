//! The ASCII-canonical form of a built-in pattern, so that the two regex engines read it the
//! same way.
//!
//! Natively the built-in patterns run on the `regex` crate (fast); in the Wasm on
//! `regex-lite` (small). The engines agree on literals, classes, repetition and leftmost-first
//! semantics, but not on the Perl classes and word boundaries: `regex` reads `\d`, `\s`, `\w`
//! and `\b` as Unicode, `regex-lite` as ASCII. So every built-in pattern is rewritten once into
//! a form both engines read the same way, with explicit classes: `\d` → `[0-9]` (full-width
//! digits are already ASCII after normalisation), `\w` → `[0-9A-Za-z_]`, `\s` → the Unicode
//! White_Space characters (exactly what `regex` meant by `\s`), also inside brackets; and
//! `\b` → `(?-u:\b)`, the ASCII word boundary (which `regex-lite` accepts as a no-op flag).
//! Constructs whose meaning still differs are refused with a message: case-insensitive
//! flags (`regex` folds Unicode, `regex-lite` only ASCII), verbose mode, `\B`, negated Perl
//! classes inside brackets and nested classes (`regex-lite` has neither).
//!
//! `build.rs` includes this file too, so the build and the checker canonicalise identically.

const DIGIT: &str = "0-9";
/// Unicode White_Space, as `regex` reads `\s`.
const SPACE: &str = "\\t-\\r \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";
const WORD: &str = "0-9A-Za-z_";

/// Rewrite `p` into its ASCII-canonical form, or say why it cannot be.
pub fn ascii_canonical(p: &str) -> Result<String, String> {
    let cs: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len() + 16);
    let mut i = 0;
    // Inside `[...]`; `class_first` while a `]` would still be a literal.
    let mut in_class = false;
    let mut class_first = false;
    while i < cs.len() {
        let c = cs[i];
        let first = class_first;
        class_first = false;
        if c == '\\' {
            let Some(&d) = cs.get(i + 1) else { return Err("pattern ends with a backslash".into()) };
            i += 2;
            let set = match d.to_ascii_lowercase() {
                'd' => Some(DIGIT),
                's' => Some(SPACE),
                'w' => Some(WORD),
                _ => None,
            };
            match (set, in_class) {
                (Some(s), true) if d.is_ascii_lowercase() => out.push_str(s),
                (Some(_), true) => return Err(format!("\\{d} inside [...] cannot be made ASCII; list the characters")),
                (Some(s), false) => {
                    out.push_str(if d.is_ascii_lowercase() { "[" } else { "[^" });
                    out.push_str(s);
                    out.push(']');
                }
                (None, false) if matches!(d, 'b' | '<' | '>') => {
                    out.push_str("(?-u:\\");
                    out.push(d);
                    // \b{start}, \b{end}, \b{start-half}, \b{end-half}
                    if d == 'b' && cs.get(i) == Some(&'{') {
                        let rest: String = cs[i..].iter().take(12).collect();
                        for name in ["{start}", "{end}", "{start-half}", "{end-half}"] {
                            if rest.starts_with(name) {
                                out.push_str(name);
                                i += name.len();
                                break;
                            }
                        }
                    }
                    out.push(')');
                }
                (None, false) if d == 'B' => return Err("\\B is not allowed (the engines disagree on it)".into()),
                _ => {
                    out.push('\\');
                    out.push(d);
                }
            }
            continue;
        }
        if in_class {
            if c == '[' {
                if cs.get(i + 1) != Some(&':') {
                    return Err("nested character classes are not supported by regex-lite".into());
                }
                // [:alpha:] and friends: ASCII in both engines
                let end = (i + 2..cs.len().saturating_sub(1)).find(|&k| cs[k] == ':' && cs[k + 1] == ']');
                let Some(end) = end else { return Err("unclosed [: class".into()) };
                out.extend(&cs[i..end + 2]);
                i = end + 2;
                continue;
            }
            if c == ']' && !first {
                in_class = false;
            }
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                out.push('[');
                i += 1;
                if cs.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                class_first = true;
                continue;
            }
            '(' if cs.get(i + 1) == Some(&'?') => {
                // flags: (?flags) or (?flags:...); names (?P<n>, (?<n> are copied as they are
                let flags: String = cs[i + 2..].iter().take_while(|&&f| f != ')' && f != ':').collect();
                if !flags.starts_with(['P', '<']) {
                    let on = flags.split('-').next().unwrap_or("");
                    if on.contains('i') {
                        return Err("case-insensitive (?i) is not allowed: regex folds Unicode, regex-lite only ASCII; list both cases".into());
                    }
                    if on.contains('x') {
                        return Err("verbose mode (?x) is not allowed".into());
                    }
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::ascii_canonical as c;

    #[test]
    fn rewrites_perl_classes_and_boundaries() {
        let sp = r"\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";
        assert_eq!(c(r"\b\d{1,2}\s?yo\b").unwrap(), format!(r"(?-u:\b)[0-9]{{1,2}}[{sp}]?yo(?-u:\b)"));
        assert_eq!(c(r"[\d\s-]+\W\S").unwrap(), format!(r"[0-9{sp}-]+[^0-9A-Za-z_][^{sp}]"));
        assert_eq!(c(r"[]\w]\x27[^\]a]").unwrap(), r"[]0-9A-Za-z_]\x27[^\]a]");
        assert_eq!(c(r"[[:alpha:]\d]\b{start}x").unwrap(), r"[[:alpha:]0-9](?-u:\b{start})x");
        assert_eq!(c(r"(?P<n>a)(?-i:b)").unwrap(), r"(?P<n>a)(?-i:b)");
    }

    #[test]
    fn refuses_what_the_engines_disagree_on() {
        for p in [r"(?i)x", r"(?si:x)", r"[\D]", r"\Bx", r"[[a]]", r"(?x) a", "a\\"] {
            assert!(c(p).is_err(), "{p}");
        }
    }
}
