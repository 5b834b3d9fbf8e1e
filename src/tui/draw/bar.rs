//! The status line and the key hints at the bottom.

use super::super::app::App;
use super::super::keymap::{hints, Hint};
use super::super::theme;
use super::widgets::fit_text;
use mamtriage::terminal_text::inert;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let line = match (&app.status, app.problems.is_empty()) {
        (Some(status), _) => Line::from(Span::styled(
            fit_text(&inert(status), usize::from(area.width)),
            theme::accent(),
        )),
        (None, _) if app.scan.running => Line::from(Span::styled(
            fit_text(&inert(&scan_progress(app)), usize::from(area.width)),
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
            fit_text(&entry_count(app), usize::from(area.width)),
            theme::dim(),
        )),
    };
    frame.render_widget(line, area);
}

/// How many entries the filters leave: "232 entries · all platforms · all kinds", or
/// "18 of 232 entries · Android · all kinds".
fn entry_count(app: &App) -> String {
    let base = app.base();
    let total = base.len();
    let (platform, kind) = (app.filter.platform, app.filter.kind);
    if platform.is_none() && kind.is_none() {
        return format!("{total} entries · {}", app.filter_label());
    }
    let shown = base.filtered_positions(platform, kind).count();
    format!("{shown} of {total} entries · {}", app.filter_label())
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
    fn a_long_status_is_cut_at_a_word_with_an_ellipsis_never_in_its_middle() {
        let status = "Every step has an outcome: n goes on to setup step 11 (Validate with the \
                      mobile app); e exports this one";
        let fitted = fit_text(status, 60);
        assert!(fitted.width() <= 60);
        assert!(
            fitted.starts_with("Every step has an outcome: n goes on"),
            "{fitted}"
        );
        assert!(fitted.ends_with('…'), "{fitted}");
        assert!(!fitted.ends_with(" …"), "{fitted}");
        let word_cut = fitted.trim_end_matches('…');
        assert!(status.starts_with(word_cut), "{fitted}");
        assert!(
            status[word_cut.len()..].starts_with(' '),
            "cut at a word boundary: {fitted}"
        );
        assert_eq!(fit_text("short", 60), "short");
        assert!(fit_text("世界世界世界", 5).width() <= 5);
        assert_eq!(fit_text("abc", 0), "");
    }
}
