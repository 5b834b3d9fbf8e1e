//! Everything the commands print goes through here: text from packs and queries is made
//! inert when it goes to a terminal (files and pipes get it exactly). A failed write to
//! stdout is an error for the caller; stderr is best effort, as there is nowhere else to tell.

use super::error::CliError;
use crate::atomic_file::write_file;
use mamtriage::terminal_text::terminal_safe;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

pub fn write_stdout(text: &str) -> Result<(), CliError> {
    write_safely(io::stdout().lock(), text).map_err(CliError::Output)
}

pub fn write_stderr(text: &str) {
    let _ = write_safely(io::stderr().lock(), text);
}

fn write_safely(mut stream: impl IsTerminal + Write, text: &str) -> io::Result<()> {
    let text = if stream.is_terminal() {
        terminal_safe(text)
    } else {
        Cow::Borrowed(text)
    };
    stream.write_all(text.as_bytes())?;
    // Errors such as a full disk show only when the buffer is written out.
    stream.flush()
}

/// Writes a command's output to `file` (whole or not at all; `-` is standard output), or to
/// standard output when no file is given.
pub fn write_output(file: Option<&Path>, text: &str, overwrite: bool) -> Result<(), CliError> {
    match file {
        Some(path) if path.as_os_str() != "-" => {
            write_file(path, text, overwrite)?;
            write_stderr(&format!(
                "wrote {} ({} bytes)\n",
                path.display(),
                text.len()
            ));
            Ok(())
        }
        _ => write_stdout(text),
    }
}

/// `print!` through [`write_stdout`]; evaluates to `Result<(), CliError>`.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::write_stdout(&format!($($arg)*)) };
}

/// `println!` through [`write_stdout`]; evaluates to `Result<(), CliError>`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        $crate::cli::output::write_stdout(&line)
    }};
}

/// `eprintln!` through [`write_stderr`].
macro_rules! errln {
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        $crate::cli::output::write_stderr(&line)
    }};
}

pub(crate) use {errln, out, outln};
