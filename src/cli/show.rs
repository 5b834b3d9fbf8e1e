//! `mamtriage show`: entries in full.

use super::error::{CliError, CliResult};
use super::output::out;
use super::{format_parser, load_knowledge, KnowledgeSetup};
use clap::Args;
use mamtriage::knowledge::{Entry, KnowledgeBase};
use mamtriage::render::{render_entries, Format};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Entry ids, as `list` prints them.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Output format.
    #[arg(long, short, default_value = "text", value_parser = format_parser())]
    pub format: Format,
}

pub fn run(args: &ShowArgs, setup: &KnowledgeSetup) -> CliResult {
    let base = load_knowledge(setup).base;
    let entries = resolve_ids(&base, &args.ids)?;
    out!("{}", render_entries(&entries, &base, args.format))?;
    Ok(ExitCode::SUCCESS)
}

/// Looks up every id; each unknown one is reported with the closest known ids.
pub fn resolve_ids<'a>(
    base: &'a KnowledgeBase,
    ids: &[String],
) -> Result<Vec<&'a Entry>, CliError> {
    let mut entries = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match base.get(id) {
            Some(entry) => entries.push(entry),
            None => {
                let near: Vec<&str> = base
                    .ids()
                    .into_iter()
                    .filter(|known| known.contains(id.as_str()) || id.contains(known))
                    .take(5)
                    .collect();
                unknown.push(if near.is_empty() {
                    format!("no entry has the id `{id}` (see `mamtriage list`)")
                } else {
                    format!(
                        "no entry has the id `{id}`; did you mean: {}?",
                        near.join(", ")
                    )
                });
            }
        }
    }
    if unknown.is_empty() {
        Ok(entries)
    } else {
        Err(CliError::UnknownIds(unknown))
    }
}
