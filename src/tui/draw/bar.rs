//! The status line and the key hints at the bottom.

use super::super::app::App;
use super::super::keymap::{hints, Hint};
use super::super::theme;
use mamtriage::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = match (&app.status, app.problems.is_empty()) {
        (Some(status), _) => Line::from(Span::styled(
            fit_middle(&inert(status), usize::from(area.width)),
            theme::accent(),
        )),
        (None, _) if app.scan.running => Line::from(Span::styled(
            fit_middle(&inert(&scan_progress(app)), usize::from(area.width)),
            theme::accent(),
        )),
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

/// How far the running scan has got: the file, and bytes read of its size where known.
fn scan_progress(app: &App) -> String {
    let Some(progress) = &app.scan.progress else {
        return format!("Scanning {}…", app.scan.inputs.join(", "));
    };
    let read = mebibytes(progress.read);
    match progress.total.filter(|&total| total > 0) {
        Some(total) => format!(
            "Scanning {}: {read} of {} MiB ({}%)",
            progress.name,
            mebibytes(total),
            progress.read.min(total) * 100 / total
        ),
        None => format!("Scanning {}: {read} MiB read", progress.name),
    }
}

fn mebibytes(bytes: u64) -> u64 {
    bytes >> 20
}

pub fn draw_hints(app: &App, frame: &mut Frame, area: Rect) {
    let shown = fitting_hints(hints(app), usize::from(area.width));
    let mut spans = Vec::new();
    for (key, what, _) in shown {
        if !spans.is_empty() {
            spans.push(Span::styled(SEPARATOR, theme::dim()));
        }
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    frame.render_widget(Line::from(spans), area);
}

const SEPARATOR: &str = " · ";

/// The hints that fit in `width` columns, whole: the least important go first, and the rest
/// keep their order.
fn fitting_hints(all: &[Hint], width: usize) -> Vec<Hint> {
    let mut shown: Vec<Hint> = all.to_vec();
    let width_of = |hints: &[Hint]| -> usize {
        let words: usize = hints
            .iter()
            .map(|(k, w, _)| k.width() + 1 + w.width())
            .sum();
        words + SEPARATOR.width() * hints.len().saturating_sub(1)
    };
    while width_of(&shown) > width {
        let Some(least) = shown
            .iter()
            .enumerate()
            .min_by_key(|(at, (_, _, keep))| (*keep, std::cmp::Reverse(*at)))
            .map(|(at, _)| at)
        else {
            break;
        };
        shown.remove(least);
    }
    shown
}

/// `text` in `width` columns: if it is wider, its middle gives way to `…`, so the start (what
/// happened) and the end (the file name, the reason) both stay. `!` shows it whole.
pub fn fit_middle(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let head_room = room * 2 / 5;
    let mut head_width = 0;
    let head: String = text
        .chars()
        .take_while(|c| {
            head_width += c.width().unwrap_or(0);
            head_width <= head_room
        })
        .collect();
    let tail_room = room - head.width();
    let mut tail_width = 0;
    let mut tail: Vec<char> = text
        .chars()
        .rev()
        .take_while(|c| {
            tail_width += c.width().unwrap_or(0);
            tail_width <= tail_room
        })
        .collect();
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_that_do_not_fit_go_whole_least_important_first() {
        let all: [Hint; 4] = [
            ("Enter", "open", 3),
            ("F2", "platform", 0),
            ("↑↓", "move", 2),
            ("Ctrl-C", "quit", 3),
        ];
        let keys =
            |width| -> Vec<&str> { fitting_hints(&all, width).iter().map(|h| h.0).collect() };
        assert_eq!(keys(100), ["Enter", "F2", "↑↓", "Ctrl-C"]);
        assert_eq!(keys(35), ["Enter", "↑↓", "Ctrl-C"]);
        assert_eq!(keys(25), ["Enter", "Ctrl-C"]);
        assert_eq!(keys(3), Vec::<&str>::new());
    }

    #[test]
    fn a_long_status_keeps_its_start_and_its_end() {
        let status = "Export failed: cannot write /home/ana/exports/nope/tickets/mamtriage-ios.account-not-set-up.txt: No such file or directory";
        let fitted = fit_middle(status, 60);
        assert_eq!(fitted.width(), 60);
        assert!(fitted.starts_with("Export failed: cannot"), "{fitted}");
        assert!(
            fitted.ends_with("up.txt: No such file or directory"),
            "{fitted}"
        );
        assert!(fitted.contains('…'));
        assert_eq!(fit_middle("short", 60), "short");
        assert_eq!(fit_middle("世界世界世界", 5).width(), 5);
        assert_eq!(fit_middle("abc", 0), "");
    }
}
