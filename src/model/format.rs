//! The model file (`model/insession.model`, written by `model/train.py`): a small binary
//! format read without any parser crate, so it costs the Wasm almost nothing.
//!
//! Layout, little-endian:
//! `"ISM2"`, `u8 log2(table size)`, `u8 heads`, then per head `u8 name length`, the name
//! (`flag`, `high`, or a category such as `confidentiality`), `f32 bias`, `f32 scale`; then
//! three `(f32 flag, f32 high)` probability thresholds for the relaxed, balanced and strict
//! sensitivities; then `f32 window offset` (subtracted from a window's score: a window
//! must say more than a whole post to decide, as it is one of many chances); then `f32 clear
//! below` (a flag probability under which the model withdraws a rule's caution that may be
//! withdrawn, `model_may_clear` in the rule file); then the table: `table size × heads` signed bytes, one row per hashed
//! feature (weight = byte × the head's scale).

use crate::report::Category;
use crate::rules::Sensitivity;

/// One output of the model.
#[derive(Debug, Clone)]
pub struct Head {
    pub name: String,
    /// The category this head scores, for category heads.
    pub category: Option<Category>,
    pub bias: f32,
    pub scale: f32,
}

/// Probability thresholds for one sensitivity.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub flag: f32,
    pub high: f32,
}

/// A loaded model.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) mask: u32,
    pub(crate) heads: Vec<Head>,
    pub(crate) thresholds: [Thresholds; 3],
    /// Subtracted from the logit of a sentence window (not of the whole post).
    pub(crate) window_offset: f32,
    /// Below this flag probability a withdrawable rule caution is withdrawn.
    pub(crate) clear_below: f32,
    /// Signed bytes, stored as read (borrowed from the binary for the embedded model).
    pub(crate) table: std::borrow::Cow<'static, [u8]>,
}

/// Why a model file could not be read: what was wrong and at which byte.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "model file: {}", self.0)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let Some(end) = end else {
            return Err(ModelError(format!("ends at byte {} while reading {what}", self.b.len())));
        };
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self, what: &str) -> Result<u8, ModelError> {
        Ok(self.take(1, what)?[0])
    }
    fn f32(&mut self, what: &str) -> Result<f32, ModelError> {
        let at = self.at;
        let v = f32::from_le_bytes(self.take(4, what)?.try_into().expect("4 bytes"));
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ModelError(format!("{what} at byte {at} is not a finite number")))
        }
    }
}

impl Model {
    /// Read a model file.
    pub fn parse(bytes: &[u8]) -> Result<Model, ModelError> {
        let (m, at) = Model::parse_header(bytes)?;
        Ok(Model { table: std::borrow::Cow::Owned(bytes[at..].to_vec()), ..m })
    }

    /// Read a model file that lives as long as the program (the embedded one): the weight
    /// table is used in place, not copied.
    pub fn parse_static(bytes: &'static [u8]) -> Result<Model, ModelError> {
        let (m, at) = Model::parse_header(bytes)?;
        Ok(Model { table: std::borrow::Cow::Borrowed(&bytes[at..]), ..m })
    }

    /// The header, checked against the file's length; the table starts at the returned offset.
    fn parse_header(bytes: &[u8]) -> Result<(Model, usize), ModelError> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(4, "the magic number")? != b"ISM2" {
            return Err(ModelError("does not start with \"ISM2\" (a model file of this version)".into()));
        }
        let log2 = r.u8("the table size")?;
        if !(8..=24).contains(&log2) {
            return Err(ModelError(format!("table size 2^{log2} is outside 2^8..2^24")));
        }
        let nh = r.u8("the number of heads")? as usize;
        let mut heads = Vec::with_capacity(nh);
        for i in 0..nh {
            let len = r.u8("a head name's length")? as usize;
            let name = std::str::from_utf8(r.take(len, "a head name")?)
                .map_err(|_| ModelError(format!("head {i}'s name is not UTF-8")))?
                .to_string();
            let category = Category::parse(&name);
            if category.is_none() && name != "flag" && name != "high" {
                return Err(ModelError(format!("head {i} is named {name:?}: not flag, high or a category")));
            }
            let bias = r.f32("a head's bias")?;
            let scale = r.f32("a head's scale")?;
            heads.push(Head { name, category, bias, scale });
        }
        for need in ["flag", "high"] {
            if !heads.iter().any(|h| h.name == need) {
                return Err(ModelError(format!("has no {need:?} head")));
            }
        }
        let mut thresholds = [Thresholds { flag: 0.5, high: 0.5 }; 3];
        for t in &mut thresholds {
            t.flag = r.f32("a flag threshold")?;
            t.high = r.f32("a high threshold")?;
            if !(0.0..=1.0).contains(&t.flag) || !(0.0..=1.0).contains(&t.high) {
                return Err(ModelError("a threshold is outside 0..1".into()));
            }
        }
        let window_offset = r.f32("the window offset")?;
        if !(0.0..=10.0).contains(&window_offset) {
            return Err(ModelError(format!("the window offset {window_offset} is outside 0..10")));
        }
        let clear_below = r.f32("the clearing threshold")?;
        if !(0.0..=1.0).contains(&clear_below) {
            return Err(ModelError(format!("the clearing threshold {clear_below} is outside 0..1")));
        }
        let size = (1usize << log2) * nh;
        let at = r.at;
        r.take(size, "the weight table")?;
        if r.at != bytes.len() {
            return Err(ModelError(format!("{} bytes left over after the weight table", bytes.len() - r.at)));
        }
        let table = std::borrow::Cow::Borrowed(&[][..]);
        Ok((Model { mask: (1u32 << log2) - 1, heads, thresholds, window_offset, clear_below, table }, at))
    }

    /// The model compiled into this build.
    pub fn embedded() -> Model {
        Model::parse_static(super::EMBEDDED).expect("model/insession.model is valid (tested)")
    }

    pub(crate) fn head(&self, name: &str) -> Option<usize> {
        self.heads.iter().position(|h| h.name == name)
    }

    pub(crate) fn thresholds(&self, s: Sensitivity) -> Thresholds {
        self.thresholds[match s {
            Sensitivity::Relaxed => 0,
            Sensitivity::Balanced => 1,
            Sensitivity::Strict => 2,
        }]
    }

    /// The heads, in file order.
    pub fn heads(&self) -> &[Head] {
        &self.heads
    }
}
