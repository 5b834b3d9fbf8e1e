//! Everything the commands print goes through here: text from packs and queries is made
//! inert when it goes to a terminal (files and pipes get it exactly), and a closed pipe
//! (`mamtriage list | head`) ends the output quietly instead of crashing.

use mamtriage::display::terminal_safe;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

pub fn write_stdout(text: &str) {
    write_safely(io::stdout().lock(), text);
}

pub fn write_stderr(text: &str) {
    write_safely(io::stderr().lock(), text);
}

fn write_safely(mut stream: impl IsTerminal + Write, text: &str) {
    let text = if stream.is_terminal() {
        terminal_safe(text)
    } else {
        Cow::Borrowed(text)
    };
    let _ = stream.write_all(text.as_bytes());
}

/// `print!` through [`write_stdout`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::write_stdout(&format!($($arg)*)) };
}

/// `println!` through [`write_stdout`].
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
