//! The knowledge commands as a user runs them: list, show, check, paths.

use std::fs;
use std::process::{Command, Output};

fn mamtriage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mamtriage"))
        .arg("--no-cache")
        .args(args)
        .env_remove("MAMTRIAGE_KNOWLEDGE")
        // Not the config of whoever runs the tests.
        .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
        .output()
        .expect("run mamtriage")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn list_filters_by_platform_and_kind_and_prints_json() {
    let output = mamtriage(&[
        "list",
        "--platform",
        "android",
        "--kind",
        "dialog",
        "--json",
    ]);
    assert!(output.status.success());
    let items: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 8);
    for item in items {
        assert_eq!(item["platform"], "android");
        assert_eq!(item["kind"], "dialog");
        for field in ["id", "title", "codes", "message"] {
            assert!(item.get(field).is_some(), "list JSON lacks `{field}`");
        }
    }
}

#[test]
fn list_rejects_an_unknown_platform_with_usage_exit_code() {
    let output = mamtriage(&["list", "--platform", "windows"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("possible values: ios, android, server, entra, any"));
}

#[test]
fn show_prints_an_entry_in_each_format() {
    let id = "ent.intune.validate_token.invalid_tenant_id.app_error";
    let text = stdout(&mamtriage(&["show", id]));
    assert!(text.starts_with("Token tenant does not match the configured tenant\n"));
    assert!(text
        .contains("  \"There was a configuration issue. Please contact your IT administrator.\""));
    assert!(text.contains("  - HTTP status: 400"));
    assert!(text.contains("Fix:\n  1. "));

    let markdown = stdout(&mamtriage(&["show", id, "--format", "markdown"]));
    assert!(markdown.starts_with("## Token tenant does not match the configured tenant\n"));
    assert!(markdown.contains("> There was a configuration issue."));

    let json: serde_json::Value =
        serde_json::from_slice(&mamtriage(&["show", id, "-f", "json"]).stdout).unwrap();
    assert_eq!(json["id"], id);
    assert_eq!(json["server"]["http_status"], 400);
    assert_eq!(json["server"]["retry"], "no");
    assert_eq!(json["related"][0]["id"], "setup.system-console");
    assert!(json["related"][0]["title"].is_string());
}

#[test]
fn show_reports_unknown_ids_with_suggestions() {
    let output = mamtriage(&["show", "app-not-set-up"]);
    assert_eq!(output.status.code(), Some(1));
    let said = stderr(&output);
    assert!(said.contains("android.app-not-set-up"), "{said}");
    assert!(said.contains("ios.app-not-set-up"), "{said}");
    // A typo gets the id it was meant to be first.
    let output = mamtriage(&["export", "ios.acount-not-set-up"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("did you mean: ios.account-not-set-up"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn show_and_export_take_a_code_for_its_entry() {
    let shown = mamtriage(&["show", "AADSTS650057"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert!(stdout(&shown).contains("signin.aadsts650057"));
    let exported = mamtriage(&["export", "aadsts650057"]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    assert!(stdout(&exported).starts_with("AADSTS650057: Intune MAM API permission missing"));
}

#[test]
fn check_is_clean_on_shipped_and_fails_with_positions_on_a_bad_pack() {
    let clean = mamtriage(&["check"]);
    assert!(clean.status.success(), "{}", stdout(&clean));
    assert!(stderr(&clean).contains("no problems"));

    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "- id: x\n  kind: nope\n").unwrap();
    let bad = mamtriage(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("bad.yaml:2:9: kind: unknown variant `nope`"));
}

#[test]
fn a_bad_user_pack_warns_but_shipped_knowledge_still_answers() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "not: a list\n").unwrap();
    let output = mamtriage(&[
        "--knowledge",
        dir.path().to_str().unwrap(),
        "show",
        "ios.app-not-set-up",
    ]);
    assert!(output.status.success());
    assert!(stderr(&output).contains("bad.yaml:1:1: a pack file must be a YAML list"));
    assert!(stdout(&output).starts_with("App Not Set Up\n"));
}

#[test]
fn paths_lists_the_loaded_files() {
    let output = mamtriage(&["paths"]);
    let out = stdout(&output);
    assert!(out.contains("shipped knowledge: embedded in the binary"));
    assert!(out.contains("shipped/ios-dialogs.yaml"));
    assert!(out.contains(" entries, 0 problems"));
}

#[test]
fn a_second_run_uses_the_cache_and_still_reports_pack_problems() {
    let packs = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let pack = packs.path().join("team.yaml");
    fs::write(&pack, "- id: team.x\n  kind: faq\n").unwrap();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&pack)
        .unwrap()
        .set_modified(an_hour_ago)
        .unwrap();
    let run = |command: &str| {
        Command::new(env!("CARGO_BIN_EXE_mamtriage"))
            .args(["--knowledge", packs.path().to_str().unwrap(), command])
            .env_remove("MAMTRIAGE_KNOWLEDGE")
            // Not the config of whoever runs the tests.
            .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
            .env("MAMTRIAGE_CACHE_DIR", cache.path())
            .output()
            .unwrap()
    };
    let first = stdout(&run("paths"));
    assert!(
        first.contains("this run: packs loaded and saved"),
        "{first}"
    );
    let second = stdout(&run("paths"));
    assert!(
        second.contains("this run: used; the packs had not changed"),
        "{second}"
    );
    assert!(second.contains(", 1 problems"), "{second}");
    let listed = run("list");
    assert!(
        stderr(&listed).contains("team.yaml:1:3: "),
        "{}",
        stderr(&listed)
    );
}

#[test]
fn a_wrong_config_stops_with_its_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.yaml");
    fs::write(&config, "theme: default\ncolour: blue\n").unwrap();
    let output = mamtriage(&["--settings", config.to_str().unwrap(), "list"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("config.yaml:2:1: unknown field `colour`"),
        "{err}"
    );
    let missing = dir.path().join("missing.yaml");
    let output = mamtriage(&["--settings", missing.to_str().unwrap(), "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing.yaml:1:1: cannot read"));
}

#[test]
fn the_config_adds_knowledge_directories() {
    let dir = tempfile::tempdir().unwrap();
    let packs = dir.path().join("packs");
    fs::create_dir(&packs).unwrap();
    fs::write(
        packs.join("team.yaml"),
        "- id: team.vpn\n  kind: admin-issue\n  platform: ios\n  title: VPN blocks Intune\n  cause: c\n  steps: [s]\n",
    )
    .unwrap();
    let config = dir.path().join("config.yaml");
    fs::write(&config, format!("knowledge: [{}]\n", packs.display())).unwrap();
    let output = mamtriage(&["--settings", config.to_str().unwrap(), "show", "team.vpn"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("VPN blocks Intune"));
    let paths = stdout(&mamtriage(&[
        "--settings",
        config.to_str().unwrap(),
        "paths",
    ]));
    assert!(
        paths.contains(&format!("config: {}", config.display())),
        "{paths}"
    );
}

#[test]
fn check_json_lists_each_problem_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.yaml"), "id: not-a-list\n").unwrap();
    let output = mamtriage(&["check", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let problems: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let problem = &problems[0];
    assert!(problem["file"].as_str().unwrap().ends_with("bad.yaml"));
    assert_eq!(
        (problem["line"].as_u64(), problem["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(problem["effect"], "file skipped");
    assert!(problem["problem"]
        .as_str()
        .unwrap()
        .starts_with("a pack file must be a YAML list"));
}
