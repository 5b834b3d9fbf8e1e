//! The command line: argument definitions and one module per subcommand.

mod error;
mod output;

mod check;
mod doctor;
mod export;
mod generate;
mod list;
mod paths;
mod report_args;
mod rules;
mod scan;
mod search;
mod settings;
mod show;
mod tui;

use crate::config::Config;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use error::CliResult;
use mamtriage::cache::{CacheStatus, KnowledgeCache, Loaded};
use mamtriage::knowledge::{env_dirs, Kind, LoadReport, Platform, Sources};
use mamtriage::render::Format;
use output::{errln, write_stderr};
use settings::{ColorChoice, UserConfig};
use std::path::PathBuf;
use std::process::ExitCode;

/// Troubleshoot Microsoft Intune app protection (MAM) with the Mattermost mobile app and server.
#[derive(Debug, Parser)]
#[command(name = "mamtriage", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub knowledge: KnowledgeArgs,
    /// Read mamtriage's settings from this file instead of the default one (see `paths`).
    /// (`doctor --config` is a Mattermost server config.)
    #[arg(long, global = true, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// When the terminal UI uses colour; `auto` turns it off if NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct KnowledgeArgs {
    /// Add a directory (or file) of YAML knowledge packs; repeatable. Entries with a shipped id replace it.
    #[arg(long = "knowledge", value_name = "DIR", global = true)]
    pub knowledge_dirs: Vec<PathBuf>,
    /// Leave out the knowledge shipped in the binary.
    #[arg(long, global = true)]
    pub no_shipped: bool,
    /// Parse the knowledge packs afresh instead of using (and saving) the cache.
    #[arg(long, global = true)]
    pub no_cache: bool,
}

impl KnowledgeArgs {
    /// The config's packs come first, then the environment's, so `--knowledge` wins.
    pub fn sources(&self, config: &Config) -> Sources {
        let mut user = config.knowledge.clone();
        user.extend(env_dirs());
        user.extend(self.knowledge_dirs.iter().cloned());
        Sources {
            shipped: !self.no_shipped,
            user,
        }
    }

    pub fn setup(&self, config: &Config) -> KnowledgeSetup {
        KnowledgeSetup {
            sources: self.sources(config),
            cache: if self.no_cache {
                None
            } else {
                KnowledgeCache::default_dir().map(KnowledgeCache::new)
            },
        }
    }
}

/// What to load and whether a cache may be used for it.
#[derive(Debug, Clone)]
pub struct KnowledgeSetup {
    pub sources: Sources,
    pub cache: Option<KnowledgeCache>,
}

impl KnowledgeSetup {
    pub fn load(&self) -> (Loaded, CacheStatus) {
        match &self.cache {
            Some(cache) => cache.load(&self.sources),
            None => (
                Loaded::build(&self.sources),
                CacheStatus::NotSaved("turned off".into()),
            ),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find entries from a message, code or symptom (typed, pasted or piped).
    Search(search::SearchArgs),
    /// List entries, optionally narrowed by platform and kind.
    List(list::ListArgs),
    /// Show entries in full.
    Show(show::ShowArgs),
    /// Write the remediation of entries as text for a ticket (stdout or a file).
    Export(export::ExportArgs),
    /// Read logs, support packets and sign-in exports; group every known problem by entry.
    Scan(scan::ScanArgs),
    /// Check a Mattermost config or support packet and an Entra app registration against
    /// everything Intune MAM needs; every check at once, each tied to the entry that fixes it.
    Doctor(doctor::DoctorArgs),
    /// The knowledge as detection rules for fleets: Sigma, or KQL, Lucene and LogQL queries
    /// for the server log and Entra's sign-ins.
    Rules(rules::RulesArgs),
    /// Validate knowledge packs; exit 1 and list every problem if any.
    Check(check::CheckArgs),
    /// Show where knowledge comes from and which files were loaded.
    Paths,
    /// Open the terminal UI (the default without a subcommand).
    Tui(tui::TuiArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(generate::CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// Runs a command and reports how it went: the one place that prints an error and picks the
/// exit code for it.
pub fn run(cli: Cli) -> ExitCode {
    match run_command(cli) {
        Ok(code) => code,
        Err(err) if err.is_closed_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            write_stderr(&err.report());
            err.exit_code()
        }
    }
}

fn run_command(cli: Cli) -> CliResult {
    let user_config = UserConfig::load(cli.settings.as_deref())?;
    let setup = cli.knowledge.setup(&user_config.config);
    let tui = |args: &tui::TuiArgs| tui::run(args, &setup, &user_config, cli.color);
    match cli.command {
        Some(Command::Search(args)) => search::run(&args, &setup),
        Some(Command::List(args)) => list::run(&args, &setup),
        Some(Command::Show(args)) => show::run(&args, &setup),
        Some(Command::Export(args)) => export::run(&args, &setup),
        Some(Command::Scan(args)) => scan::run(&args, &setup),
        Some(Command::Doctor(args)) => doctor::run(&args, &setup),
        Some(Command::Rules(args)) => rules::run(&args, &setup),
        Some(Command::Check(args)) => check::run(&args, &setup.sources),
        Some(Command::Paths) => paths::run(&setup, &user_config),
        Some(Command::Tui(args)) => tui(&args),
        Some(Command::Completions(args)) => generate::completions(&args),
        Some(Command::Man) => generate::man(),
        None => tui(&tui::TuiArgs::default()),
    }
}

/// Loads the knowledge, telling the user on stderr what was skipped and why.
pub fn load_knowledge(setup: &KnowledgeSetup) -> Loaded {
    let (loaded, _) = setup.load();
    warn_about(&loaded.report);
    loaded
}

/// How many load problems are spelled out before pointing at `check`.
const SHOWN_PROBLEMS: usize = 5;

fn warn_about(report: &LoadReport) {
    for diagnostic in report.diagnostics.iter().take(SHOWN_PROBLEMS) {
        errln!("warning: {diagnostic}");
    }
    let hidden = report.diagnostics.len().saturating_sub(SHOWN_PROBLEMS);
    if hidden > 0 {
        errln!("warning: {hidden} more problems; run `mamtriage check` to see them all");
    }
}

pub fn platform_parser() -> impl TypedValueParser<Value = Platform> {
    PossibleValuesParser::new(Platform::names())
        .map(|name| Platform::from_name(&name).expect("clap passes only listed names"))
}

pub fn kind_parser() -> impl TypedValueParser<Value = Kind> {
    PossibleValuesParser::new(Kind::names())
        .map(|name| Kind::from_name(&name).expect("clap passes only listed names"))
}

pub fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| Format::from_name(&name).expect("clap passes only listed names"))
}
