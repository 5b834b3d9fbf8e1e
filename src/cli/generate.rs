//! `mamtriage completions SHELL` and `mamtriage man`: written from the argument definitions,
//! so they always match the commands.

use super::error::{CliError, CliResult};
use super::Cli;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Prints a completion script, e.g. `mamtriage completions bash > ~/.local/share/bash-completion/completions/mamtriage`.
pub fn completions(args: &CompletionsArgs) -> CliResult {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "mamtriage", &mut script);
    print(&script)
}

/// Prints the man page (roff), e.g. `mamtriage man > ~/.local/share/man/man1/mamtriage.1`.
pub fn man() -> CliResult {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .expect("rendering into memory cannot fail");
    print(&page)
}

/// Generated text goes out as it is: it comes from our own argument definitions, not packs.
fn print(bytes: &[u8]) -> CliResult {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(CliError::Output)?;
    Ok(ExitCode::SUCCESS)
}
