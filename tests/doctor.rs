//! `mamtriage doctor` over constructed configs, packets and app registrations
//! (tests/data/doctor, see its README): every rule alone and together, both manifest formats,
//! the shapes files come in, broken inputs, the JSON contract, exit statuses and redaction.

use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

mod common;
use common::archives::zip_of;
use common::mamtriage;

const TENANT: &str = "11111111-2222-3333-4444-555555555555";
const CLIENT: &str = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/doctor")
        .join(name)
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

/// Runs doctor with `args`, `stdin` piped in, and parses its JSON report.
fn doctor_json(args: &[&str], stdin: Option<&[u8]>) -> (Value, Output) {
    let mut command = mamtriage(&["doctor", "--json"]);
    command.args(args);
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    let output = child.wait_with_output().unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (report, output)
}

/// Doctor's JSON report on a config and an app registration given by path.
fn doctor_pair(config: &Path, app: &Path) -> (Value, Output) {
    doctor_json(
        &[
            "--config",
            config.to_str().unwrap(),
            "--app",
            app.to_str().unwrap(),
        ],
        None,
    )
}

/// Writes `value` as a file in `dir` and returns its path as text.
fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id} in {report:#}"))
}

fn status<'a>(report: &'a Value, id: &str) -> &'a str {
    check(report, id)["status"].as_str().unwrap()
}

/// Ids of the checks that did not pass, with their status.
fn not_passed(report: &Value) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "pass")
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn set(value: &mut Value, path: &str, new: Value) {
    let mut at = value;
    let keys: Vec<&str> = path.split('.').collect();
    for key in &keys[..keys.len() - 1] {
        at = &mut at[*key];
    }
    at[keys[keys.len() - 1]] = new;
}

#[test]
fn a_correct_setup_passes_every_check_and_keeps_the_json_contract() {
    let config = fixture("config.json");
    let app = fixture("manifest.json");
    let (report, output) = doctor_pair(&config, &app);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(
        not_passed(&report),
        [("app.admin-consent".to_string(), "unknown".to_string())]
    );
    assert_eq!(report["inputs"][0]["kind"], "config");
    assert_eq!(report["inputs"][1]["kind"], "app-registration");
    for check in report["checks"].as_array().unwrap() {
        for key in [
            "id", "status", "title", "found", "expected", "path", "line", "entry",
        ] {
            assert!(check.get(key).is_some(), "{key} missing in {check}");
        }
    }
    let summary = &report["summary"];
    assert_eq!(summary["fail"], 0);
    assert_eq!(summary["unknown"], 1);
    assert_eq!(
        summary["pass"].as_u64().unwrap() + 1,
        report["checks"].as_array().unwrap().len() as u64
    );
    // Lines point at the keys in the file.
    assert_eq!(check(&report, "config.auth-service")["line"], 32);
    assert_eq!(check(&report, "app.token-version")["line"], 17);
}

