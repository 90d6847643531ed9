//! A small, strict JSON reader for the configuration (RFC 8259) and a writer for results,
//! so the Wasm carries no `serde_json`. The reader reads the whole text into a [`Value`];
//! numbers are kept as their text (nothing in a configuration is numeric). Objects keep one
//! value per key (the last, as `serde_json` does) in key order, so validation reports
//! problems in a stable order. Nesting deeper than [`MAX_DEPTH`] is an error, not a stack
//! overflow. The writer ([`Writer`]) builds objects and arrays with keys in the order given.

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written (validated against the JSON grammar).
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members sorted by key, keys unique.
    Object(Vec<(String, Value)>),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        get(self.as_object()?, key)
    }
}

/// The member `key` of an object's members.
pub fn get<'a>(members: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    members.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &members[i].1)
}

/// Parse a whole JSON text. The error says what and where (line and column, from 1).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser { b: text.as_bytes(), i: 0 };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        let before = &self.b[..self.i.min(self.b.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&c| c == b'\n').map_or(0, |k| k + 1);
        let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        format!("{what} at line {line} column {col}")
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        match self.peek() {
            None => Err(self.err("EOF while parsing a value")),
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ if self.eat(b"true") => Ok(Value::Bool(true)),
            _ if self.eat(b"false") => Ok(Value::Bool(false)),
            _ if self.eat(b"null") => Ok(Value::Null),
            _ => Err(self.err("expected value")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("recursion limit exceeded"));
        }
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.eat(b"]") {
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth)?);
            self.ws();
            if self.eat(b",") {
                continue;
            }
            if self.eat(b"]") {
                return Ok(Value::Array(items));
            }
            return Err(self.err("expected `,` or `]`"));
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.err("recursion limit exceeded"));
        }
        self.i += 1;
        let mut members: Vec<(String, Value)> = Vec::new();
        self.ws();
        if !self.eat(b"}") {
            loop {
                self.ws();
                if self.peek() != Some(b'"') {
                    return Err(self.err("key must be a string"));
                }
                let k = self.string()?;
                self.ws();
                if !self.eat(b":") {
                    return Err(self.err("expected `:`"));
                }
                self.ws();
                let v = self.value(depth)?;
                members.push((k, v));
                self.ws();
                if self.eat(b",") {
                    continue;
                }
                if self.eat(b"}") {
                    break;
                }
                return Err(self.err("expected `,` or `}`"));
            }
        }
        // sorted by key; of repeated keys the last one stays
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, Value)> = Vec::with_capacity(members.len());
        for m in members {
            match out.last_mut() {
                Some(last) if last.0 == m.0 => *last = m,
                _ => out.push(m),
            }
        }
        Ok(Value::Object(out))
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let s = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.i += 1;
            }
            p.i > s
        };
        self.eat(b"-");
        if !self.eat(b"0") && !digits(self) {
            return Err(self.err("invalid number"));
        }
        if self.eat(b".") && !digits(self) {
            return Err(self.err("invalid number"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("invalid number"));
            }
        }
        // the bytes are ASCII digits and signs
        Ok(Value::Number(String::from_utf8_lossy(&self.b[start..self.i]).into_owned()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self.peek().and_then(|c| (c as char).to_digit(16)).ok_or_else(|| self.err("invalid escape"))?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            // copy the run of plain characters (the input is valid UTF-8, so is the run)
            let s = self.i;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.i += 1;
            }
            out.push_str(std::str::from_utf8(&self.b[s..self.i]).map_err(|_| self.err("invalid UTF-8"))?);
            match self.peek() {
                None => return Err(self.err("EOF while parsing a string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let e = self.peek().ok_or_else(|| self.err("EOF while parsing a string"))?;
                    self.i += 1;
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.eat(b"\\u") {
                                    return Err(self.err("lone leading surrogate in hex escape"));
                                }
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("lone leading surrogate in hex escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("lone trailing surrogate in hex escape"))?
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    });
                }
                Some(_) => return Err(self.err("control character (\\u0000-\\u001F) found while parsing a string")),
            }
        }
    }
}

/// Writes JSON text: `{"a":1,"b":[…]}` with keys in the order they are written.
pub struct Writer {
    pub out: String,
    /// Whether the next value in the current object or array needs a comma before it.
    comma: bool,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer { out: String::with_capacity(256), comma: false }
    }
    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }
    /// Start an object (as a value, or after [`Writer::key`]).
    pub fn open(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self.comma = false;
        self
    }
    pub fn close(&mut self) -> &mut Self {
        self.out.push('}');
        self.comma = true;
        self
    }
    pub fn open_array(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self.comma = false;
        self
    }
    pub fn close_array(&mut self) -> &mut Self {
        self.out.push(']');
        self.comma = true;
        self
    }
    /// The key of the next member; the value follows.
    pub fn key(&mut self, k: &str) -> &mut Self {
        self.sep();
        quote(&mut self.out, k);
        self.out.push(':');
        self.comma = false;
        self
    }
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.sep();
        quote(&mut self.out, s);
        self
    }
    pub fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }
    pub fn num(&mut self, n: usize) -> &mut Self {
        self.sep();
        // digits by hand: no formatting machinery for one integer
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend(buf[i..].iter().map(|&b| b as char));
        self
    }
    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.raw(if b { "true" } else { "false" })
    }
    fn raw(&mut self, s: &str) -> &mut Self {
        self.sep();
        self.out.push_str(s);
        self
    }
    pub fn strs<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> &mut Self {
        self.open_array();
        for s in items {
            self.str(s);
        }
        self.close_array()
    }
}

/// `s` in quotes, escaped (for messages; lighter in the Wasm than `{:?}`).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote(&mut out, s);
    out
}

/// `s` as a JSON string.
pub fn quote(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    // copy runs that need no escape whole
    while let Some(i) = rest.bytes().position(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&rest[..i]);
        let b = rest.as_bytes()[i];
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_like_json() {
        let v = parse(r#" {"b": [1, -2.5e3, true, null], "a": "x\"\u00e9\ud83d\ude00", "b": "last"} "#).unwrap();
        assert_eq!(v.get("a").and_then(Value::as_str), Some("x\"é😀"));
        assert_eq!(v.get("b").and_then(Value::as_str), Some("last"));
        assert_eq!(v.as_object().unwrap().len(), 2);
        for bad in ["", "{", "{a:1}", "[1,]", "01", "1.", "\"\\x\"", "\"a\nb\"", "[1] 2", "\"\\ud800\"", "tru", "-"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse(&"[".repeat(200)).unwrap_err().contains("recursion limit"));
        assert!(parse("{\n  \"a\" 1}").unwrap_err().ends_with("line 2 column 7"));
    }

    #[test]
    fn writes_what_it_reads() {
        let mut w = Writer::new();
        w.open().key("s").str("a\"\\\n\u{1}é").key("n").num(1234).key("z").num(0).key("o").opt_str(None);
        w.key("l").strs(["x", "y"]).key("e").open_array().close_array().key("b").bool(true).close();
        assert_eq!(w.out, r#"{"s":"a\"\\\n\u0001é","n":1234,"z":0,"o":null,"l":["x","y"],"e":[],"b":true}"#);
        let v = parse(&w.out).unwrap();
        assert_eq!(v.get("s").and_then(Value::as_str), Some("a\"\\\n\u{1}é"));
    }
}
