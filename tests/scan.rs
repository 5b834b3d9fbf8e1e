//! `mamtriage scan` over constructed evidence (tests/data/evidence, see tests/data/evidence.md):
//! each format's findings, counts, times, users and sample lines, archives and standard input,
//! the JSON contract, exit statuses and redaction.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::archives::{gzip, zip_of};
use common::mamtriage;

fn evidence(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/evidence")
        .join(name)
}

fn scan_json(paths: &[&Path]) -> (Value, Output) {
    let mut command = mamtriage(&["scan", "--json"]);
    command.args(paths);
    let output = command.output().unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (report, output)
}

fn finding<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no finding {id} in {report:#}"))
}

fn notes(report: &Value) -> Vec<&str> {
    report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect()
}

fn sample_lines(finding: &Value) -> Vec<u64> {
    finding["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["line"].as_u64().unwrap())
        .collect()
}

#[test]
fn server_log_findings_tell_the_look_alike_messages_apart() {
    let (report, output) = scan_json(&[&evidence("mattermost.log")]);
    assert_eq!(output.status.code(), Some(1), "known problems found");
    // One message, two ids: HTTP 400 is the server's own check, 403 the Intune module's.
    let server = finding(&report, "api.user.login_by_intune.not_configured.app_error");
    assert_eq!(
        (server["count"].as_u64(), sample_lines(server)),
        (Some(1), vec![3])
    );
    assert_eq!(server["first_seen"], "2026-03-02T10:15:42.118Z");
    let module = finding(&report, "ent.intune.login.not_configured.app_error");
    assert_eq!(
        (module["count"].as_u64(), sample_lines(module)),
        (Some(1), vec![6])
    );
    let unavailable = finding(&report, "api.user.login_by_intune.not_available.app_error");
    assert_eq!(sample_lines(unavailable), [5]);
    assert_eq!(
        sample_lines(finding(
            &report,
            "api.user.login_by_intune.account_locked.app_error"
        )),
        [7]
    );
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        4,
        "{report:#}"
    );
    // The unrelated errors fold into one signature; the request summary of a found error does
    // not show up again.
    let unrecognised = report["unrecognised"].as_array().unwrap();
    assert_eq!(unrecognised.len(), 1, "{unrecognised:#?}");
    assert_eq!(unrecognised[0]["count"], 2);
    assert_eq!(
        unrecognised[0]["signature"],
        "Failed to upload file: disk quota exceeded after ####### bytes"
    );
    let file = &report["files"][0];
    assert_eq!(file["format"], "mattermost-server-json");
    assert_eq!(
        (file["records"].as_u64(), file["problems"].as_u64()),
        (Some(10), Some(4))
    );
    assert_eq!(
        (file["from"].as_str(), file["to"].as_str()),
        (
            Some("2026-03-02T10:15:40.001Z"),
            Some("2026-03-02T10:19:30Z")
        )
    );
    assert_eq!(
        report["notes"].as_array().unwrap().len(),
        0,
        "debug lines are there: no note"
    );
}

#[test]
fn an_old_server_log_without_debug_lines_says_what_it_cannot_show() {
    let (report, _) = scan_json(&[&evidence("old-server.log")]);
    let unavailable = finding(&report, "api.user.login_by_intune.not_available.app_error");
    assert_eq!(unavailable["first_seen"], "2019-11-12T00:00:00.500Z");
    let notes = report["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .contains("set File Log Level to DEBUG"),
        "{notes:?}"
    );
}

#[test]
fn sign_in_exports_in_every_shape_name_their_users_and_rows() {
    let (report, _) = scan_json(&[
        &evidence("InteractiveSignIns.csv"),
        &evidence("signins-graph.json"),
        &evidence("signins-la.json"),
    ]);
    let consent = finding(&report, "entra.aadsts65001");
    assert_eq!(consent["count"], 2);
    assert_eq!(
        consent["users"],
        serde_json::json!(["jane.doe@contoso.com"])
    );
    let files: Vec<&str> = consent["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert!(
        files[0].ends_with("InteractiveSignIns.csv") && files[1].ends_with("signins-graph.json"),
        "{files:?}"
    );
    // CSV: the row after the header; Graph: the line the sign-in's `{` is on.
    assert_eq!(sample_lines(consent), [2, 4]);
    // The row whose failure reason spans two lines, after the duplicated column.
    let policy = finding(&report, "entra.aadsts53005");
    assert_eq!(
        (sample_lines(policy), policy["users"].clone()),
        (vec![4], serde_json::json!(["ana@contoso.com"]))
    );
    let unassigned = finding(&report, "entra.aadsts50105");
    assert_eq!(sample_lines(unassigned), [1]);
    // Successes are counted, not reported.
    let csv = &report["files"][0];
    assert_eq!(
        (
            csv["format"].as_str(),
            csv["records"].as_u64(),
            csv["problems"].as_u64()
        ),
        (Some("entra-signins-csv"), Some(3), Some(2))
    );
    assert_eq!(report["files"][1]["format"], "entra-signins-json");
    assert_eq!(
        (
            report["files"][1]["records"].as_u64(),
            report["files"][2]["records"].as_u64()
        ),
        (Some(2), Some(2))
    );
    assert!(report["unrecognised"].as_array().unwrap().is_empty());
}

