//! `mamtriage tui` (and `mamtriage` alone): the terminal UI.

use super::error::{CliError, CliResult};
use super::settings::{ColorChoice, UserConfig};
use super::KnowledgeSetup;
use super::{kind_parser, platform_parser};
use crate::tui;
use clap::Args;
use mamtriage::doctor::{open_input, Check, Expected, Report};
use mamtriage::knowledge::{Kind, Platform};
use mamtriage::search::Filter;
use mamtriage::search::MAX_QUERY_BYTES;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args, Default)]
pub struct TuiArgs {
    /// Open with this platform filter.
    #[arg(long, short, value_parser = platform_parser())]
    pub platform: Option<Platform>,
    /// Open with this kind filter.
    #[arg(long, short, value_parser = kind_parser())]
    pub kind: Option<Kind>,
    /// Scan these logs, support packets, sign-in exports or folders and open on what they
    /// hold (the same reading as `mamtriage scan`).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub scan: Vec<PathBuf>,
    /// Mask user names, addresses and ids in the scanned evidence shown and exported.
    #[arg(long)]
    pub redact: bool,
    /// Check this Mattermost config.json or support packet (as `doctor` does) and mark the
    /// setup guide's steps with the results.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Check this Entra app registration too (as `doctor --app` does).
    #[arg(long, value_name = "FILE")]
    pub app: Option<PathBuf>,
    /// Open with this search.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
}

/// What was piped in, as a query: at most what the search box holds, line breaks as LF.
fn read_piped_query() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_QUERY_BYTES as u64)
        .read_to_end(&mut bytes)
        .map_err(|err| CliError::Usage(format!("cannot read standard input: {err}")))?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// Doctor's checks of `--config` and `--app`; an input that cannot be read stops the UI from
/// starting, with the reason, so that no mark is shown on a guess.
fn setup_checks(args: &TuiArgs) -> Result<Vec<Check>, CliError> {
    let wanted = [
        (args.config.as_deref(), Expected::Config),
        (args.app.as_deref(), Expected::App),
    ];
    let mut inputs = Vec::new();
    for (path, expected) in wanted {
        let Some(path) = path else { continue };
        let input = open_input(path, expected).map_err(|err| CliError::Usage(err.to_string()))?;
        inputs.push(input);
    }
    Ok(if inputs.is_empty() {
        Vec::new()
    } else {
        Report::of(&inputs).checks
    })
}

pub fn run(
    args: &TuiArgs,
    setup: &KnowledgeSetup,
    config: &UserConfig,
    color: ColorChoice,
) -> CliResult {
    if !std::io::stdout().is_terminal() {
        return Err(CliError::Usage(
            "the terminal UI needs a terminal; for scripts use a subcommand such as \
             `mamtriage search` (see `mamtriage --help`)"
                .into(),
        ));
    }
    // `pbpaste | mamtriage`: the piped text is the query, and keys come from the terminal,
    // as fzf does it.
    let piped = (!std::io::stdin().is_terminal())
        .then(read_piped_query)
        .transpose()?
        .filter(|text| !text.trim().is_empty());
    if let Some(missing) = args.scan.iter().find(|path| !path.exists()) {
        return Err(CliError::Usage(format!(
            "--scan: no such file or folder: {}",
            missing.display()
        )));
    }
    let mut settings = config.tui_settings(color);
    settings.redact |= args.redact;
    // Load problems are shown inside the UI, so nothing is printed over it.
    let (loaded, _) = setup.load();
    let (searcher, report) = loaded.into_searcher();
    let filter = Filter {
        platform: args.platform.or(config.config.platform),
        kind: args.kind,
    };
    let query = match piped {
        Some(text) if args.query.is_empty() => text,
        Some(text) => format!("{} {text}", args.query.join(" ")),
        None => args.query.join(" "),
    };
    let start = tui::Start {
        filter,
        query: &query,
        scan: args.scan.clone(),
        setup_checks: setup_checks(args)?,
    };
    match tui::run(searcher, &report.diagnostics, settings, start) {
        Ok(tui::Ending::Quit) => Ok(ExitCode::SUCCESS),
        // The shell's convention for a command stopped by a signal.
        Ok(tui::Ending::Signal(signal)) => Ok(ExitCode::from(128 + signal as u8)),
        // As if the hang-up signal had stopped it; there is no terminal left to tell.
        Ok(tui::Ending::TerminalGone) => Ok(ExitCode::from(129)),
        Err(err) => Err(CliError::Tui(err)),
    }
}
