//! The `insession` CLI: exit codes, text and JSON output, batch mode, errors that name the
//! place.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_insession"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run insession");
    // The program may exit without reading standard input (usage errors): ignore a broken pipe.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const RISKY: &str = "My 3pm today, a 34-year-old teacher from Leeds, cried about her divorce.";
const HARMLESS: &str = "Clients often ask me how to cope with holiday stress. Here are five tips.";

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(run(&["check"], HARMLESS).status.code(), Some(0));
    assert_eq!(run(&["check"], RISKY).status.code(), Some(1));
    let caution_only = "My inbox is absolutely insane.";
    assert_eq!(run(&["check"], caution_only).status.code(), Some(1));
    assert_eq!(run(&["check", "--fail-on", "high"], caution_only).status.code(), Some(0));
    assert_eq!(run(&["check", "--fail-on", "high"], RISKY).status.code(), Some(1));
}

#[test]
fn text_output_is_linter_style() {
    let o = run(&["check"], RISKY);
    let s = out(&o);
    assert!(s.contains("<stdin>:1:1: high [confidentiality.identifiable-client]"), "{s}");
    assert!(s.contains("because:") && s.contains("source:"), "{s}");
    assert!(!s.contains("\x1b["), "no colour when piped");
}

#[test]
fn json_output_shape_and_char_offsets() {
    let text = "🙂 My 2pm, a 50-year-old pilot from Cork, is getting divorced.";
    let o = run(&["check", "--format", "json"], text);
    let v: serde_json::Value = serde_json::from_str(out(&o).trim()).unwrap();
    assert_eq!(v["risk"], "high");
    assert!(v["score"].as_u64().unwrap() > 0);
    let f = &v["findings"][0];
    for k in ["rule", "category", "severity", "start", "end", "text", "message", "suggestion", "source", "evidence"] {
        assert!(f.get(k).is_some(), "missing {k} in {f}");
    }
    let (s, e) = (f["start"].as_u64().unwrap() as usize, f["end"].as_u64().unwrap() as usize);
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(chars[s..e].iter().collect::<String>(), f["text"].as_str().unwrap());
    let ev = &f["evidence"][0];
    for k in ["start", "end", "text", "kind"] {
        assert!(ev.get(k).is_some(), "evidence missing {k}");
    }
}

#[test]
fn jsonl_batch_copies_fields_and_keeps_order() {
    let input = format!("{}\n{}\n", serde_json::json!({"id": "a", "text": RISKY}), serde_json::json!({"id": "b", "text": HARMLESS, "extra": 7}));
    let o = run(&["check", "--jsonl"], &input);
    let lines: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0]["id"].as_str(), lines[0]["risk"].as_str()), (Some("a"), Some("high")));
    assert_eq!((lines[1]["id"].as_str(), lines[1]["risk"].as_str(), lines[1]["extra"].as_i64()), (Some("b"), Some("ok"), Some(7)));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn bad_jsonl_line_is_named_and_nothing_is_lost() {
    let input = format!("{}\nnot json\n{}\n", serde_json::json!({"id": "a", "text": HARMLESS}), serde_json::json!({"id": "c", "text": HARMLESS}));
    let o = run(&["check", "--jsonl"], &input);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains(":2: invalid JSON"), "{}", err(&o));
    let stdout = out(&o);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "every input line has an output line");
    assert!(lines[2].contains("\"c\""));
}

#[test]
fn invalid_rules_and_unreadable_files_exit_2() {
    let dir = std::env::temp_dir().join(format!("insession-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.json");
    std::fs::write(&rules, r#"[{"id":"bad","category":"stigma","severity":"caution","regex":"(","message":"m"}]"#).unwrap();
    let o = run(&["check", "--rules", rules.to_str().unwrap()], HARMLESS);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("rule \"bad\", field regex"), "{}", err(&o));
    let o = run(&["check", "/nonexistent/post.txt"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("/nonexistent/post.txt"), "{}", err(&o));
    let o = run(&["check", "--fail-on", "sometimes"], "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn custom_rules_file_applies() {
    let dir = std::env::temp_dir().join(format!("insession-cli-r-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.json");
    std::fs::write(&rules, r#"{"rules":[{"id":"mill","category":"confidentiality","severity":"high","phrases":["Acme Mill"],"message":"Local employer named."}]}"#).unwrap();
    let o = run(&["check", "--format", "json", "--rules", rules.to_str().unwrap()], "Shift change at Acme Mill.");
    assert!(out(&o).contains("Local employer named."), "{}", out(&o));
}

#[test]
fn eval_prints_confusion_and_recall() {
    let dir = std::env::temp_dir().join(format!("insession-cli-e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = dir.join("c.jsonl");
    let rows = [
        serde_json::json!({"id": "x1", "text": RISKY, "label": "high", "categories": ["confidentiality"]}),
        serde_json::json!({"id": "x2", "text": HARMLESS, "label": "ok", "categories": []}),
        serde_json::json!({"id": "x3", "text": HARMLESS, "label": "high", "categories": ["boundaries"]}),
    ];
    std::fs::write(&corpus, rows.iter().map(|r| r.to_string() + "\n").collect::<String>()).unwrap();
    let o = run(&["eval", corpus.to_str().unwrap()], "");
    let s = out(&o);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(s.contains("| high | 1 | 0 | 1 |"), "{s}");
    assert!(s.contains("| boundaries | 1 | 0.0% |"), "{s}");
    assert!(s.contains("- x3 label high got ok"), "{s}");
}
