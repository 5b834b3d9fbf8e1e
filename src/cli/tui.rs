//! `mamtriage tui` (and `mamtriage` alone): the terminal UI.

use super::output::errln;
use super::settings::{ColorChoice, UserConfig};
use super::KnowledgeSetup;
use super::{kind_parser, platform_parser};
use crate::tui;
use clap::Args;
use mamtriage::knowledge::{Kind, Platform};
use mamtriage::search::Filter;
use mamtriage::search::Searcher;
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
) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        errln!(
            "error: the terminal UI needs a terminal; for scripts use a subcommand such as \
             `mamtriage search` (see `mamtriage --help`)"
        );
        return ExitCode::from(2);
    }
    let settings = match config.tui_settings(color) {
        Ok(settings) => settings,
        Err(err) => {
            errln!("error: config: {err}");
            return ExitCode::from(2);
        }
    };
    // Load problems are shown inside the UI, so nothing is printed over it.
    let (loaded, _) = setup.load();
    let searcher = Searcher::with_index(&loaded.base, loaded.index);
    let filter = Filter {
        platform: args.platform.or(config.config.platform),
        kind: args.kind,
    };
    match tui::run(
        searcher,
        &loaded.report.diagnostics,
        settings,
        filter,
        &args.query.join(" "),
    ) {
        Ok(tui::Ending::Quit) => ExitCode::SUCCESS,
        // The shell's convention for a command stopped by a signal.
        Ok(tui::Ending::Signal(signal)) => ExitCode::from(128 + signal as u8),
        // As if the hang-up signal had stopped it; there is no terminal left to tell.
        Ok(tui::Ending::TerminalGone) => ExitCode::from(129),
        Err(err) => {
            errln!("error: the terminal UI stopped: {err}");
            ExitCode::FAILURE
        }
    }
}
