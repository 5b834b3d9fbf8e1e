//! Markdown, for tickets and wikis.

use super::document::{Block, Document};
use crate::walkthrough::StepOutcome;
use std::fmt::Write;

pub fn markdown(document: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", escape(&document.title));
    let _ = writeln!(out, "*{}*", escape(&document.subtitle));
    for section in &document.sections {
        let _ = writeln!(out, "\n**{}**\n", section.heading);
        match &section.block {
            Block::Paragraph(text) => {
                let _ = writeln!(out, "{}", escape(text));
            }
            Block::Quotes(items) => {
                for item in items {
                    let _ = writeln!(out, "> {}\n", escape(item));
                }
                out.pop();
            }
            Block::Walked(steps) => {
                // A checklist: ticked when done, the outcome said when it was something else.
                for (n, (outcome, step)) in steps.iter().enumerate() {
                    let (tick, note) = match outcome {
                        Some(StepOutcome::Done) => ("x", String::new()),
                        Some(other) => (" ", format!(" *({})*", other.label())),
                        None => (" ", String::new()),
                    };
                    let _ = writeln!(out, "- [{tick}] {}. {}{note}", n + 1, escape(step));
                }
            }
            Block::Numbered(items) => {
                for (n, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "{}. {}", n + 1, escape(item));
                }
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", escape(item));
                }
            }
        }
    }
    out
}

/// Keeps pasted text from turning into Markdown markup (ids with `_`, `*` in messages).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.starts_with(['#', '>', '-', '+']) {
        out.push('\\');
    }
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
