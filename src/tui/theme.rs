//! Styles. Selection is reversed video and marks carry symbols, so the UI stays usable on
//! 16-colour and monochrome terminals.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// Colours of the terminal UI.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    /// Bright colours only, for low-contrast screens and projectors.
    HighContrast,
    /// No colours: bold, reverse video and symbols only.
    Monochrome,
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn accent() -> Style {
    Style::new().fg(Color::Cyan)
}

/// Secondary text: faint, never colour 8 (dark grey), which dark themes such as Solarized
/// Dark draw as the background.
pub fn dim() -> Style {
    Style::new().add_modifier(Modifier::DIM)
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

/// Applies a theme to a drawn frame: the draw functions use the default colours, and a
/// theme maps them, so no draw function needs to know about themes.
pub fn apply(theme: ThemeName, buffer: &mut Buffer) {
    let map: fn(Color) -> Color = match theme {
        ThemeName::Default => return,
        ThemeName::HighContrast => high_contrast,
        ThemeName::Monochrome => |_| Color::Reset,
    };
    for cell in &mut buffer.content {
        cell.fg = map(cell.fg);
        cell.bg = map(cell.bg);
        if theme == ThemeName::HighContrast && cell.fg != Color::Reset {
            cell.modifier |= Modifier::BOLD;
        }
    }
}

fn high_contrast(color: Color) -> Color {
    match color {
        Color::DarkGray | Color::Gray => Color::White,
        Color::Cyan => Color::LightCyan,
        Color::Yellow => Color::LightYellow,
        Color::Green => Color::LightGreen,
        Color::Red => Color::LightRed,
        other => other,
    }
}
