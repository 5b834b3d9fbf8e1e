//! `mamtriage rules`: Sigma rules and queries from the knowledge. Executing them is
//! tests/sigma/check_rules.py's part (pySigma and DuckDB, run by `.ci/run`).

use std::collections::BTreeSet;

mod common;
use common::mamtriage;

fn stdout(args: &[&str]) -> String {
    let output = mamtriage(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn shipped_entries() -> Vec<serde_json::Value> {
    let ids: Vec<serde_json::Value> = serde_json::from_str(&stdout(&["list", "--json"])).unwrap();
    let ids: Vec<&str> = ids.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let mut args = vec!["show", "--format", "json"];
    args.extend(ids);
    serde_json::from_str(&stdout(&args)).unwrap()
}

#[test]
fn every_server_log_and_sign_in_entry_has_a_rule_and_device_entries_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rules");
    let output = mamtriage(&["rules", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success());
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(said.contains("over Entra sign-ins (SigninLogs)"), "{said}");
    let written: BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for entry in shipped_entries() {
        let id = entry["id"].as_str().unwrap();
        let codes: Vec<&str> = entry["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let healthy = entry.get("healthy").and_then(|h| h.as_bool()) == Some(true);
        let sign_in = codes.iter().any(|c| {
            c.strip_prefix("AADSTS")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        });
        let server =
            entry["platform"] == "server" && !entry["messages"].as_array().unwrap().is_empty();
        let has_rule = written.contains(&format!("{id}.yml"));
        let device = matches!(entry["platform"].as_str(), Some("ios" | "android")) && !sign_in;
        if healthy || device {
            assert!(!has_rule, "{id} has no central log, yet a rule");
        } else if sign_in || server {
            assert!(
                has_rule,
                "{id} can be seen in a central log and has no rule"
            );
        }
    }
    let rule = std::fs::read_to_string(out.join("entra.aadsts53003.yml")).unwrap();
    for line in [
        "title: 'AADSTS53003: Blocked by Conditional Access'",
        "status: experimental",
        "  product: azure\n  service: signinlogs",
        "    ResultType: '53003'",
        "  condition: result and app",
        "level: medium",
    ] {
        assert!(rule.contains(line), "{line} missing in:\n{rule}");
    }
    // A second run refuses to replace what is there, and --force does.
    let again = mamtriage(&["rules", "-o", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force replaces them"));
    let forced = mamtriage(&["rules", "-o", out.to_str().unwrap(), "--force"])
        .output()
        .unwrap();
    assert!(forced.status.success());
}

#[test]
fn rules_are_the_same_bytes_and_ids_every_time() {
    let first = stdout(&["rules"]);
    assert_eq!(first, stdout(&["rules"]));
    // The id is a v5 UUID of the entry id: stable across versions, not only across runs.
    let rule = first
        .split("---\n")
        .find(|doc| doc.contains("ResultType: '53003'"))
        .unwrap();
    assert!(rule.contains("id: "), "{rule}");
    let id = rule.lines().find_map(|l| l.strip_prefix("id: ")).unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "5", "a version 5 UUID: {id}");
    for format in ["kql", "lucene", "logql"] {
        assert_eq!(
            stdout(&["rules", "--format", format]),
            stdout(&["rules", "--format", format])
        );
    }
}

#[test]
fn look_alike_server_messages_are_told_apart_by_status_in_every_language() {
    let kql = stdout(&["rules", "--format", "kql"]);
    assert!(kql.starts_with("// The Mattermost app's failed sign-ins by result code"));
    assert!(kql.contains("| summarize Failures = count()"));
    let block = |text: &str, id: &str| -> String {
        text.split("\n\n")
            .find(|b| b.contains(&format!("[{id}]")))
            .unwrap_or_else(|| panic!("no query for {id}"))
            .to_string()
    };
    let ids = [
        ("api.user.login_by_intune.not_configured.app_error", "400"),
        ("ent.intune.login.not_configured.app_error", "403"),
    ];
    for (id, status) in ids {
        assert!(block(&kql, id).contains(&format!("http_code == {status}")));
        let lucene = stdout(&["rules", "--format", "lucene"]);
        assert!(block(&lucene, id).contains(&format!("http_code:{status}")));
        let logql = stdout(&["rules", "--format", "logql"]);
        assert!(block(&logql, id).contains(&format!("http_code == {status}")));
    }
    let sign_in = block(&kql, "entra.aadsts53003");
    assert!(sign_in.contains(
        "SigninLogs\n| where ResultType == \"53003\" and AppId in (\"9ac649f1-4f77-44d6-9792-b2f54ab3c9a7\""
    ), "{sign_in}");
}

#[test]
fn a_pack_title_with_line_breaks_and_quotes_stays_inside_its_comment_and_strings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hostile.yaml"),
        r#"- id: team.hostile
  kind: server-error
  platform: server
  title: "Broken\n| where 1 == 1 \" ` // evil"
  messages: ["A \"quoted\" `message` with * and ? in it"]
  codes: ["AADSTS9999991"]
  cause: Constructed.
"#,
    )
    .unwrap();
    let run = |format: &str| {
        let output = mamtriage(&[
            "--knowledge",
            dir.path().to_str().unwrap(),
            "rules",
            "--format",
            format,
        ])
        .output()
        .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let kql = run("kql");
    let block = kql
        .split("\n\n")
        .find(|b| b.contains("[team.hostile]"))
        .unwrap();
    assert!(block.starts_with("// Broken⏎| where 1 == 1"), "{block}");
    assert_eq!(
        block.lines().filter(|l| l.starts_with("| where")).count(),
        1,
        "{block}"
    );
    let sigma = run("sigma");
    let rule = sigma
        .split("---\n")
        .find(|d| d.contains("team.hostile"))
        .unwrap();
    let parsed: serde_json::Value = serde_yaml_json(rule);
    assert_eq!(parsed["title"], "Broken\n| where 1 == 1 \" ` // evil");
}

/// A YAML document read back as JSON, to compare values rather than quoting.
fn serde_yaml_json(text: &str) -> serde_json::Value {
    let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}
