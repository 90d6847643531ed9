//! The `insession` CLI: exit codes, text and JSON output, batch mode, errors that name the
//! place; a closed output pipe, over-long posts, byte-order marks and the terminal hint.

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

/// Output line N answers input line N: blank lines, non-objects, a missing or non-string
/// "text" each get an error object naming the line, and the lines after them still come.
#[test]
fn jsonl_every_input_line_gets_its_output_line() {
    let input = format!(
        "{}\n\n{}\n{}\n[1]\n   \n{}\n",
        serde_json::json!({"id": "a", "text": HARMLESS}),
        serde_json::json!({"id": "b", "text": 42}),
        serde_json::json!({"id": "c"}),
        serde_json::json!({"id": "d", "text": RISKY}),
    );
    let o = run(&["check", "--jsonl"], &input);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let lines: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 7, "{}", out(&o));
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].as_str().unwrap().contains("blank line"), "{}", lines[1]);
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[2]["error"], "field \"text\" must be a string, not a number");
    assert_eq!(lines[3]["error"], "missing field \"text\"");
    assert!(lines[4]["error"].as_str().unwrap().contains("JSON object"), "{}", lines[4]);
    assert_eq!(lines[4]["line"], 5);
    assert_eq!(lines[5]["line"], 6, "a line of spaces is blank too");
    assert_eq!((lines[6]["id"].as_str(), lines[6]["risk"].as_str()), (Some("d"), Some("high")));
    assert!(err(&o).contains("<stdin>:3: field \"text\" must be a string"), "{}", err(&o));
}

#[test]
fn jsonl_with_format_text_is_refused() {
    let input = format!("{}\n", serde_json::json!({"text": HARMLESS}));
    let o = run(&["check", "--jsonl", "--format", "text"], &input);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--format text cannot be used with it"), "{}", err(&o));
    assert_eq!(out(&o), "");
    // --format json says what --jsonl does anyway
    let o = run(&["check", "--jsonl", "--format", "json"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o).lines().count(), 1);
}

/// A folder for one test's files, removed when the test ends (the over-long post is 5 MB).
struct TempDir(std::path::PathBuf);

impl std::ops::Deref for TempDir {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(tag: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("insession-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

#[test]
fn json_results_name_their_file() {
    let dir = temp_dir("files");
    let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
    std::fs::write(&a, RISKY).unwrap();
    std::fs::write(&b, HARMLESS).unwrap();
    let missing = dir.join("missing.txt");
    let paths = [a.to_str().unwrap(), b.to_str().unwrap(), missing.to_str().unwrap()];
    let o = run(&["check", "--format", "json", paths[0], paths[1], paths[2]], "");
    let lines: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "{}", out(&o));
    assert_eq!((lines[0]["file"].as_str(), lines[0]["risk"].as_str()), (Some(paths[0]), Some("high")));
    assert_eq!((lines[1]["file"].as_str(), lines[1]["risk"].as_str()), (Some(paths[1]), Some("ok")));
    assert_eq!(lines[2]["file"].as_str(), Some(paths[2]));
    assert!(lines[2]["error"].as_str().unwrap().contains("cannot read"), "{}", lines[2]);
    assert_eq!(o.status.code(), Some(2));
    // several JSON Lines files: an error line names its file as well as its line
    let (j1, j2) = (dir.join("1.jsonl"), dir.join("2.jsonl"));
    std::fs::write(&j1, format!("{}\n", serde_json::json!({"text": HARMLESS}))).unwrap();
    std::fs::write(&j2, "oops\n").unwrap();
    let o = run(&["check", "--jsonl", j1.to_str().unwrap(), j2.to_str().unwrap()], "");
    let lines: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[1]["file"].as_str(), lines[1]["line"].as_u64()), (j2.to_str(), Some(1)));
}

/// A post past the 4 MiB the checker takes is refused whole (exit 2, the size and the limit
/// named), never checked in part: here the risky sentence is past the limit.
#[test]
fn over_long_post_is_refused_not_cut() {
    let dir = temp_dir("big");
    let big = dir.join("big.txt");
    let text = format!("{}\n{RISKY}\n", "a".repeat(5 << 20));
    std::fs::write(&big, &text).unwrap();
    let path = big.to_str().unwrap();
    for args in [vec!["check", path], vec!["check", "--format", "json", path]] {
        let o = run(&args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", out(&o));
        assert!(err(&o).contains(&format!("{path}: {} bytes, longer than the 4 MiB (4194304 bytes)", text.len())), "{}", err(&o));
        assert!(!out(&o).contains("\"risk\"") && !out(&o).contains("risk OK"), "{}", out(&o));
    }
    // on standard input too, and a JSON Lines record
    let o = run(&["check"], &text);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("<stdin>: more than 4194304 bytes"), "{}", err(&o));
    let o = run(&["check", "--jsonl"], &format!("{}\n{}\n", serde_json::json!({"text": text}), serde_json::json!({"text": RISKY})));
    let lines: Vec<serde_json::Value> = out(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["error"].as_str().unwrap().contains("longer than the 4 MiB"), "{}", lines[0]);
    assert_eq!(lines[1]["risk"], "high");
    assert_eq!(o.status.code(), Some(2));
    // exactly at the limit is checked
    let at = format!("{RISKY}{}", " ".repeat((4 << 20) - RISKY.len()));
    let o = run(&["check", "--format", "json"], &at);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
}

