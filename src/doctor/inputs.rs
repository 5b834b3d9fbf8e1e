//! What doctor is given, recognised by content: a Mattermost `config.json`, a support packet
//! (a zip, perhaps inside another, with `sanitized_config.json` and `diagnostics.yaml` at any
//! depth), or an Entra app registration in any of the shapes it is saved in.

use super::json_doc::{get_path, JsonDoc, JsonError};
use super::server_config::PacketFacts;
use crate::scan::budget::{Budget, Budgeted};
use crate::scan::text_encoding::{self, Encoding};
use crate::terminal_text::one_line;
use serde::Serialize;
use serde_json::Value;
use std::cell::RefCell;
use std::io::{self, Cursor, Read, Seek};
use std::path::Path;
use std::rc::Rc;

/// The largest config or app registration read: real ones are about 100 KiB.
pub const LARGEST_DOCUMENT: u64 = 8 << 20;
/// The largest `diagnostics.yaml` or `metadata.yaml` read (a few KiB in a real packet).
const LARGEST_YAML: u64 = 1 << 20;
/// Configs read from one packet at most, looking for the first by name; the rest are counted.
const CONFIGS_READ: usize = 16;
/// YAML files read from one packet at most.
const YAMLS_READ: usize = 8;
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

/// Opens and reads the input at `path` (`-`: standard input). A zip is read in place, as a
/// packet may be large; anything else is read only up to [`LARGEST_DOCUMENT`], and a device
/// not at all.
pub fn open_input(path: &Path, expected: Expected) -> Result<DoctorInput, InputError> {
    let name = one_line(&path.display().to_string()).into_owned();
    let cannot = |err: io::Error| unusable(&name, format!("cannot read: {err}"));
    if path.as_os_str() == "-" {
        return read_stream(&name, io::stdin().lock(), expected);
    }
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.is_file() && !is_pipe(&metadata) {
        return Err(unusable(
            &name,
            "not a file (a device or a folder); not read",
        ));
    }
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    if metadata.is_file() {
        let mut magic = [0; 4];
        let read = file
            .read(&mut magic)
            .and_then(|n| file.rewind().map(|()| n));
        if read.map_err(cannot)? == 4 && is_zip(&magic) {
            return read_zip_input(&name, file, metadata.len(), expected);
        }
    }
    read_stream(&name, file, expected)
}

