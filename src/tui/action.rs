//! Everything the UI can do, as named actions, and the keys that trigger them.

use super::app::{App, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A change to the app state. Keys, pastes and mouse events all become actions. Config key
/// bindings name them in kebab case (`export-to-file`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Leave the app.
    Quit,
    /// Go back one screen, close an overlay, or clear the search box.
    Back,
    /// Show or hide the key help.
    ToggleHelp,
    /// Show or hide the knowledge load problems.
    ToggleProblems,
    /// Type or paste text into the search box (from any screen).
    InsertText(String),
    DeleteBefore,
    DeleteAfter,
    DeleteWordBefore,
    ClearQuery,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    SelectNext,
    SelectPrevious,
    PageDown,
    PageUp,
    SelectFirst,
    SelectLast,
    /// Open the selected entry (or category).
    Open,
    /// Switch focus between the panes of a screen.
    FocusNext,
    /// Show only the next platform (cycles through all, then none).
    CyclePlatform,
    /// Show only the next kind (cycles through all, then none).
    CycleKind,
    OpenBrowse,
    OpenSearch,
    /// Mark the current step done and move on.
    MarkDone,
    MarkSkipped,
    /// Mark the current step as tried without helping, and move on.
    MarkDidNotHelp,
    ClearMark,
    /// Open the next step of the setup guide.
    NextSetupStep,
    PreviousSetupStep,
    /// Write the remediation, with the walked outcomes, to a file.
    ExportToFile,
    /// Copy the remediation to the clipboard (OSC 52).
    CopyToClipboard,
    /// Recall the previous search (Up in the empty search box).
    OlderSearch,
    /// Recall the next search, then an empty box.
    NewerSearch,
    /// Select the list row at a screen position (mouse click).
    ClickAt {
        column: u16,
        row: u16,
    },
}

/// The action a key press stands for on the current screen, if any.
pub fn action_for_key(app: &App, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (key.code, ctrl) {
        (KeyCode::Char('c'), true) => return Some(Action::Quit),
        (KeyCode::F(1), _) => return Some(Action::ToggleHelp),
        _ => {}
    }
    if let Some(action) = app.bound_action(key) {
        return Some(action);
    }
    if app.overlay().is_some() {
        return match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter => {
                Some(Action::Back)
            }
            _ => None,
        };
    }
    if app.screen() == Screen::Search && app.recalls_history() {
        match key.code {
            KeyCode::Up => return Some(Action::OlderSearch),
            KeyCode::Down => return Some(Action::NewerSearch),
            _ => {}
        }
    }
    let common = match (key.code, ctrl) {
        (KeyCode::Down, _) | (KeyCode::Char('j' | 'n'), true) => Some(Action::SelectNext),
        (KeyCode::Up, _) | (KeyCode::Char('k' | 'p'), true) => Some(Action::SelectPrevious),
        (KeyCode::PageDown, _) => Some(Action::PageDown),
        (KeyCode::PageUp, _) => Some(Action::PageUp),
        (KeyCode::F(2), _) => Some(Action::CyclePlatform),
        (KeyCode::F(3), _) => Some(Action::CycleKind),
        (KeyCode::Esc, _) => Some(Action::Back),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match app.screen() {
        Screen::Search => search_key(key, ctrl),
        Screen::Browse => browse_key(key),
        Screen::Entry => entry_key(key),
    }
}

/// The search box takes every printable key as text.
fn search_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    Some(match (key.code, ctrl) {
        (KeyCode::Enter, _) => Action::Open,
        (KeyCode::Tab, _) => Action::OpenBrowse,
        (KeyCode::Backspace, _) => Action::DeleteBefore,
        (KeyCode::Delete, _) => Action::DeleteAfter,
        (KeyCode::Char('w'), true) => Action::DeleteWordBefore,
        (KeyCode::Char('u'), true) => Action::ClearQuery,
        (KeyCode::Left, _) => Action::CursorLeft,
        (KeyCode::Right, _) => Action::CursorRight,
        (KeyCode::Home, _) | (KeyCode::Char('a'), true) => Action::CursorHome,
        (KeyCode::End, _) | (KeyCode::Char('e'), true) => Action::CursorEnd,
        (KeyCode::Char(c), false) => Action::InsertText(c.to_string()),
        _ => return None,
    })
}

