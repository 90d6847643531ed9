//! Reading what the CLI checks: whole posts from files or standard input, corpus files, and
//! JSON Lines records. It exists so every way in treats input alike: a UTF-8 byte-order mark
//! is dropped (offsets and columns count from the text itself), text that is not UTF-8 is
//! named with its byte, and a post longer than the checker takes ([`MAX_TEXT_BYTES`]) is
//! refused with its size rather than checked in part (the checker would otherwise check the
//! first 4 MiB only and could rate a risky post ok).

use std::io::{self, BufRead, Read};

use insession::checker::MAX_TEXT_BYTES;
use serde_json::{Map, Value};

use crate::Fatal;

const BOM: char = '\u{FEFF}';

/// The display name of an input path (`-` is standard input).
pub fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

/// Bytes as text: UTF-8 required, a leading byte-order mark dropped.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    let mut s = String::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to()))?;
    if s.starts_with(BOM) {
        s.drain(..BOM.len_utf8());
    }
    Ok(s)
}

fn open(path: &str) -> Result<Box<dyn Read>, String> {
    if path == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn Read>).map_err(|e| format!("{path}: cannot read: {e}"))
    }
}

/// The refusal for a post of `size` (e.g. "5242880 bytes"), longer than [`MAX_TEXT_BYTES`].
pub fn too_long(size: &str) -> String {
    format!("{size}, longer than the 4 MiB ({MAX_TEXT_BYTES} bytes) a post may be; nothing was checked (split the text and check each part)")
}

/// One whole post (a file, or standard input for `-`). A post over [`MAX_TEXT_BYTES`] is
/// refused; no more than that (and a byte-order mark, and one byte) is read.
pub fn read_post(path: &str) -> Result<String, String> {
    let name = display_name(path);
    let limit = MAX_TEXT_BYTES + BOM.len_utf8() + 1;
    let mut bytes = Vec::new();
    open(path)?.take(limit as u64).read_to_end(&mut bytes).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let bom = if bytes.starts_with(BOM.to_string().as_bytes()) { BOM.len_utf8() } else { 0 };
    if bytes.len() - bom > MAX_TEXT_BYTES {
        let size = match std::fs::metadata(path) {
            Ok(m) if path != "-" && m.is_file() => format!("{} bytes", m.len()),
            _ if bytes.len() == limit => format!("more than {MAX_TEXT_BYTES} bytes"),
            _ => format!("{} bytes", bytes.len() - bom),
        };
        return Err(format!("{name}: {}", too_long(&size)));
    }
    decode(name, bytes)
}

/// A whole file of any size (a labelled corpus), or standard input for `-`.
pub fn read_file(path: &str) -> Result<String, Fatal> {
    let name = display_name(path);
    let mut bytes = Vec::new();
    open(path).map_err(Fatal::Error)?.read_to_end(&mut bytes).map_err(|e| Fatal::Error(format!("{name}: cannot read: {e}")))?;
    decode(name, bytes).map_err(Fatal::Error)
}

/// The lines of a JSON Lines input, each as raw bytes (so one line that is not UTF-8 is that
/// line's error, not the end of the run), without the line break.
pub struct Lines {
    reader: io::BufReader<Box<dyn Read>>,
    first: bool,
}

impl Lines {
    pub fn open(path: &str) -> Result<Lines, String> {
        Ok(Lines { reader: io::BufReader::new(open(path)?), first: true })
    }
}

impl Iterator for Lines {
    type Item = io::Result<Vec<u8>>;
    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        let mut line = Vec::new();
        match self.reader.read_until(b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    line.pop();
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                }
                if std::mem::take(&mut self.first) && line.starts_with("\u{FEFF}".as_bytes()) {
                    line.drain(..3);
                }
                Some(Ok(line))
            }
            Err(e) => Some(Err(e)),
        }
    }
}

/// One JSON Lines record: the object and its `"text"` (taken out of it), or what is wrong.
pub fn parse_record(line: &[u8]) -> Result<(Map<String, Value>, String), String> {
    let line = std::str::from_utf8(line).map_err(|e| format!("not UTF-8 text (byte {})", e.valid_up_to()))?;
    if line.trim().is_empty() {
        return Err("blank line; expected a JSON object with a \"text\" field".into());
    }
    let mut o = match serde_json::from_str::<Value>(line).map_err(|e| format!("invalid JSON: {e}"))? {
        Value::Object(o) => o,
        _ => return Err("expected a JSON object with a \"text\" field".into()),
    };
    let text = match o.remove("text") {
        Some(Value::String(s)) => s,
        None => return Err("missing field \"text\"".into()),
        Some(other) => return Err(format!("field \"text\" must be a string, not {}", kind(&other))),
    };
    if text.len() > MAX_TEXT_BYTES {
        return Err(format!("field \"text\": {}", too_long(&format!("{} bytes", text.len()))));
    }
    Ok((o, text))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
