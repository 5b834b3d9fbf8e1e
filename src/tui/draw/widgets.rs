//! The building blocks screens share: a titled pane, a selectable list, a text field.

use super::super::input::TextInput;
use super::super::theme;
use mamtriage::terminal_text::inert;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};
use ratatui::Frame;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Marks the selected row of a list; every row's text starts after its width.
pub const HIGHLIGHT_SYMBOL: &str = "▶ ";

/// A bordered block with a bold title; its border is highlighted when it has the focus.
pub fn pane(title: impl Into<String>, focused: bool, area: Rect) -> Block<'static> {
    let block = titled(&title.into(), theme::title(), area);
    if focused {
        block.border_style(theme::focused_border())
    } else {
        block
    }
}

/// A list with `selected` marked (boldly when the list has the focus), showing rows from
/// `offset` on.
pub fn render_list(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    items: Vec<ListItem>,
    selected: Option<usize>,
    offset: usize,
    focused: bool,
) {
    let mut state = ListState::default()
        .with_selected(selected)
        .with_offset(offset);
    let list = List::new(items)
        .block(block)
        .highlight_style(if focused {
            theme::selected()
        } else {
            theme::title()
        })
        .highlight_symbol(HIGHLIGHT_SYMBOL);
    frame.render_stateful_widget(list, area, &mut state);
}

/// A pasted line break is shown as ⏎ so a multi-line paste reads as one line.
fn shown_char(c: char) -> char {
    match c {
        '\n' => '⏎',
        c => inert(c.encode_utf8(&mut [0; 4]))
            .chars()
            .next()
            .unwrap_or(' '),
    }
}

/// One line of typed text after a `> ` prompt, scrolled so the cursor stays in view, with
/// `placeholder` while it is empty.
pub fn draw_text_field(input: &TextInput, placeholder: &str, frame: &mut Frame, area: Rect) {
    if area.width < 3 || area.height == 0 {
        return;
    }
    let prompt = "> ";
    let room = usize::from(area.width) - prompt.len() - 1;
    let chars: Vec<char> = input.text().chars().map(shown_char).collect();
    let cursor = input.cursor().min(chars.len());
    // Scroll horizontally so the cursor stays in view.
    let mut start = 0;
    let mut width_to_cursor: usize = chars[..cursor].iter().map(|c| c.width().unwrap_or(0)).sum();
    while width_to_cursor > room && start < cursor {
        width_to_cursor -= chars[start].width().unwrap_or(0);
        start += 1;
    }
    let visible: String = chars[start..].iter().collect();
    let line = if chars.is_empty() {
        Line::from(vec![
            Span::styled(prompt, theme::accent()),
            Span::styled(placeholder.to_string(), theme::dim()),
        ])
    } else {
        Line::from(vec![
            Span::styled(prompt, theme::accent()),
            Span::raw(visible),
        ])
    };
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + prompt.len() as u16 + width_to_cursor as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// What marks a word the search matched: bold and underlined, which every theme keeps.
const MATCHED: Modifier = Modifier::BOLD.union(Modifier::UNDERLINED);

/// `line` with each word that starts with one of `terms` (lower case) marked: what the
/// search matched.
pub fn highlight(line: Line<'static>, terms: &[String]) -> Line<'static> {
    if terms.is_empty() {
        return line;
    }
    let mut spans = Vec::new();
    for span in line.spans {
        let text = span.content.as_ref();
        // ASCII lower case keeps every byte where it was, so offsets hold in both.
        let lower = text.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let (mut plain_from, mut at) = (0, 0);
        while at < lower.len() {
            let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            let matched = terms
                .iter()
                .filter(|term| word_start && lower[at..].starts_with(term.as_str()))
                .map(String::len)
                .max();
            let Some(len) = matched else {
                at += lower[at..].chars().next().map_or(1, char::len_utf8);
                continue;
            };
            let mut end = at + len;
            while end < lower.len() && bytes[end].is_ascii_alphanumeric() {
                end += 1;
            }
            if plain_from < at {
                spans.push(Span::styled(text[plain_from..at].to_string(), span.style));
            }
            let word = text[at..end].to_string();
            spans.push(Span::styled(word, span.style.add_modifier(MATCHED)));
            (plain_from, at) = (end, end);
        }
        if plain_from < text.len() {
            spans.push(Span::styled(text[plain_from..].to_string(), span.style));
        }
    }
    Line { spans, ..line }
}

/// A bordered block over `area` with `title` on its top border, fitted to it (see
/// [`fit_text`]): a border never cuts a title mid-word without saying so.
pub fn titled(title: &str, style: Style, area: Rect) -> Block<'static> {
    let room = usize::from(area.width.saturating_sub(2));
    Block::bordered().title(Span::styled(fit_text(title, room), style))
}

/// The one truncation rule: `text` in `width` columns, cut at a word boundary when one is near
/// the end (else at the last character that fits) and ended with "…".
pub fn fit_text(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1;
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        used += c.width().unwrap_or(0);
        if used > room {
            break;
        }
        cut.push(c);
    }
    at_word_boundary(&mut cut);
    cut.push('…');
    cut
}

/// Shortens a cut text back to its last space when that keeps most of it (so "unrecognis…"
/// becomes "1 …" only when little would be lost).
fn at_word_boundary(cut: &mut String) {
    let kept = cut.trim_end().len();
    if let Some(space) = cut[..kept].rfind(' ') {
        if space * 10 >= kept * 6 {
            cut.truncate(space);
            let trimmed = cut.trim_end().len();
            cut.truncate(trimmed);
        }
    }
}

/// `line` cut to `width` columns with "…" at the end when it is wider, so a cut label says so.
pub fn fit_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut spans = Vec::new();
    for span in line.spans {
        let span_width = span.content.width();
        if used + span_width <= room {
            used += span_width;
            spans.push(span);
            continue;
        }
        let mut cut = String::new();
        for c in span.content.chars() {
            let char_width = c.width().unwrap_or(0);
            if used + char_width > room {
                break;
            }
            used += char_width;
            cut.push(c);
        }
        at_word_boundary(&mut cut);
        spans.push(Span::styled(cut, span.style));
        break;
    }
    spans.push(Span::raw("…"));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_words_are_marked_from_their_start_only() {
        let line = Line::from(vec![
            Span::raw("Data wiped; "),
            Span::raw("swipe AADSTS53005."),
        ]);
        let terms = ["wipe".to_string(), "aadsts53005".to_string()];
        let marked: Vec<(String, bool)> = highlight(line, &terms)
            .spans
            .iter()
            .map(|s| (s.content.to_string(), s.style.add_modifier == MATCHED))
            .collect();
        let words: Vec<&str> = marked
            .iter()
            .filter(|(_, on)| *on)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(words, ["wiped", "AADSTS53005"]);
        let text: String = marked.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, "Data wiped; swipe AADSTS53005.");
        assert_eq!(
            highlight(Line::from("ünïcode wïpe"), &terms).to_string(),
            "ünïcode wïpe"
        );
    }

    #[test]
    fn a_cut_line_ends_with_an_ellipsis_and_fits() {
        let line = Line::from(vec![Span::raw("Intune login "), Span::raw("not available")]);
        assert_eq!(
            fit_line(line.clone(), 40).to_string(),
            "Intune login not available"
        );
        assert_eq!(fit_line(line.clone(), 16).to_string(), "Intune login no…");
        assert_eq!(fit_line(line, 1).to_string(), "…");
        assert_eq!(fit_line(Line::from("世界世界"), 5).to_string(), "世界…");
    }
}