#[test]
fn mobile_and_sdk_logs_read_multi_line_records_and_status_codes() {
    let (report, _) = scan_json(&[&evidence("MMLogs.log"), &evidence("intune-sdk.txt")]);
    let tenant = finding(
        &report,
        "ent.intune.validate_token.invalid_tenant_id.app_error",
    );
    assert_eq!(sample_lines(tenant), [3]);
    assert_eq!(
        tenant["first_seen"], "2026-03-02 10:15:44.517",
        "device-local, as written"
    );
    let sample = tenant["samples"][0]["text"].as_str().unwrap();
    assert!(
        sample.contains("\"status_code\" = 400;"),
        "the whole record: {sample}"
    );
    assert!(
        sample.contains("Bearer <token>") && !sample.contains("eyJ"),
        "tokens are masked: {sample}"
    );
    assert_eq!(report["files"][0]["records"], 4);
    assert!(report["notes"][0]
        .as_str()
        .unwrap()
        .contains("device-local"));
    let sdk = finding(&report, "sdk.ios.internal-errors");
    assert_eq!(
        (sample_lines(sdk), sdk["first_seen"].as_str()),
        (vec![2], Some("2023-03-21T08:59:45.429Z"))
    );
    assert_eq!(report["files"][1]["format"], "intune-sdk-log");
}

#[test]
fn archives_folders_and_standard_input_are_read_like_files() {
    let log = std::fs::read(evidence("mattermost.log")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let inner = zip_of(&[
        ("node1/mattermost.log.gz", &gzip(&log)),
        ("cpu.prof", b"\x00\x01binary"),
    ]);
    // The packet's non-log files, as the reference's samples show them (§3).
    let diagnostics = b"version: 2\nlicense:\n  company: Contoso\n  sku_short_name: advanced\nserver:\n  os: linux\n  version: 11.6.0\n";
    let config = br#"{
    "IntuneSettings": {
        "Enable": true,
        "TenantId": "11111111-2222-3333-4444-555555555555",
        "ClientId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "AuthService": "office365"
    },
    "FeatureFlags": {}
}"#;
    let packet = zip_of(&[
        ("inner.zip", &inner),
        ("mm-app-1/diagnostics.yaml", diagnostics),
        ("mm-app-1/sanitized_config.json", config),
    ]);
    std::fs::write(dir.path().join("packet.zip"), packet).unwrap();
    let (report, _) = scan_json(&[dir.path()]);
    let module = finding(&report, "ent.intune.login.not_configured.app_error");
    let file = module["samples"][0]["file"].as_str().unwrap();
    assert!(
        file.ends_with("packet.zip!inner.zip!node1/mattermost.log.gz"),
        "{file}"
    );
    assert_eq!(sample_lines(module), [6]);
    let notes = notes(&report);
    let has_note = |ending: &str| notes.iter().any(|n| n.ends_with(ending));
    assert!(
        has_note("inner.zip!cpu.prof: a binary file; skipped"),
        "{notes:?}"
    );
    assert!(
        has_note("mm-app-1/diagnostics.yaml: Mattermost server 11.6.0"),
        "{notes:?}"
    );
    assert!(
        has_note("diagnostics.yaml: licence `advanced`, which includes Intune MAM"),
        "{notes:?}"
    );
    assert!(
        // doctor's server checks run on the packet's config: Office 365 sign-in is not on.
        has_note("sanitized_config.json: ✗ Office 365 sign-in is on (Intune uses it) (Office365Settings.Enable is null; see `mamtriage show model.config.is_valid.intune_requires_office365.app_error`)"),
        "{notes:?}"
    );

    let mut child = mamtriage(&["scan", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&gzip(&log)).unwrap();
    let output = child.wait_with_output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["files"][0]["path"], "-");
    assert_eq!(
        finding(&report, "ent.intune.login.not_configured.app_error")["count"],
        1
    );
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_is_scanned() {
    let log = std::fs::read(evidence("mattermost.log")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let truncated = gzip(&log);
    std::fs::write(
        dir.path().join("cut.log.gz"),
        &truncated[..truncated.len() / 2],
    )
    .unwrap();
    let missing = dir.path().join("missing.log");
    let (report, output) = scan_json(&[
        &dir.path().join("cut.log.gz"),
        &missing,
        &evidence("intune-sdk.txt"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(finding(&report, "sdk.ios.internal-errors")["count"] == 1);
    // What the cut .gz held before the cut is still read.
    assert!(
        report["files"][0]["records"].as_u64().unwrap() > 0,
        "{report:#}"
    );
    let notes = notes(&report);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("cut.log.gz: reading stopped")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("missing.log: cannot read")),
        "{notes:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing.log: cannot read"), "{stderr}");
}

#[test]
fn a_clean_log_exits_zero_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("mattermost.log");
    std::fs::write(&clean, "{\"timestamp\":\"2026-03-02 10:15:40.001 Z\",\"level\":\"debug\",\"msg\":\"Received HTTP request\",\"url\":\"/api/v4/users/me\",\"status_code\":\"200\"}\n").unwrap();
    let output = mamtriage(&["scan"]).arg(&clean).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout)
        .starts_with("No known problem in 1 file, 1 record."));
}

