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
    /// Colours that hold a contrast of at least 4.5:1 on a white and on a black background
    /// alike, in bold: for projectors, and for when the background is not known.
    HighContrast,
    /// Dark colours for light backgrounds, each at least 4.5:1 on white.
    Light,
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
        ThemeName::Light => light,
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

/// Each colour in the narrow band of luminance that is 4.5:1 from white and from black.
fn high_contrast(color: Color) -> Color {
    match color {
        Color::Cyan => Color::Rgb(0x00, 0x80, 0x9f),
        Color::Yellow => Color::Rgb(0x88, 0x75, 0x00),
        Color::Green => Color::Rgb(0x2e, 0x85, 0x40),
        Color::Red => Color::Rgb(0xe0, 0x30, 0x1e),
        Color::DarkGray | Color::Gray => Color::Rgb(0x76, 0x76, 0x76),
        other => other,
    }
}

/// Dark colours for a white background (palette cyan and yellow are 1.7 to 2.9:1 on it).
fn light(color: Color) -> Color {
    match color {
        Color::Cyan => Color::Rgb(0x00, 0x57, 0x6b),
        Color::Yellow => Color::Rgb(0x7a, 0x4b, 0x00),
        Color::Green => Color::Rgb(0x1b, 0x5e, 0x20),
        Color::Red => Color::Rgb(0xb0, 0x00, 0x20),
        Color::DarkGray | Color::Gray => Color::Rgb(0x55, 0x55, 0x55),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colours the draw functions use, which a theme maps.
    const DRAWN: [Color; 6] = [
        Color::Cyan,
        Color::Yellow,
        Color::Green,
        Color::Red,
        Color::DarkGray,
        Color::Gray,
    ];

    /// WCAG relative luminance of an RGB colour.
    fn luminance(color: Color) -> f64 {
        let Color::Rgb(r, g, b) = color else {
            panic!("{color:?} is a palette colour: its contrast depends on the terminal");
        };
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }

    fn contrast(a: Color, b: Color) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    const WHITE: Color = Color::Rgb(255, 255, 255);
    const BLACK: Color = Color::Rgb(0, 0, 0);

    #[test]
    fn every_theme_colour_holds_its_contrast() {
        for drawn in DRAWN {
            let light = light(drawn);
            assert!(contrast(light, WHITE) >= 4.5, "light {drawn:?}");
            let high = high_contrast(drawn);
            for background in [WHITE, BLACK] {
                assert!(
                    contrast(high, background) >= 4.5,
                    "high-contrast {drawn:?} on {background:?}: {:.2}",
                    contrast(high, background)
                );
            }
        }
    }

    #[test]
    fn themes_map_every_colour_the_ui_draws() {
        let mut buffer = Buffer::empty(ratatui::layout::Rect::new(0, 0, 6, 1));
        for (cell, color) in buffer.content.iter_mut().zip(DRAWN) {
            cell.fg = color;
        }
        for theme in [ThemeName::Light, ThemeName::HighContrast] {
            let mut themed = buffer.clone();
            apply(theme, &mut themed);
            assert!(
                themed
                    .content
                    .iter()
                    .all(|cell| matches!(cell.fg, Color::Rgb(..))),
                "{theme:?}"
            );
        }
    }
}
