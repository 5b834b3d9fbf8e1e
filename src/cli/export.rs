//! `mamtriage export`: remediation text ready to paste into a ticket, or written to a file.

use super::output::{errln, out};
use super::show::resolve_ids;
use super::{format_parser, load_knowledge, KnowledgeSetup};
use clap::Args;
use mamtriage::export::write_file;
use mamtriage::render::{render_entries, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Entry ids, as `list` and `search` print them.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Output format.
    #[arg(long, short, default_value = "text", value_parser = format_parser())]
    pub format: Format,
    /// Write to this file instead of standard output (whole or not at all).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(args: &ExportArgs, setup: &KnowledgeSetup) -> ExitCode {
    let base = load_knowledge(setup).base;
    let entries = match resolve_ids(&base, &args.ids) {
        Ok(entries) => entries,
        Err(code) => return code,
    };
    let text = render_entries(&entries, &base, args.format);
    let Some(path) = &args.output else {
        out!("{text}");
        return ExitCode::SUCCESS;
    };
    match write_file(path, &text, args.force) {
        Ok(()) => {
            errln!("wrote {} ({} bytes)", path.display(), text.len());
            ExitCode::SUCCESS
        }
        Err(err) => {
            errln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
