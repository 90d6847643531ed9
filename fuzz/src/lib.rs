//! Fuzzing support for InSession: the oracle every target asserts (shared with
//! `tests/fuzz_regressions.rs`, which includes `oracle.rs` directly).

pub mod oracle;
