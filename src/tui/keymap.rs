//! Which key does what: the built-in keys of each screen, the hints they show, and key
//! bindings as config files write them (`ctrl-e`, `alt-x`, `f5`, `?`).

use super::action::Action;
use super::app::{App, Overlay, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// The action a key press stands for on the current screen, if any.
pub fn action_for_key(app: &App, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (key.code, ctrl) {
        (KeyCode::Char('c'), true) => return Some(Action::Quit),
        (KeyCode::F(1), _) => return Some(Action::ToggleHelp),
        _ => {}
    }
    if let Some(action) = app.settings.keys.action_for(key) {
        return Some(action);
    }
    if app.overlay() == Some(Overlay::ScanPrompt) {
        return prompt_key(key, ctrl);
    }
    if app.overlay().is_some() {
        return match key.code {
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter => {
                Some(Action::Back)
            }
            KeyCode::Down | KeyCode::Char('j') => Some(Action::SelectNext),
            KeyCode::Up | KeyCode::Char('k') => Some(Action::SelectPrevious),
            KeyCode::PageDown | KeyCode::Char(' ') => Some(Action::PageDown),
            KeyCode::PageUp => Some(Action::PageUp),
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
        (KeyCode::F(4), _) => Some(Action::OpenFindings),
        (KeyCode::Char('o'), true) => Some(Action::OpenScanPrompt),
        (KeyCode::Esc, _) => Some(Action::Back),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match app.screen() {
        Screen::Search => search_key(key, ctrl, app.input.is_empty()),
        Screen::Browse => browse_key(key),
        Screen::Entry => entry_key(key),
        Screen::Findings => findings_key(key),
    }
}

/// The scan prompt takes text like the search box; Enter scans what it names.
fn prompt_key(key: KeyEvent, ctrl: bool) -> Option<Action> {
    match (key.code, ctrl) {
        (KeyCode::Esc, _) => Some(Action::Back),
        (KeyCode::Tab, _) => None,
        _ => search_key(key, ctrl, false),
    }
}

/// The search box takes every printable key as text, except `?` and `!` while it is empty
/// (help and messages, as the hints say), and letters typed with Alt.
fn search_key(key: KeyEvent, ctrl: bool, empty: bool) -> Option<Action> {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match (key.code, ctrl) {
        (KeyCode::Char('?'), false) if empty => Action::ToggleHelp,
        (KeyCode::Char('!'), false) if empty => Action::ToggleProblems,
        (KeyCode::Char(_), false) if alt => return None,
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

fn findings_key(key: KeyEvent) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::Open),
        KeyCode::Char('o') => Some(Action::OpenScanPrompt),
        KeyCode::Char('t') => Some(Action::ToggleIncidents),
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
        KeyCode::Char('z') => Some(Action::UndoMark),
        KeyCode::Char('r') => Some(Action::StartOver),
        KeyCode::Char('n') => Some(Action::NextSetupStep),
        KeyCode::Char('p') => Some(Action::PreviousSetupStep),
        KeyCode::Char('e') => Some(Action::ExportToFile),
        KeyCode::Char('y') => Some(Action::CopyToClipboard),
        KeyCode::Backspace => Some(Action::Back),
        _ => list_key(key),
    }
}

/// A key hint: the key, what it does, and how long it stays when the bar is narrow (higher
/// stays longer).
pub type Hint = (&'static str, &'static str, u8);

/// Key hints for the bottom bar: the scan prompt's while it is open, else the screen's.
pub fn hints(app: &App) -> &'static [Hint] {
    if app.overlay() == Some(Overlay::ScanPrompt) {
        return &[
            ("Enter", "scan", 3),
            ("Esc", "close", 3),
            ("Ctrl-U", "clear", 1),
        ];
    }
    match app.screen() {
        Screen::Search => &[
            ("Enter", "open", 3),
            ("↑↓", "move", 2),
            ("Tab", "browse", 2),
            ("F2", "platform", 0),
            ("F3", "kind", 0),
            ("F1", "help", 3),
            ("Ctrl-C", "quit", 3),
        ],
        Screen::Browse => &[
            ("Enter", "open", 3),
            ("↑↓/jk", "move", 2),
            ("←→/Tab", "pane", 2),
            ("/", "search", 2),
            ("?", "help", 3),
            ("q", "quit", 3),
        ],
        Screen::Entry if app.related_focused() => &[
            ("Enter", "open", 3),
            ("↑↓", "move", 2),
            ("Tab", "steps", 3),
            ("Esc", "back", 3),
            ("?", "help", 3),
        ],
        Screen::Entry => &[
            ("Space", "done", 3),
            ("s", "skip", 1),
            ("x", "didn't help", 1),
            ("Tab", "related", 2),
            ("e", "export", 2),
            ("y", "copy", 1),
            ("z", "undo", 0),
            ("Esc", "back", 3),
            ("?", "help", 3),
        ],
        Screen::Findings if app.incidents_shown() => &[
            ("Enter", "open", 3),
            ("↑↓/jk", "move", 2),
            ("Tab", "timeline", 2),
            ("t", "problems", 2),
            ("Esc", "back", 3),
            ("?", "help", 3),
            ("q", "quit", 3),
        ],
        Screen::Findings => &[
            ("Enter", "open", 3),
            ("↑↓/jk", "move", 2),
            ("t", "incidents", 2),
            ("o", "scan another", 2),
            ("/", "search", 2),
            ("Esc", "back", 3),
            ("?", "help", 3),
            ("q", "quit", 3),
        ],
    }
}

/// A key as config files write it: `ctrl-e`, `alt-x`, `f5`, `enter`, `?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyBinding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl FromStr for KeyBinding {
    type Err = String;

    fn from_str(spec: &str) -> Result<KeyBinding, String> {
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
        let code = match named_key(rest) {
            Some(code) => code?,
            None => {
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
        let code = match code {
            // Terminals send ctrl with a letter the same way in either case.
            KeyCode::Char(c)
                if c.is_ascii_alphabetic()
                    && modifiers.contains(KeyModifiers::CONTROL)
                    && (c.is_ascii_uppercase() || modifiers.contains(KeyModifiers::SHIFT)) =>
            {
                return Err(format!(
                    "`{spec}` is not a key a terminal can tell apart: ctrl with a capital letter \
                     arrives as ctrl with the small one; write `ctrl-{}`",
                    c.to_ascii_lowercase()
                ));
            }
            // Shift is part of a printed character: `shift-e` is what arrives as `E`.
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            }
            code => code,
        };
        Ok(KeyBinding { code, modifiers })
    }
}

/// The key a name stands for (`enter`, `f5`), an error for a function key that does not
/// exist, or `None` if `name` is no key name.
fn named_key(name: &str) -> Option<Result<KeyCode, String>> {
    let lower = name.to_ascii_lowercase();
    let code = match lower.as_str() {
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
        f if f.len() > 1 && f.starts_with('f') && f[1..].bytes().all(|b| b.is_ascii_digit()) => {
            return Some(match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => Ok(KeyCode::F(n)),
                _ => Err(format!(
                    "`{name}` is not a key: function keys are f1 to f12"
                )),
            })
        }
        _ => return None,
    };
    Some(Ok(code))
}

