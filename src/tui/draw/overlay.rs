//! Popups over the screen: the key help; this run's messages and the knowledge load problems.

use super::super::app::{App, Overlay, Screen};
use super::super::theme;
use super::super::wrap::wrap;
use super::widgets::{draw_text_field, titled};
use mamtriage::terminal_text::inert;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

const HELP: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("F1", "this help (also ? where no text is typed)"),
            ("Ctrl-C", "quit (also q where no text is typed)"),
            ("Esc", "back, close, or clear the search"),
            ("↑↓ Ctrl-j/k Ctrl-n/p", "move"),
            ("PgUp PgDn", "move a page"),
            ("F2 / F3", "filter by platform / kind"),
            ("Ctrl-O", "scan a log, support packet, export or folder"),
            ("F4", "the findings of the last scan"),
            (
                "mouse",
                "wheel scrolls the pane under it; click selects, double-click opens",
            ),
        ],
    ),
    (
        "Search",
        &[
            ("type or paste", "search as you type (pastes stay whole)"),
            ("Enter", "open the selected entry"),
            ("Tab", "browse by platform"),
            ("Ctrl-W / Ctrl-U", "delete word / clear"),
        ],
    ),
    (
        "Browse",
        &[
            ("←→ h/l Tab", "switch pane"),
            ("Enter", "open"),
            ("/", "search"),
            ("!", "messages in full, knowledge problems"),
        ],
    ),
    (
        "Findings",
        &[
            ("Enter", "open the entry and its evidence"),
            ("t", "incidents (attempts across layers), or back"),
            ("Tab ← →", "an incident's timeline; Enter opens an event"),
            ("o", "scan something else"),
        ],
    ),
    (
        "Walkthrough",
        &[
            ("Space d Enter", "step done, next"),
            ("s / x / u", "skip / didn't help / clear the mark"),
            ("z", "undo the last mark"),
            ("r", "start the walk over (marks are saved as made)"),
            ("Tab", "related entries; Enter opens one"),
            ("n / p", "next / previous step of the setup guide"),
            ("e", "export the remediation to a file"),
            ("y", "copy it to the clipboard (OSC 52)"),
        ],
    ),
];

/// The widest a popup gets.
const POPUP_WIDTH: u16 = 72;

/// A box in the middle of `area`, at most the given size.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

pub fn draw(app: &App, overlay: Overlay, frame: &mut Frame, area: Rect) {
    let (title, lines) = match overlay {
        Overlay::ScanPrompt => return draw_scan_prompt(app, frame, area),
        Overlay::Help => (" Keys (Esc to close) ", help_lines(app.screen())),
        Overlay::Problems => (
            " Messages and knowledge problems (Esc to close) ",
            problem_lines(app),
        ),
    };
    // Sized on the lines as wrapped, not as written, and scrolled when taller than the screen.
    let inner_width = usize::from(area.width.min(POPUP_WIDTH).saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|line| {
            let text: String = line
                .spans
                .iter()
                .map(|span| span.content.as_ref())
                .collect();
            wrap(&text, inner_width).len().max(1)
        })
        .sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let popup = centered(area, POPUP_WIDTH, height);
    let visible = usize::from(popup.height.saturating_sub(2));
    let limit = u16::try_from(rows.saturating_sub(visible)).unwrap_or(u16::MAX);
    let scroll = app.overlay_scroll.min(limit);
    let title = if limit > 0 {
        format!("{}(↑↓ PgUp PgDn scroll) ", title)
    } else {
        title.to_string()
    };
    frame.render_widget(Clear, popup);
    let block = titled(&title, theme::title(), popup).border_style(theme::focused_border());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block),
        popup,
    );
}

/// Asks for the evidence to scan, with the typed path and its cursor.
fn draw_scan_prompt(app: &App, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 72, 5);
    frame.render_widget(Clear, popup);
    let block = titled(
        " Scan a file or folder (Enter scans, Esc closes) ",
        theme::title(),
        popup,
    )
    .border_style(theme::focused_border());
    let inside = block.inner(popup);
    frame.render_widget(block, popup);
    let [field, help] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)])
        .spacing(1)
        .areas(inside);
    draw_text_field(&app.prompt, "", frame, field);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "a log, a support packet, a sign-in export, a .gz or a folder",
            theme::dim(),
        )),
        help,
    );
}

/// The keys, those of the screen help was opened from first.
fn help_lines(screen: Screen) -> Vec<Line<'static>> {
    let here = match screen {
        Screen::Search => "Search",
        Screen::Browse => "Browse",
        Screen::Findings => "Findings",
        Screen::Entry => "Walkthrough",
    };
    let mut groups: Vec<&(&str, &[(&str, &str)])> = HELP.iter().collect();
    groups.sort_by_key(|(group, _)| *group != here);
    let mut lines = Vec::new();
    for (group, keys) in groups {
        lines.push(Line::from(Span::styled(*group, theme::accent())));
        for (key, what) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<22}"), theme::key()),
                Span::raw(*what),
            ]));
        }
    }
    lines
}

/// This run's messages in full, newest first, then what loading the knowledge skipped.
fn problem_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !app.messages.is_empty() {
        lines.push(Line::from(Span::styled(
            "Messages, newest first",
            theme::accent(),
        )));
        for message in app.messages.iter().rev() {
            lines.push(Line::from(format!("  {}", inert(message))));
        }
        lines.push(Line::default());
    }
    if app.problems.is_empty() {
        lines.push(Line::from(
            "No knowledge problems: every pack loaded cleanly.",
        ));
    } else {
        lines.push(Line::from(Span::styled(
            "Knowledge problems",
            theme::accent(),
        )));
        for problem in &app.problems {
            lines.push(Line::from(format!("  {}", inert(problem))));
        }
    }
    lines
}
