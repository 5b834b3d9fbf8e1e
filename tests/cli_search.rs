//! `search` and `export` as a user runs them: arguments, piped text, JSON, exit codes, files.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn mamtriage(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mamtriage"))
        .arg("--no-cache")
        .args(args)
        .env_remove("MAMTRIAGE_KNOWLEDGE")
        // Not the config of whoever runs the tests.
        .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mamtriage");
    if let Some(input) = stdin {
        // The child may stop reading early (input over the limit); that is not an error here.
        let _ = child.stdin.take().unwrap().write_all(input);
    }
    child.wait_with_output().expect("wait for mamtriage")
}

fn json(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .expect("JSON output")
        .as_array()
        .expect("an array")
        .clone()
}

#[test]
fn search_json_carries_the_documented_fields_best_first() {
    let output = mamtriage(&["search", "--json", "AADSTS650057"], None);
    assert!(output.status.success());
    let results = json(&output);
    assert_eq!(results[0]["id"], "signin.aadsts650057");
    for field in [
        "id", "title", "kind", "platform", "codes", "message", "score", "matched",
    ] {
        assert!(results[0].get(field).is_some(), "missing `{field}`");
    }
    assert!(results[0]["matched"][0]
        .as_str()
        .unwrap()
        .starts_with("code AADSTS650057"));
    let scores: Vec<f64> = results
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn search_reads_a_pasted_error_from_stdin() {
    let pasted = b"Sorry, but we're having trouble signing you in.\n\
        AADSTS650057: Invalid resource.\n\
        Trace ID: 2f8ccb7a-1c55-4f1e-9d0d-7c2e7b1a4e00\n\
        Correlation ID: 824fc737-aa11-4b71-9f3e-0f9e5d2b1c11\n\
        Timestamp: 2026-02-17 18:39:09Z\n";
    for args in [vec!["search", "--json"], vec!["search", "--json", "-"]] {
        let output = mamtriage(&args, Some(pasted));
        assert!(output.status.success(), "{args:?}");
        assert_eq!(json(&output)[0]["id"], "signin.aadsts650057");
    }
}

#[test]
fn search_filters_and_limits() {
    let output = mamtriage(
        &[
            "search",
            "--json",
            "--platform",
            "android",
            "-n",
            "2",
            "account not set up",
        ],
        None,
    );
    let results = json(&output);
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["id"], "android.account-not-set-up");
    assert!(results.iter().all(|r| r["platform"] == "android"));
}

#[test]
fn search_exit_codes_follow_grep() {
    assert_eq!(mamtriage(&["search", "xqzzv"], None).status.code(), Some(1));
    let empty = mamtriage(&["search", "   "], None);
    assert_eq!(empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("the query is empty"));
    // One letter fuzzy-matches most titles: it is no search yet.
    let one = mamtriage(&["search", "a"], None);
    assert_eq!(one.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&one.stderr).contains("at least two letters"));
    assert_eq!(
        mamtriage(&["search", "--limit", "0", "x"], None)
            .status
            .code(),
        Some(2)
    );
    // No query and nothing piped in (stdin is not a terminal here): an empty query.
    assert_eq!(mamtriage(&["search"], Some(b"")).status.code(), Some(1));
}

#[test]
fn search_survives_huge_and_binary_input() {
    let mut huge = b"AADSTS650057 ".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    huge.extend(b"\xff\xfe\x00 garbage \x1b[31m");
    let output = mamtriage(&["search", "--json"], Some(&huge));
    assert!(output.status.success());
    assert_eq!(json(&output)[0]["id"], "signin.aadsts650057");
    assert!(String::from_utf8_lossy(&output.stderr).contains("the query was cut"));
}

#[test]
fn export_writes_a_ticket_ready_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ticket.md");
    let path_arg = path.to_str().unwrap();
    let id = "signin.aadsts650057";
    let first = mamtriage(
        &["export", id, "--format", "markdown", "-o", path_arg],
        None,
    );
    assert!(first.status.success());
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.starts_with("## AADSTS650057: Intune MAM API permission missing"));
    assert!(written.contains("\n1. In the Entra admin center"));
    assert!(written.contains("**Related**"));
    assert!(written.contains("**Sources**"));

    let again = mamtriage(&["export", id, "-o", path_arg], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);

    let forced = mamtriage(&["export", id, "-o", path_arg, "--force"], None);
    assert!(forced.status.success());
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("AADSTS650057"));
}

#[test]
fn export_to_stdout_matches_show_for_several_ids() {
    let ids = ["ios.app-not-set-up", "setup.app-protection-policy"];
    let export = mamtriage(&["export", ids[0], ids[1]], None);
    let show = mamtriage(&["show", ids[0], ids[1]], None);
    assert!(export.status.success());
    assert_eq!(export.stdout, show.stdout);
    let text = String::from_utf8_lossy(&export.stdout);
    assert!(
        text.contains("App Not Set Up\n") && text.contains("Create the iOS app protection policy")
    );
}