#[test]
fn each_server_rule_fails_on_its_own_with_the_error_the_admin_would_see() {
    let dir = tempfile::tempdir().unwrap();
    let good = fixture_json("config.json");
    let cases: Vec<(&str, Value, &str, &str, &str)> = vec![
        (
            "IntuneSettings.Enable",
            json!(false),
            "config.intune-enabled",
            "fail",
            "setup.system-console",
        ),
        (
            "IntuneSettings.TenantId",
            json!(""),
            "config.tenant-id",
            "fail",
            "model.config.is_valid.intune_tenant_id.app_error",
        ),
        (
            "IntuneSettings.TenantId",
            json!(format!("{{{TENANT}}}")),
            "config.tenant-id",
            "fail",
            "model.config.is_valid.intune_tenant_id_format.app_error",
        ),
        (
            "IntuneSettings.TenantId",
            json!(format!(" {TENANT}")),
            "config.tenant-id",
            "fail",
            "model.config.is_valid.intune_tenant_id_format.app_error",
        ),
        (
            "IntuneSettings.TenantId",
            json!("contoso.onmicrosoft.com"),
            "config.tenant-id",
            "fail",
            "model.config.is_valid.intune_tenant_id_format.app_error",
        ),
        (
            "IntuneSettings.ClientId",
            Value::Null,
            "config.client-id",
            "fail",
            "model.config.is_valid.intune_client_id.app_error",
        ),
        (
            "IntuneSettings.ClientId",
            json!("mattermost-mobile"),
            "config.client-id",
            "fail",
            "model.config.is_valid.intune_client_id_format.app_error",
        ),
        (
            "IntuneSettings.AuthService",
            json!(""),
            "config.auth-service",
            "fail",
            "model.config.is_valid.intune_auth_service.app_error",
        ),
        (
            "IntuneSettings.AuthService",
            json!("openid"),
            "config.auth-service",
            "fail",
            "model.config.is_valid.intune_auth_service_invalid.app_error",
        ),
        (
            "Office365Settings.Enable",
            json!(false),
            "config.office365-enabled",
            "fail",
            "model.config.is_valid.intune_requires_office365.app_error",
        ),
        (
            "Office365Settings.DirectoryId",
            json!("99999999-2222-3333-4444-555555555555"),
            "config.directory-id",
            "warn",
            "setup.system-console",
        ),
        (
            "LogSettings.FileLevel",
            json!("INFO"),
            "config.log-level",
            "warn",
            "server.intune-errors-debug-logging",
        ),
    ];
    for (path, value, id, expected_status, entry) in cases {
        let mut config = good.clone();
        set(&mut config, path, value.clone());
        let file = write(dir.path(), "config.json", &config);
        let (report, output) = doctor_json(&["--config", &file], None);
        let failing: Vec<(String, String)> = not_passed(&report)
            .into_iter()
            .filter(|(_, status)| status != "unknown")
            .collect();
        let wanted = vec![(id.to_string(), expected_status.to_string())];
        assert_eq!(failing, wanted, "{path} = {value}");
        assert_eq!(status(&report, "app.registration"), "unknown");
        assert_eq!(check(&report, id)["entry"], entry, "{path} = {value}");
        let exit = if expected_status == "fail" { 1 } else { 0 };
        assert_eq!(output.status.code(), Some(exit), "{path} = {value}");
        if expected_status == "fail" && entry.starts_with("model.") {
            let note = check(&report, id)["note"].as_str().unwrap();
            assert!(note.contains(entry), "{note}");
        }
    }
}

#[test]
fn every_failure_is_reported_together_and_case_matters_only_in_values() {
    let dir = tempfile::tempdir().unwrap();
    // Keys in other letter cases, as the server accepts them; values that break three rules.
    let config = json!({
        "logsettings": {"enablefile": true, "filelevel": "ERROR"},
        "office365settings": {"enable": false, "directoryid": TENANT},
        "intunesettings": {
            "enable": true,
            "tenantid": format!("{{{TENANT}}}"),
            "clientid": CLIENT,
            "authservice": "Office365"
        }
    });
    let file = write(dir.path(), "config.json", &config);
    let (report, output) = doctor_json(&["--config", &file], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(status(&report, "config.intune-enabled"), "pass");
    assert_eq!(status(&report, "config.tenant-id"), "fail");
    assert_eq!(status(&report, "config.client-id"), "pass");
    assert_eq!(status(&report, "config.auth-service"), "fail");
    assert_eq!(status(&report, "config.log-level"), "warn");
    let note = check(&report, "config.auth-service")["note"]
        .as_str()
        .unwrap();
    assert!(note.contains("write `office365`"), "{note}");
    // `Office365` is no auth service at all, so the office365 cross-check does not apply.
    assert!(report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["id"] != "config.office365-enabled"));

    // SAML: the cross-check and the id attribute.
    let saml = json!({
        "SamlSettings": {"Enable": false, "IdAttribute": "email"},
        "IntuneSettings": {"Enable": true, "TenantId": TENANT, "ClientId": CLIENT, "AuthService": "saml"}
    });
    let file = write(dir.path(), "saml.json", &saml);
    let (report, _) = doctor_json(&["--config", &file], None);
    assert_eq!(status(&report, "config.saml-enabled"), "fail");
    assert_eq!(
        check(&report, "config.saml-enabled")["entry"],
        "model.config.is_valid.intune_requires_saml.app_error"
    );
    assert_eq!(status(&report, "config.saml-id-attribute"), "warn");
    // No LogSettings in a fragment: the log level is unknown, not wrong.
    assert_eq!(status(&report, "config.log-level"), "unknown");
}

