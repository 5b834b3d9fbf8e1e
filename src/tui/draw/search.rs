//! The search screen: the search box, the ranked results and a preview of the selected one.

use super::super::app::{App, ResultRow};
use super::super::layout::{inner, list_offset, Regions};
use super::super::theme;
use super::widgets::{draw_text_field, fit_line, highlight, render_list, titled, HIGHLIGHT_SYMBOL};
use mamtriage::knowledge::{Entry, Platform};
use mamtriage::render::caveats;
use mamtriage::search::{Confidence, Reason};
use mamtriage::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{ListItem, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Steps shown in the preview before "Enter: open".
const PREVIEW_STEPS: usize = 3;

pub fn draw(app: &App, frame: &mut Frame, regions: &Regions) {
    if let Some(area) = regions.input {
        draw_input(app, frame, area);
    }
    if let Some(area) = regions.results {
        draw_results(app, frame, area);
    }
    if let Some(area) = regions.preview {
        draw_preview(app, frame, area);
    }
}

fn draw_input(app: &App, frame: &mut Frame, area: Rect) {
    let placeholder = "type or paste an error, a code or a symptom";
    if area.height < 3 {
        draw_text_field(&app.input, placeholder, frame, area);
        return;
    }
    let mut block = titled(" Search ", theme::title(), area).border_style(theme::focused_border());
    let filters = format!(" {} ", app.filter_label());
    // The filters go on the border only where they fit beside the title.
    if usize::from(area.width) >= filters.chars().count() + " Search ".len() + 4 {
        block = block.title_top(Line::from(filters).right_aligned());
    }
    if !app.understood.is_empty() {
        let understood = format!(" understood: {} ", app.understood.join(" · "));
        let line = Line::styled(understood, theme::accent());
        block = block.title_bottom(fit_line(line, usize::from(area.width).saturating_sub(2)));
    }
    let inside = inner(area);
    frame.render_widget(block, area);
    if inside.width < 3 || inside.height == 0 {
        return;
    }
    draw_text_field(&app.input, placeholder, frame, inside);
}

fn draw_results(app: &App, frame: &mut Frame, area: Rect) {
    // Nothing but a few common words matched: the list is the closest entries, not answers.
    let unsure = app
        .results
        .first()
        .is_some_and(|row| row.confidence == Confidence::Low);
    let (lead, short, style) = if unsure {
        ("No confident match · closest", "Closest", theme::warning())
    } else {
        ("Results", "Results", theme::title())
    };
    let shown = app.results.len();
    let room = usize::from(area.width).saturating_sub(2);
    let title = match (app.input.is_empty(), app.hidden_by_filter) {
        (true, _) => " Results ".to_string(),
        // The longest wording that fits the border; the count and the keys always stay.
        (false, 0) => [
            format!(" {lead} ({shown}) "),
            format!(" {short} ({shown}) "),
            format!(" {shown} "),
        ]
        .into_iter()
        .find(|title| title.chars().count() <= room)
        .unwrap_or_default(),
        (false, hidden) => [
            format!(" {lead} ({shown}) · {hidden} more without the filters: F2/F3 "),
            format!(" {lead} ({shown}) · {hidden} more: F2/F3 "),
            format!(" {short} ({shown}) · {hidden} more: F2/F3 "),
            format!(" {shown} · {hidden} more: F2/F3 "),
        ]
        .into_iter()
        .find(|title| title.chars().count() <= room)
        .unwrap_or_else(|| format!(" {shown} +{hidden} ")),
    };
    let block = titled(&title, style, area);
    if app.input.is_empty() {
        frame.render_widget(
            Paragraph::new(welcome(app))
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
        return;
    }
    if app.results.is_empty() {
        let text = Text::from(vec![
            Line::from("No entry matches."),
            Line::from(Span::styled(
                "Try fewer words, a code alone, or F2/F3 to change the filters.",
                theme::dim(),
            )),
        ]);
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: false }).block(block),
            area,
        );
        return;
    }
    let width = usize::from(inner(area).width).saturating_sub(HIGHLIGHT_SYMBOL.width());
    let items: Vec<ListItem> = app
        .results
        .iter()
        .map(|row| {
            let entry = app.entry(row.entry);
            let title = Line::raw(inert(&entry.title).into_owned());
            let mut line = highlight(title, &app.highlight_terms);
            if entry.platform == Platform::Android {
                // Intune MAM for Mattermost is iOS only: said where the eye is, not after Enter.
                line.spans
                    .insert(0, Span::styled("⚠ iOS only · ", theme::warning()));
            }
            line.spans.push(Span::styled(
                format!("  {} {}", entry.platform.name(), entry.kind.name()),
                theme::dim(),
            ));
            ListItem::new(fit_line(line, width))
        })
        .collect();
    let offset = list_offset(app.selected, items.len(), inner(area).height);
    render_list(frame, area, block, items, Some(app.selected), offset, true);
}