#[test]
fn the_json_report_keeps_its_contract() {
    let (report, _) = scan_json(&[
        &evidence("mattermost.log"),
        &evidence("InteractiveSignIns.csv"),
    ]);
    let keys =
        |value: &Value| -> Vec<String> { value.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(
        keys(&report),
        [
            "errors",
            "files",
            "findings",
            "incidents",
            "notes",
            "unrecognised",
            "went_right"
        ]
    );
    assert_eq!(
        keys(&report["files"][0]),
        ["bytes", "format", "from", "path", "problems", "records", "to"]
    );
    assert_eq!(
        keys(&report["findings"][0]),
        [
            "count",
            "first_seen",
            "id",
            "last_seen",
            "match",
            "platform",
            "samples",
            "title",
            "users"
        ]
    );
    assert_eq!(
        keys(&report["findings"][0]["samples"][0]),
        ["file", "line", "text"]
    );
    assert_eq!(
        keys(&report["unrecognised"][0]),
        ["count", "samples", "signature"]
    );
    assert_eq!(
        report["files"][0]["bytes"].as_u64(),
        Some(std::fs::metadata(evidence("mattermost.log")).unwrap().len())
    );
}

#[test]
fn redaction_leaves_no_user_address_or_token_in_any_format() {
    let inputs = [
        evidence("mattermost.log"),
        evidence("InteractiveSignIns.csv"),
        evidence("signins-graph.json"),
        evidence("MMLogs.log"),
    ];
    for format in [
        &["--json"][..],
        &["--format", "text"],
        &["--format", "markdown"],
    ] {
        let output = mamtriage(&["scan", "--redact"])
            .args(format)
            .args(&inputs)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        for secret in [
            "jane.doe@contoso.com",
            "ana@contoso.com",
            "203.0.113.24",
            "198.51.100",
            "Jane Doe",
            "6f1e9d2c-4b3a-4a8e-9c7d-1e2f3a4b5c6d",
            "eyJ",
            "mm.contoso.com",
        ] {
            assert!(!text.contains(secret), "{format:?} shows {secret}:\n{text}");
        }
        assert!(text.contains("<user-"), "{format:?}:\n{text}");
    }
}

#[cfg(unix)]
#[test]
fn follow_picks_up_appended_lines_and_a_rotation_until_stopped() {
    use std::io::{BufRead, BufReader};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let lines: Vec<String> = std::fs::read_to_string(evidence("mattermost.log"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("mattermost.log");
    std::fs::write(&log, format!("{}\n", lines[0])).unwrap();
    let mut child = mamtriage(&["scan", "--follow"])
        .arg(&log)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, received) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen: Vec<String> = Vec::new();
    // Reads output until a line holds `text`, and gives that line.
    let mut wait_for = |text: &str| -> String {
        let start = Instant::now();
        loop {
            if let Some(line) = seen.iter().find(|line| line.contains(text)) {
                return line.clone();
            }
            let left = Duration::from_secs(20).saturating_sub(start.elapsed());
            match received.recv_timeout(left) {
                Ok(line) => seen.push(line),
                Err(_) => panic!("never saw {text:?}; saw {seen:#?}"),
            }
        }
    };
    let append = |text: &str| {
        let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
        writeln!(file, "{text}").unwrap();
    };
    append(&lines[2]);
    wait_for("new: Intune login not configured on the server  [api.user.login_by_intune.not_configured.app_error] at");
    // Rotated: the file is renamed and a new one takes its name.
    std::fs::rename(&log, dir.path().join("mattermost.log.1")).unwrap();
    std::fs::write(&log, format!("{}\n", lines[6])).unwrap();
    let sample_line = wait_for("[api.user.login_by_intune.account_locked.app_error] at");
    assert!(
        sample_line.ends_with("mattermost.log:1"),
        "the new file counts from line 1: {sample_line}"
    );
    let pid = child.id().to_string();
    Command::new("kill")
        .args(["-s", "INT", &pid])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "known problems were found");
    wait_for("Files:");
    assert!(
        seen.iter()
            .any(|l| l.starts_with("2 known problems in 1 file")),
        "{seen:#?}"
    );
}

#[cfg(unix)]
#[test]
fn broken_evidence_gets_a_clear_note_and_the_rest_is_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    std::fs::write(path("corrupt.zip"), b"PK\x03\x04 this is no zip at all").unwrap();
    let csv = std::fs::read_to_string(evidence("InteractiveSignIns.csv")).unwrap();
    // The last row loses its closing quote: the rows before it still count.
    std::fs::write(
        path("cut.csv"),
        format!(
            "{}\n\"2026-03-02T11:00:00Z\",\"unterminated",
            csv.trim_end()
        ),
    )
    .unwrap();
    let json = std::fs::read_to_string(evidence("signins-graph.json")).unwrap();
    std::fs::write(
        path("cut.json"),
        &json[..json.find("\"id\": \"1f1c").unwrap()],
    )
    .unwrap();
    let mut long = "x".repeat(5 << 20);
    long.push_str(" AADSTS50105 at the end of a very long line\n");
    long.push_str(&std::fs::read_to_string(evidence("intune-sdk.txt")).unwrap());
    std::fs::write(path("long.txt"), long).unwrap();
    std::fs::create_dir(path("loop")).unwrap();
    std::os::unix::fs::symlink(dir.path(), path("loop/back")).unwrap();

    let (report, output) = scan_json(&[dir.path()]);
    assert_eq!(output.status.code(), Some(2), "the zip could not be read");
    let notes = notes(&report);
    let note = |text: &str| notes.iter().any(|n| n.contains(text));
    assert!(
        note("corrupt.zip: not a readable zip archive"),
        "{notes:#?}"
    );
    assert!(
        note("cut.csv:6: 1 row(s) with fewer columns than the header"),
        "{notes:#?}"
    );
    assert!(
        note("cut.json:") && note("the JSON stops being readable here"),
        "{notes:#?}"
    );
    assert!(
        note("long.txt:1: 1 line(s) longer than 4 MiB; only their start was read"),
        "{notes:#?}"
    );
    assert!(
        note("loop/back: a symbolic link; not followed in a folder (name it to read it)"),
        "{notes:#?}"
    );
    // What could be read still counts: the CSV rows before the break, the first sign-in of
    // the cut JSON, the lines after the long one (its end was past what is read).
    assert_eq!(finding(&report, "entra.aadsts65001")["count"], 2);
    assert_eq!(finding(&report, "entra.aadsts53005")["count"], 1);
    assert_eq!(
        sample_lines(finding(&report, "sdk.ios.internal-errors")),
        [3]
    );
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["id"] != "entra.aadsts50105"));
}

