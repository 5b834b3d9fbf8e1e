//! The status line and the key hints at the bottom.

use super::super::app::App;
use super::super::keymap::hints;
use super::super::theme;
use crate::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

pub fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = match (&app.status, app.problems.is_empty()) {
        (Some(status), _) => Line::from(Span::styled(inert(status).into_owned(), theme::accent())),
        (None, false) => Line::from(Span::styled(
            match app.problems.len() {
                1 => "⚠ 1 knowledge problem: part of a pack was skipped (! to see it)".to_string(),
                n => {
                    format!("⚠ {n} knowledge problems: parts of packs were skipped (! to see them)")
                }
            },
            theme::warning(),
        )),
        (None, true) => Line::from(Span::styled(
            format!("{} entries · {}", app.base().len(), app.filter_label()),
            theme::dim(),
        )),
    };
    frame.render_widget(line, area);
}

pub fn draw_hints(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for (key, what) in hints(app.screen()) {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme::dim()));
        }
        spans.push(Span::styled(*key, theme::key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    frame.render_widget(Line::from(spans), area);
}
