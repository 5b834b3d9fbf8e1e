//! Finds where entries and their fields sit in a pack's text.
//!
//! serde does not hand out positions for values that parsed fine, yet a duplicate id or a
//! dangling `related` link must still be reported at its line. Pack files are block-style YAML
//! lists, so a light scan of the text finds each item and the keys inside it.

/// The text of one top-level list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ItemSpan {
    /// 1-based line of the item's `-`.
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

/// Splits a pack's text into its top-level list items.
pub(crate) fn item_spans(text: &str) -> Vec<ItemSpan> {
    let mut spans: Vec<ItemSpan> = Vec::new();
    let mut item_indent: Option<usize> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let starts_item = (trimmed.starts_with("- ") || trimmed.trim_end() == "-")
            && item_indent.is_none_or(|expected| expected == indent);
        if starts_item {
            item_indent = Some(indent);
            if let Some(last) = spans.last_mut() {
                last.end = offset;
            }
            spans.push(ItemSpan {
                line: index + 1,
                column: indent + 1,
                start: offset,
                end: text.len(),
            });
        }
        offset += line.len();
    }
    spans
}

/// The 1-based (line, column) of `key:` inside an item, if it is written in block style.
pub(crate) fn key_position(text: &str, span: ItemSpan, key: &str) -> Option<(usize, usize)> {
    lines_of(text, span).find_map(|(line, column, content)| {
        let key_start = content.strip_prefix("- ").map_or(content, str::trim_start);
        let column = column + (content.len() - key_start.len());
        key_start
            .strip_prefix(key)
            .filter(|rest| rest.starts_with(':'))
            .map(|_| (line, column))
    })
}

/// The 1-based (line, column) of a list value written after `key:` inside an item.
pub(crate) fn list_value_position(
    text: &str,
    span: ItemSpan,
    key: &str,
    value: &str,
) -> Option<(usize, usize)> {
    let (key_line, _) = key_position(text, span, key)?;
    lines_of(text, span)
        .filter(|(line, _, _)| *line >= key_line)
        .find_map(|(line, column, content)| {
            let offset = content.find(value)?;
            Some((line, column + offset))
        })
}

/// The lines of an item as (1-based line, 1-based column of the first non-space, content).
fn lines_of(text: &str, span: ItemSpan) -> impl Iterator<Item = (usize, usize, &str)> {
    text[span.start..span.end]
        .lines()
        .enumerate()
        .map(move |(index, line)| {
            let content = line.trim_start();
            let column = line.len() - content.len() + 1;
            (span.line + index, column, content)
        })
}

/// The 1-based (line, column) of a byte offset.
pub(crate) fn position_of_offset(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = "# comment\n- id: first\n  title: One\n  related:\n    - second\n- id: second\n  cause: |\n    - not an item\n";

    #[test]
    fn splits_top_level_items_only() {
        let spans = item_spans(PACK);
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[0].line, spans[0].column), (2, 1));
        assert_eq!(spans[1].line, 6);
        assert!(PACK[spans[0].start..spans[0].end].contains("related"));
    }

    #[test]
    fn finds_keys_and_list_values() {
        let spans = item_spans(PACK);
        assert_eq!(key_position(PACK, spans[0], "id"), Some((2, 3)));
        assert_eq!(key_position(PACK, spans[0], "title"), Some((3, 3)));
        assert_eq!(key_position(PACK, spans[1], "title"), None);
        assert_eq!(
            list_value_position(PACK, spans[0], "related", "second"),
            Some((5, 7))
        );
    }

    #[test]
    fn offsets_map_to_lines_and_columns() {
        assert_eq!(position_of_offset(b"ab\ncd", 0), (1, 1));
        assert_eq!(position_of_offset(b"ab\ncd", 4), (2, 2));
    }
}
