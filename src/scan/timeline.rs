//! Incidents told as stories (`scan --timeline`): each record of an attempt in time order,
//! with its layer, place and entry, then the verdict. Plain text for a terminal, Markdown for
//! a ticket.

use super::render::{counted, escape, first_line};
use super::{Incident, IncidentEvent, Report};
use std::fmt::Write;

/// Incidents of one record each are listed by one line, up to this many.
const SINGLES_SHOWN: usize = 10;
/// The longest text of an event shown on a timeline, in characters.
const EVENT_TEXT: usize = 160;

fn joined(report: &Report) -> (Vec<&Incident>, Vec<&Incident>) {
    report
        .incidents
        .iter()
        .partition(|incident| incident.events.len() > 1)
}

fn headline(report: &Report) -> String {
    let (joined, single) = joined(report);
    if report.incidents.is_empty() {
        return format!(
            "No failed attempt in {}.",
            counted(report.files.len() as u64, "file")
        );
    }
    format!(
        "{} in {}: {} joined across records, {} alone.",
        counted(report.incidents.len() as u64, "incident"),
        counted(report.files.len() as u64, "file"),
        joined.len(),
        single.len()
    )
}

/// `10:15:42.118` (or `10:15:42` when the record has no milliseconds), the date left to the
/// incident's heading.
fn clock(time: Option<&str>) -> String {
    match time {
        Some(time) if time.len() >= 20 && time.as_bytes()[10] == b'T' => {
            format!("{:<12}", time[11..].trim_end_matches('Z'))
        }
        Some(time) => time.to_string(),
        None => "(no time)".to_string(),
    }
}

/// `2026-03-02 10:15:39 to 10:15:44 UTC`.
fn span(incident: &Incident) -> String {
    match (&incident.start, &incident.end) {
        (Some(start), Some(end)) if start.len() >= 19 && end.len() >= 19 => {
            let (day, from, to) = (&start[..10], &start[11..19], &end[11..19]);
            if start[..10] == end[..10] && from != to {
                format!("{day} {from} to {to} UTC")
            } else if from == to {
                format!("{day} {from} UTC")
            } else {
                format!("{day} {from} to {} {to} UTC", &end[..10])
            }
        }
        _ => "time unknown".to_string(),
    }
}

fn place(event: &IncidentEvent) -> String {
    format!("{}:{}", event.file, event.line)
}

fn outcome(event: &IncidentEvent) -> &'static str {
    if event.worked {
        "worked"
    } else {
        "failed"
    }
}

/// One event on one line: `10:20:02.400  server  mattermost.log:2 failed: Title  [entry]`,
/// with the device's own time where it was moved to UTC.
pub fn event_line(event: &IncidentEvent) -> String {
    let device = event
        .device_time
        .as_deref()
        .map_or(String::new(), |at| format!(" (device {at})"));
    format!(
        "{}  {:<6}  {} {}: {}  [{}]{device}",
        clock(event.time.as_deref()),
        event.layer.name(),
        place(event),
        outcome(event),
        event.title,
        event.entry
    )
}

/// `incident-2 · 2026-03-02 10:20:01 to 10:20:03 UTC · jane.doe@contoso.com`.
pub fn heading(incident: &Incident) -> String {
    let mut heading = format!("{} · {}", incident.id, span(incident));
    if !incident.users.is_empty() {
        let _ = write!(heading, " · {}", incident.users.join(", "));
    }
    heading
}

/// The incidents as plain text.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", headline(report));
    let (joined, single) = joined(report);
    for incident in &joined {
        let _ = writeln!(out, "{}", heading(incident));
        let _ = writeln!(out, "  joined by: {}", incident.joined_by.join("; "));
        for event in &incident.events {
            let _ = writeln!(out, "  {}", event_line(event));
            let _ = writeln!(out, "      {}", first_line(&event.text, EVENT_TEXT));
        }
        let _ = writeln!(out, "  verdict: {}\n", incident.verdict);
    }
    if !single.is_empty() {
        let _ = writeln!(out, "Alone (nothing joined them to another record):");
        for incident in single.iter().take(SINGLES_SHOWN) {
            let event = &incident.events[0];
            let _ = writeln!(
                out,
                "  {} {} {:<6} {}: {}  [{}]",
                incident.id,
                event.time.as_deref().unwrap_or("(no time)"),
                event.layer.name(),
                place(event),
                event.title,
                event.entry
            );
        }
        if single.len() > SINGLES_SHOWN {
            let _ = writeln!(
                out,
                "  and {} more (all of them in --json)",
                single.len() - SINGLES_SHOWN
            );
        }
        out.push('\n');
    }
    notes(&mut out, report, "Notes:", "  - ");
    out
}

/// The incidents as Markdown, for a ticket.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## mamtriage incidents\n\n{}\n", headline(report));
    let (joined, single) = joined(report);
    for incident in joined.iter().chain(single.iter().take(SINGLES_SHOWN)) {
        let _ = writeln!(out, "### {}\n", escape(&heading(incident)));
        let _ = writeln!(out, "**Verdict:** {}\n", escape(&incident.verdict));
        if incident.events.len() > 1 {
            let _ = writeln!(
                out,
                "Joined by: {}\n",
                escape(&incident.joined_by.join("; "))
            );
        }
        let _ = writeln!(
            out,
            "| time (UTC) | layer | where | what | entry |\n| --- | --- | --- | --- | --- |"
        );
        for event in &incident.events {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} {}: `{}` | `{}` |",
                clock(event.time.as_deref()),
                event.layer.name(),
                place(event).replace('`', "'"),
                outcome(event),
                escape(&event.title),
                first_line(&event.text, EVENT_TEXT)
                    .replace('`', "'")
                    .replace('|', "\\|"),
                event.entry
            );
        }
        out.push('\n');
    }
    if single.len() > SINGLES_SHOWN {
        let _ = writeln!(
            out,
            "And {} more records that joined nothing (all of them in `--json`).\n",
            single.len() - SINGLES_SHOWN
        );
    }
    notes(&mut out, report, "### Notes\n", "- ");
    out
}

fn notes(out: &mut String, report: &Report, heading: &str, bullet: &str) {
    if report.notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}");
    for note in &report.notes {
        let _ = writeln!(out, "{bullet}{note}");
    }
}
