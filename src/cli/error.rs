//! Why a command failed, and the exit code that says so. Commands return these; `cli::run`
//! reports them, once, on stderr.

use crate::atomic_file::WriteError;
use crate::config::ConfigError;
use std::io;
use std::process::ExitCode;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    /// The arguments or the input cannot be used (exit 2).
    #[error("{0}")]
    Usage(String),
    #[error("config: {0}")]
    Config(#[from] ConfigError),
    /// Standard output could not be written (exit 2); a closed pipe is not an error.
    #[error("cannot write the output: {0}")]
    Output(io::Error),
    /// Ids that name no entry, one line each (exit 1).
    #[error("{}", .0.join("\n"))]
    UnknownIds(Vec<String>),
    /// Nothing to show, said without an `error:` (exit 1), as grep says nothing found.
    #[error("{0}")]
    NothingFound(&'static str),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("the terminal UI stopped: {0}")]
    Tui(io::Error),
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) | CliError::Config(_) | CliError::Output(_) | CliError::Write(_) => {
                ExitCode::from(2)
            }
            CliError::UnknownIds(_) | CliError::NothingFound(_) | CliError::Tui(_) => {
                ExitCode::FAILURE
            }
        }
    }

    /// A reader that closed the pipe (`| head`) took what it wanted: not a failure.
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, CliError::Output(err) if err.kind() == io::ErrorKind::BrokenPipe)
    }

    /// What stderr shows: each line of the error after `error:`, or the bare note.
    pub fn report(&self) -> String {
        match self {
            CliError::NothingFound(note) => format!("{note}\n"),
            other => other
                .to_string()
                .lines()
                .map(|line| format!("error: {line}\n"))
                .collect(),
        }
    }
}

/// What a command returns: the exit code it chose, or why it failed.
pub type CliResult = Result<ExitCode, CliError>;
