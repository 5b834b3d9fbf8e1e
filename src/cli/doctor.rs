//! `mamtriage doctor`: a Mattermost config (or support packet) and an Entra app registration
//! checked against everything Intune MAM needs, every check at once.

use super::error::{CliError, CliResult};
use super::output::errln;
use super::report_args::{ReportArgs, ReportFormat};
use super::{load_knowledge, KnowledgeSetup};
use clap::Args;
use mamtriage::doctor::{open_input, render, DoctorInput, Expected, Report};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// A config.json, a support packet (.zip) or an app registration, told apart by content.
    #[arg(value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// The Mattermost server's config.json, or a support packet (`-` reads standard input).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The Entra app registration: the manifest downloaded from the Entra admin center, or
    /// `az ad app show` / Graph output (`-` reads standard input).
    #[arg(long, value_name = "FILE")]
    pub app: Option<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Mask tenant, client and object ids (the same id gets the same mask).
    #[arg(long)]
    pub redact: bool,
}

pub fn run(args: &DoctorArgs, setup: &KnowledgeSetup) -> CliResult {
    let mut wanted: Vec<(&Path, Expected)> = Vec::new();
    wanted.extend(args.config.as_deref().map(|p| (p, Expected::Config)));
    wanted.extend(args.app.as_deref().map(|p| (p, Expected::App)));
    wanted.extend(args.inputs.iter().map(|p| (p.as_path(), Expected::Any)));
    if wanted.is_empty() {
        return Err(CliError::Usage(
            "give a config.json or support packet (--config) and/or an app registration (--app)"
                .into(),
        ));
    }
    if wanted.iter().filter(|(p, _)| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::Usage(
            "only one input can be `-` (standard input)".into(),
        ));
    }
    let mut inputs: Vec<DoctorInput> = Vec::new();
    let mut unreadable = false;
    for (path, expected) in wanted {
        match open_input(path, expected) {
            Ok(input) => inputs.push(input),
            Err(err) => {
                errln!("error: {err}");
                unreadable = true;
            }
        }
    }
    if inputs.is_empty() {
        return Ok(ExitCode::from(2));
    }
    let mut report = Report::of(&inputs);
    if args.redact {
        report = report.redacted();
    }
    args.report.emit(&report, |format| {
        let base = load_knowledge(setup).base;
        render::checklist(&report, &base, format == ReportFormat::Markdown)
    })?;
    Ok(if unreadable {
        ExitCode::from(2)
    } else if report.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
