//! Plain text, as pasted into a ticket.

use super::document::{Block, Document};
use std::fmt::Write;

pub fn text(document: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", document.title);
    let _ = writeln!(out, "{}", document.subtitle);
    for section in &document.sections {
        let _ = writeln!(out, "\n{}:", section.heading);
        match &section.block {
            Block::Paragraph(text) => {
                for line in text.lines() {
                    let _ = writeln!(out, "  {line}");
                }
            }
            Block::Quotes(items) => {
                for item in items {
                    let _ = writeln!(out, "  \"{item}\"");
                }
            }
            Block::Walked(steps) => {
                for (n, (outcome, step)) in steps.iter().enumerate() {
                    let label = outcome.map_or("not tried", |o| o.label());
                    let _ = writeln!(out, "  {}. [{label}] {step}", n + 1);
                }
            }
            Block::Numbered(items) => {
                for (n, item) in items.iter().enumerate() {
                    let _ = writeln!(out, "  {}. {item}", n + 1);
                }
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "  - {item}");
                }
            }
        }
    }
    out
}
