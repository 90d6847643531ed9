//! `insession`: check posts from the command line, in batch, or against a labelled corpus.
//!
//! Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or above it; 2 usage or
//! input error (unreadable file, invalid JSON line, a post over 4 MiB, invalid rules), with
//! the place named. When the reader of the output goes away (`| head`), the run stops
//! quietly with the exit code of what was checked so far.

mod input;
#[macro_use]
mod output;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use input::{display_name, parse_record, read_file, read_post, Lines};
use insession::checker::MAX_TEXT_BYTES;
use insession::eval::{evaluate, parse_corpus};
use insession::{Checker, Context, Report, Risk, Severity, Suggestion, Units};
use output::Out;
use serde_json::{json, Value};

#[derive(Parser)]
#[command(name = "insession", version, about = "Would I discuss this in session? Checks clinicians' posts for client-identifying and other professional risks, on this machine.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
enum FailOn {
    Caution,
    High,
}

/// `--context`: where the text will appear (insession::Context).
#[derive(Clone, Copy, ValueEnum)]
enum Ctx {
    Post,
    ReviewReply,
}

impl From<Ctx> for Context {
    fn from(c: Ctx) -> Context {
        match c {
            Ctx::Post => Context::Post,
            Ctx::ReviewReply => Context::ReviewReply,
        }
    }
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
    /// Check posts in FILEs (or standard input; `-` is standard input too). Each file is one
    /// post of at most 4 MiB.
    Check {
        files: Vec<String>,
        /// Output format [default: text; with --jsonl, JSON Lines]. With several files, each
        /// JSON result names its "file".
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Batch mode: JSON Lines objects with a "text" field in, one result per line out
        /// (line N answers input line N; a bad or blank line gets {"line": N, "error": …}).
        #[arg(long)]
        jsonl: bool,
        /// Exit 1 when a finding is at or above this severity.
        #[arg(long, value_enum, default_value = "caution")]
        fail_on: FailOn,
        /// Where the text will appear: in a reply to a review, words that confirm the reviewer
        /// was a patient ("your treatment", "when you came in") are high on their own.
        #[arg(long, value_enum, default_value = "post")]
        context: Ctx,
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

/// What ends a run early.
enum Fatal {
    /// An error: exit code 2, the message on standard error.
    Error(String),
    /// The reader of standard output went away (`| head`): stop quietly.
    OutputClosed,
}

fn build_checker(setup: &Setup) -> Result<Checker, Fatal> {
    let mut json = match &setup.rules {
        Some(path) => std::fs::read_to_string(path).map_err(|e| Fatal::Error(format!("{path}: cannot read rules: {e}")))?,
        None => "{}".to_string(),
    };
    if let Some(s) = setup.sensitivity {
        let mut v: Value = serde_json::from_str(&json).map_err(|e| Fatal::Error(format!("rules: not valid JSON: {e}")))?;
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
        Fatal::Error(errs.iter().map(|e| format!("{where_}: {e}")).collect::<Vec<_>>().join("\n"))
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
    // Posts over MAX_TEXT_BYTES are refused before the check (input.rs), so a report is never
    // of part of a post.
    debug_assert!(!report.truncated);
    let mut v = serde_json::to_value(report).expect("report serialises");
    if let Some(o) = v.as_object_mut() {
        o.remove("truncated");
    }
    v
}

/// Tells a person at a terminal that `check` is waiting for the post on standard input.
const STDIN_HINT: &str = "insession: reading a post from standard input (type or paste it, then Ctrl-D; \
or name files: insession check FILE…; insession check --help)";

/// The state of a `check` run, kept when the output closes early so the exit code still
/// says what was checked.
#[derive(Default)]
struct Tally {
    any_fail: bool,
    input_error: bool,
}

impl Tally {
    fn code(&self) -> ExitCode {
        if self.input_error {
            ExitCode::from(2)
        } else if self.any_fail {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

fn run_check(files: Vec<String>, format: Option<Format>, jsonl: bool, fail_on: FailOn, context: Context, setup: Setup) -> Result<ExitCode, Fatal> {
    if jsonl && format == Some(Format::Text) {
        return Err(Fatal::Error(
            "--jsonl writes JSON Lines (one JSON result per input line); --format text cannot be used with it".into(),
        ));
    }
    let format = format.unwrap_or(Format::Text);
    let checker = build_checker(&setup)?;
    let files = if files.is_empty() { vec!["-".to_string()] } else { files };
    if files.iter().any(|f| f == "-") && io::stdin().is_terminal() {
        eprintln!("{STDIN_HINT}");
    }
    let mut out = Out::new();
    let mut tally = Tally::default();
    let several = files.len() > 1;
    let run = (|| {
        for path in &files {
            if jsonl {
                check_jsonl(&checker, context, path, several, fail_on, &mut out, &mut tally)?;
            } else {
                check_post(&checker, context, path, format, fail_on, &mut out, &mut tally)?;
            }
        }
        out.flush()
    })();
    match run {
        Ok(()) | Err(Fatal::OutputClosed) => Ok(tally.code()),
        Err(e) => Err(e),
    }
}

/// One whole post: a text or JSON report, or (unreadable, not UTF-8, too long) its error.
fn check_post(checker: &Checker, context: Context, path: &str, format: Format, fail_on: FailOn, out: &mut Out, tally: &mut Tally) -> Result<(), Fatal> {
    let name = display_name(path);
    let text = match read_post(path) {
        Ok(t) => t,
        Err(m) => {
            eprintln!("insession: {m}");
            tally.input_error = true;
            if format == Format::Json {
                outln!(out, "{}", json!({"file": name, "error": m}))?;
            }
            return Ok(());
        }
    };
    let report = checker.check_for(&text, context);
    tally.any_fail |= fails(&report, fail_on);
    match format {
        Format::Text => print_text(out.raw(), name, &text, &report, &Paint::new()).map_err(Out::error),
        Format::Json => {
            let mut v = json!({"file": name});
            if let (Some(o), Value::Object(r)) = (v.as_object_mut(), report_json(&report.with_units(&text, Units::Chars))) {
                o.extend(r);
            }
            outln!(out, "{v}")
        }
    }
}

/// A JSON Lines file: output line N answers input line N, a result or `{"line": N, "error": …}`
/// (with `"file"` when several files are checked).
fn check_jsonl(checker: &Checker, context: Context, path: &str, several: bool, fail_on: FailOn, out: &mut Out, tally: &mut Tally) -> Result<(), Fatal> {
    let name = display_name(path);
    let lines = match Lines::open(path) {
        Ok(l) => l,
        Err(m) => {
            eprintln!("insession: {m}");
            tally.input_error = true;
            return outln!(out, "{}", json!({"file": name, "error": m}));
        }
    };
    for (i, line) in lines.enumerate() {
        let parsed = line.map_err(|e| format!("cannot read: {e}")).and_then(|l| parse_record(&l));
        match parsed {
            Err(msg) => {
                eprintln!("insession: {name}:{}: {msg}", i + 1);
                tally.input_error = true;
                let mut e = json!({"line": i + 1, "error": msg});
                if several {
                    e["file"] = json!(name);
                }
                outln!(out, "{e}")?;
            }
            Ok((mut o, text)) => {
                let report = checker.check_for_in(&text, context, Units::Chars);
                tally.any_fail |= fails(&report, fail_on);
                if let Value::Object(r) = report_json(&report) {
                    o.extend(r);
                }
                outln!(out, "{}", Value::Object(o))?;
            }
        }
    }
    Ok(())
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A labelled corpus, each post within the size a post may be.
fn read_corpus(file: &str) -> Result<Vec<insession::eval::Labelled>, Fatal> {
    let text = read_file(file)?;
    let rows = parse_corpus(&text).map_err(|e| Fatal::Error(format!("{file}: {e}")))?;
    if let Some(r) = rows.iter().find(|r| r.text.len() > MAX_TEXT_BYTES) {
        return Err(Fatal::Error(format!("{file}: post {:?}: {}", r.id, input::too_long(&format!("{} bytes", r.text.len())))));
    }
    Ok(rows)
}

fn run_eval(file: &str, all: bool, setup: Setup) -> Result<ExitCode, Fatal> {
    let checker = build_checker(&setup)?;
    let rows = read_corpus(file)?;
    let r = evaluate(&checker, &rows);
    let mut out = Out::new();
    outln!(out, "{} posts from {file}\n", rows.len())?;
    outln!(out, "| label \\ risk | ok | caution | high |")?;
    outln!(out, "| --- | ---: | ---: | ---: |")?;
    for (i, name) in ["ok", "caution", "high"].iter().enumerate() {
        let row = r.confusion[i];
        outln!(out, "| {name} | {} | {} | {} |", row[0], row[1], row[2])?;
    }
    outln!(out)?;
    outln!(out, "| measure | value | goal |")?;
    outln!(out, "| --- | ---: | ---: |")?;
    outln!(out, "| high posts flagged (≥ caution) | {} | ≥ 95% |", pct(r.high_flagged()))?;
    outln!(out, "| high posts rated high | {} | ≥ 85% |", pct(r.high_as_high()))?;
    outln!(out, "| caution posts flagged | {} | ≥ 85% |", pct(r.caution_flagged()))?;
    outln!(out, "| ok posts rated ok | {} | ≥ 95% |", pct(r.ok_as_ok()))?;
    outln!(out, "| category recall (all) | {} | ≥ 85% |", pct(r.category_recall()))?;
    outln!(out)?;
    outln!(out, "| category | posts | recalled |")?;
    outln!(out, "| --- | ---: | ---: |")?;
    for (c, (n, h)) in &r.categories {
        outln!(out, "| {c} | {n} | {} |", pct(*h as f64 / (*n).max(1) as f64))?;
    }
    let wrong: Vec<_> = r.misses.iter().filter(|m| m.label != m.got).collect();
    outln!(out, "\n{} posts rated differently from their label:", wrong.len())?;
    for m in wrong.iter().take(if all { usize::MAX } else { 40 }) {
        let text: String = m.text.chars().take(140).collect();
        outln!(out, "- {} label {} got {} [{}] {}", m.id, m.label.as_str(), m.got.as_str(), m.rules.join(", "), text.replace('\n', " "))?;
    }
    let cat_miss: Vec<_> = r.misses.iter().filter(|m| !m.missing_categories.is_empty()).collect();
    outln!(out, "\n{} posts missing a labelled category:", cat_miss.len())?;
    for m in cat_miss.iter().take(if all { usize::MAX } else { 40 }) {
        outln!(out, "- {} missing {}", m.id, m.missing_categories.join(", "))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_rules() -> Result<ExitCode, Fatal> {
    let checker = Checker::with_defaults();
    let pack = checker.pack();
    let c = &pack.confidentiality;
    let mut out = Out::new();
    outln!(out, "{}\tconfidentiality\tcaution/high\t{}\t{}", c.id, c.title, c.sources.join("; "))?;
    for r in &pack.rules {
        outln!(out, "{}\t{}\t{}\t{}\t{}", r.id, r.category.as_str(), r.severity.as_str(), r.title, r.sources.join("; "))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_features(file: &str) -> Result<ExitCode, Fatal> {
    let rules = Checker::with_defaults().without_model();
    let rows = read_corpus(file)?;
    let mut out = Out::new();
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
        outln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version go to standard output: a closed pipe there is not an error
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Check { files, format, jsonl, fail_on, context, setup } => run_check(files, format, jsonl, fail_on, context.into(), setup),
        Command::Eval { file, all, setup } => run_eval(&file, all, setup),
        Command::Rules => run_rules(),
        Command::Features { file } => run_features(&file),
    };
    match result {
        Ok(code) => code,
        Err(Fatal::OutputClosed) => ExitCode::SUCCESS,
        Err(Fatal::Error(msg)) => {
            eprintln!("insession: {msg}");
            ExitCode::from(2)
        }
    }
}
