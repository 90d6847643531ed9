//! The fuzz corpus as regression tests: every file in `tests/fuzz_corpus/<target>/` goes
//! through the same assertions as the fuzz target of that name (`fuzz/src/oracle.rs`, included
//! here, so `cargo test` needs neither nightly nor cargo-fuzz).
//!
//! To add an input (a crash cargo-fuzz found, once fixed, or an interesting minimised
//! entry): copy the file into the target's directory. See `fuzz/README.md`.

#[path = "../fuzz/src/oracle.rs"]
mod oracle;

use std::path::{Path, PathBuf};

fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Runs `f` on every corpus file of `target`, naming the file of the first failure.
fn replay(target: &str, f: fn(&[u8])) {
    let files = corpus(target);
    for path in &files {
        let data = std::fs::read(path).expect("corpus file");
        if let Err(e) = std::panic::catch_unwind(|| f(&data)) {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            panic!("{} fails: {}", path.display(), msg.unwrap_or_default());
        }
    }
    eprintln!("{target}: {} inputs replayed", files.len());
}

#[test]
fn check_corpus() {
    replay("check", oracle::check_bytes);
}

#[test]
fn config_corpus() {
    replay("config", oracle::config_bytes);
}

#[test]
fn config_structured_corpus() {
    replay("config_structured", oracle::config_structured);
}

/// The structured generator is deterministic (a saved input replays the same configuration).
#[test]
fn generator_is_deterministic() {
    for path in corpus("config_structured") {
        let data = std::fs::read(&path).unwrap();
        assert_eq!(oracle::gen_config(&data), oracle::gen_config(&data), "{}", path.display());
    }
}

/// Found by the `config` target (input `tests/fuzz_corpus/config/crash-9e5df958…`): an unknown
/// key was reported with the key itself as the field name, so an empty key gave an error that
/// named no field. Fixed in `src/rules.rs` (the key is shown quoted: `""`).
#[test]
fn empty_unknown_key_is_named() {
    for json in [r#"{"":0}"#, r#"[{"id":"x","category":"stigma","severity":"caution","phrases":["a"],"message":"m","":1}]"#] {
        let errs = insession::Checker::from_json(json).err().expect("refused");
        for e in errs {
            assert!(!e.field.is_empty(), "{json}: {e:?} (Display: {e})");
        }
    }
}
