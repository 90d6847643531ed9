//! Target (b), structured: bytes decoded into a JSON configuration with custom rules,
//! a watch list and top-level fields (mostly close to valid, sometimes broken) plus a text
//! built from the rules' phrases (`insession_fuzz::oracle::gen_config`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| insession_fuzz::oracle::config_structured(data));
