//! Target (a): arbitrary bytes, read as lossy UTF-8, through `Checker::check` with the default
//! checker and with every optional mechanism on. Asserts no panic, spans on char boundaries
//! with `text[start..end] == finding.text`, consistent char/UTF-16 offsets, a deterministic
//! report (see `insession_fuzz::oracle::check_text`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| insession_fuzz::oracle::check_bytes(data));
