//! Standard output for every subcommand. It exists so that a reader that goes away early
//! (`insession rules | head -3`, `insession eval … | true`) ends the run quietly instead of a
//! panic ("failed printing to stdout") or an error message: Rust ignores SIGPIPE, so each
//! write returns `BrokenPipe`, which becomes [`Fatal::OutputClosed`]. Any other write error
//! is reported with what was being written.

use std::fmt;
use std::io::{self, BufWriter, StdoutLock, Write};

use crate::Fatal;

pub struct Out {
    w: BufWriter<StdoutLock<'static>>,
}

fn fatal(e: io::Error) -> Fatal {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Fatal::OutputClosed
    } else {
        Fatal::Error(format!("writing output: {e}"))
    }
}

impl Out {
    pub fn new() -> Out {
        Out { w: BufWriter::new(io::stdout().lock()) }
    }

    /// Writes one line (`args` and a line break).
    pub fn line(&mut self, args: fmt::Arguments) -> Result<(), Fatal> {
        self.w.write_fmt(args).and_then(|()| self.w.write_all(b"\n")).map_err(fatal)
    }

    /// The writer itself, for code that writes with `write!`; map its errors with
    /// [`Out::error`].
    pub fn raw(&mut self) -> &mut impl Write {
        &mut self.w
    }

    pub fn error(e: io::Error) -> Fatal {
        fatal(e)
    }

    pub fn flush(&mut self) -> Result<(), Fatal> {
        self.w.flush().map_err(fatal)
    }
}

/// `outln!(out, "…", args)`: one line to an [`Out`], `?`-able.

macro_rules! outln {
    ($out:expr) => { $out.line(format_args!("")) };
    ($out:expr, $($arg:tt)*) => { $out.line(format_args!($($arg)*)) };
}