#[test]
fn a_missing_section_is_unknown_and_the_legacy_toggle_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = json!({"ServiceSettings": {"SiteURL": "https://chat.contoso.example"},
                        "NativeAppSettings": {"EnableIntuneMAM": true}});
    let file = write(dir.path(), "config.json", &config);
    let (report, _) = doctor_json(&["--config", &file], None);
    let enabled = check(&report, "config.intune-enabled");
    assert_eq!(enabled["status"], "unknown");
    let note = enabled["note"].as_str().unwrap();
    assert!(note.contains("legacy key is not the switch"), "{note}");
}

#[test]
fn the_old_manifest_format_shows_its_real_gaps() {
    let config = fixture("config.json");
    let app = fixture("manifest-old-format.json");
    let (report, output) = doctor_pair(&config, &app);
    assert_eq!(output.status.code(), Some(1));
    let app_checks: Vec<(String, String)> = not_passed(&report)
        .into_iter()
        .filter(|(id, _)| id.starts_with("app."))
        .collect();
    let expected = [
        ("app.pre-authorized", "warn"),
        ("app.token-version", "fail"),
        ("app.optional-claims", "fail"),
        ("app.graph-permissions", "warn"),
        ("app.admin-consent", "unknown"),
    ];
    assert_eq!(
        app_checks,
        expected.map(|(id, s)| (id.to_string(), s.to_string()))
    );
    assert_eq!(
        check(&report, "app.token-version")["path"],
        "accessTokenAcceptedVersion"
    );
    let claims = check(&report, "app.optional-claims")["note"]
        .as_str()
        .unwrap();
    assert!(
        claims.contains("upn listed for ID or SAML tokens only"),
        "{claims}"
    );
    let clients = check(&report, "app.pre-authorized")["note"]
        .as_str()
        .unwrap();
    assert!(clients.contains("production"), "{clients}");
}

