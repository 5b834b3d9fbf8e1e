//! `mamtriage show`: entries in full.

use super::error::{CliError, CliResult};
use super::output::out;
use super::{format_parser, load_knowledge, KnowledgeSetup};
use clap::Args;
use mamtriage::knowledge::{Entry, KnowledgeBase, Lookup};
use mamtriage::render::{render_entries, Format};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Entry ids, as `list` prints them, or codes an entry carries (`AADSTS650057`).
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

/// Looks up every id (or code); each one that names no entry is reported with the ids it was
/// probably meant to be.
pub fn resolve_ids<'a>(
    base: &'a KnowledgeBase,
    ids: &[String],
) -> Result<Vec<&'a Entry>, CliError> {
    let mut entries = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match base.lookup(id) {
            Lookup::Found(entry) => entries.push(entry),
            Lookup::SharedCode(owners) => unknown.push(format!(
                "`{id}` is a code of {} entries: {}; give one of them",
                owners.len(),
                owners.join(", ")
            )),
            Lookup::Unknown(near) if near.is_empty() => unknown.push(format!(
                "no entry has the id or code `{id}` (see `mamtriage list`, or `mamtriage search {id}`)"
            )),
            Lookup::Unknown(near) => unknown.push(format!(
                "no entry has the id or code `{id}`; did you mean: {}?",
                near.join(", ")
            )),
        }
    }
    if unknown.is_empty() {
        Ok(entries)
    } else {
        Err(CliError::UnknownIds(unknown))
    }
}
