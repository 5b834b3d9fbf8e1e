//! The two building blocks every screen uses: a titled pane and a selectable list.

use super::super::theme;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, List, ListItem, ListState};
use ratatui::Frame;

/// Marks the selected row of a list; every row's text starts after its width.
pub const HIGHLIGHT_SYMBOL: &str = "▶ ";

/// A bordered block with a bold title; its border is highlighted when it has the focus.
pub fn pane(title: impl Into<String>, focused: bool) -> Block<'static> {
    let block = Block::bordered().title(Span::styled(title.into(), theme::title()));
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