/// The entries a scan of `text` (as a paste) finds, sorted.
fn entries_in_paste(text: &str) -> Vec<String> {
    let (base, _) =
        mamtriage::knowledge::KnowledgeBase::load(&mamtriage::knowledge::Sources::default());
    let searcher = mamtriage::search::Searcher::new(base);
    let mut scanner =
        mamtriage::scan::Scanner::new(searcher.base(), mamtriage::scan::ScanOptions::default());
    scanner.scan_reader("paste", &mut std::io::Cursor::new(text.as_bytes().to_vec()));
    let mut report = scanner.report(None);
    mamtriage::scan::attach_likely(&mut report, &searcher, None);
    let mut found: Vec<String> = report.findings.into_iter().map(|f| f.id).collect();
    found.sort();
    found
}

#[test]
fn pasted_shapes_are_read_as_people_paste_them() {
    // Constructed after reference §7: the portal's detail pane in its three copied layouts.
    for pane in [
        "Sign-in error code\t\n50105\nFailure reason\t\nThe signed in user is not assigned\n",
        "Sign-in error code\n\n50105\n\nFailure reason\n",
        "SIGN-IN ERROR CODE:  50105\nFAILURE REASON:  The signed in user\n",
        "SIGN-IN ERROR CODE50105FAILURE REASONThe signed in user is not assigned\n",
    ] {
        assert_eq!(entries_in_paste(pane), ["entra.aadsts50105"], "{pane:?}");
    }
    // A CSV header is no pane: its label is followed by the next column, not a code.
    assert!(entries_in_paste("\"Status\",\"Sign-in error code\",\"Failure reason\"\n").is_empty());
    // Typographic quotes, quote markers and backticks from a chat or an e-mail.
    let chat = "> the app says `We can’t sign you in right now. Please try again later.`\n";
    assert_eq!(entries_in_paste(chat), ["ios.sign-in-failed"]);
    // An OAuth error value stands for many codes: alone it names no entry.
    assert!(entries_in_paste("error: invalid_resource\n").is_empty());
    assert_eq!(
        entries_in_paste("invalid_resource: AADSTS650057: Invalid resource.\n"),
        ["signin.aadsts650057"]
    );
}

