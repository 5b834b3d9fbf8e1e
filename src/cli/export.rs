//! `mamtriage export`: remediation text ready to paste into a ticket, or written to a file.

use super::error::CliResult;
use super::output::write_output;
use super::show::resolve_ids;
use super::{format_parser, load_knowledge, KnowledgeSetup};
use clap::Args;
use mamtriage::render::{render_entries, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Entry ids, as `list` and `search` print them, or codes an entry carries.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Output format.
    #[arg(long, short, default_value = "text", value_parser = format_parser())]
    pub format: Format,
    /// Write to this file instead of standard output (whole or not at all; `-` is standard
    /// output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(args: &ExportArgs, setup: &KnowledgeSetup) -> CliResult {
    let base = load_knowledge(setup).base;
    let entries = resolve_ids(&base, &args.ids)?;
    let text = render_entries(&entries, &base, args.format);
    write_output(args.output.as_deref(), &text, args.force)?;
    Ok(ExitCode::SUCCESS)
}
