//! `mamtriage rules`: the knowledge as detection rules for the log platforms fleets run:
//! Sigma files, or queries to paste into Log Analytics (KQL), Kibana (Lucene) or Grafana
//! (LogQL).

use super::error::{CliError, CliResult};
use super::output::{write_output, write_stderr};
use super::{load_knowledge, KnowledgeSetup};
use crate::atomic_file::write_file;
use clap::{Args, ValueEnum};
use mamtriage::rules::query::{self, Language};
use mamtriage::rules::{rules, sigma, RuleSet, Source};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// Sigma rules: one file per entry with `-o DIR`, else one YAML stream.
    Sigma,
    /// Kusto queries for Log Analytics and Sentinel, with a sign-in summary first.
    Kql,
    /// Lucene queries for Kibana and Elasticsearch.
    Lucene,
    /// LogQL queries for Grafana and Loki.
    Logql,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// What to write.
    #[arg(long, short, value_enum, default_value_t = RulesFormat::Sigma)]
    pub format: RulesFormat,
    /// Sigma: a folder to write `<entry-id>.yml` files into (made if missing); otherwise a
    /// file to write the queries to (whole or not at all). `-` is standard output.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Overwrite files that are there.
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run(args: &RulesArgs, setup: &KnowledgeSetup) -> CliResult {
    let base = load_knowledge(setup).base;
    let set = rules(&base);
    let language = match args.format {
        RulesFormat::Sigma => None,
        RulesFormat::Kql => Some(Language::Kql),
        RulesFormat::Lucene => Some(Language::Lucene),
        RulesFormat::Logql => Some(Language::Logql),
    };
    match (language, args.output.as_deref()) {
        (None, Some(dir)) if dir.as_os_str() != "-" => write_folder(&set, dir, args.force)?,
        (None, output) => {
            let stream: Vec<String> = set.rules.iter().map(sigma::to_yaml).collect();
            write_output(
                output,
                &format!("---\n{}", stream.join("---\n")),
                args.force,
            )?;
        }
        (Some(language), output) => {
            let mut text = String::new();
            if language == Language::Kql {
                text.push_str(&query::sign_in_summary(&set.rules));
                text.push('\n');
            }
            let queries: Vec<String> = set
                .rules
                .iter()
                .map(|rule| query::query(rule, language))
                .collect();
            text.push_str(&queries.join("\n"));
            write_output(output, &text, args.force)?;
        }
    }
    write_stderr(&summary(&set));
    Ok(ExitCode::SUCCESS)
}

/// Writes each rule as `DIR/<entry-id>.yml`; every file is checked before any is written,
/// so a refusal leaves the folder as it was.
fn write_folder(set: &RuleSet, dir: &Path, force: bool) -> Result<(), CliError> {
    std::fs::create_dir_all(dir).map_err(|err| {
        CliError::Usage(format!("cannot make the folder {}: {err}", dir.display()))
    })?;
    let files: Vec<(PathBuf, String)> = set
        .rules
        .iter()
        .map(|rule| {
            (
                dir.join(format!("{}.yml", rule.entry)),
                sigma::to_yaml(rule),
            )
        })
        .collect();
    if !force {
        let there: Vec<String> = files
            .iter()
            .filter(|(path, _)| path.exists())
            .map(|(path, _)| path.display().to_string())
            .collect();
        if let Some(first) = there.first() {
            return Err(CliError::Usage(format!(
                "{} rule file(s) are there already ({first}, ...); --force replaces them",
                there.len()
            )));
        }
    }
    for (path, text) in &files {
        write_file(path, text, force)?;
    }
    write_stderr(&format!(
        "wrote {} Sigma rules to {}\n",
        files.len(),
        dir.display()
    ));
    Ok(())
}

fn summary(set: &RuleSet) -> String {
    let sign_ins = set
        .rules
        .iter()
        .filter(|rule| rule.source == Source::SignIns)
        .count();
    format!(
        "{} rules: {sign_ins} over Entra sign-ins (SigninLogs), {} over the server log; {} \
         entries have none (SDK and app entries log on the device, guidance logs nothing)\n",
        set.rules.len(),
        set.rules.len() - sign_ins,
        set.skipped.len()
    )
}