/// One excerpt of `tests/data/excerpts.yaml`.
#[derive(serde::Deserialize)]
struct Excerpt {
    source: String,
    /// `held-out` excerpts were never tuned on; the rest (and those without a split) were.
    #[serde(default)]
    split: Option<String>,
    text: String,
    expect: Vec<String>,
}

/// The least share of the problems in held-out excerpts a scan must find, and the most noise
/// excerpts (no entry applies) that may report anything.
const HELD_OUT_RECALL: f64 = 90.0;
const HELD_OUT_NOISY: usize = 2;

#[test]
fn excerpts_shaped_like_public_reports_find_their_entries_and_noise_finds_none() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/excerpts.yaml");
    let excerpts: Vec<Excerpt> =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(excerpts.len() >= 90, "at least 90 excerpts");
    let (mut expected, mut found, mut noisy, mut noise) = (0, 0, 0, 0);
    let (mut misses, mut tuned_misses) = (Vec::new(), Vec::new());
    for excerpt in &excerpts {
        assert!(excerpt.source.starts_with("https://"), "{}", excerpt.source);
        let mut wanted = excerpt.expect.clone();
        wanted.sort();
        let reported = entries_in_paste(&excerpt.text);
        if excerpt.split.as_deref() != Some("held-out") {
            if reported != wanted {
                tuned_misses.push(format!("{wanted:?} -> {reported:?} ({})", excerpt.source));
            }
            continue;
        }
        if wanted.is_empty() {
            noise += 1;
            noisy += usize::from(!reported.is_empty());
        }
        expected += wanted.len();
        found += wanted.iter().filter(|id| reported.contains(id)).count();
        if reported != wanted {
            misses.push(format!(
                "{} -> {reported:?} ({})",
                wanted.join(","),
                excerpt.source
            ));
        }
    }
    let recall = found as f64 * 100.0 / expected.max(1) as f64;
    println!(
        "held-out excerpts: {found}/{expected} problems found ({recall:.0}%), {noisy} of {noise} \
         noise excerpts reported something"
    );
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(tuned_misses.is_empty(), "tuned excerpts: {tuned_misses:#?}");
    assert!(
        noise >= 3 && expected >= 10,
        "too few held-out excerpts to measure"
    );
    assert!(
        recall >= HELD_OUT_RECALL,
        "held-out recall under {HELD_OUT_RECALL}%"
    );
    assert!(
        noisy <= HELD_OUT_NOISY,
        "more than {HELD_OUT_NOISY} noise excerpts reported"
    );
}

/// Whole excerpts pasted into search: the first result must be one of the entries the scan
/// should find (held-out excerpts measured, the rest must hold).
#[test]
fn excerpts_pasted_whole_into_search_find_their_entry_first() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/excerpts.yaml");
    let excerpts: Vec<Excerpt> =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (base, _) =
        mamtriage::knowledge::KnowledgeBase::load(&mamtriage::knowledge::Sources::default());
    let searcher = mamtriage::search::Searcher::new(base);
    let mut tally = [(0, 0), (0, 0)];
    let mut misses = Vec::new();
    for excerpt in excerpts.iter().filter(|e| !e.expect.is_empty()) {
        let first = searcher
            .search(&excerpt.text, mamtriage::search::Filter::default(), 1)
            .first()
            .map(|(entry, _)| entry.id.clone());
        let right = first.as_ref().is_some_and(|id| excerpt.expect.contains(id));
        let part = usize::from(excerpt.split.as_deref() == Some("held-out"));
        tally[part].0 += usize::from(right);
        tally[part].1 += 1;
        if !right {
            misses.push(format!(
                "{:?} -> {first:?} ({})",
                excerpt.expect, excerpt.source
            ));
        }
    }
    for (name, (right, of)) in ["tuned", "held out"].iter().zip(tally) {
        println!(
            "excerpts pasted into search, {name}: {right}/{of} first ({:.0}%)",
            right as f64 * 100.0 / of.max(1) as f64
        );
    }
    for miss in &misses {
        println!("  {miss}");
    }
    for (right, of) in tally {
        assert!(right as f64 * 100.0 / of as f64 >= 90.0, "under 90% first");
    }
}

