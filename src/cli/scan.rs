//! `mamtriage scan`: the known problems in logs, support packets and sign-in exports.

use super::error::{CliError, CliResult};
use super::output::{errln, out};
use super::report_args::{ReportArgs, ReportFormat};
use super::{load_knowledge, platform_parser, KnowledgeSetup};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mamtriage::knowledge::Platform;
use mamtriage::scan::{
    attach_likely, join_incidents, parse_time, render, timeline, FollowEvent, Input, Moment,
    Offset, Progress, ScanOptions, Scanner,
};
use signal_hook::consts::{SIGINT, SIGTERM};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files, folders (read recursively), `.zip` and `.gz` archives; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Mask user names, addresses, IP addresses and host names (tokens are always masked).
    #[arg(long)]
    pub redact: bool,
    /// Only records from this time on (a date such as 2026-03-02, or an RFC 3339 time).
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only records before this time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Only problems of this platform.
    #[arg(long, short, value_parser = platform_parser())]
    pub platform: Option<Platform>,
    /// Only the N most frequent problems.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub top: Option<u64>,
    /// Tell each failed attempt as one story across layers (app, SDK, server, Entra), with
    /// a verdict on which layer said no first.
    #[arg(long, conflicts_with = "follow")]
    pub timeline: bool,
    /// The UTC offset of device logs that write local time with no zone (the app's log),
    /// such as +01:00; without it, the offset records joined by id show is used.
    #[arg(long, value_name = "OFFSET", value_parser = offset_arg)]
    pub tz: Option<Offset>,
    /// Keep reading one growing log (through rotation), telling each new problem as it
    /// appears, until Ctrl-C; then write the report.
    #[arg(long, short = 'F')]
    pub follow: bool,
}

pub fn run(args: &ScanArgs, setup: &KnowledgeSetup) -> CliResult {
    let options = ScanOptions {
        redact: args.redact,
        since: args.since.as_deref().map(time_arg).transpose()?,
        until: args.until.as_deref().map(time_arg).transpose()?,
        platform: args.platform,
        ..ScanOptions::default()
    };
    if let (Some(since), Some(until)) = (options.since, options.until) {
        if since >= until {
            return Err(CliError::Usage(format!(
                "--since {} is not before --until {}: no record could be in that window",
                args.since.as_deref().unwrap_or_default(),
                args.until.as_deref().unwrap_or_default()
            )));
        }
    }
    let inputs: Vec<Input> = args
        .inputs
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                Input::Stdin
            } else {
                Input::Path(path.clone())
            }
        })
        .collect();
    let platform = options.platform;
    let (searcher, _) = load_knowledge(setup).into_searcher();
    let mut scanner = Scanner::new(searcher.base(), options);
    let bar = std::io::stderr().is_terminal().then(progress_bar);
    if let Some(bar) = &bar {
        let bar = bar.clone();
        scanner.on_progress(move |progress| show_progress(&bar, progress));
    }
    if args.follow {
        follow(&mut scanner, &inputs)?;
    } else {
        scanner.scan(&inputs);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let top = args.top.map(|top| top as usize);
    let mut report = scanner.report(top);
    attach_likely(&mut report, &searcher, platform);
    join_incidents(&mut report, searcher.base(), args.tz);
    if let Some(top) = top {
        // Likely findings come after the exact ones and count towards the same limit.
        report.findings.truncate(top);
    }
    args.report
        .emit(&report, |format| match (format, args.timeline) {
            (ReportFormat::Text, false) => render::text(&report),
            (ReportFormat::Markdown, false) => render::markdown(&report),
            (ReportFormat::Text, true) => timeline::text(&report),
            (ReportFormat::Markdown, true) => timeline::markdown(&report),
        })?;
    if report.unreadable() {
        for error in &report.errors {
            errln!("error: {error}");
        }
        return Ok(ExitCode::from(2));
    }
    Ok(if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Follows one log file until SIGINT or SIGTERM, telling each new problem on stdout.
fn follow(scanner: &mut Scanner, inputs: &[Input]) -> Result<(), CliError> {
    let [Input::Path(path)] = inputs else {
        return Err(CliError::Usage(
            "--follow reads one log file (not `-` or several)".into(),
        ));
    };
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .map_err(|err| CliError::Usage(format!("cannot watch for Ctrl-C: {err}")))?;
    }
    let mut written = Ok(());
    let followed = scanner.follow(path, &stop, |event| {
        let line = match event {
            FollowEvent::New(finding) => {
                let at = finding
                    .samples
                    .first()
                    .map_or(String::new(), |s| format!(" at {}:{}", s.file, s.line));
                format!("new: {}  [{}]{at}\n", finding.title, finding.id)
            }
            FollowEvent::Counts(counts) => {
                let counts: Vec<String> =
                    counts.iter().map(|(id, n)| format!("{id} {n}")).collect();
                format!("counts: {}\n", counts.join(", "))
            }
        };
        if written.is_ok() {
            written = out!("{line}");
            // A reader that went away (`| head -1`) wants no more: stop following.
            if written.is_err() {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    written?;
    followed.map_err(|err| CliError::Usage(format!("cannot follow {}: {err}", path.display())))
}

/// Reading a file smaller than this is over before a bar would help.
const LARGE_INPUT: u64 = 64 << 20;

/// A bar on stderr, hidden until an input turns out to be large.
fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    let style = ProgressStyle::with_template(
        "{msg} {wide_bar} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}",
    )
    .expect("the template is valid");
    bar.set_style(style);
    bar
}

fn show_progress(bar: &ProgressBar, progress: &Progress) {
    let large = progress.total.unwrap_or(progress.read).max(progress.read) >= LARGE_INPUT;
    if large && bar.is_hidden() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
    bar.set_message(progress.name.clone());
    bar.set_length(progress.total.unwrap_or(progress.read).max(progress.read));
    bar.set_position(progress.read);
}

fn offset_arg(text: &str) -> Result<Offset, String> {
    Offset::parse(text)
}

/// `2026-03-02` (midnight UTC) or an RFC 3339 time, as milliseconds since 1970.
fn time_arg(text: &str) -> Result<i64, CliError> {
    let full = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_string()
    };
    match parse_time(&full) {
        Some(Moment::Utc(millis)) => Ok(millis),
        _ => Err(CliError::Usage(format!(
            "`{text}` is not a time: write a date (2026-03-02) or an RFC 3339 time (2026-03-02T10:15:00Z)"
        ))),
    }
}