fn list_key(key: KeyEvent) -> Option<Action> {
    Some(match key.code {
        KeyCode::Char('j') => Action::SelectNext,
        KeyCode::Char('k') => Action::SelectPrevious,
        KeyCode::Char('g') | KeyCode::Home => Action::SelectFirst,
        KeyCode::Char('G') | KeyCode::End => Action::SelectLast,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('!') => Action::ToggleProblems,
        KeyCode::Char('/') => Action::OpenSearch,
        KeyCode::Tab | KeyCode::BackTab => Action::FocusNext,
        _ => return None,
    })
}

fn browse_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::Open),
        KeyCode::Left | KeyCode::Right | KeyCode::Char('h' | 'l') => Some(Action::FocusNext),
        KeyCode::Backspace => Some(Action::Back),
        _ => list_key(key),
    }
}

fn entry_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::Open),
        KeyCode::Char(' ' | 'd') => Some(Action::MarkDone),
        KeyCode::Char('s') => Some(Action::MarkSkipped),
        KeyCode::Char('x') => Some(Action::MarkDidNotHelp),
        KeyCode::Char('u') => Some(Action::ClearMark),
        KeyCode::Char('n') => Some(Action::NextSetupStep),
        KeyCode::Char('p') => Some(Action::PreviousSetupStep),
        KeyCode::Char('e') => Some(Action::ExportToFile),
        KeyCode::Char('y') => Some(Action::CopyToClipboard),
        KeyCode::Backspace => Some(Action::Back),
        _ => list_key(key),
    }
}

/// Key hints for the bottom bar of a screen.
pub fn hints(screen: Screen) -> &'static [(&'static str, &'static str)] {
    match screen {
        Screen::Search => &[
            ("Enter", "open"),
            ("↑↓", "move"),
            ("Tab", "browse"),
            ("F2", "platform"),
            ("F3", "kind"),
            ("F1", "help"),
            ("Ctrl-C", "quit"),
        ],
        Screen::Browse => &[
            ("Enter", "open"),
            ("↑↓/jk", "move"),
            ("←→/Tab", "pane"),
            ("/", "search"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Entry => &[
            ("Space", "done"),
            ("s", "skip"),
            ("x", "didn't help"),
            ("Tab", "related"),
            ("e", "export"),
            ("y", "copy"),
            ("Esc", "back"),
            ("?", "help"),
        ],
    }
}

/// A key as config files write it: `ctrl-e`, `alt-x`, `f5`, `enter`, `?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyBinding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl KeyBinding {
    pub fn parse(spec: &str) -> Result<KeyBinding, String> {
        const PREFIXES: [(&str, KeyModifiers); 3] = [
            ("ctrl-", KeyModifiers::CONTROL),
            ("alt-", KeyModifiers::ALT),
            ("shift-", KeyModifiers::SHIFT),
        ];
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = spec.trim();
        while let Some((prefix, modifier)) = PREFIXES.iter().find(|(prefix, _)| {
            rest.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        }) {
            modifiers |= *modifier;
            rest = &rest[prefix.len()..];
        }
        let name = rest.to_ascii_lowercase();
        let code = match name.as_str() {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => {
                    return Err(format!(
                        "`{spec}` is not a key: function keys are f1 to f12"
                    ))
                }
            },
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => {
                        return Err(format!(
                            "`{spec}` is not a key: write a character, a name such as `enter` or \
                             `f5`, optionally after `ctrl-`, `alt-` or `shift-`"
                        ))
                    }
                }
            }
        };
        Ok(KeyBinding { code, modifiers })
    }

    pub fn matches(&self, key: KeyEvent) -> bool {
        let code = match key.code {
            // Terminals report ctrl-letters in either case.
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        // Shift is part of the character for printable keys.
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        code == self.code
            && (key.modifiers & relevant) == (self.modifiers & relevant)
            && (!self.modifiers.contains(KeyModifiers::SHIFT)
                || key.modifiers.contains(KeyModifiers::SHIFT))
    }
}

/// An action named in a config file. Actions that carry data (typing, clicks) cannot be bound.
pub fn action_named(name: &str) -> Result<Action, String> {
    use serde::de::IntoDeserializer;
    let deserializer: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
        name.into_deserializer();
    serde::Deserialize::deserialize(deserializer)
        .ok()
        .filter(|action| !matches!(action, Action::InsertText(_) | Action::ClickAt { .. }))
        .ok_or_else(|| format!("`{name}` is not an action that a key can do (see `mamtriage man`)"))
}
