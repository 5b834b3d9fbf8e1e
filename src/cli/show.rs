//! `mamtriage show`: entries in full.

use super::output::{errln, out};
use super::{format_parser, load_knowledge, KnowledgeSetup};
use clap::Args;
use mamtriage::knowledge::KnowledgeBase;
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

pub fn run(args: &ShowArgs, setup: &KnowledgeSetup) -> ExitCode {
    let base = load_knowledge(setup).base;
    match resolve_ids(&base, &args.ids) {
        Ok(entries) => {
            out!("{}", render_entries(&entries, &base, args.format));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Looks up every id, reporting each unknown one with the closest known ids.
pub fn resolve_ids<'a>(
    base: &'a KnowledgeBase,
    ids: &[String],
) -> Result<Vec<&'a mamtriage::knowledge::Entry>, ExitCode> {
    let mut entries = Vec::new();
    let mut missing = false;
    for id in ids {
        match base.get(id) {
            Some(entry) => entries.push(entry),
            None => {
                missing = true;
                let near: Vec<&str> = base
                    .ids()
                    .into_iter()
                    .filter(|known| known.contains(id.as_str()) || id.contains(known))
                    .take(5)
                    .collect();
                if near.is_empty() {
                    errln!("error: no entry has the id `{id}` (see `mamtriage list`)");
                } else {
                    errln!(
                        "error: no entry has the id `{id}`; did you mean: {}?",
                        near.join(", ")
                    );
                }
            }
        }
    }
    if missing {
        Err(ExitCode::FAILURE)
    } else {
        Ok(entries)
    }
}