#[cfg(unix)]
fn is_pipe(metadata: &std::fs::Metadata) -> bool {
    std::os::unix::fs::FileTypeExt::is_fifo(&metadata.file_type())
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::Metadata) -> bool {
    false
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

/// An input that cannot be read out of order (standard input, a pipe): a zip is copied to
/// an unnamed temporary file first, anything else read up to [`LARGEST_DOCUMENT`].
fn read_stream(
    name: &str,
    source: impl Read,
    expected: Expected,
) -> Result<DoctorInput, InputError> {
    let mut bytes = Vec::new();
    let mut source = source;
    let cannot = |err: io::Error| unusable(name, format!("cannot read: {err}"));
    (&mut source)
        .take(4)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if is_zip(&bytes) {
        let mut spilled = tempfile::tempfile().map_err(cannot)?;
        io::copy(&mut Cursor::new(bytes).chain(source), &mut spilled).map_err(cannot)?;
        let size = spilled.stream_position().map_err(cannot)?;
        spilled.rewind().map_err(cannot)?;
        return read_zip_input(name, spilled, size, expected);
    }
    source
        .take(LARGEST_DOCUMENT + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > LARGEST_DOCUMENT {
        return Err(unusable(
            name,
            format!(
                "larger than {} MiB, more than any config or app registration; not read",
                LARGEST_DOCUMENT >> 20
            ),
        ));
    }
    read_input(name, &bytes, expected)
}

fn read_zip_input(
    name: &str,
    archive: impl Read + Seek,
    size: u64,
    expected: Expected,
) -> Result<DoctorInput, InputError> {
    if expected == Expected::App {
        return Err(unusable(name, "a zip archive, not an app registration"));
    }
    read_packet(name, archive, size)
}

/// Reads one input from its bytes, as `expected` says it should be.
pub fn read_input(name: &str, bytes: &[u8], expected: Expected) -> Result<DoctorInput, InputError> {
    if is_zip(bytes) {
        return read_zip_input(name, Cursor::new(bytes), bytes.len() as u64, expected);
    }
    let text = decode(name, bytes)?;
    let doc = JsonDoc::parse(&text).map_err(|error| InputError::Json {
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

/// The text of a document: UTF-8, or UTF-16 as PowerShell 5.1 saves `az ... > app.json`.
fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<std::borrow::Cow<'a, str>, InputError> {
    match text_encoding::sniff(bytes) {
        Encoding::Utf16(encoding) => Ok(encoding.decode_with_bom_removal(bytes).0),
        Encoding::Text => std::str::from_utf8(bytes)
            .map(|text| text.trim_start_matches('\u{feff}').into())
            .map_err(|_| unusable(name, "not UTF-8 or UTF-16 text (nor a zip)")),
        Encoding::Binary => Err(unusable(name, "not text (nor a zip)")),
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

/// A support packet: its first `sanitized_config.json` (by path) and what
/// `diagnostics.yaml` and `metadata.yaml` tell of the server. Members are read within the
/// budget `scan` gives an input, each only as far as a real one could go.
fn read_packet(
    name: &str,
    archive: impl Read + Seek,
    size: u64,
) -> Result<DoctorInput, InputError> {
    let budget = Budget::for_input(Some(size));
    let mut files = PacketFiles::default();
    collect_members(name, archive, 0, &mut files, &budget)?;
    if let Some(why) = budget.borrow().exhausted() {
        return Err(unusable(name, why));
    }
    let mut notes = Vec::new();
    let Some((config_path, config_bytes)) = files.config else {
        return Err(unusable(
            name,
            "a zip without sanitized_config.json: not a Mattermost support packet",
        ));
    };
    if files.configs > 1 {
        notes.push(format!(
            "{} node configs in the packet; {config_path} was checked",
            files.configs
        ));
    }
    let text = String::from_utf8_lossy(&config_bytes);
    let config = JsonDoc::parse(&text).map_err(|error| InputError::Json {
        name: config_path.clone(),
        error,
    })?;
    let packet = files
        .yamls
        .iter()
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

/// What a packet's members give: the config first by path, how many there were, the YAML.
#[derive(Default)]
struct PacketFiles {
    config: Option<(String, Vec<u8>)>,
    configs: usize,
    configs_read: usize,
    yamls: Vec<(String, Vec<u8>)>,
}

/// The packet files of a zip (and of zips inside it), by their path.
fn collect_members(
    name: &str,
    archive: impl Read + Seek,
    depth: usize,
    files: &mut PacketFiles,
    budget: &Rc<RefCell<Budget>>,
) -> Result<(), InputError> {
    let mut archive = zip::ZipArchive::new(archive)
        .map_err(|err| unusable(name, format!("not a readable zip archive ({err})")))?;
    if archive.has_overlapping_entries().unwrap_or(true) {
        return Err(unusable(
            name,
            "its entries share their data (an overlapping zip bomb?); not opened",
        ));
    }
    for index in 0..archive.len() {
        if !budget.borrow_mut().take_member() {
            return Ok(());
        }
        let Some(Ok(member_name)) = archive
            .name_for_index(index)
            .map(|n| n.map(|n| n.into_owned()))
        else {
            continue;
        };
        let path = format!("{name}!{}", one_line(&member_name));
        let base = member_name.rsplit('/').next().unwrap_or_default();
        let limit = match base {
            "sanitized_config.json" => {
                files.configs += 1;
                let earlier = files.config.as_ref().is_none_or(|(first, _)| path < *first);
                if !earlier || files.configs_read >= CONFIGS_READ {
                    continue;
                }
                files.configs_read += 1;
                LARGEST_DOCUMENT
            }
            "diagnostics.yaml" | "metadata.yaml" if files.yamls.len() < YAMLS_READ => LARGEST_YAML,
            _ if base.ends_with(".zip") && depth < ZIP_DEPTH => {
                let Ok(member) = archive.by_index(index) else {
                    continue;
                };
                let mut spilled = tempfile::tempfile()
                    .map_err(|err| unusable(&path, format!("no temporary file ({err})")))?;
                let mut member = Budgeted::new(member, budget, &path);
                io::copy(&mut member, &mut spilled)
                    .and_then(|_| spilled.rewind())
                    .map_err(|_| unusable(&path, "damaged inside the zip"))?;
                collect_members(&path, spilled, depth + 1, files, budget)?;
                continue;
            }
            _ => continue,
        };
        let Ok(member) = archive.by_index(index) else {
            continue;
        };
        let mut content = Vec::new();
        Budgeted::new(member, budget, &path)
            .take(limit + 1)
            .read_to_end(&mut content)
            .map_err(|_| unusable(&path, "damaged inside the zip"))?;
        if content.len() as u64 > limit {
            return Err(unusable(
                &path,
                format!(
                    "larger than {} MiB, more than a real one; not read",
                    limit >> 20
                ),
            ));
        }
        if base == "sanitized_config.json" {
            files.config = Some((path, content));
        } else {
            files.yamls.push((path, content));
        }
    }
    Ok(())
}
