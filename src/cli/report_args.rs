//! How `scan` and `doctor` write their reports: text or Markdown for people, JSON for scripts,
//! to standard output or whole to a file.

use super::error::CliError;
use super::output::write_output;
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Print the report as JSON (the contract in the README).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// How to write the report.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output (whole or not at all; `-` is
    /// standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
}

impl ReportArgs {
    /// Writes `report` as JSON, or as `for_people` renders it in the chosen format.
    pub fn emit<R: Serialize>(
        &self,
        report: &R,
        for_people: impl FnOnce(ReportFormat) -> String,
    ) -> Result<(), CliError> {
        let text = if self.json {
            let mut json = serde_json::to_string_pretty(report).expect("the report serialises");
            json.push('\n');
            json
        } else {
            for_people(self.format)
        };
        write_output(self.output.as_deref(), &text, self.force)
    }
}