impl KeyBinding {
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

impl<'de> Deserialize<'de> for KeyBinding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed inside the visitor, so a YAML error points at the key itself.
        struct SpecVisitor;
        impl Visitor<'_> for SpecVisitor {
            type Value = KeyBinding;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a key such as `ctrl-e`, `f5` or `?`")
            }
            fn visit_str<E: de::Error>(self, spec: &str) -> Result<KeyBinding, E> {
                spec.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(SpecVisitor)
    }
}

/// The `keys:` of a config file, in the order written: a key to the action it does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeyBindings(pub Vec<(KeyBinding, Action)>);

impl KeyBindings {
    /// The action bound to this key, if any.
    pub fn action_for(&self, key: KeyEvent) -> Option<Action> {
        self.0
            .iter()
            .find(|(binding, _)| binding.matches(key))
            .map(|(_, action)| action.clone())
    }
}

impl<'de> Deserialize<'de> for KeyBindings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BindingsVisitor;
        impl<'de> Visitor<'de> for BindingsVisitor {
            type Value = KeyBindings;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("keys, each with the action it does (`ctrl-e: export-to-file`)")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<KeyBindings, M::Error> {
                let mut bindings = Vec::new();
                while let Some(binding) = map.next_entry::<KeyBinding, Action>()? {
                    bindings.push(binding);
                }
                Ok(KeyBindings(bindings))
            }
        }
        deserializer.deserialize_map(BindingsVisitor)
    }
}
