//! What the user set up (config file and flags) that the UI follows.

use super::history::History;
use super::keymap::KeyBindings;
use super::saved_walks::SavedWalks;
use super::theme::ThemeName;
use mamtriage::render::{markdown, text, Document};
use serde::Deserialize;
use std::path::PathBuf;

/// What the user set up (config file and flags) that the UI follows.
#[derive(Debug, Clone)]
pub struct Settings {
    pub export_dir: PathBuf,
    pub export_format: ExportFormat,
    pub theme: ThemeName,
    /// Bindings from the config, checked before the built-in keys.
    pub keys: KeyBindings,
    pub history: History,
    /// Walks kept between runs.
    pub saved_walks: SavedWalks,
    /// Mask user names, addresses and ids in scanned evidence (tokens are masked always).
    pub redact: bool,
}

impl Settings {
    /// The defaults, exporting to `export_dir`, with history for this run only.
    pub fn new(export_dir: PathBuf) -> Settings {
        Settings {
            export_dir,
            export_format: ExportFormat::Text,
            theme: ThemeName::Default,
            keys: KeyBindings::default(),
            history: History::default(),
            saved_walks: SavedWalks::default(),
            redact: false,
        }
    }
}

/// How the UI writes exports and copies: for a ticket or a wiki. (Scripts that want JSON
/// use `mamtriage show --format json`.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFormat {
    #[default]
    Text,
    Markdown,
}

impl ExportFormat {
    pub fn render(self, document: &Document) -> String {
        match self {
            ExportFormat::Text => text(document),
            ExportFormat::Markdown => markdown(document),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Text => "txt",
            ExportFormat::Markdown => "md",
        }
    }
}
