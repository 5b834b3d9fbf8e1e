//! The clipboard through the terminal (OSC 52), which also works over SSH.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// The escape sequence that asks the terminal to put `text` on the system clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_bytes_are_exact() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
        // Text with escape characters is base64-encoded, so it cannot end the sequence early.
        assert_eq!(osc52("\x1b\x07"), "\x1b]52;c;Gwc=\x07");
    }
}
