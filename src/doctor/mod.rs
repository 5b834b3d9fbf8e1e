//! Checking a setup at once: a Mattermost server config (or a support packet) and an Entra app
//! registration against everything Intune MAM needs, every check reported (where the server
//! stops at the first), each tied to the knowledge entry that fixes it.
//!
//! [`inputs`] reads and recognises the files; [`server_config`] and [`app_registration`]
//! hold the checks; [`render`] writes the checklist for people.

pub mod app_registration;
pub mod inputs;
mod json_doc;
pub mod render;
pub mod server_config;

pub use inputs::{open_input, read_input, DoctorInput, Expected, InputError, InputKind};
pub use json_doc::{get_path, JsonDoc, JsonError};

/// A UUID as the server's check wants it: 8-4-4-4-12 hex digits, nothing around them.
pub use crate::search::is_guid as is_uuid;

use crate::scan::secrets::mask_secrets;
use crate::terminal_text::one_line;
use serde::Serialize;
use serde_json::Value;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// Mattermost accepts it, but the setup guide asks otherwise.
    Warn,
    /// The files given cannot tell (a masked secret, the other input missing).
    Unknown,
}

impl Status {
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Warn => "!",
            Status::Unknown => "?",
        }
    }
}

/// Which file a check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    ServerConfig,
    AppRegistration,
    ServerAndLicence,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::ServerConfig => "Server config",
            Source::AppRegistration => "App registration",
            Source::ServerAndLicence => "Server and licence",
        }
    }
}

/// One check: the `--json` contract (keys may be added, none renamed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    pub id: &'static str,
    pub status: Status,
    pub title: &'static str,
    pub found: Value,
    pub expected: Value,
    /// Where in the file (`IntuneSettings.AuthService`).
    pub path: String,
    /// The line of that key, when the file is JSON text on disk.
    pub line: Option<usize>,
    /// The knowledge entry that explains the fix.
    pub entry: &'static str,
    /// Which of the entry's steps is the fix (0, the first, unless the check says).
    #[serde(skip)]
    pub fix_step: usize,
    pub source: Source,
    /// What else the admin should know: the error the server would show, why it is unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Check {
    /// The setup guide step this check verifies: its entry when that is a step, the System
    /// Console step for the server's config rules.
    pub fn setup_step(&self) -> Option<&'static str> {
        if self.entry.starts_with("setup.") {
            Some(self.entry)
        } else if self.entry.starts_with("model.config.is_valid.") {
            Some("setup.system-console")
        } else {
            None
        }
    }

    /// One line for a person: the mark, the title, and for a check that did not pass what was
    /// found and expected and why.
    pub fn describe(&self) -> String {
        let mut line = format!("{} {}", self.status.symbol(), self.title);
        if self.status != Status::Pass {
            line.push_str(&format!(
                ": found {}, expected {}",
                shown(&self.found),
                shown(&self.expected)
            ));
            if let Some(note) = &self.note {
                line.push_str(&format!(" ({note})"));
            }
        }
        line
    }
}

/// A found or expected value in words: nothing, an empty string, the text or the JSON.
pub fn shown(value: &Value) -> String {
    match value {
        Value::Null => "nothing".to_string(),
        Value::String(text) if text.is_empty() => "\"\"".to_string(),
        // A value from a config may hold a secret, line breaks or escape sequences.
        Value::String(text) => one_line(&mask_secrets(text)).into_owned(),
        other => other.to_string(),
    }
}

/// How the checks of one setup step came out together: the worst of them.
pub fn step_status<'c>(checks: impl IntoIterator<Item = &'c Check>) -> Option<Status> {
    checks
        .into_iter()
        .map(|check| check.status)
        .max_by_key(|status| match status {
            Status::Pass => 0,
            Status::Unknown => 1,
            Status::Warn => 2,
            Status::Fail => 3,
        })
}

/// Checks counted by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub unknown: usize,
}

/// One input as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InputSummary {
    pub path: String,
    pub kind: InputKind,
}

/// What doctor found: the `--json` contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub inputs: Vec<InputSummary>,
    pub checks: Vec<Check>,
    pub summary: Summary,
    /// What reading the inputs noticed.
    pub notes: Vec<String>,
}

