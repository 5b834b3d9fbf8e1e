//! `mamtriage tui` (and `mamtriage` alone): the terminal UI.

use super::error::{CliError, CliResult};
use super::settings::{ColorChoice, UserConfig};
use super::KnowledgeSetup;
use super::{kind_parser, platform_parser};
use crate::tui;
use clap::Args;
use mamtriage::knowledge::{Kind, Platform};
use mamtriage::search::Filter;
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Debug, Args, Default)]
pub struct TuiArgs {
    /// Open with this platform filter.
    #[arg(long, short, value_parser = platform_parser())]
    pub platform: Option<Platform>,
    /// Open with this kind filter.
    #[arg(long, short, value_parser = kind_parser())]
    pub kind: Option<Kind>,
    /// Open with this search.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
}

pub fn run(
    args: &TuiArgs,
    setup: &KnowledgeSetup,
    config: &UserConfig,
    color: ColorChoice,
) -> CliResult {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(
            "the terminal UI needs a terminal; for scripts use a subcommand such as \
             `mamtriage search` (see `mamtriage --help`)"
                .into(),
        ));
    }
    let settings = config.tui_settings(color);
    // Load problems are shown inside the UI, so nothing is printed over it.
    let (loaded, _) = setup.load();
    let (searcher, report) = loaded.into_searcher();
    let filter = Filter {
        platform: args.platform.or(config.config.platform),
        kind: args.kind,
    };
    let query = args.query.join(" ");
    match tui::run(searcher, &report.diagnostics, settings, filter, &query) {
        Ok(tui::Ending::Quit) => Ok(ExitCode::SUCCESS),
        // The shell's convention for a command stopped by a signal.
        Ok(tui::Ending::Signal(signal)) => Ok(ExitCode::from(128 + signal as u8)),
        // As if the hang-up signal had stopped it; there is no terminal left to tell.
        Ok(tui::Ending::TerminalGone) => Ok(ExitCode::from(129)),
        Err(err) => Err(CliError::Tui(err)),
    }
}
