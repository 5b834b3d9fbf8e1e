//! The walkthrough: what the user saw and why, then the steps one at a time, then related.

use super::super::app::{App, EntryView, Pane};
use super::super::entry_text::step_lines;
use super::super::layout::{inner, list_offset, wrapped_offset, Regions};
use super::super::theme;
use super::search::header_lines;
use super::widgets::{fit_line, pane, render_list, titled, HIGHLIGHT_SYMBOL};
use mamtriage::knowledge::{Entry, Kind};
use mamtriage::terminal_text::inert;
use mamtriage::walkthrough::{StepOutcome, Walkthrough};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

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
            let guide = app.base().setup_guide();
            let complete = guide
                .iter()
                .filter_map(|step| app.base().index_of(&step.id))
                .filter(|&step| {
                    app.walk(step)
                        .is_some_and(|w| w.walked() == w.outcomes().len() && w.is_started())
                })
                .count();
            // The progress leads: where a narrow terminal cuts the line, it is what stays.
            let progress = Span::styled(
                format!(
                    "setup step {} of {} · {complete} complete (n next, p previous)  ·  ",
                    entry.order.unwrap_or_default(),
                    guide.len()
                ),
                theme::accent(),
            );
            lines[1].spans.insert(0, progress);
        }
        let width = usize::from(area.width);
        let lines: Vec<Line> = lines.into_iter().map(|l| fit_line(l, width)).collect();
        frame.render_widget(Paragraph::new(lines), area);
    }
    if let Some(area) = regions.about {
        draw_about(app, view, frame, area);
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

fn draw_about(app: &App, view: &EntryView, frame: &mut Frame, area: Rect) {
    let rows = app.about_rows(view.entry, inner(area).width);
    let hidden_below =
        rows.len() > usize::from(inner(area).height) + usize::from(view.about_scroll);
    let mut block = titled(" What and why (PgUp/PgDn scroll) ", theme::title(), area);
    if hidden_below {
        // A cut box says there is more, where the cut is.
        block = block
            .title_bottom(Line::from(Span::styled(" ▼ more ", theme::accent())).right_aligned());
    }
    let paragraph = Paragraph::new(rows).block(block);
    frame.render_widget(paragraph.scroll((view.about_scroll, 0)), area);
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
    let block = pane(title, focused, area);
    let width = usize::from(inner(area).width).saturating_sub(HIGHLIGHT_SYMBOL.width());
    let room = usize::from(inner(area).height);
    let items: Vec<ListItem> = entry
        .steps
        .iter()
        .enumerate()
        .map(|(n, step)| {
            let mark = marker(walk.outcomes().get(n).copied().flatten());
            let mut lines = step_lines(n + 1, step, mark, width);
            // A step taller than the pane shows its start; a list draws no item it cannot fit.
            if lines.len() > room.max(1) {
                lines.truncate(room.max(1));
                if let Some(last) = lines.last_mut() {
                    last.spans.push(Span::raw("…"));
                }
            }
            ListItem::new(lines)
        })
        .collect();
    let heights: Vec<usize> = items.iter().map(ListItem::height).collect();
    let offset = wrapped_offset(&heights, walk.current(), room);
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
    let room = usize::from(inner(area).height);
    let title = if entry.related.len() > room {
        format!(
            " Related ({} of {}: Tab, then Enter) ",
            room,
            entry.related.len()
        )
    } else {
        " Related (Tab, then Enter) ".to_string()
    };
    let block = pane(title, focused, area);
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
            let line = Line::from(vec![
                Span::raw(other.map_or(String::new(), |e| inert(&e.title).into_owned())),
                Span::styled(format!("  {}", inert(id)), theme::dim()),
            ]);
            ListItem::new(fit_line(
                line,
                usize::from(inner(area).width).saturating_sub(HIGHLIGHT_SYMBOL.width()),
            ))
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
