//! The search box: one line of text with a cursor. A pasted multi-line error is kept whole;
//! it is only drawn on one line.

/// Text and a cursor, counted in characters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters.
    cursor: usize,
}

impl TextInput {
    pub fn with_text(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts at the cursor as much of `text` as keeps the whole within `limit` bytes
    /// (cut at a character boundary); returns whether any of it was left out.
    pub fn insert(&mut self, text: &str, limit: usize) -> bool {
        let room = limit.saturating_sub(self.text.len());
        let mut end = text.len().min(room);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let kept = &text[..end];
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, kept);
        self.cursor += kept.chars().count();
        end < text.len()
    }

    pub fn delete_before(&mut self) {
        if self.cursor > 0 {
            let start = self.byte_at(self.cursor - 1);
            let end = self.byte_at(self.cursor);
            self.text.replace_range(start..end, "");
            self.cursor -= 1;
        }
    }

    pub fn delete_after(&mut self) {
        let start = self.byte_at(self.cursor);
        let end = self.byte_at(self.cursor + 1);
        self.text.replace_range(start..end, "");
    }

    /// Deletes back to the start of the word before the cursor (Ctrl-W).
    pub fn delete_word_before(&mut self) {
        let chars: Vec<char> = self.text.chars().take(self.cursor).collect();
        let mut start = chars.len();
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (from, to) = (self.byte_at(start), self.byte_at(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_not_byte() {
        let mut input = TextInput::default();
        input.insert("héllo 世界", 64);
        input.left();
        input.delete_before();
        assert_eq!(input.text(), "héllo 界");
        input.home();
        input.delete_after();
        assert_eq!(input.text(), "éllo 界");
        input.end();
        input.delete_word_before();
        assert_eq!(input.text(), "éllo ");
        input.delete_word_before();
        assert!(input.is_empty());
    }

    #[test]
    fn keeps_a_multiline_paste_whole() {
        let mut input = TextInput::with_text("err: ");
        input.insert("line one\nline two", 64);
        assert_eq!(input.text(), "err: line one\nline two");
        assert_eq!(input.cursor(), input.text().chars().count());
    }

    #[test]
    fn a_paste_past_the_limit_is_cut_at_a_character_boundary() {
        let mut input = TextInput::with_text("ab");
        assert!(input.insert("世界", 6));
        assert_eq!(input.text(), "ab世");
        assert!(!input.insert("", 6));
        assert!(input.insert("x", 5));
        assert_eq!(input.text(), "ab世");
    }

    #[test]
    fn movement_stays_in_bounds() {
        let mut input = TextInput::default();
        input.left();
        input.right();
        input.delete_after();
        input.delete_before();
        assert_eq!(input.cursor(), 0);
    }
}
