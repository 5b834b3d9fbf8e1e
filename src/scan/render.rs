//! A scan report for people: plain text for a terminal, Markdown for a ticket. (`--json` is
//! the report itself, serialised.)

use super::{Finding, Match, Report, Sample};
use std::fmt::Write;

/// The heading of findings the search tied to an entry, not a known message or code.
const LIKELY: &str =
    "Likely (no known message or code; the search reads these errors as the entry)";

/// The findings tied by a known message or code, then the likely ones.
fn by_match(report: &Report) -> (Vec<&Finding>, Vec<&Finding>) {
    report
        .findings
        .iter()
        .partition(|finding| finding.matched == Match::Exact)
}

/// The heading of what shows a layer working.
const WENT_RIGHT: &str = "What went right (layers that worked: look for the fault elsewhere)";

/// Users named in full before the rest are counted.
const USERS_SHOWN: usize = 5;

/// The report as plain text.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", headline(report));
    let (exact, likely) = by_match(report);
    for (index, finding) in exact.iter().chain(&likely).enumerate() {
        if index == exact.len() {
            let _ = writeln!(out, "{LIKELY}:\n");
        }
        let _ = writeln!(out, "{}  [{}]", finding.title, finding.id);
        let _ = writeln!(out, "  {}", facts(finding));
        if let Some(why) = &finding.why {
            let _ = writeln!(out, "  why: {why}");
        }
        if !finding.users.is_empty() {
            let _ = writeln!(out, "  users: {}", users(finding));
        }
        for sample in &finding.samples {
            let _ = writeln!(out, "  {}", sample_line(sample));
        }
        if let Some(step) = &finding.first_step {
            let _ = writeln!(out, "  fix: {step}");
        }
        let _ = writeln!(out, "  more: mamtriage show {}\n", finding.id);
    }
    if !report.went_right.is_empty() {
        let _ = writeln!(out, "{WENT_RIGHT}:");
        for finding in &report.went_right {
            let _ = writeln!(out, "  {}  [{}]", finding.title, finding.id);
            let _ = writeln!(out, "    {}", facts(finding));
            if let Some(sample) = finding.samples.first() {
                let _ = writeln!(out, "    {}", sample_line(sample));
            }
        }
        out.push('\n');
    }
    if !report.unrecognised.is_empty() {
        let _ = writeln!(
            out,
            "Looks like an error, matches no entry ({}):",
            counted(report.unrecognised.len() as u64, "kind")
        );
        for group in &report.unrecognised {
            let _ = writeln!(out, "  {}x {}", group.count, group.signature);
            if let Some(sample) = group.samples.first() {
                let _ = writeln!(out, "     {}", sample_line(sample));
            }
        }
        out.push('\n');
    }
    let joined = report
        .incidents
        .iter()
        .filter(|incident| incident.events.len() > 1)
        .count();
    if joined > 0 {
        let _ = writeln!(
            out,
            "{} joined across layers: add --timeline to see which layer said no first.\n",
            counted(joined as u64, "attempt")
        );
    }
    let _ = writeln!(out, "Files:");
    for file in &report.files {
        let range = match (&file.from, &file.to) {
            (Some(from), Some(to)) => format!(", {from} to {to}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}: {}, {} records{range}, {} with a known problem",
            file.path, file.format, file.records, file.problems
        );
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "\nNotes:");
        for note in &report.notes {
            let _ = writeln!(out, "  - {note}");
        }
    }
    out
}

/// The report as Markdown, for a ticket.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## mamtriage scan\n\n{}\n", headline(report));
    let (exact, likely) = by_match(report);
    for (index, finding) in exact.iter().chain(&likely).enumerate() {
        if index == exact.len() {
            let _ = writeln!(out, "## {LIKELY}\n");
        }
        let _ = writeln!(out, "### {} (`{}`)\n", escape(&finding.title), finding.id);
        let _ = writeln!(out, "{}\n", facts(finding));
        if let Some(why) = &finding.why {
            let _ = writeln!(out, "Why: {}\n", escape(why));
        }
        if !finding.users.is_empty() {
            let _ = writeln!(out, "Users: {}\n", escape(&users(finding)));
        }
        for sample in &finding.samples {
            let _ = writeln!(
                out,
                "- `{}:{}`: `{}`",
                escape(&sample.file),
                sample.line,
                sample.text.replace('`', "'").replace('\n', " ")
            );
        }
        if let Some(step) = &finding.first_step {
            let _ = writeln!(out, "\nFix: {}", escape(step));
        }
        let _ = writeln!(out, "More: `mamtriage show {}`\n", finding.id);
    }
    if !report.went_right.is_empty() {
        let _ = writeln!(out, "### {WENT_RIGHT}\n");
        for finding in &report.went_right {
            let _ = writeln!(
                out,
                "- {} (`{}`): {}",
                escape(&finding.title),
                finding.id,
                facts(finding)
            );
        }
        out.push('\n');
    }
    if !report.unrecognised.is_empty() {
        let _ = writeln!(out, "### Looks like an error, matches no entry\n");
        for group in &report.unrecognised {
            let _ = writeln!(
                out,
                "- {} x `{}`",
                group.count,
                group.signature.replace('`', "'")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "### Files\n\n| file | format | records | from | to | with a known problem |\n| --- | --- | --- | --- | --- | --- |");
    for file in &report.files {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            escape(&file.path),
            file.format,
            file.records,
            file.from.as_deref().unwrap_or(""),
            file.to.as_deref().unwrap_or(""),
            file.problems
        );
    }
    if !report.notes.is_empty() {
        let _ = writeln!(out, "\n### Notes\n");
        for note in &report.notes {
            let _ = writeln!(out, "- {}", escape(note));
        }
    }
    out
}

/// `1 file`, `3 files`: a count with its noun.
pub fn counted(n: u64, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

fn headline(report: &Report) -> String {
    let records: u64 = report.files.iter().map(|f| f.records).sum();
    match report.findings.len() {
        0 => format!(
            "No known problem in {}, {}.",
            counted(report.files.len() as u64, "file"),
            counted(records, "record")
        ),
        n => format!(
            "{} in {}, {}.",
            counted(n as u64, "known problem"),
            counted(report.files.len() as u64, "file"),
            counted(records, "record")
        ),
    }
}

fn facts(finding: &Finding) -> String {
    let when = match (&finding.first_seen, &finding.last_seen) {
        (Some(first), Some(last)) if first == last => format!(" · {first}"),
        (Some(first), Some(last)) => format!(" · {first} to {last}"),
        _ => String::new(),
    };
    format!(
        "{} · {}{when}",
        counted(finding.count, "record"),
        finding.platform.label()
    )
}

fn users(finding: &Finding) -> String {
    let shown: Vec<&str> = finding
        .users
        .iter()
        .take(USERS_SHOWN)
        .map(String::as_str)
        .collect();
    match finding.users.len().saturating_sub(USERS_SHOWN) {
        0 => shown.join(", "),
        more => format!("{} (+{more} more)", shown.join(", ")),
    }
}

fn sample_line(sample: &Sample) -> String {
    format!(
        "{}:{}: {}",
        sample.file,
        sample.line,
        first_line(&sample.text, 200)
    )
}

/// The first line of `text`, at most `chars` characters, with "…" when anything was left out.
pub(crate) fn first_line(text: &str, chars: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut cut: String = line.chars().take(chars).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Markdown's table and emphasis characters, escaped.
pub(crate) fn escape(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
}
