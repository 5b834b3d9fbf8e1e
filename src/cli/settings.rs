//! The config file and the colour choice, turned into what the commands and the TUI use.

use crate::tui::action::{action_named, Action, KeyBinding};
use crate::tui::history::History;
use crate::tui::Settings;
use clap::ValueEnum;
use mamtriage::config::{Config, ConfigError, ThemeName};
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
    /// `--config FILE` (which must exist), else the default file if there is one.
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

    /// The config's key bindings; a wrong key or action is reported at its line.
    pub fn key_bindings(&self) -> Result<Vec<(KeyBinding, Action)>, ConfigError> {
        self.config
            .keys
            .iter()
            .map(|(key, action)| {
                KeyBinding::parse(key)
                    .and_then(|binding| Ok((binding, action_named(action)?)))
                    .map_err(|message| self.error_at_key(key, message))
            })
            .collect()
    }

    fn error_at_key(&self, key: &str, message: String) -> ConfigError {
        let path = self.path.clone().unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let (line, column) = Config::line_of_key(&text, key).unwrap_or((1, 1));
        ConfigError {
            path,
            line,
            column,
            message: format!("keys: {message}"),
        }
    }

    /// What the TUI follows, from the config and the colour choice.
    pub fn tui_settings(&self, color: ColorChoice) -> Result<Settings, ConfigError> {
        let export_dir = match &self.config.export_dir {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        };
        let history = self
            .history_file()
            .map_or_else(History::default, History::load);
        Ok(Settings {
            export_format: self.config.export_format,
            theme: color.theme(self.config.theme, no_color_requested()),
            keys: self.key_bindings()?,
            history,
            ..Settings::new(export_dir)
        })
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
        assert_eq!(config.history_file(), History::default_file());
        config.config.history = false;
        assert_eq!(config.history_file(), None);
    }

    #[test]
    fn a_wrong_key_binding_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(
            &path,
            "theme: default\nkeys:\n  ctrl-e: export-to-file\n  hyper-x: quit\n",
        )
        .unwrap();
        let config = UserConfig::load(Some(&path)).unwrap();
        let err = config.key_bindings().unwrap_err();
        assert_eq!((err.line, err.column), (4, 3));
        assert!(
            err.message.starts_with("keys: `hyper-x` is not a key"),
            "{err}"
        );
        std::fs::write(&path, "keys:\n  f5: fly\n").unwrap();
        let err = UserConfig::load(Some(&path))
            .unwrap()
            .key_bindings()
            .unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("`fly` is not an action"), "{err}");
    }
}
