//! The config file and the colour choice, turned into what the commands and the TUI use.

use crate::config::{Config, ConfigError};
use crate::tui::{History, SavedWalks, Settings, ThemeName};
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// When the TUI uses colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// The theme to draw with: the configured one, or none when colour is off.
    pub fn theme(self, configured: ThemeName, no_color: bool) -> ThemeName {
        match (self, no_color) {
            (ColorChoice::Never, _) | (ColorChoice::Auto, true) => ThemeName::Monochrome,
            _ => configured,
        }
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, as no-color.org says).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

/// The config in use and where it came from.
#[derive(Debug, Clone, Default)]
pub struct UserConfig {
    pub config: Config,
    pub path: Option<PathBuf>,
}

impl UserConfig {
    /// `--settings FILE` (which must exist), else the default file if there is one.
    pub fn load(explicit: Option<&Path>) -> Result<UserConfig, ConfigError> {
        let (path, required) = match explicit {
            Some(path) => (Some(path.to_path_buf()), true),
            None => (Config::default_path(), false),
        };
        let config = match &path {
            Some(path) => Config::load(path, required)?,
            None => Config::default(),
        };
        Ok(UserConfig { config, path })
    }

    /// Where recent searches are kept; `None` when history is off.
    pub fn history_file(&self) -> Option<PathBuf> {
        History::default_file().filter(|_| self.config.history)
    }

    /// What the TUI follows, from the config and the colour choice.
    pub fn tui_settings(&self, color: ColorChoice) -> Settings {
        let export_dir = match &self.config.export_dir {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        };
        let history = self
            .history_file()
            .map_or_else(History::default, History::load);
        // Walks are kept where history is, and only when history is on.
        let saved_walks = SavedWalks::default_file()
            .filter(|_| self.config.history)
            .map_or_else(SavedWalks::default, SavedWalks::load);
        Settings {
            export_format: self.config.export_format,
            theme: color.theme(self.config.theme, no_color_requested()),
            keys: self.config.keys.clone(),
            history,
            saved_walks,
            redact: self.config.redact,
            ..Settings::new(export_dir)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_and_never_turn_colour_off_and_always_keeps_it() {
        let configured = ThemeName::HighContrast;
        assert_eq!(ColorChoice::Auto.theme(configured, false), configured);
        assert_eq!(
            ColorChoice::Auto.theme(configured, true),
            ThemeName::Monochrome
        );
        assert_eq!(
            ColorChoice::Never.theme(configured, false),
            ThemeName::Monochrome
        );
        assert_eq!(ColorChoice::Always.theme(configured, true), configured);
    }

    #[test]
    fn history_is_kept_in_the_data_folder_unless_turned_off() {
        let mut config = UserConfig::default();
        let file = config.history_file().expect("a data folder here");
        assert!(file.ends_with("mamtriage/history"), "{}", file.display());
        config.config.history = false;
        assert_eq!(config.history_file(), None);
    }

    #[test]
    fn a_wrong_key_binding_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        let load = |text: &str| {
            std::fs::write(&path, text).unwrap();
            UserConfig::load(Some(&path)).unwrap_err()
        };
        let err = load("theme: default\nkeys:\n  ctrl-e: export-to-file\n  hyper-x: quit\n");
        assert_eq!((err.line, err.column), (4, 3), "{err}");
        assert!(err.message.contains("`hyper-x` is not a key"), "{err}");
        let err = load("keys:\n  f5: fly\n");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("unknown variant `fly`"), "{err}");
        // Actions that carry data (typing, clicks) cannot be bound.
        let err = load("keys:\n  f5: insert-text\n");
        assert!(
            err.message.contains("unknown variant `insert-text`"),
            "{err}"
        );
        let err = load("keys:\n  f4: quit\n  ctrl-E: export-to-file\n");
        assert_eq!((err.line, err.column), (3, 3));
        assert!(err.message.contains("write `ctrl-e`"), "{err}");
    }
}
