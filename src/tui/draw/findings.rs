//! The findings screen: one row per known problem or unrecognised group, most frequent
//! first, and beside it the selected row's evidence.

use super::super::app::App;
use super::super::findings::{FindingRow, ScanView};
use super::super::layout::{inner, list_offset, Regions};
use super::super::theme;
use super::widgets::{fit_line, render_list, titled, HIGHLIGHT_SYMBOL};
use mamtriage::scan::{Match, Report, Sample};
use mamtriage::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{ListItem, Paragraph, Wrap};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Users named in the preview; the rest are counted.
const USERS_SHOWN: usize = 3;

pub fn draw(app: &App, frame: &mut Frame, regions: &Regions) {
    if app.scan.incidents_shown {
        if let Some(area) = regions.results {
            super::incidents::draw_list(&app.scan, frame, area);
        }
        if let Some(area) = regions.preview {
            super::incidents::draw_timeline(&app.scan, frame, area);
        }
        return;
    }
    if let Some(area) = regions.results {
        draw_rows(&app.scan, frame, area);
    }
    if let Some(area) = regions.preview {
        draw_preview(&app.scan, app.preview_scroll, frame, area);
    }
}

fn draw_rows(scan: &ScanView, frame: &mut Frame, area: Rect) {
    let rows = scan.rows();
    let title = match &scan.report {
        Some(report) => format!(
            " Findings: {} known, {} unrecognised ",
            report.findings.len(),
            report.unrecognised.len()
        ),
        None => " Findings ".to_string(),
    };
    let block = titled(&title, theme::title(), area);
    if rows.is_empty() {
        let text = match &scan.report {
            None => Text::from(format!("Scanning {}…", inert(&scan.inputs.join(", ")))),
            Some(report) => nothing_found(report),
        };
        let paragraph = Paragraph::new(text).wrap(Wrap { trim: false });
        frame.render_widget(paragraph.block(block), area);
        return;
    }
    let width = usize::from(inner(area).width).saturating_sub(HIGHLIGHT_SYMBOL.width());
    let items: Vec<ListItem> = rows
        .iter()
        .map(|row| ListItem::new(fit_line(row_line(row), width)))
        .collect();
    let offset = list_offset(scan.selected, items.len(), inner(area).height);
    render_list(frame, area, block, items, Some(scan.selected), offset, true);
}

fn row_line(row: &FindingRow) -> Line<'static> {
    match row {
        FindingRow::Known(finding) if finding.matched == Match::Likely => Line::from(vec![
            Span::styled(format!("{:>6} ", finding.count), theme::warning()),
            Span::styled("~ likely: ", theme::warning()),
            Span::raw(inert(&finding.title).into_owned()),
            Span::styled(format!("  {}", inert(&finding.id)), theme::dim()),
        ]),
        FindingRow::Known(finding) => Line::from(vec![
            Span::styled(format!("{:>6} ", finding.count), theme::accent()),
            Span::raw(inert(&finding.title).into_owned()),
            Span::styled(format!("  {}", inert(&finding.id)), theme::dim()),
        ]),
        FindingRow::WentRight(finding) => Line::from(vec![
            Span::styled(format!("{:>6} ", finding.count), theme::done()),
            Span::styled("✓ worked: ", theme::done()),
            Span::raw(inert(&finding.title).into_owned()),
        ]),
        FindingRow::Unknown(group) => Line::from(vec![
            Span::styled(format!("{:>6} ", group.count), theme::warning()),
            Span::styled("? ", theme::warning()),
            Span::raw(inert(&group.signature).into_owned()),
        ]),
    }
}

/// A scan that found nothing says what it read, so "nothing" is not mistaken for "not run".
fn nothing_found(report: &Report) -> Text<'static> {
    let mut lines = vec![
        Line::from("No known problem and nothing unrecognised."),
        Line::from(""),
    ];
    lines.extend(file_lines(report));
    Text::from(lines)
}

fn file_lines(report: &Report) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled("Files read", theme::title()))];
    for file in &report.files {
        lines.push(Line::from(format!(
            "{} · {} · {} records · {} problems",
            inert(&file.path),
            file.format,
            file.records,
            file.problems
        )));
    }
    if !report.notes.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("{} notes: ! to read them", report.notes.len()),
            theme::warning(),
        )));
    }
    lines
}

fn draw_preview(scan: &ScanView, preview_scroll: u16, frame: &mut Frame, area: Rect) {
    let block = titled(" Evidence ", theme::title(), area);
    let rows = scan.rows();
    let mut lines = match rows.get(scan.selected) {
        Some(FindingRow::Known(finding) | FindingRow::WentRight(finding)) => {
            let mut lines = Vec::new();
            if let Some(why) = &finding.why {
                lines.push(Line::from(Span::styled(
                    format!("Likely, not certain: {}", inert(why)),
                    theme::warning(),
                )));
            }
            if matches!(rows.get(scan.selected), Some(FindingRow::WentRight(_))) {
                lines.push(Line::from(Span::styled(
                    "This layer worked: look for the fault elsewhere",
                    theme::done(),
                )));
            }
            lines.extend([
                Line::from(Span::styled(
                    inert(&finding.title).into_owned(),
                    theme::title(),
                )),
                Line::from(Span::styled(
                    format!("{} · {}", finding.platform.label(), inert(&finding.id)),
                    theme::dim(),
                )),
                Line::from(inert(&finding.seen()).into_owned()),
            ]);
            if let Some(users) = finding.users_named(USERS_SHOWN) {
                lines.push(Line::from(inert(&users).into_owned()));
            }
            lines.extend(sample_lines(&finding.samples));
            if let Some(step) = &finding.first_step {
                lines.push(Line::from(""));
                lines.push(Line::from(Span::styled("First step", theme::title())));
                lines.push(Line::from(inert(step).into_owned()));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::styled("Enter ", theme::key()),
                Span::raw("open the walkthrough with this evidence"),
            ]));
            lines
        }
        Some(FindingRow::Unknown(group)) => {
            let mut lines = vec![
                Line::from(Span::styled(
                    "Looks like an error; no entry knows it",
                    theme::warning(),
                )),
                Line::from(format!("Seen {} times", group.count)),
            ];
            lines.extend(sample_lines(&group.samples));
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::styled("Enter ", theme::key()),
                Span::raw("search the knowledge for it"),
            ]));
            lines
        }
        None => Vec::new(),
    };
    if let Some(report) = &scan.report {
        lines.push(Line::from(""));
        lines.extend(file_lines(report));
    }
    // The wheel scrolls the evidence; never past its last line.
    let scroll = preview_scroll.min(u16::try_from(lines.len()).unwrap_or(u16::MAX));
    let paragraph = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(paragraph.block(block), area);
}

fn sample_lines(samples: &[Sample]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for sample in samples {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("{}:{}", inert(&sample.file), sample.line),
            theme::accent(),
        )));
        lines.push(Line::from(inert(&sample.text).into_owned()));
    }
    lines
}
