//! The server side: `IntuneSettings` as the server validates it (every rule, not only the first
//! that fails), what the setup guide asks beyond that, and a support packet's version and
//! licence.

use super::json_doc::JsonDoc;
use super::{is_uuid, Check, Source, Status};
use serde_json::{json, Value};

/// How a support packet shows a masked secret.
pub const MASKED: &str = "********************************";

/// The first Mattermost version with Intune MAM sign-in.
pub const FIRST_INTUNE_VERSION: (u64, u64) = (11, 3);

/// Licence tiers (`sku_short_name`) that include Intune MAM.
pub const INTUNE_SKUS: [&str; 2] = ["advanced", "entry"];

/// A packet's server version and licence, from `diagnostics.yaml` or `metadata.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PacketFacts {
    pub version: Option<String>,
    pub sku: Option<String>,
}

impl PacketFacts {
    /// Reads what the YAML file gives; `None` when it is not YAML.
    pub fn from_yaml(text: &str) -> Option<PacketFacts> {
        let yaml: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
        let text_at = |path: &[&str]| -> Option<String> {
            let value = path.iter().try_fold(&yaml, |v, key| v.get(*key))?;
            match value {
                serde_yaml::Value::String(s) => Some(s.clone()),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        Some(PacketFacts {
            version: text_at(&["server", "version"]).or_else(|| text_at(&["server_version"])),
            sku: text_at(&["license", "sku_short_name"]),
        })
    }

    /// Facts from two files of one packet: what either gives.
    pub fn merge(self, other: PacketFacts) -> PacketFacts {
        PacketFacts {
            version: self.version.or(other.version),
            sku: self.sku.or(other.sku),
        }
    }
}

/// `11.3.0` as `(11, 3)`.
pub fn parse_version(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.trim().trim_start_matches('v').split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The client id the config names, for comparing with the app registration.
pub fn client_id(config: &JsonDoc) -> Option<String> {
    let id = config.get("IntuneSettings.ClientId")?.as_str()?;
    (!id.is_empty() && id != MASKED).then(|| id.to_string())
}

/// A check of a config value, before its outcome is known.
struct Setting<'c> {
    config: &'c JsonDoc,
    path: &'static str,
}

impl Setting<'_> {
    fn value(&self) -> Option<&Value> {
        self.config.get(self.path)
    }

    fn text(&self) -> Option<&str> {
        self.value().and_then(Value::as_str)
    }

    fn check(
        &self,
        id: &'static str,
        title: &'static str,
        entry: &'static str,
        status: Status,
        expected: Value,
    ) -> Check {
        Check {
            id,
            status,
            title,
            found: self.value().cloned().unwrap_or(Value::Null),
            expected,
            path: self.path.to_string(),
            line: self.config.line(self.path),
            entry,
            source: Source::ServerConfig,
            fix_step: 0,
            note: None,
        }
    }
}

/// The error the server would refuse the config with, as the admin sees it.
fn refusal(id: &str, message: &str) -> String {
    format!("Mattermost refuses this config: {id} ({message})")
}

/// Every server config check, in the order the server validates.
pub fn checks(config: &JsonDoc) -> Vec<Check> {
    let setting = |path| Setting { config, path };
    if config.get("IntuneSettings").is_none() {
        // An older server, a fragment or environment overrides: the values are not wrong,
        // they are not here (the check on the switch says which cases these are).
        return vec![enabled(config), log_level(config)];
    }
    let mut checks = vec![enabled(config)];
    checks.push(uuid_check(
        &setting("IntuneSettings.TenantId"),
        "config.tenant-id",
        "Tenant id is the Entra directory id",
        (
            "model.config.is_valid.intune_tenant_id.app_error",
            "model.config.is_valid.intune_tenant_id_format.app_error",
        ),
    ));
    checks.push(uuid_check(
        &setting("IntuneSettings.ClientId"),
        "config.client-id",
        "Client id is the app registration's application id",
        (
            "model.config.is_valid.intune_client_id.app_error",
            "model.config.is_valid.intune_client_id_format.app_error",
        ),
    ));
    let auth = setting("IntuneSettings.AuthService");
    checks.push(auth_service(&auth));
    match auth.text() {
        Some("office365") => {
            checks.push(provider_enabled(
                &setting("Office365Settings.Enable"),
                "config.office365-enabled",
                "Office 365 sign-in is on (Intune uses it)",
                "model.config.is_valid.intune_requires_office365.app_error",
            ));
            checks.push(directory_id(config));
        }
        Some("saml") => {
            checks.push(provider_enabled(
                &setting("SamlSettings.Enable"),
                "config.saml-enabled",
                "SAML sign-in is on (Intune uses it)",
                "model.config.is_valid.intune_requires_saml.app_error",
            ));
            checks.push(saml_id_attribute(&setting("SamlSettings.IdAttribute")));
        }
        _ => {}
    }
    checks.push(log_level(config));
    checks
}

fn enabled(config: &JsonDoc) -> Check {
    let setting = Setting {
        config,
        path: "IntuneSettings.Enable",
    };
    let id = "config.intune-enabled";
    let title = "Intune MAM is turned on";
    let entry = "setup.system-console";
    let mut check = match setting.value() {
        Some(Value::Bool(true)) => setting.check(id, title, entry, Status::Pass, json!(true)),
        Some(_) => setting.check(id, title, entry, Status::Fail, json!(true)),
        None => {
            let mut check = setting.check(id, title, entry, Status::Unknown, json!(true));
            check.note = Some(
                "no IntuneSettings section: a server before 11.3, a partial file, or settings \
                 given by MM_INTUNESETTINGS_* environment variables; a support packet's \
                 sanitized_config.json shows the effective settings"
                    .into(),
            );
            check
        }
    };
    let legacy = config.get("NativeAppSettings.EnableIntuneMAM") == Some(&Value::Bool(true));
    if legacy && check.status != Status::Pass {
        check.note = Some(
            "NativeAppSettings.EnableIntuneMAM is true, but that legacy key is not the switch: \
             IntuneSettings.Enable is"
                .into(),
        );
    }
    check
}

fn uuid_check(
    setting: &Setting,
    id: &'static str,
    title: &'static str,
    (missing, format): (&'static str, &'static str),
) -> Check {
    let expected = json!("a UUID such as 11111111-2222-3333-4444-555555555555");
    match setting.text() {
        Some(MASKED) => masked(setting.check(id, title, missing, Status::Unknown, expected)),
        None | Some("") => {
            let mut check = setting.check(id, title, missing, Status::Fail, expected);
            check.note = Some(refusal(missing, "it is required when Intune is enabled"));
            check
        }
        Some(value) if !is_uuid(value) => {
            let mut check = setting.check(id, title, format, Status::Fail, expected);
            let why = if value.trim() != value {
                "surrounding spaces"
            } else if value.starts_with('{') {
                "braces around it"
            } else if value.contains('.') {
                "a domain name, not the id"
            } else {
                "not in UUID form"
            };
            check.note = Some(refusal(format, why));
            check
        }
        Some(_) => setting.check(id, title, missing, Status::Pass, expected),
    }
}

fn auth_service(setting: &Setting) -> Check {
    let id = "config.auth-service";
    let title = "Auth service is office365 or saml";
    let expected = json!(["office365", "saml"]);
    let missing = "model.config.is_valid.intune_auth_service.app_error";
    let invalid = "model.config.is_valid.intune_auth_service_invalid.app_error";
    match setting.text() {
        None | Some("") => {
            let mut check = setting.check(id, title, missing, Status::Fail, expected);
            check.note = Some(refusal(missing, "AuthService is required"));
            check
        }
        Some("office365" | "saml") => setting.check(id, title, missing, Status::Pass, expected),
        Some(other) => {
            let mut check = setting.check(id, title, invalid, Status::Fail, expected);
            let case = ["office365", "saml"]
                .iter()
                .find(|name| name.eq_ignore_ascii_case(other));
            check.note = Some(match case {
                Some(name) => format!(
                    "{}; the server compares case: write `{name}`",
                    refusal(invalid, "AuthService must be 'office365' or 'saml'")
                ),
                None => refusal(invalid, "AuthService must be 'office365' or 'saml'"),
            });
            check
        }
    }
}

fn provider_enabled(
    setting: &Setting,
    id: &'static str,
    title: &'static str,
    entry: &'static str,
) -> Check {
    let status = if setting.value() == Some(&Value::Bool(true)) {
        Status::Pass
    } else {
        Status::Fail
    };
    let mut check = setting.check(id, title, entry, status, json!(true));
    if status == Status::Fail {
        check.note = Some(refusal(
            entry,
            "the auth service Intune uses is not enabled",
        ));
    }
    check
}

/// The setup guide's alignment: Office 365's directory is the tenant Intune uses.
fn directory_id(config: &JsonDoc) -> Check {
    let setting = Setting {
        config,
        path: "Office365Settings.DirectoryId",
    };
    let tenant = config
        .get("IntuneSettings.TenantId")
        .and_then(Value::as_str)
        .unwrap_or("");
    let found = setting.text().unwrap_or("").trim();
    let tenant = tenant.trim();
    // The two agree whatever their form; a malformed tenant id fails its own check, and
    // comparing another value with it would say nothing more.
    let status = if !tenant.is_empty() && found.eq_ignore_ascii_case(tenant) {
        Status::Pass
    } else if !is_uuid(tenant) {
        Status::Unknown
    } else {
        Status::Warn
    };
    let mut check = setting.check(
        "config.directory-id",
        "Office 365 directory id equals the Intune tenant id",
        "setup.system-console",
        status,
        json!(tenant),
    );
    // The step that enters the tenant id, not the first (turning Intune on).
    check.fix_step = 1;
    check.note = match status {
        Status::Warn => Some(
            "Entra ID sign-in (Office365Settings.DirectoryId, System Console > Authentication > \
             OpenID Connect) and Intune (IntuneSettings.TenantId) name different Entra tenants; \
             both must be the Directory (tenant) ID of the tenant holding the app registration"
                .into(),
        ),
        Status::Unknown => Some(
            "the Intune tenant id is not a GUID (its own check says so): compare again once it is"
                .into(),
        ),
        _ => check.note,
    };
    check
}

/// SAML must identify users by their Entra object id.
fn saml_id_attribute(setting: &Setting) -> Check {
    let found = setting.text().unwrap_or("");
    let lower = found.to_ascii_lowercase();
    let status = if lower.ends_with("objectidentifier") || lower == "objectid" {
        Status::Pass
    } else {
        Status::Warn
    };
    setting.check(
        "config.saml-id-attribute",
        "SAML id attribute is the Entra object id",
        "setup.identity-alignment",
        status,
        json!("http://schemas.microsoft.com/identity/claims/objectidentifier"),
    )
}

/// Intune sign-in errors are logged at debug level: a file log above it never shows them.
fn log_level(config: &JsonDoc) -> Check {
    let level = Setting {
        config,
        path: "LogSettings.FileLevel",
    };
    let file_on = config.get("LogSettings.EnableFile") != Some(&Value::Bool(false));
    let debug = level
        .text()
        .is_some_and(|l| l.eq_ignore_ascii_case("debug"));
    let status = match (level.value(), file_on && debug) {
        (None, _) => Status::Unknown,
        (_, true) => Status::Pass,
        (_, false) => Status::Warn,
    };
    let mut check = level.check(
        "config.log-level",
        "The log file keeps Intune sign-in errors (DEBUG)",
        "server.intune-errors-debug-logging",
        status,
        json!("DEBUG"),
    );
    if !file_on {
        check.note = Some("LogSettings.EnableFile is false: nothing reaches the log file".into());
    }
    check
}

fn masked(mut check: Check) -> Check {
    check.note = Some("masked in the support packet; check the value on the server".into());
    check
}

/// What a support packet tells of the server: its version and its licence.
pub fn packet_checks(facts: &PacketFacts) -> Vec<Check> {
    let check = |id, title, found: &Option<String>, status, expected, path: &str, entry| Check {
        id,
        status,
        title,
        found: found.clone().map_or(Value::Null, Value::from),
        expected,
        path: path.to_string(),
        line: None,
        entry,
        source: Source::ServerAndLicence,
        fix_step: 0,
        note: None,
    };
    let version_status = match facts.version.as_deref().and_then(parse_version) {
        None => Status::Unknown,
        Some(version) if version >= FIRST_INTUNE_VERSION => Status::Pass,
        Some(_) => Status::Fail,
    };
    let licence_status = match facts.sku.as_deref() {
        None => Status::Unknown,
        Some(sku) if INTUNE_SKUS.contains(&sku) => Status::Pass,
        Some(_) => Status::Fail,
    };
    vec![
        check(
            "server.version",
            "Server is 11.3 or later",
            &facts.version,
            version_status,
            json!(">= 11.3"),
            "diagnostics.yaml: server.version",
            "setup.prerequisites",
        ),
        check(
            "server.licence",
            "Licence includes Intune MAM (Enterprise Advanced or Entry)",
            &facts.sku,
            licence_status,
            json!(INTUNE_SKUS),
            "diagnostics.yaml: license.sku_short_name",
            "setup.license",
        ),
    ]
}
