//! Text made safe to show on a terminal: knowledge packs, pasted queries and evidence may
//! carry control characters and escape sequences, which must never reach the terminal as
//! commands.

use std::borrow::Cow;

/// Replaces control characters (C0, DEL, C1) and bidirectional overrides with visible,
/// inert stand-ins. Line breaks and tabs become spaces, since the text is shown on one line
/// or wrapped by the caller.
pub fn inert(text: &str) -> Cow<'_, str> {
    replaced(text, ' ')
}

/// Like [`inert`], but for text printed as lines: line breaks and tabs are kept.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let replaced = |c: char| c != '\n' && c != '\t' && needs_replacing(c);
    if !text.chars().any(replaced) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if replaced(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// Like [`inert`], for one line of a report made from evidence (a file or member name, a
/// value read from a config): line breaks show as `⏎`, so a name cannot start a line of its
/// own that reads like the report's.
pub fn one_line(text: &str) -> Cow<'_, str> {
    replaced(text, '⏎')
}

/// `text` with line breaks as `line_break`, tabs as spaces and other control characters as
/// U+FFFD; borrowed when there is nothing to replace.
fn replaced(text: &str, line_break: char) -> Cow<'_, str> {
    if !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' => line_break,
                '\t' => ' ',
                c if needs_replacing(c) => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        assert_eq!(inert("a\x1b]0;title\x07b"), "a\u{fffd}]0;title\u{fffd}b");
        assert_eq!(inert("x\u{9b}2Jy"), "x\u{fffd}2Jy");
        assert_eq!(inert("line\nnext\ttab"), "line next tab");
        assert_eq!(inert("abc\u{202e}def"), "abc\u{fffd}def");
        assert!(matches!(inert("plain 世界"), Cow::Borrowed(_)));
    }

    #[test]
    fn printed_lines_keep_their_breaks_and_lose_their_escapes() {
        assert_eq!(
            terminal_safe("a\x1b[2Jb\nc\td\re\u{85}"),
            "a\u{fffd}[2Jb\nc\td\u{fffd}e\u{fffd}"
        );
        assert!(matches!(terminal_safe("two\nlines"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_shows_its_breaks() {
        assert_eq!(
            one_line("logs/a.log\n✓ all checks pass\r\x1b]52;c;x\x07"),
            "logs/a.log⏎✓ all checks pass⏎\u{fffd}]52;c;x\u{fffd}"
        );
        assert!(matches!(one_line("plain.log"), Cow::Borrowed(_)));
    }
}
