//! The findings screen's incidents: one row per attempt followed across layers, and beside
//! it the selected attempt's timeline, each record on it with its layer, place and entry,
//! under the verdict.

use super::super::findings::ScanView;
use super::super::layout::{inner, list_offset};
use super::super::theme;
use super::widgets::{fit_line, fit_text, pane, render_list, HIGHLIGHT_SYMBOL};
use mamtriage::scan::{timeline, Incident, Layer};
use mamtriage::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{ListItem, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw_list(scan: &ScanView, frame: &mut Frame, area: Rect) {
    let incidents = scan.incidents();
    let joined = incidents.iter().filter(|i| i.events.len() > 1).count();
    let title = format!(
        " Incidents: {} ({joined} across layers) · t: problems ",
        incidents.len()
    );
    let block = pane(title, scan.event_selected.is_none(), area);
    if incidents.is_empty() {
        let text = "No failed attempt to follow across layers. Scan the app's log, the server \
                    log and the Entra sign-ins of the same time together to join them.";
        let paragraph = Paragraph::new(text).wrap(Wrap { trim: false });
        frame.render_widget(paragraph.block(block), area);
        return;
    }
    let width = usize::from(inner(area).width).saturating_sub(HIGHLIGHT_SYMBOL.width());
    let items: Vec<ListItem> = incidents
        .iter()
        .map(|incident| ListItem::new(fit_line(row_line(incident), width)))
        .collect();
    let offset = list_offset(scan.incident_selected, items.len(), inner(area).height);
    let focused = scan.event_selected.is_none();
    render_list(
        frame,
        area,
        block,
        items,
        Some(scan.incident_selected),
        offset,
        focused,
    );
}

/// `10:20:01  entra → server → mobile  jane.doe@contoso.com`.
fn row_line(incident: &Incident) -> Line<'static> {
    let start = incident
        .start
        .as_deref()
        .and_then(|start| start.get(11..19))
        .unwrap_or("--:--:--");
    let mut path: Vec<&str> = incident.events.iter().map(|e| e.layer.name()).collect();
    path.dedup();
    Line::from(vec![
        Span::styled(format!("{start}  "), theme::accent()),
        Span::raw(path.join(" → ")),
        Span::styled(
            format!("  {}", inert(&incident.users.join(", "))),
            theme::dim(),
        ),
    ])
}

fn layer_style(layer: Layer, worked: bool) -> ratatui::style::Style {
    match (worked, layer) {
        (true, _) => theme::done(),
        (false, Layer::Mobile) => theme::warning(),
        (false, _) => theme::failed(),
    }
}

pub fn draw_timeline(scan: &ScanView, frame: &mut Frame, area: Rect) {
    let focused = scan.event_selected.is_some();
    let block = pane(" Timeline · Tab: events · Enter: open ", focused, area);
    let Some(incident) = scan.incidents().get(scan.incident_selected) else {
        frame.render_widget(block, area);
        return;
    };
    let mut lines = vec![
        Line::from(Span::styled(
            inert(&timeline::heading(incident)).into_owned(),
            theme::title(),
        )),
        Line::from(Span::styled(
            inert(&incident.verdict).into_owned(),
            theme::warning(),
        )),
    ];
    if !incident.joined_by.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Joined by {}", inert(&incident.joined_by.join("; "))),
            theme::dim(),
        )));
    }
    let text_width = usize::from(inner(area).width).saturating_sub(4);
    let mut selected_at = 0;
    for (number, event) in incident.events.iter().enumerate() {
        lines.push(Line::from(""));
        let chosen = scan.event_selected == Some(number);
        if chosen {
            selected_at = lines.len();
        }
        let marker = if chosen { HIGHLIGHT_SYMBOL } else { "  " };
        let mut style = layer_style(event.layer, event.worked);
        if chosen {
            style = style.add_modifier(Modifier::REVERSED);
        }
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(inert(&timeline::event_line(event)).into_owned(), style),
        ]));
        // The record itself, on one line: the entry it is opens in full.
        let said = inert(event.text.lines().next().unwrap_or("")).into_owned();
        lines.push(Line::from(Span::styled(
            format!("    {}", fit_text(&said, text_width)),
            theme::dim(),
        )));
    }
    // Keep the chosen event in sight: scroll so it sits a few lines from the top.
    let height = usize::from(inner(area).height);
    let scroll = if selected_at + 2 < height {
        0
    } else {
        selected_at.saturating_sub(3)
    };
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0));
    frame.render_widget(paragraph.block(block), area);
}