impl Report {
    /// Every check on what was given.
    pub fn of(inputs: &[DoctorInput]) -> Report {
        let checks = check(inputs);
        let mut summary = Summary::default();
        for check in &checks {
            *match check.status {
                Status::Pass => &mut summary.pass,
                Status::Fail => &mut summary.fail,
                Status::Warn => &mut summary.warn,
                Status::Unknown => &mut summary.unknown,
            } += 1;
        }
        Report {
            inputs: inputs
                .iter()
                .map(|input| InputSummary {
                    path: input.name.clone(),
                    kind: input.kind,
                })
                .collect(),
            checks,
            summary,
            notes: inputs.iter().flat_map(|i| i.notes.clone()).collect(),
        }
    }

    /// Whether a check failed.
    pub fn failed(&self) -> bool {
        self.summary.fail > 0
    }

    /// The report with every tenant, client and object id masked, the same id by the same
    /// mask (`id-1`), so comparisons stay readable. Microsoft's and Mattermost's published ids
    /// stay as they are.
    pub fn redacted(mut self) -> Report {
        let mut masks = IdMasks::default();
        for check in &mut self.checks {
            masks.mask_value(&mut check.found);
            masks.mask_value(&mut check.expected);
            if let Some(note) = &mut check.note {
                *note = masks.mask(note);
            }
        }
        for input in &mut self.inputs {
            input.path = masks.mask(&input.path);
        }
        self
    }
}

/// Ids that are the same in every tenant: masking them would hide nothing and lose meaning.
const PUBLISHED_IDS: &[&str] = &[
    app_registration::MOBILE_CLIENTS[0].0,
    app_registration::MOBILE_CLIENTS[1].0,
    "00000003-0000-0000-c000-000000000000",
    "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
    "14dad69e-099b-42c9-810b-d002981feec1",
];

/// Masks for the ids met so far.
#[derive(Default)]
struct IdMasks {
    seen: Vec<String>,
}

impl IdMasks {
    fn mask(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while !rest.is_empty() {
            let id_here = rest.get(..36).filter(|candidate| is_uuid(candidate));
            let starts_word = out.chars().last().is_none_or(|c| !c.is_ascii_hexdigit());
            match id_here.filter(|_| starts_word) {
                Some(id) if !PUBLISHED_IDS.contains(&id.to_ascii_lowercase().as_str()) => {
                    let id = id.to_ascii_lowercase();
                    let number = match self.seen.iter().position(|seen| *seen == id) {
                        Some(at) => at + 1,
                        None => {
                            self.seen.push(id);
                            self.seen.len()
                        }
                    };
                    out.push_str(&format!("id-{number}"));
                    rest = &rest[36..];
                }
                _ => {
                    let c = rest.chars().next().unwrap_or_default();
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        out
    }

    fn mask_value(&mut self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.mask(text),
            Value::Array(items) => items.iter_mut().for_each(|v| self.mask_value(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.mask_value(v)),
            _ => {}
        }
    }
}

/// Runs every check on what was given: a server config (from a file or a support packet),
/// the packet's version and licence, an app registration. Checks that need an input that is
/// missing say `unknown` and what to give.
fn check(inputs: &[DoctorInput]) -> Vec<Check> {
    let config = inputs.iter().find_map(|input| input.config.as_ref());
    let packet = inputs.iter().find_map(|input| input.packet.as_ref());
    let app = inputs.iter().find_map(|input| input.app.as_ref());
    let mut checks = Vec::new();
    if let Some(config) = config {
        checks.extend(server_config::checks(config));
    }
    if let Some(packet) = packet {
        checks.extend(server_config::packet_checks(packet));
    }
    let client_id = config.and_then(server_config::client_id);
    match app {
        Some(app) => checks.extend(app_registration::checks(app, client_id.as_deref())),
        None if config.is_some() => checks.push(app_registration::not_given()),
        None => {}
    }
    checks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_checked_as_the_server_does() {
        assert!(is_uuid("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
        assert!(is_uuid("AAAAAAAA-1111-2222-3333-444455556666"));
        assert!(!is_uuid("{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}"));
        assert!(!is_uuid(" aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
        assert!(!is_uuid("contoso.onmicrosoft.com"));
        assert!(!is_uuid("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeee"));
        assert!(!is_uuid(""));
    }
}
