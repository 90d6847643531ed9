//! What a check returns: the overall risk, a score, and findings that explain themselves.
//!
//! Spans are byte offsets into the checked text inside the core; [`Report::with_units`]
//! converts them to chars (CLI JSON) or UTF-16 code units (JavaScript) at the boundary.

use serde::{Deserialize, Serialize};

use crate::text::Offsets;

/// The seven kinds of risk InSession knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Confidentiality,
    Identifiers,
    Boundaries,
    Professionalism,
    Stigma,
    SelfDisclosure,
    SafeMessaging,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Confidentiality,
        Category::Identifiers,
        Category::Boundaries,
        Category::Professionalism,
        Category::Stigma,
        Category::SelfDisclosure,
        Category::SafeMessaging,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Confidentiality => "confidentiality",
            Category::Identifiers => "identifiers",
            Category::Boundaries => "boundaries",
            Category::Professionalism => "professionalism",
            Category::Stigma => "stigma",
            Category::SelfDisclosure => "self_disclosure",
            Category::SafeMessaging => "safe_messaging",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// How strongly a finding warns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Caution,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Caution => "caution",
            Severity::High => "high",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "caution" => Some(Severity::Caution),
            "high" => Some(Severity::High),
            _ => None,
        }
    }
}

/// The verdict on a whole post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Ok,
    Caution,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Ok => "ok",
            Risk::Caution => "caution",
            Risk::High => "high",
        }
    }
    pub fn parse(s: &str) -> Option<Risk> {
        match s {
            "ok" => Some(Risk::Ok),
            "caution" => Some(Risk::Caution),
            "high" => Some(Risk::High),
            _ => None,
        }
    }
}

impl From<Severity> for Risk {
    fn from(s: Severity) -> Risk {
        match s {
            Severity::Caution => Risk::Caution,
            Severity::High => Risk::High,
        }
    }
}

/// One span that contributed to a finding: the client anchor, a narrowing detail, a trigger.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// What this span is, for a person: "client reference", "age", "place", "trigger"…
    pub kind: String,
}

/// What a rule offers instead of the flagged words. Rule data says which kind it is
/// (`replace` or `suggestion` in `rules/builtin.toml` and in custom rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Suggestion {
    /// Words that can take the place of the finding's span as they stand ("the Smith
    /// family" → "a family"): the overlay offers them with Apply.
    #[serde(rename = "replace")]
    Replace(String),
    /// Advice to the writer ("Remove the age and town…"): shown, never inserted.
    #[serde(rename = "suggestion")]
    Advice(String),
}

impl Suggestion {
    /// The text, of either kind.
    pub fn text(&self) -> &str {
        match self {
            Suggestion::Replace(s) | Suggestion::Advice(s) => s,
        }
    }
    /// True when the text replaces the span (Apply), false for advice.
    pub fn is_replacement(&self) -> bool {
        matches!(self, Suggestion::Replace(_))
    }
}

/// A finding's suggestion as JSON: `"suggestion": text or null, "replacement": bool`.
fn suggestion_fields<S: serde::Serializer>(s: &Option<Suggestion>, ser: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = ser.serialize_map(Some(2))?;
    m.serialize_entry("suggestion", &s.as_ref().map(Suggestion::text))?;
    m.serialize_entry("replacement", &s.as_ref().is_some_and(Suggestion::is_replacement))?;
    m.end()
}

/// One thing the clinician should look at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub message: String,
    /// What to write instead; in JSON `suggestion` (its text, or null) and `replacement`
    /// (true when the text can replace the span).
    #[serde(flatten, serialize_with = "suggestion_fields")]
    pub suggestion: Option<Suggestion>,
    /// The guideline cited first (for the clinician's profession), e.g. "APA 4.07".
    pub source: String,
    /// Every guideline the rule rests on, most relevant first.
    pub sources: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// The result of checking one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub risk: Risk,
    /// 0–100: how much there is to reconsider (severity and category weighted).
    pub score: u32,
    pub findings: Vec<Finding>,
    /// True when the text was longer than the checker reads and only its start was checked.
    pub truncated: bool,
}

/// Units a report's offsets are expressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    Bytes,
    Chars,
    Utf16,
}

impl Report {
    /// Convert every offset from bytes of `text` to `units`.
    pub fn with_units(mut self, text: &str, units: Units) -> Report {
        if units == Units::Bytes {
            return self;
        }
        let o = Offsets::new(text);
        let conv = |b: usize| match units {
            Units::Chars => o.char_index(b),
            Units::Utf16 => o.utf16_index(b),
            Units::Bytes => b,
        };
        for f in &mut self.findings {
            f.start = conv(f.start);
            f.end = conv(f.end);
            for e in &mut f.evidence {
                e.start = conv(e.start);
                e.end = conv(e.end);
            }
        }
        self
    }
}
