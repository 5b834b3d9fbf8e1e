//! The walkthrough: what the user saw and why, then the steps one at a time, then related.

use super::super::app::{App, Pane};
use super::super::layout::{inner, list_offset, Regions};
use super::super::theme;
use super::search::header_lines;
use super::widgets::{pane, render_list};
use super::wrap::wrap;
use crate::terminal_text::inert;
use mamtriage::knowledge::{Entry, Kind};
use mamtriage::walkthrough::{StepOutcome, Walkthrough};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, ListItem, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(app: &App, frame: &mut Frame, regions: &Regions) {
    let Some(view) = app.current_view() else {
        return;
    };
    let entry = app.entry(view.entry);
    let fresh = Walkthrough::new(entry.steps.len());
    let walk = app.walk(view.entry).unwrap_or(&fresh);
    if let Some(area) = regions.header {
        let mut lines = header_lines(entry);
        if entry.kind == Kind::SetupStep {
            lines[1].spans.push(Span::styled(
                format!(
                    "  ·  setup guide step {} (n next, p previous)",
                    entry.order.unwrap_or_default()
                ),
                theme::accent(),
            ));
        }
        frame.render_widget(Paragraph::new(lines), area);
    }
    if let Some(area) = regions.about {
        draw_about(entry, view.about_scroll, frame, area);
    }
    if let Some(area) = regions.steps {
        draw_steps(entry, walk, view.focus == Pane::First, frame, area);
    }
    if let Some(area) = regions.related {
        draw_related(
            app,
            entry,
            view.related_selected,
            view.focus == Pane::Second,
            frame,
            area,
        );
    }
}

fn section(lines: &mut Vec<Line<'static>>, heading: &str) {
    if !lines.is_empty() {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        heading.to_string(),
        theme::title(),
    )));
}

fn draw_about(entry: &Entry, scroll: u16, frame: &mut Frame, area: Rect) {
    let mut lines = Vec::new();
    if !entry.messages.is_empty() {
        section(&mut lines, "Message");
        for message in &entry.messages {
            lines.push(Line::from(Span::styled(
                format!("“{}”", inert(message)),
                theme::accent(),
            )));
        }
    }
    if !entry.codes.is_empty() {
        section(&mut lines, "Codes");
        lines.push(Line::from(inert(&entry.codes.join(", ")).into_owned()));
    }
    if let Some(server) = &entry.server {
        section(&mut lines, "Server response");
        let message = server
            .user_message
            .as_deref()
            .map_or("none (silent)".to_string(), |m| format!("“{}”", inert(m)));
        lines.push(Line::from(format!(
            "HTTP {} · user message: {message}",
            server.http_status
        )));
        lines.push(Line::from(
            format!(
                "retry: {:?} · fallback: {:?}",
                server.retry, server.fallback
            )
            .to_lowercase(),
        ));
    }
    section(&mut lines, entry.kind.cause_label());
    lines.push(Line::from(inert(&entry.cause).into_owned()));
    for (heading, items) in [
        ("Check that it worked", &entry.verify),
        ("Notes", &entry.notes),
        ("Sources", &entry.sources),
    ] {
        if !items.is_empty() {
            section(&mut lines, heading);
            for item in items {
                lines.push(Line::from(format!("- {}", inert(item))));
            }
        }
    }
    let block = Block::bordered().title(Span::styled(
        " What and why (PgUp/PgDn scroll) ",
        theme::title(),
    ));
    // Never scroll past the text: the last line stays at the bottom of the box at most.
    let inside = inner(area);
    let total: usize = lines
        .iter()
        .map(|line| wrap(&line.to_string(), usize::from(inside.width)).len())
        .sum();
    let scroll = scroll.min((total as u16).saturating_sub(inside.height));
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block);
    frame.render_widget(paragraph.scroll((scroll, 0)), area);
}

fn marker(outcome: Option<StepOutcome>) -> (&'static str, Style) {
    match outcome {
        Some(StepOutcome::Done) => ("✓", theme::done()),
        Some(StepOutcome::Skipped) => ("–", theme::warning()),
        Some(StepOutcome::DidNotHelp) => ("✗", theme::failed()),
        None => (" ", Style::new()),
    }
}

fn draw_steps(entry: &Entry, walk: &Walkthrough, focused: bool, frame: &mut Frame, area: Rect) {
    let title = format!(
        " {} · step {} of {} · {} walked ",
        entry.kind.steps_label(),
        (walk.current() + 1).min(entry.steps.len()),
        entry.steps.len(),
        walk.walked()
    );
    let block = pane(title, focused);
    let width = usize::from(inner(area).width).saturating_sub(6);
    let items: Vec<ListItem> = entry
        .steps
        .iter()
        .enumerate()
        .map(|(n, step)| {
            let (symbol, style) = marker(walk.outcomes().get(n).copied().flatten());
            let wrapped = wrap(&inert(step), width);
            let lines: Vec<Line> = wrapped
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    if i == 0 {
                        Line::from(vec![
                            Span::styled(format!("{symbol} "), style),
                            Span::raw(format!("{}. {text}", n + 1)),
                        ])
                    } else {
                        Line::from(format!("     {text}"))
                    }
                })
                .collect();
            ListItem::new(lines)
        })
        .collect();
    // Offsets count items; wrapped items are taller, so keep a margin of a few rows.
    let height = inner(area).height / 2;
    let offset = list_offset(walk.current(), items.len(), height.max(1));
    render_list(
        frame,
        area,
        block,
        items,
        Some(walk.current()),
        offset,
        focused,
    );
}

fn draw_related(
    app: &App,
    entry: &Entry,
    selected: usize,
    focused: bool,
    frame: &mut Frame,
    area: Rect,
) {
    let block = pane(" Related (Tab, then Enter) ", focused);
    if entry.related.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("No related entries.", theme::dim())).block(block),
            area,
        );
        return;
    }
    let items: Vec<ListItem> = entry
        .related
        .iter()
        .map(|id| {
            let other = app.base().get(id);
            ListItem::new(Line::from(vec![
                Span::raw(other.map_or(String::new(), |e| inert(&e.title).into_owned())),
                Span::styled(format!("  {}", inert(id)), theme::dim()),
            ]))
        })
        .collect();
    let offset = list_offset(selected, items.len(), inner(area).height);
    render_list(
        frame,
        area,
        block,
        items,
        focused.then_some(selected),
        offset,
        true,
    );
}
