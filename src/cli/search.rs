//! `mamtriage search`: ranked results for typed, pasted or piped text.

use super::error::{CliError, CliResult};
use super::output::{errln, outln};
use super::{kind_parser, load_knowledge, platform_parser, KnowledgeSetup};
use clap::Args;
use mamtriage::knowledge::{Kind, Platform};
use mamtriage::render::{list_item_json, ListItemJson};
use mamtriage::search::{Confidence, Filter, Query, MAX_QUERY_BYTES};
use serde::Serialize;
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: a message, a code, a symptom. `-` (or no query with piped input)
    /// reads it from standard input.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Only entries for this platform.
    #[arg(long, short, value_parser = platform_parser())]
    pub platform: Option<Platform>,
    /// Only entries of this kind.
    #[arg(long, short, value_parser = kind_parser())]
    pub kind: Option<Kind>,
    /// At most this many results.
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub limit: u16,
    /// Print a JSON array, best first.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    #[serde(flatten)]
    entry: ListItemJson<'a>,
    score: f32,
    confidence: Confidence,
    matched: Vec<String>,
}

pub fn run(args: &SearchArgs, setup: &KnowledgeSetup) -> CliResult {
    let text = query_text(&args.query).map_err(CliError::Usage)?;
    let query = Query::parse(&text);
    if query.truncated {
        errln!(
            "note: the query was cut to its first {} KiB",
            MAX_QUERY_BYTES / 1024
        );
    }
    if query.is_empty() {
        return Err(CliError::NothingFound(if text.trim().is_empty() {
            "the query is empty: nothing to search for (give a code, a message or at least two letters)"
        } else {
            "nothing in the query can be searched for: give a code, a message or at least two \
             letters (a single letter is no search, and a run of letters too long to be a word \
             is left out)"
        }));
    }
    let (searcher, _) = load_knowledge(setup).into_searcher();
    let filter = Filter {
        platform: args.platform,
        kind: args.kind,
    };
    let results = searcher.search_rated(&query, filter, usize::from(args.limit));
    if args.json {
        let items: Vec<ResultJson> = results
            .iter()
            .map(|(entry, hit, confidence)| ResultJson {
                entry: list_item_json(entry),
                score: (hit.score * 100.0).round() / 100.0,
                confidence: *confidence,
                matched: hit.reasons.iter().map(|r| r.describe()).collect(),
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&items).expect("results serialize")
        )?;
    } else {
        if results
            .first()
            .is_some_and(|(_, _, confidence)| *confidence == Confidence::Low)
        {
            outln!("No confident match: the closest entries are")?;
        }
        for (rank, (entry, hit, confidence)) in results.iter().enumerate() {
            let matched: Vec<String> = hit.reasons.iter().map(|r| r.describe()).collect();
            outln!("{:>2}. {}  [{}]", rank + 1, entry.title, entry.id)?;
            outln!(
                "    {} · {} · {} confidence · matched: {}",
                entry.platform.label(),
                entry.kind.label(),
                confidence.name(),
                matched.join("; ")
            )?;
            if let Some(message) = entry.primary_message() {
                outln!("    \"{message}\"")?;
            }
        }
    }
    if results.is_empty() {
        return Err(CliError::NothingFound("no entry matches"));
    }
    Ok(ExitCode::SUCCESS)
}

/// The query from the arguments, or from standard input for `-` or when it is piped.
fn query_text(args: &[String]) -> Result<String, String> {
    let from_stdin = args == ["-"] || (args.is_empty() && !std::io::stdin().is_terminal());
    if !from_stdin {
        if args.is_empty() {
            return Err("give a query, or pipe text in (see `mamtriage search --help`)".into());
        }
        return Ok(args.join(" "));
    }
    let mut bytes = Vec::new();
    // One byte past the limit tells whether the input was longer.
    std::io::stdin()
        .take(MAX_QUERY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot read standard input: {err}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
