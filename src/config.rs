//! The user's settings: `config.yaml` in the platform's config directory (or `--settings`).
//! Every setting is optional; with no file at all the defaults apply.

use crate::tui::{ExportFormat, KeyBindings, ThemeName};
use mamtriage::knowledge::{located_yaml_error, Platform};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Environment variable naming the config file (overrides the platform's default).
pub const CONFIG_ENV: &str = "MAMTRIAGE_CONFIG";

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The platform filter the TUI, `search` and `list` start with.
    pub platform: Option<Platform>,
    /// Knowledge directories loaded before `$MAMTRIAGE_KNOWLEDGE` and `--knowledge`.
    pub knowledge: Vec<PathBuf>,
    pub theme: ThemeName,
    /// Extra key bindings for the TUI: a key (`ctrl-e`, `f5`, `alt-x`) to an action name
    /// (`export-to-file`, `copy-to-clipboard`, ...). They win over the built-in keys.
    pub keys: KeyBindings,
    /// Where the TUI writes exports (the current directory if unset).
    pub export_dir: Option<PathBuf>,
    /// How the TUI writes exports and copies: `text` or `markdown`.
    pub export_format: ExportFormat,
    /// Keep recent searches (Up and Down in the empty search box).
    pub history: bool,
    /// Mask user names, addresses and ids in the evidence the TUI shows and exports, as
    /// `scan --redact` does (tokens are masked always).
    pub redact: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            platform: None,
            knowledge: Vec::new(),
            theme: ThemeName::Default,
            keys: KeyBindings::default(),
            export_dir: None,
            export_format: ExportFormat::Text,
            history: true,
            redact: false,
        }
    }
}

/// A config file that cannot be used, with the place of the problem.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The largest settings file read; a real one is a few lines.
const LARGEST_SETTINGS: u64 = 1 << 20;

/// A settings file's text: a regular file of at most [`LARGEST_SETTINGS`] (never a device,
/// which could be endless).
fn read_settings(path: &Path) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    if !std::fs::metadata(path)?.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(LARGEST_SETTINGS + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > LARGEST_SETTINGS {
        let limit = LARGEST_SETTINGS >> 20;
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {limit} MiB, more than any settings file"),
        ));
    }
    Ok(text)
}

impl Config {
    /// `$MAMTRIAGE_CONFIG`, else `config.yaml` in the platform's config directory
    /// (`~/.config/mamtriage/config.yaml` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        match std::env::var_os(CONFIG_ENV) {
            Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
            _ => mamtriage::user_dirs::project_dirs()
                .map(|dirs| dirs.config_dir().join("config.yaml")),
        }
    }

    /// Reads a config file. A missing file is an error only when `required` (named by the
    /// user); otherwise it means the defaults.
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let error = |line, column, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            column,
            message,
        };
        let text = match read_settings(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default())
            }
            Err(err) => return Err(error(1, 1, format!("cannot read: {err}"))),
        };
        let mut config =
            Config::parse(&text).map_err(|(line, column, message)| error(line, column, message))?;
        let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        config.expand_home(home.as_deref());
        Ok(config)
    }

    /// Reads `~/` at the start of a folder as the home folder, as a shell would.
    pub fn expand_home(&mut self, home: Option<&Path>) {
        let Some(home) = home else { return };
        let expand = |path: &mut PathBuf| {
            if let Ok(rest) = path.strip_prefix("~") {
                *path = home.join(rest);
            }
        };
        self.knowledge.iter_mut().for_each(expand);
        self.export_dir.iter_mut().for_each(expand);
    }

    /// Parses config text; an error comes with its line and column.
    pub fn parse(text: &str) -> Result<Config, (usize, usize, String)> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        serde_yaml::from_str(text).map_err(|err| located_yaml_error(&err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_and_an_empty_file_mean_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("config.yaml");
        assert_eq!(Config::load(&missing, false), Ok(Config::default()));
        assert!(Config::load(&missing, true).is_err());
        assert_eq!(Config::parse("# nothing yet\n"), Ok(Config::default()));
    }

    #[test]
    fn every_setting_is_read() {
        let config = Config::parse(
            "platform: ios\nknowledge: [/srv/packs]\ntheme: high-contrast\nkeys:\n  ctrl-e: export-to-file\nexport-dir: /tmp/tickets\nexport-format: markdown\nhistory: false\nredact: true\n",
        )
        .unwrap();
        assert_eq!(config.platform, Some(Platform::Ios));
        assert_eq!(config.knowledge, [PathBuf::from("/srv/packs")]);
        assert_eq!(config.theme, ThemeName::HighContrast);
        assert_eq!(
            config.keys.0,
            [("ctrl-e".parse().unwrap(), crate::tui::Action::ExportToFile)]
        );
        assert_eq!(config.export_dir, Some(PathBuf::from("/tmp/tickets")));
        assert_eq!(config.export_format, ExportFormat::Markdown);
        assert!(!config.history);
        assert!(config.redact);
    }

    #[test]
    fn a_wrong_setting_names_its_line_and_key() {
        let (line, column, message) = Config::parse("theme: default\ncolour: blue\n").unwrap_err();
        assert_eq!((line, column), (2, 1));
        assert!(message.starts_with("unknown field `colour`"), "{message}");
        let (line, _, message) = Config::parse("history: false\ntheme: neon\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(message.contains("unknown variant `neon`"), "{message}");
        // JSON is for scripts (`show --format json`); a ticket export is text or Markdown.
        let (line, column, message) =
            Config::parse("theme: default\nexport-format: json\n").unwrap_err();
        assert_eq!((line, column), (2, 16));
        assert!(
            message.contains("unknown variant `json`, expected `text` or `markdown`"),
            "{message}"
        );
    }

    #[test]
    fn a_leading_tilde_means_home() {
        let mut config =
            Config::parse("knowledge: [~/packs, /srv/x, ~other]\nexport-dir: ~/tickets\n").unwrap();
        config.expand_home(Some(Path::new("/home/ann")));
        let packs: Vec<PathBuf> = ["/home/ann/packs", "/srv/x", "~other"]
            .map(PathBuf::from)
            .into();
        assert_eq!(config.knowledge, packs);
        assert_eq!(config.export_dir, Some(PathBuf::from("/home/ann/tickets")));
    }
}
