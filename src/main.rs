//! The `mamtriage` program: the command line and the terminal UI, over the library.

mod atomic_file;
mod cli;
mod config;
mod tui;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}