/// A UTF-8 byte-order mark is not part of the post: columns and offsets are those of the text
/// without it, in files, on standard input and at the start of a JSON Lines file.
#[test]
fn byte_order_mark_is_dropped() {
    let with_bom = format!("\u{FEFF}{RISKY}");
    let o = run(&["check"], &with_bom);
    assert!(out(&o).contains("<stdin>:1:1: high"), "{}", out(&o));
    let plain = run(&["check", "--format", "json"], RISKY);
    let bom = run(&["check", "--format", "json"], &with_bom);
    assert_eq!(out(&bom), out(&plain));
    let dir = temp_dir("bom");
    let f = dir.join("post.txt");
    std::fs::write(&f, &with_bom).unwrap();
    let o = run(&["check", f.to_str().unwrap()], "");
    assert!(out(&o).contains(&format!("{}:1:1: high", f.display())), "{}", out(&o));
    let o = run(&["check", "--jsonl"], &format!("\u{FEFF}{}\n", serde_json::json!({"text": RISKY})));
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(out(&o).trim()).unwrap();
    assert_eq!(v["findings"][0]["start"], 0);
}

/// Every subcommand stops quietly when the reader of its output has gone (`| true`,
/// `| head`): no panic, no message, the exit code of what was done.
#[test]
fn closed_output_pipe_ends_quietly() {
    let dir = temp_dir("pipe");
    let corpus = dir.join("c.jsonl");
    let row = serde_json::json!({"id": "x", "text": RISKY, "label": "high", "categories": ["confidentiality"]});
    std::fs::write(&corpus, format!("{row}\n").repeat(50)).unwrap();
    let post = dir.join("p.txt");
    std::fs::write(&post, RISKY).unwrap();
    let (c, p) = (corpus.to_str().unwrap(), post.to_str().unwrap());
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["rules"], 0),
        (vec!["eval", c], 0),
        (vec!["features", c], 0),
        (vec!["check", p, p], 1),
        (vec!["check", "--format", "json", p], 1),
        (vec!["check", "--jsonl", c], 1),
        (vec!["--help"], 0),
    ];
    for (args, code) in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_insession"))
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before anything is written
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(code), "{args:?}: {:?} {}", o.status, err(&o));
        assert_eq!(err(&o), "", "{args:?}");
    }
}

/// `check` with no file at a terminal says it is reading standard input (and how to end it);
/// piped input gets no hint.
#[test]
fn terminal_stdin_gets_a_hint() {
    assert!(!err(&run(&["check"], HARMLESS)).contains("reading a post from standard input"));
    // `script` gives the program a terminal; the test is skipped, saying so, where it is missing
    let Ok(probe) = Command::new("script").arg("--version").output() else {
        eprintln!("SKIPPED terminal_stdin_gets_a_hint: no `script` (util-linux) to make a terminal");
        return;
    };
    assert!(probe.status.success());
    let cmd = format!("{} check < /dev/tty 2>&1 & sleep 2; kill $!", env!("CARGO_BIN_EXE_insession"));
    let o = Command::new("script").args(["-q", "-e", "-c", &cmd, "/dev/null"]).stdin(Stdio::null()).output().unwrap();
    let s = out(&o);
    assert!(s.contains("insession: reading a post from standard input (type or paste it, then Ctrl-D"), "{s}");
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

#[test]
fn review_reply_context_is_a_flag() {
    // words that confirm care are high in a reply to a review, ordinary in a post
    let reply = "We're sorry you were unhappy. As we discussed at your appointment, the crown had to come out.";
    let o = run(&["check", "--context", "review-reply", "--rules-only", "--format", "json", "-"], reply);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(out(&o).contains("boundaries.review-reply-confirms-care"), "{}", out(&o));
    let o = run(&["check", "--rules-only", "--format", "json", "-"], reply);
    assert!(!out(&o).contains("review-reply-confirms-care"), "{}", out(&o));
    let generic = "Thank you for your feedback. We take every concern seriously; please call the practice manager.";
    assert_eq!(run(&["check", "--context", "review-reply", "-"], generic).status.code(), Some(0));
    let bad = run(&["check", "--context", "tweet", "-"], generic);
    assert_eq!(bad.status.code(), Some(2));
    assert!(err(&bad).contains("review-reply"), "{}", err(&bad));
}
