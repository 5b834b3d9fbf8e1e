mod allocator;
mod cli;
mod tui;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    allocator::keep_large_blocks_mapped();
    cli::run(cli::Cli::parse())
}
