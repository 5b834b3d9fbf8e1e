//! `mamtriage list`: browse entries.

use super::error::CliResult;
use super::output::{errln, outln};
use super::{kind_parser, load_knowledge, platform_parser, KnowledgeSetup};
use clap::Args;
use mamtriage::knowledge::{Kind, Platform};
use mamtriage::render::list_item_json;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only entries for this platform.
    #[arg(long, short, value_parser = platform_parser())]
    pub platform: Option<Platform>,
    /// Only entries of this kind.
    #[arg(long, short, value_parser = kind_parser())]
    pub kind: Option<Kind>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ListArgs, setup: &KnowledgeSetup) -> CliResult {
    let base = load_knowledge(setup).base;
    let entries: Vec<_> = base.filtered(args.platform, args.kind).collect();
    if args.json {
        let items: Vec<_> = entries.iter().map(|e| list_item_json(e)).collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&items).expect("list items serialize")
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let id_width = entries.iter().map(|e| e.id.len()).max().unwrap_or(2);
    for entry in &entries {
        outln!(
            "{:<id_width$}  {:<7}  {:<12}  {}",
            entry.id,
            entry.platform.name(),
            entry.kind.name(),
            entry.title
        )?;
    }
    if entries.is_empty() {
        errln!("no entries match");
    }
    Ok(ExitCode::SUCCESS)
}
