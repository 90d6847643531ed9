//! `insession`: check posts from the command line, in batch, or against a labelled corpus.
//!
//! Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or above it; 2 usage or
//! input error (unreadable file, invalid JSON line, invalid rules), with the place named.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use insession::eval::{evaluate, parse_corpus};
use insession::{Checker, Report, Risk, Severity, Suggestion, Units};
use serde_json::{json, Map, Value};

#[derive(Parser)]
#[command(name = "insession", version, about = "Would I discuss this in session? Checks clinicians' posts for client-identifying and other professional risks, on this machine.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
enum FailOn {
    Caution,
    High,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sens {
    Relaxed,
    Balanced,
    Strict,
}

#[derive(clap::Args)]
struct Setup {
    /// Custom rules / configuration JSON (same format as the options page export).
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// Overrides the sensitivity in --rules.
    #[arg(long, value_enum)]
    sensitivity: Option<Sens>,
    /// The rules alone, without the learned scorer (to see what each contributes).
    #[arg(long)]
    rules_only: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Check posts in FILEs (or standard input).
    Check {
        files: Vec<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Batch mode: JSON Lines objects with a "text" field in, one result per line out.
        #[arg(long)]
        jsonl: bool,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_enum, default_value = "caution")]
        fail_on: FailOn,
        #[command(flatten)]
        setup: Setup,
    },
    /// Evaluate the rules on a labelled corpus (LABELS.md format).
    Eval {
        file: String,
        /// Print every post it got wrong, not just the first 40.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        setup: Setup,
    },
    /// List the built-in rules with their category, severity and sources.
    Rules,
    /// Print the learned scorer's features of each post of a labelled corpus, with the
    /// rules' verdict on it: what `model/train.py` trains and evaluates on (one JSON line per
    /// post; see src/model/features.rs).
    Features { file: String },
}

/// An error that ends the run with exit code 2.
struct Fatal(String);

fn build_checker(setup: &Setup) -> Result<Checker, Fatal> {
    let mut json = match &setup.rules {
        Some(path) => std::fs::read_to_string(path).map_err(|e| Fatal(format!("{path}: cannot read rules: {e}")))?,
        None => "{}".to_string(),
    };
    if let Some(s) = setup.sensitivity {
        let mut v: Value = serde_json::from_str(&json).map_err(|e| Fatal(format!("rules: not valid JSON: {e}")))?;
        if v.is_array() {
            v = json!({ "rules": v });
        }
        if let Some(o) = v.as_object_mut() {
            let name = match s {
                Sens::Relaxed => "relaxed",
                Sens::Balanced => "balanced",
                Sens::Strict => "strict",
            };
            o.insert("sensitivity".into(), Value::String(name.into()));
        }
        json = v.to_string();
    }
    let where_ = setup.rules.as_deref().unwrap_or("configuration");
    let checker = Checker::from_json(&json).map_err(|errs| {
        Fatal(errs.iter().map(|e| format!("{where_}: {e}")).collect::<Vec<_>>().join("\n"))
    })?;
    Ok(if setup.rules_only { checker.without_model() } else { checker })
}

fn fails(report: &Report, fail_on: FailOn) -> bool {
    let min = match fail_on {
        FailOn::Caution => Severity::Caution,
        FailOn::High => Severity::High,
    };
    report.findings.iter().any(|f| f.severity >= min)
}

struct Paint {
    on: bool,
}

