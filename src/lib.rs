//! InSession's judgement engine: does this post risk identifying or harming a client?
//!
//! The pipeline, one module per step:
//! text ([`text`]: normalise, offsets) → rules ([`rules`]: built-in pack + configuration,
//! [`matcher`]: compiled patterns) → findings ([`detect`]: combiner, validators, watch list;
//! [`checker`]) → risk ([`score`]) → the overlay (the browser extension, via [`wasm`]).
//!
//! ```
//! let checker = insession::Checker::with_defaults();
//! let report = checker.check("My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce.");
//! assert_eq!(report.risk, insession::Risk::High);
//! ```

pub mod checker;
pub mod detect;
pub mod eval;
pub mod json;
mod lower;
pub mod matcher;
pub mod model;
pub mod pack;
pub mod pattern;
pub mod report;
pub mod rules;
pub mod score;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use checker::Checker;
pub use report::{Category, Evidence, Finding, Report, Risk, Severity, Suggestion, Units};
pub use rules::{Config, ConfigError, Context, CustomRule, Sensitivity};
