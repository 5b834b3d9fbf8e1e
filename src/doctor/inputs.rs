//! What doctor is given, recognised by content: a Mattermost `config.json`, a support packet
//! (a zip, perhaps inside another, with `sanitized_config.json` and `diagnostics.yaml` at any
//! depth), or an Entra app registration in any of the shapes it is saved in.

use super::json_doc::{get_path, JsonDoc, JsonError};
use super::server_config::PacketFacts;
use serde::Serialize;
use serde_json::Value;
use std::io::{Cursor, Read};

/// The largest member read from a support packet (a config is a few hundred KiB).
const MEMBER_LIMIT: u64 = 64 << 20;
/// How deep zips inside zips are opened.
const ZIP_DEPTH: usize = 3;

/// What an input was taken for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Config,
    SupportPacket,
    AppRegistration,
}

/// What the user said an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// `--config`: a config file or a support packet.
    Config,
    /// `--app`: an app registration.
    App,
    /// Given without a flag: recognised by content.
    Any,
}

/// One input, read.
#[derive(Debug)]
pub struct DoctorInput {
    pub name: String,
    pub kind: InputKind,
    pub config: Option<JsonDoc>,
    pub packet: Option<PacketFacts>,
    pub app: Option<JsonDoc>,
    /// What reading it noticed (several nodes' configs in a cluster packet, say).
    pub notes: Vec<String>,
}

/// Why an input cannot be used: it is named, and so is the place where that applies.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}:{}:{}: not valid JSON: {}", .error.line, .error.column, .error.message)]
    Json { name: String, error: JsonError },
    #[error("{name}: {why}")]
    Unusable { name: String, why: String },
}

fn unusable(name: &str, why: impl Into<String>) -> InputError {
    InputError::Unusable {
        name: name.to_string(),
        why: why.into(),
    }
}

