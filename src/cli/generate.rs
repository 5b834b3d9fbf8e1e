//! `mamtriage completions SHELL` and `mamtriage man`: written from the argument definitions,
//! so they always match the commands.

use super::output::errln;
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
pub fn completions(args: &CompletionsArgs) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "mamtriage", &mut script);
    finish(io::stdout().write_all(&script))
}

/// Prints the man page (roff), e.g. `mamtriage man > ~/.local/share/man/man1/mamtriage.1`.
pub fn man() -> ExitCode {
    let mut page = Vec::new();
    let rendered = clap_mangen::Man::new(Cli::command()).render(&mut page);
    finish(rendered.and_then(|()| io::stdout().write_all(&page)))
}

fn finish(written: io::Result<()>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            errln!("error: cannot write: {err}");
            ExitCode::FAILURE
        }
    }
}