#[test]
fn a_log_of_many_blocks_is_searched_on_all_cores_and_read_in_order() {
    // Constructed: about 14 MiB of routine server lines (several 4 MiB blocks) with the same
    // Intune error at known lines, first, across the middle and last.
    let routine = r#"{"timestamp":"2026-03-02 10:00:00.000 Z","level":"info","msg":"Received HTTP request","caller":"web/handlers.go:156","method":"GET","url":"/api/v4/users/me","status_code":"200"}"#;
    let error = |time: &str| {
        format!(
            r#"{{"timestamp":"2026-03-02 {time} Z","level":"info","msg":"Microsoft Intune authentication is not available.","caller":"web/context.go:120","path":"/oauth/intune","err_where":"App.LoginByIntune","http_code":501,"error":"App.LoginByIntune: Microsoft Intune authentication is not available."}}"#
        )
    };
    let total = 80_000;
    let errors = [
        (1, "09:00:00.000"),
        (23_456, "10:30:00.000"),
        (23_457, "10:30:00.001"),
        (61_000, "11:00:00.000"),
        (total, "12:00:00.000"),
    ];
    let mut log = String::new();
    for line in 1..=total {
        match errors.iter().find(|(at, _)| *at == line) {
            Some((_, time)) => log.push_str(&error(time)),
            None => log.push_str(routine),
        }
        log.push('\n');
    }
    assert!(log.len() > 12 << 20, "several blocks: {} bytes", log.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.log");
    std::fs::write(&path, &log).unwrap();

    let (report, _) = scan_json(&[&path]);
    let file = &report["files"][0];
    assert_eq!(file["records"], total as u64);
    assert_eq!(file["from"], "2026-03-02T09:00:00Z");
    assert_eq!(file["to"], "2026-03-02T12:00:00Z");
    let found = finding(&report, "api.user.login_by_intune.not_available.app_error");
    assert_eq!(found["count"], errors.len() as u64);
    assert_eq!(found["first_seen"], "2026-03-02T09:00:00Z");
    assert_eq!(found["last_seen"], "2026-03-02T12:00:00Z");
    assert_eq!(sample_lines(found), [1, 23_456, 23_457]);
}

/// A server log as shippers and `jq` rewrite it: a space after every colon and comma.
fn spaced(compact: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in compact.chars() {
        out.push(c);
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ':' | ',' if !in_string => out.push(' '),
            _ => {}
        }
    }
    out
}