fn welcome(app: &App) -> Text<'static> {
    let mut lines = vec![
        Line::from(
            "Type or paste what the user saw: a dialog text, an error code, a JSON error body, \
             or a symptom.",
        ),
        Line::from(""),
        Line::from(vec![
            Span::styled("Tab ", theme::key()),
            Span::raw("browse by platform, setup guide"),
        ]),
        Line::from(vec![
            Span::styled("F2  ", theme::key()),
            Span::raw("filter by platform"),
        ]),
        Line::from(vec![
            Span::styled("^O  ", theme::key()),
            Span::raw("scan a log, support packet or sign-in export"),
        ]),
        Line::from(vec![
            Span::styled("F1  ", theme::key()),
            Span::raw("all keys"),
        ]),
    ];
    if !app.problems.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Knowledge problems (what was skipped and why):",
            theme::warning(),
        )));
        for problem in &app.problems {
            lines.push(Line::from(format!("  {}", inert(problem))));
        }
    }
    Text::from(lines)
}

fn draw_preview(app: &App, frame: &mut Frame, area: Rect) {
    let block = titled(" Preview ", theme::title(), area);
    let Some(row) = app.results.get(app.selected) else {
        frame.render_widget(block, area);
        return;
    };
    let entry = app.entry(row.entry);
    let mut lines = header_lines(entry);
    lines.push(Line::from(vec![
        Span::styled(
            format!("Why ({} confidence): ", row.confidence.name()),
            theme::dim(),
        ),
        Span::styled(inert(&why(row)).into_owned(), theme::dim()),
    ]));
    // Caveats come before the message and the fix, where they change how both are read.
    for caveat in caveats(entry, app.base()) {
        lines.push(Line::from(Span::styled(
            format!("⚠ {}", inert(&caveat)),
            theme::warning(),
        )));
    }
    for message in &entry.messages {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("“{}”", inert(message)),
            theme::accent(),
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        entry.kind.cause_label(),
        theme::title(),
    )));
    lines.push(Line::from(inert(&entry.cause).into_owned()));
    if !entry.steps.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            entry.kind.steps_label(),
            theme::title(),
        )));
        for (n, step) in entry.steps.iter().take(PREVIEW_STEPS).enumerate() {
            lines.push(Line::from(format!("{}. {}", n + 1, inert(step))));
        }
        if entry.steps.len() > PREVIEW_STEPS {
            lines.push(Line::from(Span::styled(
                format!("… {} more", entry.steps.len() - PREVIEW_STEPS),
                theme::dim(),
            )));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled("Enter ", theme::key()),
        Span::raw("open the walkthrough"),
    ]));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| highlight(line, &app.highlight_terms))
        .collect();
    // The wheel scrolls the preview; never past its last line.
    let scroll = app
        .preview_scroll
        .min(u16::try_from(lines.len()).unwrap_or(u16::MAX));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        area,
    );
}

/// Why a result matched, as one line (only the selected row's is ever shown).
fn why(row: &ResultRow) -> String {
    let phrases: Vec<String> = row
        .reasons
        .iter()
        // A word met through its stem ("receiver", "receiv") is no typo worth naming.
        .filter(|reason| !matches!(reason, Reason::Typo { typed, known } if typed.starts_with(known.as_str())))
        .map(|reason| reason.explain())
        .collect();
    phrases.join("; ")
}

/// The title and the platform · kind · id line of an entry.
pub fn header_lines(entry: &Entry) -> Vec<Line<'static>> {
    vec![
        Line::from(Span::styled(
            inert(&entry.title).into_owned(),
            theme::title(),
        )),
        Line::from(Span::styled(
            format!(
                "{} · {} · {}",
                entry.platform.label(),
                entry.kind.label(),
                inert(&entry.id)
            ),
            theme::dim(),
        )),
    ]
}
