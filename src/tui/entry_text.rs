//! An entry's text as the entry screen lays it out, from the same `render::Document` that
//! exports use: the rows of the "what and why" box, and each step wrapped to the width it is
//! drawn at. Drawing and scrolling both count these rows, so they always agree.

use super::draw::widgets::fit_line;
use super::theme;
use super::wrap::wrap;
use mamtriage::render::{Block, Document, Part};
use mamtriage::terminal_text::inert;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The sections of the "what and why" box, `width` columns wide: everything but the steps
/// and the related entries, which have panes of their own.
pub fn about_rows(document: &Document, width: usize) -> Vec<Line<'static>> {
    let mut rows = Vec::new();
    let shown = document
        .sections
        .iter()
        .filter(|section| !matches!(section.part, Part::Steps | Part::Related));
    let mut after_banner = false;
    for section in shown {
        if let (Part::Caveats, Block::Bullets(caveats)) = (section.part, &section.block) {
            // A banner, one line each, so the message still shows below it; the whole
            // caveats are among the related entries and in exports.
            for caveat in caveats {
                let line = Line::styled(format!("⚠ {}", inert(caveat)), theme::warning());
                rows.push(fit_line(line, width));
            }
            after_banner = true;
            continue;
        }
        if !rows.is_empty() && !after_banner {
            rows.push(Line::default());
        }
        after_banner = false;
        push_wrapped(&mut rows, ("", ""), &section.heading, width, theme::title());
        match &section.block {
            Block::Paragraph(text) => {
                for line in text.lines() {
                    push_wrapped(&mut rows, ("", ""), line, width, Style::new());
                }
            }
            Block::Quotes(items) => {
                for item in items {
                    let quoted = format!("{item}”");
                    push_wrapped(&mut rows, ("“", " "), &quoted, width, theme::accent());
                }
            }
            Block::Walked(steps) => {
                for (n, (outcome, step)) in steps.iter().enumerate() {
                    let label = outcome.map_or("not tried", |o| o.label());
                    let number = format!("{}. ", n + 1);
                    let indent = " ".repeat(number.len());
                    let text = format!("[{label}] {step}");
                    push_wrapped(&mut rows, (&number, &indent), &text, width, Style::new());
                }
            }
            Block::Numbered(items) => {
                for (n, item) in items.iter().enumerate() {
                    let number = format!("{}. ", n + 1);
                    let indent = " ".repeat(number.len());
                    push_wrapped(&mut rows, (&number, &indent), item, width, Style::new());
                }
            }
            Block::Bullets(items) => {
                for item in items {
                    push_wrapped(&mut rows, ("- ", "  "), item, width, Style::new());
                }
            }
        }
    }
    rows
}

/// Appends `text` wrapped to `width`, its first row after `prefixes.0` and the others after
/// `prefixes.1` (of the same width).
fn push_wrapped(
    rows: &mut Vec<Line<'static>>,
    prefixes: (&str, &str),
    text: &str,
    width: usize,
    style: Style,
) {
    let room = width.saturating_sub(prefixes.0.width());
    for (n, piece) in wrap(&inert(text), room).into_iter().enumerate() {
        let prefix = if n == 0 { prefixes.0 } else { prefixes.1 };
        rows.push(Line::styled(format!("{prefix}{piece}"), style));
    }
}

/// How many rows each step takes in a steps pane `width` columns wide (the list's marker
/// included), at most `room`: drawing and clicks count rows the same way.
pub fn step_heights(steps: &[String], width: usize, room: usize) -> Vec<usize> {
    steps
        .iter()
        .enumerate()
        .map(|(n, step)| {
            step_lines(n + 1, step, (" ", Style::new()), width)
                .len()
                .min(room.max(1))
        })
        .collect()
}

/// A step as the steps list shows it, `width` columns wide: the outcome mark and the number,
/// then the text, wrapped under itself.
pub fn step_lines(
    number: usize,
    step: &str,
    mark: (&'static str, Style),
    width: usize,
) -> Vec<Line<'static>> {
    let (symbol, style) = mark;
    let head = format!("{symbol} {number}. ");
    let indent = " ".repeat(head.width());
    wrap(&inert(step), width.saturating_sub(head.width()))
        .into_iter()
        .enumerate()
        .map(|(n, piece)| {
            if n == 0 {
                Line::from(vec![
                    Span::styled(format!("{symbol} "), style),
                    Span::raw(format!("{number}. {piece}")),
                ])
            } else {
                Line::from(format!("{indent}{piece}"))
            }
        })
        .collect()
}