#[test]
fn app_registrations_come_in_every_shape_and_others_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = fixture("config.json");
    let config = config.to_str().unwrap();
    let app = fixture_json("manifest.json");
    // `az ad app show` on standard input: the same Graph object.
    let bytes = serde_json::to_vec(&app).unwrap();
    let (report, output) = doctor_json(&["--config", config, "--app", "-"], Some(&bytes));
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    // A Graph list response with one application.
    let listed = write(dir.path(), "listed.json", &json!({"value": [app.clone()]}));
    let (report, _) = doctor_json(&["--config", config, "--app", &listed], None);
    assert_eq!(status(&report, "app.client-id"), "pass");
    // Another app's id, an App ID URI that holds the id but is not it, a disabled scope.
    let mut other = app.clone();
    set(
        &mut other,
        "identifierUris",
        json!([format!("api://chat.contoso.example/{CLIENT}")]),
    );
    set(
        &mut other,
        "api.oauth2PermissionScopes",
        json!([{"id": "5f2c1c9e-3d4b-4a6f-8e7d-9c0b1a2d3e4f", "isEnabled": false, "value": "login.mattermost"}]),
    );
    set(
        &mut other,
        "appId",
        json!("99999999-bbbb-cccc-dddd-eeeeeeeeeeee"),
    );
    set(&mut other, "signInAudience", json!("AzureADMultipleOrgs"));
    set(&mut other, "api.requestedAccessTokenVersion", Value::Null);
    let other = write(dir.path(), "other.json", &other);
    let (report, _) = doctor_json(&["--config", config, "--app", &other], None);
    for id in [
        "app.client-id",
        "app.identifier-uri",
        "app.scope",
        "app.sign-in-audience",
        "app.token-version",
        "app.pre-authorized",
    ] {
        assert_eq!(status(&report, id), "fail", "{id}");
    }
    assert!(check(&report, "app.scope")["note"]
        .as_str()
        .unwrap()
        .contains("turned off"));
    // A create-request body: no appId, so the id comparison cannot be made.
    let mut request = app.clone();
    request.as_object_mut().unwrap().remove("appId");
    request.as_object_mut().unwrap().remove("id");
    let request = write(dir.path(), "request.json", &request);
    let (report, _) = doctor_json(&["--config", config, "--app", &request], None);
    assert_eq!(status(&report, "app.client-id"), "unknown");
    assert_eq!(status(&report, "app.identifier-uri"), "unknown");
    // The app alone: what needs the config says so.
    let alone = fixture("manifest.json");
    let (report, _) = doctor_json(&[alone.to_str().unwrap()], None);
    let client = check(&report, "app.client-id");
    assert_eq!(client["status"], "unknown");
    assert!(client["note"].as_str().unwrap().contains("--config"));

    // Files that are not an app registration get a clear refusal and exit 2.
    let refused = [
        (
            json!({"value": [app.clone(), app.clone()]}),
            "a list of 2 applications",
        ),
        (
            json!({"manifestVersion": "1.16", "id": CLIENT, "webApplicationInfo": {"id": CLIENT, "resource": format!("api://{CLIENT}")}}),
            "Microsoft Teams app manifest",
        ),
        (
            json!([{"resourceAppId": "00000003-0000-0000-c000-000000000000"}]),
            "a JSON array",
        ),
        (
            json!({"name": "something else"}),
            "neither a Mattermost config nor an Entra app registration",
        ),
    ];
    for (value, why) in refused {
        let file = write(dir.path(), "refused.json", &value);
        let (_, output) = doctor_json(&["--app", &file], None);
        assert_eq!(output.status.code(), Some(2), "{why}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(why) && stderr.contains("refused.json"),
            "{stderr}"
        );
    }
    // Given the wrong way round.
    let (_, output) = doctor_json(&["--app", config], None);
    assert!(String::from_utf8_lossy(&output.stderr).contains("give it with --config"));
}

#[test]
fn a_support_packet_is_checked_with_its_version_licence_and_masked_secrets() {
    let dir = tempfile::tempdir().unwrap();
    // Constructed after reference §3: a cluster packet, node files under the host name, the
    // Office 365 secret masked, a Team Edition licence on 11.2.
    let mut config = fixture_json("config.json");
    set(
        &mut config,
        "Office365Settings.Secret",
        json!("********************************"),
    );
    set(
        &mut config,
        "IntuneSettings.TenantId",
        json!("********************************"),
    );
    let config = serde_json::to_vec_pretty(&config).unwrap();
    let diagnostics = b"version: 2\nlicense:\n  company: Contoso\n  sku_short_name: professional\nserver:\n  version: 11.2.1\n";
    let metadata = b"version: 1\ntype: support-packet\nserver_version: 11.2.1\n";
    let packet = zip_of(&[
        ("node-a/sanitized_config.json", &config),
        ("node-a/diagnostics.yaml", diagnostics),
        ("node-b/sanitized_config.json", &config),
        ("metadata.yaml", metadata),
        ("node-a/mattermost.log", b"{}\n"),
    ]);
    // Mailed as a zip inside a zip.
    let outer = zip_of(&[("mm_support_packet_Contoso_2026-03-02T10-15.zip", &packet)]);
    let path = dir.path().join("packet.zip");
    std::fs::write(&path, outer).unwrap();
    let (report, output) = doctor_json(&[path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1), "{report:#}");
    assert_eq!(report["inputs"][0]["kind"], "support-packet");
    assert_eq!(status(&report, "config.tenant-id"), "unknown");
    assert_eq!(status(&report, "server.version"), "fail");
    assert_eq!(check(&report, "server.version")["found"], "11.2.1");
    assert_eq!(status(&report, "server.licence"), "fail");
    assert_eq!(check(&report, "server.licence")["entry"], "setup.license");
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes[0].as_str().unwrap().contains("2 node configs"),
        "{notes:?}"
    );
}

