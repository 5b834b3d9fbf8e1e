//! The parts of a support packet that are not logs: the server's version and licence
//! (`metadata.yaml`, `diagnostics.yaml`) and its effective configuration
//! (`sanitized_config.json`), summed up as notes beside the findings, with doctor's checks of
//! that configuration.

use crate::doctor::server_config::{
    self, parse_version, PacketFacts, FIRST_INTUNE_VERSION, INTUNE_SKUS,
};
use crate::doctor::{JsonDoc, Status};

/// Notes on a packet's `metadata.yaml` or `diagnostics.yaml`.
pub fn describe_packet_yaml(name: &str, text: &str) -> Vec<String> {
    let Some(facts) = PacketFacts::from_yaml(text) else {
        return vec![format!(
            "{name}: looks like a support packet file but is not valid YAML"
        )];
    };
    let mut notes = Vec::new();
    if let Some(version) = &facts.version {
        let too_old = parse_version(version).is_some_and(|v| v < FIRST_INTUNE_VERSION);
        let warning = if too_old {
            " (Intune MAM sign-in needs 11.3 or later)"
        } else {
            ""
        };
        notes.push(format!("{name}: Mattermost server {version}{warning}"));
    }
    if let Some(sku) = &facts.sku {
        let verdict = if INTUNE_SKUS.contains(&sku.as_str()) {
            "includes Intune MAM"
        } else {
            "does not include Intune MAM (it needs Enterprise Advanced or Mattermost Entry)"
        };
        notes.push(format!("{name}: licence `{sku}`, which {verdict}"));
    }
    notes
}

/// Notes on a server configuration (`config.json`, a packet's `sanitized_config.json`): what
/// doctor's server checks find wrong with it, or that they all pass.
pub fn describe_config(name: &str, text: &str) -> Vec<String> {
    let Ok(config) = JsonDoc::parse(text) else {
        return vec![format!(
            "{name}: looks like a Mattermost configuration but is not valid JSON"
        )];
    };
    let checks = server_config::checks(&config);
    let problems: Vec<String> = checks
        .iter()
        .filter(|check| matches!(check.status, Status::Fail | Status::Warn))
        .map(|check| {
            let place = match check.line {
                Some(line) => format!("{name}:{line}"),
                None => name.to_string(),
            };
            format!(
                "{place}: {} {} ({} is {}; see `mamtriage show {}`)",
                check.status.symbol(),
                check.title,
                check.path,
                check.found,
                check.entry
            )
        })
        .collect();
    if !problems.is_empty() {
        return problems;
    }
    let unknown = checks.iter().find(|check| check.status == Status::Unknown);
    match unknown.and_then(|check| check.note.as_ref()) {
        Some(note) => vec![format!("{name}: {note}")],
        None => vec![format!(
            "{name}: Intune MAM settings pass doctor's server checks (`mamtriage doctor` also \
             checks the app registration)"
        )],
    }
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
        let config = "{\"intunesettings\": {\n  \"enable\": true,\n  \"TenantId\": \"11111111-2222-3333-4444-555555555555\",\n  \"ClientId\": \"\",\n  \"AuthService\": \"office365\"}}";
        let notes = describe_config("sanitized_config.json", config);
        assert!(
            notes.contains(&"sanitized_config.json:4: ✗ Client id is the app registration's application id (IntuneSettings.ClientId is \"\"; see `mamtriage show model.config.is_valid.intune_client_id.app_error`)".to_string()),
            "{notes:#?}"
        );
        assert!(describe_config("c.json", r#"{"ServiceSettings": {}}"#)[0]
            .contains("no IntuneSettings section"));
    }
}