/// Reads one input from its bytes, as `expected` says it should be.
pub fn read_input(name: &str, bytes: &[u8], expected: Expected) -> Result<DoctorInput, InputError> {
    if bytes.starts_with(b"PK\x03\x04") {
        if expected == Expected::App {
            return Err(unusable(name, "a zip archive, not an app registration"));
        }
        return read_packet(name, bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| unusable(name, "not text (nor a zip)"))?;
    let doc = JsonDoc::parse(text).map_err(|error| InputError::Json {
        name: name.to_string(),
        error,
    })?;
    let input = |kind, config, app| DoctorInput {
        name: name.to_string(),
        kind,
        config,
        packet: None,
        app,
        notes: Vec::new(),
    };
    match (recognise(name, doc)?, expected) {
        (Recognised::Config(doc), Expected::Config | Expected::Any) => {
            Ok(input(InputKind::Config, Some(doc), None))
        }
        (Recognised::App(doc), Expected::App | Expected::Any) => {
            Ok(input(InputKind::AppRegistration, None, Some(doc)))
        }
        (Recognised::Config(_), Expected::App) => Err(unusable(
            name,
            "a Mattermost server config, not an app registration: give it with --config",
        )),
        (Recognised::App(_), Expected::Config) => Err(unusable(
            name,
            "an Entra app registration, not a server config: give it with --app",
        )),
    }
}

enum Recognised {
    Config(JsonDoc),
    App(JsonDoc),
}

/// Mattermost config sections (any one will do: fragments such as `mmctl config patch` files
/// are normal).
const CONFIG_SECTIONS: &[&str] = &[
    "FeatureFlags",
    "PluginSettings",
    "ClusterSettings",
    "ExperimentalSettings",
    "LdapSettings",
    "OpenIdSettings",
    "ServiceSettings",
    "TeamSettings",
    "SqlSettings",
    "LogSettings",
    "IntuneSettings",
    "Office365Settings",
    "SamlSettings",
    "NativeAppSettings",
    "EmailSettings",
    "FileSettings",
];

/// Keys only an app registration has.
const APP_KEYS: &[&str] = &[
    "appId",
    "identifierUris",
    "signInAudience",
    "requiredResourceAccess",
    "oauth2Permissions",
    "optionalClaims",
    "api",
];

fn has_any(value: &Value, keys: &[&str]) -> bool {
    keys.iter().any(|key| get_path(value, key).is_some())
}

fn recognise(name: &str, doc: JsonDoc) -> Result<Recognised, InputError> {
    match &doc.value {
        Value::Array(_) => Err(unusable(
            name,
            "a JSON array, not an app registration or a config (an excerpt such as \
             requiredResourceAccess alone?)",
        )),
        Value::Object(object) => {
            if let Some(Value::Array(apps)) = object.get("value") {
                return match apps.as_slice() {
                    [app] => recognise(name, JsonDoc::from_value(app.clone())),
                    apps => Err(unusable(
                        name,
                        format!(
                            "a list of {} applications; save the one Mattermost uses \
                             (`az ad app show --id <client-id>`)",
                            apps.len()
                        ),
                    )),
                };
            }
            let value = &doc.value;
            if value.get("manifestVersion").is_some()
                && (value.get("webApplicationInfo").is_some() || value.get("bots").is_some())
            {
                return Err(unusable(
                    name,
                    "a Microsoft Teams app manifest, not an Entra app registration: download \
                     the manifest from Entra admin center > App registrations",
                ));
            }
            if has_any(value, CONFIG_SECTIONS) {
                Ok(Recognised::Config(doc))
            } else if has_any(value, APP_KEYS) {
                Ok(Recognised::App(doc))
            } else {
                Err(unusable(
                    name,
                    "neither a Mattermost config nor an Entra app registration",
                ))
            }
        }
        _ => Err(unusable(name, "a single JSON value, not an object")),
    }
}

/// A support packet: its (first) `sanitized_config.json` and what `diagnostics.yaml` and
/// `metadata.yaml` tell of the server.
fn read_packet(name: &str, bytes: &[u8]) -> Result<DoctorInput, InputError> {
    let mut files = Vec::new();
    collect_members(name, bytes, 0, &mut files)?;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let named = |file: &'static str| {
        files
            .iter()
            .filter(move |(path, _)| path.rsplit(['/', '!']).next() == Some(file))
    };
    let mut notes = Vec::new();
    let configs: Vec<_> = named("sanitized_config.json").collect();
    let Some((config_path, config_bytes)) = configs.first() else {
        return Err(unusable(
            name,
            "a zip without sanitized_config.json: not a Mattermost support packet",
        ));
    };
    if configs.len() > 1 {
        notes.push(format!(
            "{} node configs in the packet; {config_path} was checked",
            configs.len()
        ));
    }
    let text = String::from_utf8_lossy(config_bytes);
    let config = JsonDoc::parse(&text).map_err(|error| InputError::Json {
        name: config_path.clone(),
        error,
    })?;
    let packet = named("diagnostics.yaml")
        .chain(named("metadata.yaml"))
        .filter_map(|(_, bytes)| PacketFacts::from_yaml(&String::from_utf8_lossy(bytes)))
        .fold(PacketFacts::default(), PacketFacts::merge);
    Ok(DoctorInput {
        name: name.to_string(),
        kind: InputKind::SupportPacket,
        config: Some(config),
        packet: Some(packet),
        app: None,
        notes,
    })
}

/// The packet files of a zip (and of zips inside it), by their path.
fn collect_members(
    name: &str,
    bytes: &[u8],
    depth: usize,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), InputError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|err| unusable(name, format!("not a readable zip archive ({err})")))?;
    for index in 0..archive.len() {
        let Ok(mut member) = archive.by_index(index) else {
            continue;
        };
        let Ok(member_name) = member.name().map(|n| n.into_owned()) else {
            continue;
        };
        let path = format!("{name}!{member_name}");
        let base = member_name
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let nested = base.ends_with(".zip") && depth < ZIP_DEPTH;
        let wanted = matches!(
            base.as_str(),
            "sanitized_config.json" | "diagnostics.yaml" | "metadata.yaml"
        );
        if !(nested || wanted) {
            continue;
        }
        let mut content = Vec::new();
        let read = (&mut member).take(MEMBER_LIMIT).read_to_end(&mut content);
        if read.is_err() {
            return Err(unusable(&path, "damaged inside the zip"));
        }
        if nested {
            collect_members(&path, &content, depth + 1, files)?;
        } else {
            files.push((path, content));
        }
    }
    Ok(())
}
