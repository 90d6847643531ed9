//! Target (b), unstructured: arbitrary bytes, read as lossy UTF-8, as a configuration.
//! Validation and `Checker::from_json` must agree and never panic; an accepted configuration
//! builds a checker whose checks satisfy the `check` invariants (on the JSON text itself).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| insession_fuzz::oracle::config_bytes(data));
