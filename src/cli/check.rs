//! `mamtriage check`: validation for pack authors.

use super::error::CliResult;
use super::output::{errln, outln};
use clap::Args;
use mamtriage::knowledge::{KnowledgeBase, Layer, Sources};
use mamtriage::render::diagnostic_json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Pack directories or files to check (checked together with the shipped knowledge,
    /// so `related` may point at shipped entries). Without any, checks what would be loaded.
    #[arg(value_name = "DIR")]
    pub packs: Vec<PathBuf>,
    /// Print the problems as JSON (file, line, column, problem, effect).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &CheckArgs, sources: &Sources) -> CliResult {
    let mut sources = sources.clone();
    sources.user.extend(args.packs.iter().cloned());
    let (base, report) = KnowledgeBase::load(&sources);
    if args.json {
        let problems: Vec<_> = report.diagnostics.iter().map(diagnostic_json).collect();
        let json = serde_json::to_string_pretty(&problems).expect("problems serialise");
        outln!("{json}")?;
    } else {
        for diagnostic in &report.diagnostics {
            outln!("{diagnostic}")?;
        }
    }
    let user_files = report
        .files
        .iter()
        .filter(|f| f.layer == Layer::User)
        .count();
    let summary = format!(
        "{} entries from {} files ({} user files)",
        base.len(),
        report.files.len(),
        user_files
    );
    if report.is_clean() {
        errln!("ok: {summary}, no problems");
        Ok(ExitCode::SUCCESS)
    } else {
        errln!("{} problems; {summary}", report.diagnostics.len());
        Ok(ExitCode::FAILURE)
    }
}
