//! The parts of a support packet that are not logs: the server's version and licence
//! (`metadata.yaml`, `diagnostics.yaml`) and its effective configuration
//! (`sanitized_config.json`), summed up as notes beside the findings.

use serde_json::Value;

/// The first Mattermost version with Intune MAM sign-in.
const FIRST_INTUNE_VERSION: (u64, u64) = (11, 3);

/// Notes on a packet's `metadata.yaml` or `diagnostics.yaml`.
pub fn describe_packet_yaml(name: &str, text: &str) -> Vec<String> {
    let Ok(yaml) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return vec![format!(
            "{name}: looks like a support packet file but is not valid YAML"
        )];
    };
    let text_at = |path: &[&str]| -> Option<String> {
        let value = path.iter().try_fold(&yaml, |v, key| v.get(*key))?;
        match value {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let mut notes = Vec::new();
    let version = text_at(&["server_version"]).or_else(|| text_at(&["server", "version"]));
    if let Some(version) = version {
        let too_old = parse_version(&version).is_some_and(|v| v < FIRST_INTUNE_VERSION);
        let warning = if too_old {
            " (Intune MAM sign-in needs 11.3 or later)"
        } else {
            ""
        };
        notes.push(format!("{name}: Mattermost server {version}{warning}"));
    }
    if let Some(sku) = text_at(&["license", "sku_short_name"]) {
        let licensed = matches!(sku.as_str(), "advanced" | "entry");
        let verdict = if licensed {
            "includes Intune MAM"
        } else {
            "does not include Intune MAM (it needs Enterprise Advanced or Mattermost Entry)"
        };
        notes.push(format!("{name}: licence `{sku}`, which {verdict}"));
    }
    notes
}

/// Notes on a server configuration (`config.json`, a packet's `sanitized_config.json`).
/// The server reads keys in any letter case, so this does too.
pub fn describe_config(name: &str, text: &str) -> Vec<String> {
    let Ok(config) = serde_json::from_str::<Value>(text) else {
        return vec![format!(
            "{name}: looks like a Mattermost configuration but is not valid JSON"
        )];
    };
    let section = get_ignoring_case(&config, "IntuneSettings");
    let Some(section) = section else {
        return vec![format!(
            "{name}: no IntuneSettings section: a server before 11.3, a partial file, or settings \
             given by MM_INTUNESETTINGS_* environment variables (a support packet's \
             sanitized_config.json shows the effective settings)"
        )];
    };
    let field = |key: &str| get_ignoring_case(section, key);
    let enabled = field("Enable").and_then(Value::as_bool) == Some(true);
    if !enabled {
        return vec![format!(
            "{name}: Intune MAM is turned off (IntuneSettings.Enable is not true)"
        )];
    }
    let text_field = |key: &str| field(key).and_then(Value::as_str).unwrap_or("").to_string();
    let set = |key: &str| {
        if text_field(key).is_empty() {
            "missing"
        } else {
            "set"
        }
    };
    vec![format!(
        "{name}: Intune MAM is on; auth service `{}`, tenant id {}, client id {} (`mamtriage doctor` checks each value)",
        text_field("AuthService"),
        set("TenantId"),
        set("ClientId")
    )]
}

fn get_ignoring_case<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    value
        .as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn parse_version(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.trim_start_matches('v').split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_licence_and_intune_settings_are_summed_up() {
        let notes = describe_packet_yaml(
            "diagnostics.yaml",
            "version: 2\nlicense:\n  company: Contoso\n  sku_short_name: professional\nserver:\n  version: 11.2.1\n",
        );
        assert_eq!(
            notes,
            [
                "diagnostics.yaml: Mattermost server 11.2.1 (Intune MAM sign-in needs 11.3 or later)",
                "diagnostics.yaml: licence `professional`, which does not include Intune MAM (it needs Enterprise Advanced or Mattermost Entry)",
            ]
        );
        let config = r#"{"intunesettings": {"enable": true, "TenantId": "11111111-2222-3333-4444-555555555555", "ClientId": "", "AuthService": "office365"}}"#;
        assert_eq!(
            describe_config("sanitized_config.json", config),
            ["sanitized_config.json: Intune MAM is on; auth service `office365`, tenant id set, client id missing (`mamtriage doctor` checks each value)"]
        );
        assert!(describe_config("c.json", r#"{"ServiceSettings": {}}"#)[0]
            .contains("no IntuneSettings section"));
    }
}