#[test]
fn spaced_and_compact_json_logs_give_identical_reports() {
    let dir = tempfile::tempdir().unwrap();
    let compact = std::fs::read_to_string(evidence("mattermost.log")).unwrap();
    // Constructed: an error no entry knows, last in the log and latest in time.
    let compact = format!(
        "{compact}{}\n",
        r#"{"timestamp":"2026-03-02 11:19:00.000 Z","level":"error","msg":"Database connection lost","caller":"sqlstore/store.go:1"}"#
    );
    let spaced = spaced(&compact);
    assert_ne!(compact, spaced);
    assert!(spaced.contains(r#""level": "debug""#));
    let (compact_path, spaced_path) = (
        dir.path().join("compact.log"),
        dir.path().join("spaced.log"),
    );
    std::fs::write(&compact_path, &compact).unwrap();
    std::fs::write(&spaced_path, &spaced).unwrap();
    let (mut from_compact, _) = scan_json(&[&compact_path]);
    let (mut from_spaced, _) = scan_json(&[&spaced_path]);
    // Only the file name, and the sample texts that quote the lines, may differ.
    for report in [&mut from_compact, &mut from_spaced] {
        for (key, quotes) in [
            ("findings", "samples"),
            ("went_right", "samples"),
            ("unrecognised", "samples"),
            ("incidents", "events"),
        ] {
            for group in report[key].as_array_mut().unwrap() {
                for sample in group[quotes].as_array_mut().unwrap() {
                    sample["file"] = Value::Null;
                    sample["text"] = Value::Null;
                }
            }
        }
        report["files"][0]["path"] = Value::Null;
        report["files"][0]["bytes"] = Value::Null;
        let notes: Vec<Value> = notes(report)
            .iter()
            .map(|note| Value::from(note.replace("compact.log", "").replace("spaced.log", "")))
            .collect();
        report["notes"] = Value::from(notes);
    }
    assert_eq!(from_compact, from_spaced);
    assert_eq!(from_spaced["files"][0]["to"], "2026-03-02T11:19:00Z");
    assert!(!notes(&from_spaced)
        .iter()
        .any(|note| note.contains("no debug-level lines")));
    assert!(from_spaced["unrecognised"]
        .as_array()
        .unwrap()
        .iter()
        .any(|group| group["signature"] == "Database connection lost"));
}

#[test]
fn sign_in_csv_samples_point_at_the_physical_line_of_their_record() {
    // The portal writes CRLF line ends; a cell holding a line break moves every later record.
    let original = std::fs::read_to_string(evidence("InteractiveSignIns.csv")).unwrap();
    let with_break = original.replacen("\"Jane Doe\"", "\"Jane\nDoe\"", 1);
    let crlf = with_break.replace('\n', "\r\n");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("InteractiveSignIns.csv");
    std::fs::write(&path, &crlf).unwrap();
    let (report, _) = scan_json(&[&path]);
    for found in report["findings"].as_array().unwrap() {
        for sample in found["samples"].as_array().unwrap() {
            let line = sample["line"].as_u64().unwrap() as usize;
            let user = sample["text"].as_str().unwrap().split(' ').nth(1).unwrap();
            let physical = crlf.split("\r\n").nth(line - 1).unwrap();
            assert!(
                physical.starts_with("\"2026-") && physical.contains(user)
                    || physical.starts_with("\"2026-") && user.starts_with("jane"),
                "line {line} is {physical:?}, not the record of {user}"
            );
        }
    }
    assert_eq!(sample_lines(finding(&report, "entra.aadsts53005")), [5]);
}

#[test]
fn one_sdk_result_logged_twice_is_counted_once_with_both_lines() {
    // Reconstructed after github.com/microsoftconnect/ms-intune-app-sdk-ios/issues/316: the
    // SDK logs one failed enrollment in two wordings within the same millisecond.
    let log = "2023-03-21T08:59:45.429Z ERRO <BUNDLE_ID> 0 IntuneMAM: CMAROperationScheduler: Enrollment failed with status code 201 and error code 0\n\
2023-03-21T08:59:45.429Z INFO <BUNDLE_ID> 0 IntuneMAM: MAM_CHECKPOINT: CMARMamServiceManager: Received enrollment result of 201 and returning legacy result code of 6\n\
2023-03-21T09:14:02.100Z ERRO <BUNDLE_ID> 0 IntuneMAM: CMAROperationScheduler: Enrollment failed with status code 201 and error code 0\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("IntuneMAMDiagnosticFile.txt");
    std::fs::write(&path, log).unwrap();
    let (report, _) = scan_json(&[&path]);
    let found = finding(&report, "sdk.ios.internal-errors");
    assert_eq!(found["count"], 2, "the retry 15 minutes later is another");
    assert_eq!(sample_lines(found), [1, 2, 3]);
}

#[test]
fn codes_and_sdk_results_are_read_in_the_wordings_people_paste() {
    let found = |text: &str| entries_in_paste(text);
    // Prefix-less codes in JSON fields (constructed after the identity platform's error body).
    assert_eq!(
        found(r#"{"error": "interaction_required", "errorCode": 53000, "correlation_id": "x"}"#),
        ["entra.aadsts53000"]
    );
    assert_eq!(
        found(r#"{"ResultType": "53003", "ResultDescription": "Blocked"}"#),
        ["entra.aadsts53003"]
    );
    assert_eq!(found(r#""error_codes":[700016]"#), ["entra.aadsts700016"]);
    // The SDK's other wording, and an app's own logging of a result
    // (github.com/microsoftconnect/ms-intune-app-sdk-ios/issues/337).
    assert_eq!(
        found("IntuneMAM: CMARHZqFxxnuBocXDfYJdzka : Failed enrollment operation with auth required because the supplied user upn is nil for enrollment trigger 104"),
        ["sdk.ios.203-auth-required"]
    );
    assert_eq!(
        found("[Intune] enrollmentRequest status: 201, success: false"),
        ["sdk.ios.internal-errors"]
    );
    // An HTTP status is no SDK result.
    assert!(found("POST /api/v4/posts status: 201").is_empty());
    // An older server's JSON line keeps the error's Where apart from its message; read as the
    // `error` field writes it (constructed after reference 2c).
    assert_eq!(
        found(
            r#"{"timestamp":"2022-03-10 16:14:00.451 Z","level":"error","msg":"Bad response from token request.","path":"/signup/gitlab/complete","err_where":"AuthorizeOAuthUser","http_code":500,"err_details":"response_body="}"#
        ),
        ["sso.oauth.bad-token-response"]
    );
    // A contraction spelled out ("was not found") meets the knowledge's "wasn't found".
    assert_eq!(
        found("The resource principal named https://contoso.example was not found in the tenant named Contoso."),
        ["entra.aadsts500011"]
    );
    // A chained ADAL error names both codes.
    assert_eq!(
        found("AADSTS70002: Error validating credentials. AADSTS70008: The provided access grant is expired or revoked."),
        ["entra.aadsts70008"]
    );
}

#[test]
fn what_went_right_is_reported_apart_and_never_as_a_problem() {
    // github.com/microsoftconnect/ms-intune-app-sdk-ios/issues/20 (status 100) and a sign-in
    // export's successful row.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    std::fs::write(
        &path,
        "2018-12-07 10:00:00.000 Debug Message: New MAM policies were received and applied to the application with status code 100.\n\
2018-12-07 10:00:01.000 enrollment result for identity user@contoso.example with status code 100\n",
    )
    .unwrap();
    let (report, output) = scan_json(&[&path, &evidence("InteractiveSignIns.csv")]);
    assert_eq!(output.status.code(), Some(1), "the CSV holds real failures");
    let went_right: Vec<(&str, u64)> = report["went_right"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        went_right,
        [
            ("sdk.ios.policy-status-ok", 2),
            ("entra.signin-succeeded", 1)
        ]
    );
    let problems: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!problems.contains(&"sdk.ios.policy-status-ok"));
    assert_eq!(report["files"][0]["problems"], 0);
    let text = mamtriage(&["scan"]).arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.starts_with("No known problem"), "{text}");
    assert!(text.contains("What went right"), "{text}");
}

#[test]
fn errors_no_pattern_knows_become_likely_findings_only_when_the_search_is_sure() {
    // Constructed: one error the knowledge words differently (a likely match) and one it does
    // not know at all.
    let log = concat!(
        r#"{"timestamp":"2026-03-02 10:00:00.000 Z","level":"error","msg":"failed to get access token from entra: the refresh token has expired due to inactivity","caller":"app/x.go:1"}"#,
        "\n",
        r#"{"timestamp":"2026-03-02 10:00:01.000 Z","level":"error","msg":"Database connection lost","caller":"sqlstore/store.go:1"}"#,
        "\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mattermost.log");
    std::fs::write(&path, log).unwrap();
    let (report, output) = scan_json(&[&path]);
    let likely = finding(&report, "entra.aadsts700082");
    assert_eq!(likely["match"], "likely");
    assert!(likely["why"].as_str().unwrap().contains("high confidence"));
    assert_eq!(sample_lines(likely), [1]);
    let unrecognised: Vec<&str> = report["unrecognised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group["signature"].as_str().unwrap())
        .collect();
    assert_eq!(unrecognised, ["Database connection lost"]);
    assert_eq!(output.status.code(), Some(1));
    let text = mamtriage(&["scan"]).arg(&path).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let likely_at = text.find("Likely (").expect("a section of its own");
    assert!(text[likely_at..].contains("[entra.aadsts700082]"), "{text}");
    // Likely findings count towards --top, after the exact ones.
    let mut with_exact = log.to_string();
    with_exact.push_str(
        r#"{"timestamp":"2026-03-02 10:00:02.000 Z","level":"error","msg":"License key from https://mattermost.com required to unlock enterprise features.","caller":"app/license.go:1"}"#,
    );
    std::fs::write(&path, with_exact).unwrap();
    let top = mamtriage(&["scan", "--json", "--top", "1"])
        .arg(&path)
        .output()
        .unwrap();
    let top: Value = serde_json::from_slice(&top.stdout).unwrap();
    let ids: Vec<&str> = top["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["server.no-license"]);
    // Exact findings say so.
    let (report, _) = scan_json(&[&evidence("mattermost.log")]);
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["match"] == "exact" && f.get("why").is_none()));
}