impl Paint {
    fn new() -> Paint {
        Paint { on: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }
    fn c(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// 1-based line and column (in chars) of byte offset `b`.
fn line_col(text: &str, b: usize) -> (usize, usize) {
    let before = &text[..b];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn print_text(out: &mut impl Write, path: &str, text: &str, report: &Report, p: &Paint) -> io::Result<()> {
    for f in &report.findings {
        let (line, col) = line_col(text, f.start);
        let sev = match f.severity {
            Severity::High => p.c("1;31", "high"),
            Severity::Caution => p.c("33", "caution"),
        };
        writeln!(out, "{path}:{line}:{col}: {sev} [{}] {}", f.rule, f.message)?;
        let src_line = text.lines().nth(line - 1).unwrap_or("");
        let excerpt: String = src_line.chars().take(160).collect();
        writeln!(out, "    | {excerpt}")?;
        let width = f.text.lines().next().unwrap_or("").chars().count().max(1);
        writeln!(out, "    | {}{}", " ".repeat(col - 1), p.c("1", &"^".repeat(width.min(160))))?;
        if !f.evidence.is_empty() {
            let ev: Vec<String> = f.evidence.iter().map(|e| format!("{}: “{}”", e.kind, e.text)).collect();
            writeln!(out, "    = because: {}", ev.join("; "))?;
        }
        match &f.suggestion {
            Some(Suggestion::Replace(s)) => writeln!(out, "    = {}: “{s}”", p.c("32", "replace with"))?,
            Some(Suggestion::Advice(s)) => writeln!(out, "    = {}: {s}", p.c("32", "suggestion"))?,
            None => {}
        }
        writeln!(out, "    = source: {}", f.sources.join("; "))?;
    }
    let verdict = match report.risk {
        Risk::High => p.c("1;31", "HIGH"),
        Risk::Caution => p.c("33", "CAUTION"),
        Risk::Ok => p.c("32", "OK"),
    };
    writeln!(out, "{path}: risk {verdict} (score {}, {} finding{}). Would I discuss this in session?", report.score, report.findings.len(), if report.findings.len() == 1 { "" } else { "s" })
}

fn report_json(report: &Report) -> Value {
    let mut v = serde_json::to_value(report).expect("report serialises");
    if let Some(o) = v.as_object_mut() {
        o.remove("truncated");
    }
    v
}

fn read_input(path: &str) -> Result<String, Fatal> {
    if path == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s).map_err(|e| Fatal(format!("standard input: {e}")))?;
        Ok(s)
    } else {
        let bytes = std::fs::read(path).map_err(|e| Fatal(format!("{path}: cannot read: {e}")))?;
        String::from_utf8(bytes).map_err(|e| Fatal(format!("{path}: not UTF-8 text (byte {})", e.utf8_error().valid_up_to())))
    }
}

fn run_check(files: Vec<String>, format: Format, jsonl: bool, fail_on: FailOn, setup: Setup) -> Result<ExitCode, Fatal> {
    let checker = build_checker(&setup)?;
    let files = if files.is_empty() { vec!["-".to_string()] } else { files };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| Fatal(format!("writing output: {e}"));
    let mut any_fail = false;
    let mut input_error = false;
    let p = Paint::new();
    for path in &files {
        let name = if path == "-" { "<stdin>" } else { path.as_str() };
        if jsonl {
            let reader: Box<dyn BufRead> = if path == "-" {
                Box::new(io::BufReader::new(io::stdin()))
            } else {
                Box::new(io::BufReader::new(std::fs::File::open(path).map_err(|e| Fatal(format!("{path}: cannot read: {e}")))?))
            };
            for (i, line) in reader.lines().enumerate() {
                let line = line.map_err(|e| Fatal(format!("{name}:{}: cannot read: {e}", i + 1)))?;
                if line.trim().is_empty() {
                    continue;
                }
                let parsed: Result<Map<String, Value>, String> = serde_json::from_str::<Value>(&line)
                    .map_err(|e| format!("invalid JSON: {e}"))
                    .and_then(|v| match v {
                        Value::Object(o) => Ok(o),
                        _ => Err("expected a JSON object with a \"text\" field".into()),
                    })
                    .and_then(|o| if o.get("text").is_some_and(Value::is_string) { Ok(o) } else { Err("missing string field \"text\"".into()) });
                match parsed {
                    Err(msg) => {
                        eprintln!("insession: {name}:{}: {msg}", i + 1);
                        writeln!(out, "{}", json!({"line": i + 1, "error": msg})).map_err(io_err)?;
                        input_error = true;
                    }
                    Ok(mut o) => {
                        let text = o.remove("text").and_then(|t| t.as_str().map(str::to_string)).unwrap_or_default();
                        let report = checker.check_in(&text, Units::Chars);
                        any_fail |= fails(&report, fail_on);
                        if let Value::Object(r) = report_json(&report) {
                            o.extend(r);
                        }
                        writeln!(out, "{}", Value::Object(o)).map_err(io_err)?;
                    }
                }
            }
            continue;
        }
        let text = match read_input(path) {
            Ok(t) => t,
            Err(Fatal(m)) => {
                eprintln!("insession: {m}");
                input_error = true;
                continue;
            }
        };
        let report = checker.check(&text);
        any_fail |= fails(&report, fail_on);
        match format {
            Format::Text => print_text(&mut out, name, &text, &report, &p).map_err(io_err)?,
            Format::Json => {
                let r = report.with_units(&text, Units::Chars);
                writeln!(out, "{}", report_json(&r)).map_err(io_err)?
            }
        }
    }
    out.flush().map_err(io_err)?;
    Ok(if input_error {
        ExitCode::from(2)
    } else if any_fail {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn run_eval(file: &str, all: bool, setup: Setup) -> Result<ExitCode, Fatal> {
    let checker = build_checker(&setup)?;
    let text = read_input(file)?;
    let rows = parse_corpus(&text).map_err(|e| Fatal(format!("{file}: {e}")))?;
    let r = evaluate(&checker, &rows);
    println!("{} posts from {file}\n", rows.len());
    println!("| label \\ risk | ok | caution | high |");
    println!("| --- | ---: | ---: | ---: |");
    for (i, name) in ["ok", "caution", "high"].iter().enumerate() {
        let row = r.confusion[i];
        println!("| {name} | {} | {} | {} |", row[0], row[1], row[2]);
    }
    println!();
    println!("| measure | value | goal |");
    println!("| --- | ---: | ---: |");
    println!("| high posts flagged (≥ caution) | {} | ≥ 95% |", pct(r.high_flagged()));
    println!("| high posts rated high | {} | ≥ 85% |", pct(r.high_as_high()));
    println!("| caution posts flagged | {} | ≥ 85% |", pct(r.caution_flagged()));
    println!("| ok posts rated ok | {} | ≥ 95% |", pct(r.ok_as_ok()));
    println!("| category recall (all) | {} | ≥ 85% |", pct(r.category_recall()));
    println!();
    println!("| category | posts | recalled |");
    println!("| --- | ---: | ---: |");
    for (c, (n, h)) in &r.categories {
        println!("| {c} | {n} | {} |", pct(*h as f64 / (*n).max(1) as f64));
    }
    let wrong: Vec<_> = r.misses.iter().filter(|m| m.label != m.got).collect();
    println!("\n{} posts rated differently from their label:", wrong.len());
    for m in wrong.iter().take(if all { usize::MAX } else { 40 }) {
        let text: String = m.text.chars().take(140).collect();
        println!("- {} label {} got {} [{}] {}", m.id, m.label.as_str(), m.got.as_str(), m.rules.join(", "), text.replace('\n', " "));
    }
    let cat_miss: Vec<_> = r.misses.iter().filter(|m| !m.missing_categories.is_empty()).collect();
    println!("\n{} posts missing a labelled category:", cat_miss.len());
    for m in cat_miss.iter().take(if all { usize::MAX } else { 40 }) {
        println!("- {} missing {}", m.id, m.missing_categories.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_rules() -> Result<ExitCode, Fatal> {
    let checker = Checker::with_defaults();
    let pack = checker.pack();
    let c = &pack.confidentiality;
    println!("{}\tconfidentiality\tcaution/high\t{}\t{}", c.id, c.title, c.sources.join("; "));
    for r in &pack.rules {
        println!("{}\t{}\t{}\t{}\t{}", r.id, r.category.as_str(), r.severity.as_str(), r.title, r.sources.join("; "));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_features(file: &str) -> Result<ExitCode, Fatal> {
    let rules = Checker::with_defaults().without_model();
    let text = read_input(file)?;
    let rows = parse_corpus(&text).map_err(|e| Fatal(format!("{file}: {e}")))?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let io_err = |e: io::Error| Fatal(format!("writing output: {e}"));
    for row in &rows {
        let n = insession::text::Normalized::new(&row.text);
        let f = insession::model::features::featurize(&n);
        let tokens: Vec<Value> = f
            .tokens
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let mut v = vec![t.word, t.pair];
                v.extend(f.chars_of(k));
                json!(v)
            })
            .collect();
        let report = rules.check(&row.text);
        let mut cats: Vec<&str> = report.findings.iter().map(|f| f.category.as_str()).collect();
        cats.sort_unstable();
        cats.dedup();
        let line = json!({
            "id": row.id, "label": row.label, "categories": row.categories,
            "tokens": tokens, "units": f.units,
            "words": f.tokens.iter().map(|t| &n.lower[t.start..t.end]).collect::<Vec<_>>(),
            // "clearable": the model, when confident, may withdraw the rules' findings
            "rules": {"risk": report.risk.as_str(), "categories": cats,
                      "clearable": rules.model_may_withdraw(report.findings.iter().map(|f| (f.rule.as_str(), f.severity)))},
        });
        writeln!(out, "{line}").map_err(io_err)?;
    }
    out.flush().map_err(io_err)?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { files, format, jsonl, fail_on, setup } => run_check(files, format, jsonl, fail_on, setup),
        Command::Eval { file, all, setup } => run_eval(&file, all, setup),
        Command::Rules => run_rules(),
        Command::Features { file } => run_features(&file),
    };
    match result {
        Ok(code) => code,
        Err(Fatal(msg)) => {
            eprintln!("insession: {msg}");
            ExitCode::from(2)
        }
    }
}
