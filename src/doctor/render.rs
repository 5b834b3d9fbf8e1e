//! The checklist for people: grouped by source, a mark per row, what was found and expected,
//! where, and for each failure the fix's first step and how to open it.

use super::{shown, Check, Report, Source, Status};
use crate::knowledge::KnowledgeBase;
use std::fmt::Write;

/// Text for a terminal or a ticket (`markdown` writes checkboxes and code spans).
pub fn checklist(report: &Report, base: &KnowledgeBase, markdown: bool) -> String {
    let mut out = String::new();
    for input in &report.inputs {
        let kind = serde_json::to_value(input.kind).unwrap_or_default();
        let kind = kind.as_str().unwrap_or_default();
        let _ = writeln!(out, "{} ({kind})", input.path);
    }
    let mut sources: Vec<Source> = report.checks.iter().map(|c| c.source).collect();
    sources.sort();
    sources.dedup();
    for source in sources {
        let _ = writeln!(out);
        let heading = source.label();
        if markdown {
            let _ = writeln!(out, "## {heading}\n");
        } else {
            let _ = writeln!(out, "{heading}");
        }
        for check in report.checks.iter().filter(|c| c.source == source) {
            row(&mut out, check, base, markdown);
        }
    }
    let summary = report.summary;
    let _ = writeln!(
        out,
        "\n{} passed, {} failed, {} warnings, {} unknown",
        summary.pass, summary.fail, summary.warn, summary.unknown
    );
    out
}

fn row(out: &mut String, check: &Check, base: &KnowledgeBase, markdown: bool) {
    let mark = if markdown {
        match check.status {
            Status::Pass => "- [x]".to_string(),
            status => format!("- [ ] {}", status.symbol()),
        }
    } else {
        format!("  {}", check.status.symbol())
    };
    let code = |text: &str| {
        if markdown {
            format!("`{text}`")
        } else {
            text.to_string()
        }
    };
    let _ = writeln!(out, "{mark} {}", check.title);
    let indent = "      ";
    if !check.path.is_empty() {
        let place = match check.line {
            Some(line) => format!("{} (line {line})", check.path),
            None => check.path.clone(),
        };
        let _ = writeln!(out, "{indent}at {}", code(&place));
    }
    if check.status != Status::Pass {
        if !check.found.is_null() || !check.expected.is_null() {
            let _ = writeln!(
                out,
                "{indent}found {}, expected {}",
                code(&shown(&check.found)),
                code(&shown(&check.expected))
            );
        }
        if let Some(note) = &check.note {
            let _ = writeln!(out, "{indent}{note}");
        }
        if let Some(step) = base
            .get(check.entry)
            .and_then(|entry| entry.steps.get(check.fix_step))
        {
            let _ = writeln!(out, "{indent}fix: {step}");
        }
        let _ = writeln!(
            out,
            "{indent}more: {}",
            code(&format!("mamtriage show {}", check.entry))
        );
    }
}
