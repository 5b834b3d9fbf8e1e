//! The browse screen: categories (platforms, the setup guide) and their entries by kind.

use super::super::app::{App, Category, Pane};
use super::super::layout::{inner, list_offset, Regions};
use super::super::theme;
use super::widgets::{fit_line, fit_text, pane, render_list, HIGHLIGHT_SYMBOL};
use mamtriage::doctor::Status;
use mamtriage::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(app: &App, frame: &mut Frame, regions: &Regions) {
    if let Some(area) = regions.categories {
        draw_categories(app, frame, area);
    }
    if let Some(area) = regions.entries {
        draw_entries(app, frame, area);
    }
}

fn draw_categories(app: &App, frame: &mut Frame, area: Rect) {
    let items: Vec<ListItem> = Category::ALL
        .iter()
        .map(|category| ListItem::new(category.label()))
        .collect();
    let focused = app.browse_focus == Pane::First;
    let block = pane(" Browse ", focused, area);
    render_list(frame, area, block, items, Some(app.category), 0, focused);
}

fn draw_entries(app: &App, frame: &mut Frame, area: Rect) {
    let entries = app.browse_entries();
    let category = Category::ALL[app.category];
    let mut items = Vec::new();
    let mut selected_row = 0;
    let width = usize::from(inner(area).width).saturating_sub(HIGHLIGHT_SYMBOL.width());
    for (row, heading) in app.browse_rows() {
        let Some(position) = row else {
            items.push(ListItem::new(Line::from(Span::styled(
                heading,
                theme::accent(),
            ))));
            continue;
        };
        let entry = app.entry(entries[position]);
        let label = match category {
            Category::SetupGuide => {
                // Doctor's verdict where it checked the step, else ✓ for a step walked to the end.
                let walked = app.walk(entries[position]).is_some_and(|walk| {
                    walk.is_started() && walk.walked() == walk.outcomes().len()
                });
                let mark = app
                    .step_status(&entry.id)
                    .map(Status::symbol)
                    .unwrap_or(if walked { "✓" } else { " " });
                format!(
                    "{mark} {}. {}",
                    entry.order.unwrap_or_default(),
                    inert(&entry.title)
                )
            }
            Category::Platform(_) => format!("  {}", inert(&entry.title)),
        };
        if position == app.browse_selected {
            selected_row = items.len();
        }
        items.push(ListItem::new(fit_line(Line::from(label), width)));
    }
    let focused = app.browse_focus == Pane::Second;
    let title = format!(" {}: {} entries ", category.label(), entries.len());
    let offset = list_offset(selected_row, items.len(), inner(area).height);
    let selected = focused.then_some(selected_row);
    let mut block = pane(title, focused, area);
    if category == Category::SetupGuide {
        block = block.title_bottom(Line::from(Span::styled(
            fit_text(
                " ✓ done or passes · ✗ fails · ! warns · ? not checked ",
                usize::from(area.width.saturating_sub(2)),
            ),
            theme::dim(),
        )));
    }
    render_list(frame, area, block, items, selected, offset, true);
}