#[test]
fn broken_inputs_are_named_with_their_place_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("config.json");
    std::fs::write(
        &broken,
        "{\n  \"IntuneSettings\": {\n    \"Enable\": true,\n  }\n}\n",
    )
    .unwrap();
    let app = fixture("manifest.json");
    let (report, output) = doctor_pair(&broken, &app);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config.json:4:3: not valid JSON"),
        "{stderr}"
    );
    // The app registration was still checked.
    assert_eq!(status(&report, "app.scope"), "pass");

    let template = dir.path().join("template.json");
    std::fs::write(
        &template,
        "{{- define \"config.json\" -}}\n{\"IntuneSettings\": {}}\n",
    )
    .unwrap();
    let (_, output) = doctor_json(&["--config", template.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("template"));

    let empty_zip = dir.path().join("logs.zip");
    std::fs::write(&empty_zip, zip_of(&[("mattermost.log", b"{}\n")])).unwrap();
    let (_, output) = doctor_json(&[empty_zip.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("without sanitized_config.json"));

    let (_, output) = doctor_json(&["--config", "/nonexistent/config.json"], None);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));

    let output = mamtriage(&["doctor"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--config"));
}

#[test]
fn every_check_names_an_entry_the_shipped_knowledge_has() {
    let dir = tempfile::tempdir().unwrap();
    let (base, _) =
        mamtriage::knowledge::KnowledgeBase::load(&mamtriage::knowledge::Sources::default());
    let mut broken = fixture_json("config.json");
    set(&mut broken, "IntuneSettings.TenantId", json!(""));
    set(&mut broken, "IntuneSettings.ClientId", json!("x"));
    let mut saml = fixture_json("config.json");
    set(&mut saml, "IntuneSettings.AuthService", json!("saml"));
    let mut bad_auth = fixture_json("config.json");
    set(&mut bad_auth, "IntuneSettings.AuthService", json!(""));
    let configs = [
        fixture_json("config.json"),
        broken,
        saml,
        bad_auth,
        json!({"TeamSettings": {}}),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for config in configs {
        let file = write(dir.path(), "config.json", &config);
        for app in ["manifest.json", "manifest-old-format.json"] {
            let app = fixture(app);
            let (report, _) =
                doctor_json(&["--config", &file, "--app", app.to_str().unwrap()], None);
            for check in report["checks"].as_array().unwrap() {
                let entry = check["entry"].as_str().unwrap();
                assert!(base.get(entry).is_some(), "{} names {entry}", check["id"]);
                seen.insert(entry.to_string());
            }
        }
        let (report, _) = doctor_json(&["--config", &file], None);
        for check in report["checks"].as_array().unwrap() {
            assert!(base.get(check["entry"].as_str().unwrap()).is_some());
        }
    }
    assert!(seen.len() >= 15, "{seen:?}");
}

#[test]
fn redaction_leaves_no_tenant_or_client_id_in_any_format() {
    let config = fixture("config.json");
    let app = fixture("manifest.json");
    let mut old = fixture_json("manifest-old-format.json");
    set(
        &mut old,
        "appId",
        json!("99999999-bbbb-cccc-dddd-eeeeeeeeeeee"),
    );
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.json", &old);
    for app in [app.to_str().unwrap(), old.as_str()] {
        for format in [
            &["--json"][..],
            &["--format", "markdown"],
            &["--format", "text"],
        ] {
            let mut args = vec![
                "doctor",
                "--redact",
                "--config",
                config.to_str().unwrap(),
                "--app",
                app,
            ];
            args.extend_from_slice(format);
            let output = mamtriage(&args).output().unwrap();
            let text = String::from_utf8_lossy(&output.stdout).to_lowercase();
            for id in [
                TENANT,
                CLIENT,
                "99999999-bbbb-cccc-dddd-eeeeeeeeeeee",
                "5f2c1c9e-3d4b-4a6f-8e7d-9c0b1a2d3e4f",
            ] {
                assert!(!text.contains(id), "{id} in {format:?}:\n{text}");
            }
            if format[0] == "--json" {
                assert!(text.contains("id-1"), "{text}");
            }
        }
    }
    // The same id gets the same mask, so a mismatch still reads as one.
    let (report, _) = doctor_json(
        &[
            "--redact",
            "--config",
            config.to_str().unwrap(),
            "--app",
            &old,
        ],
        None,
    );
    let client = check(&report, "app.client-id");
    assert_ne!(client["found"], client["expected"]);
    assert_eq!(
        check(&report, "config.client-id")["found"],
        client["expected"]
    );
}

#[test]
fn markdown_is_a_checklist_with_the_fix_for_each_failure() {
    let config = fixture("config.json");
    let app = fixture("manifest-old-format.json");
    let output = mamtriage(&[
        "doctor",
        "--format",
        "markdown",
        "--config",
        config.to_str().unwrap(),
        "--app",
        app.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("## Server config"), "{text}");
    assert!(text.contains("- [x] Intune MAM is turned on"), "{text}");
    assert!(
        text.contains("- [ ] ✗ Access tokens are version 2"),
        "{text}"
    );
    assert!(
        text.contains("`mamtriage show setup.access-token-version`"),
        "{text}"
    );
    assert!(
        text.contains("`accessTokenAcceptedVersion (line 6)`"),
        "{text}"
    );
}

#[test]
fn shapes_seen_in_real_files_get_no_false_alarm() {
    // Constructed after reference §8 (shapes observed in public repositories; no file copied).
    let dir = tempfile::tempdir().unwrap();
    let config = fixture("config.json");
    let config = config.to_str().unwrap();
    // A developer-tooling template with placeholders and permissions named, not numbered.
    let template = json!({
        "appId": "${{AAD_APP_CLIENT_ID}}",
        "signInAudience": "AzureADMyOrg",
        "identifierUris": ["api://${{AAD_APP_CLIENT_ID}}"],
        "appRoles": null,
        "web": {},
        "requiredResourceAccess": [{"resourceAppId": "Microsoft Graph", "resourceAccess": [{"id": "User.Read", "type": "Scope"}]}]
    });
    let file = write(dir.path(), "template.json", &template);
    let (report, output) = doctor_json(&["--config", config, "--app", &file], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "the scope and token version are missing"
    );
    assert_eq!(status(&report, "app.client-id"), "unknown");
    assert_eq!(status(&report, "app.identifier-uri"), "unknown");
    // An App ID URI for a bot, and CRLF line ends with trailing blanks after the object.
    let mut bot = fixture_json("manifest.json");
    set(
        &mut bot,
        "identifierUris",
        json!(["api://botid-99999999-0000-4000-8000-000000000001"]),
    );
    let text = serde_json::to_string_pretty(&bot)
        .unwrap()
        .replace('\n', "\r\n")
        + "\r\n  \r\n";
    let path = dir.path().join("crlf.json");
    std::fs::write(&path, text).unwrap();
    let (report, _) = doctor_json(&["--config", config, "--app", path.to_str().unwrap()], None);
    assert_eq!(status(&report, "app.identifier-uri"), "fail");
    assert_eq!(status(&report, "app.scope"), "pass");
    // A one-section fragment as used with `mmctl config patch`, no final newline, Go's \u0026.
    let fragment =
        "{\"Office365Settings\": {\"Enable\": false, \"Scope\": \"User.Read \\u0026 more\"}}";
    let path = dir.path().join("patch.json");
    std::fs::write(&path, fragment).unwrap();
    let (report, output) = doctor_json(&["--config", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(status(&report, "config.intune-enabled"), "unknown");
    assert_eq!(report["summary"]["fail"], 0);
}

/// One file of `public/sources.yaml`: a public repository's file, reconstructed.
#[derive(serde::Deserialize)]
struct PublicFile {
    file: String,
    source: String,
    exit: i32,
    expect: std::collections::BTreeMap<String, String>,
}

#[test]
fn files_from_public_repositories_get_their_real_gaps_and_no_false_alarm() {
    let index = std::fs::read_to_string(fixture("public/sources.yaml")).unwrap();
    let files: Vec<PublicFile> = serde_yaml::from_str(&index).unwrap();
    let configs = files
        .iter()
        .filter(|f| f.file.starts_with("config-"))
        .count();
    assert!(
        configs >= 10 && files.len() - configs >= 10,
        "10 configs and 10 app registrations"
    );
    for public in &files {
        assert!(
            public.source.starts_with("https://github.com/"),
            "{}",
            public.file
        );
        let path = fixture(&format!("public/{}", public.file));
        let (report, output) = if public.file.starts_with("config-") {
            doctor_json(&["--config", path.to_str().unwrap()], None)
        } else {
            doctor_pair(&fixture("config.json"), &path)
        };
        let kind = if public.file.starts_with("config-") {
            "config."
        } else {
            "app."
        };
        let found: std::collections::BTreeMap<String, String> = report["checks"]
            .as_array()
            .unwrap_or_else(|| panic!("{}: no report: {output:?}", public.file))
            .iter()
            .filter(|check| check["id"].as_str().unwrap().starts_with(kind))
            .map(|check| {
                let id = check["id"].as_str().unwrap().to_string();
                (id, check["status"].as_str().unwrap().to_string())
            })
            .collect();
        assert_eq!(found, public.expect, "{}", public.file);
        assert_eq!(output.status.code(), Some(public.exit), "{}", public.file);
    }
}

#[test]
fn doctor_names_permissions_and_points_each_gap_at_the_step_that_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    // Constructed: a template-style registration (placeholder appId) with no App ID URI, and
    // Graph permissions given by id.
    let app = r#"{
  "appId": "${{AAD_APP_CLIENT_ID}}",
  "signInAudience": "AzureADMyOrg",
  "identifierUris": [],
  "requiredResourceAccess": [{"resourceAppId": "00000003-0000-0000-c000-000000000000",
    "resourceAccess": [{"id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "Scope"},
                       {"id": "37f7f235-527c-4136-accd-4a02d197296e", "type": "Scope"}]}]
}"#;
    let path = dir.path().join("app.json");
    std::fs::write(&path, app).unwrap();
    let (report, _) = doctor_json(&["--app", path.to_str().unwrap()], None);
    assert_eq!(status(&report, "app.identifier-uri"), "fail");
    let graph = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["id"] == "app.graph-permissions")
        .unwrap();
    assert_eq!(graph["found"], serde_json::json!(["User.Read", "openid"]));
    let text = mamtriage(&["doctor", "--app"]).arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let graph_at = text.find("Microsoft Graph delegated permissions").unwrap();
    let fix = text[graph_at..]
        .lines()
        .find(|l| l.trim_start().starts_with("fix:"))
        .unwrap();
    assert!(fix.contains("email and profile"), "{fix}");
    // A directory id that differs from the tenant id is fixed where the tenant id is entered.
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("config.json")).unwrap()).unwrap();
    let mut other = config.clone();
    other["Office365Settings"]["DirectoryId"] = "99999999-2222-3333-4444-555555555555".into();
    let path = dir.path().join("config.json");
    std::fs::write(&path, other.to_string()).unwrap();
    let text = mamtriage(&["doctor", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let at = text.find("Office 365 directory id").unwrap();
    let fix = text[at..]
        .lines()
        .find(|l| l.trim_start().starts_with("fix:"))
        .unwrap();
    assert!(fix.contains("Tenant ID"), "{fix}");
    // The same value in both, even a domain name, agrees: no "found X, expected X".
    let mut same = config;
    same["IntuneSettings"]["TenantId"] = "contoso.onmicrosoft.com".into();
    same["Office365Settings"]["DirectoryId"] = "contoso.onmicrosoft.com".into();
    std::fs::write(&path, same.to_string()).unwrap();
    let (report, _) = doctor_json(&["--config", path.to_str().unwrap()], None);
    assert_eq!(status(&report, "config.directory-id"), "pass");
    assert_eq!(status(&report, "config.tenant-id"), "fail");
}
