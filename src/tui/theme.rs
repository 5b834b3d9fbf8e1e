//! Styles. Selection is reversed video and marks carry symbols, so the UI stays usable on
//! 16-colour and monochrome terminals.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn accent() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn done() -> Style {
    Style::new().fg(Color::Green)
}

pub fn failed() -> Style {
    Style::new().fg(Color::Red)
}

pub fn focused_border() -> Style {
    Style::new().fg(Color::Cyan)
}
