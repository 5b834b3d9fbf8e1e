//! Incidents across layers (`scan --timeline`, the `incidents` of `scan --json`) over the
//! constructed multi-layer evidence in tests/data/incidents (see tests/data/incidents.md):
//! the app's log zipped as "Report a Problem" makes it, the server log in a support packet, a
//! separate Entra export and an SDK diagnostic file.

use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod common;
use common::archives::zip_of;
use common::mamtriage;

const APP_LOG: &str = "MMLogs 2026-03-02--10-15-00-000.log";
const SIGN_INS: &str = "InteractiveSignIns_2026-03-02_2026-03-03.csv";
const SDK: &str = "IntuneMAMDiagnosticFiles 1.txt";

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/incidents")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The evidence as an admin holds it: the app's zip, a support packet, an export, the SDK's
/// file. Returns the folder and the paths in it.
fn evidence() -> (TempDir, Vec<PathBuf>) {
    let dir = TempDir::new().unwrap();
    let app = dir.path().join("Logs_2026-03-02-112005.zip");
    std::fs::write(&app, zip_of(&[(APP_LOG, &fixture(APP_LOG))])).unwrap();
    let packet = dir.path().join("mattermost_support_packet_2026-03-03.zip");
    let metadata = b"version: 11.6.0\nserver_id: abc\n".to_vec();
    std::fs::write(
        &packet,
        zip_of(&[
            ("metadata.yaml", &metadata),
            ("mattermost.log", &fixture("mattermost.log")),
        ]),
    )
    .unwrap();
    let mut paths = vec![app, packet];
    for name in [SIGN_INS, SDK] {
        let path = dir.path().join(name);
        std::fs::write(&path, fixture(name)).unwrap();
        paths.push(path);
    }
    (dir, paths)
}

fn scan(paths: &[PathBuf], extra: &[&str]) -> Value {
    let mut command = mamtriage(&["scan", "--json"]);
    command.args(extra).args(paths);
    let output = command.output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "not JSON ({err}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn incidents(report: &Value) -> &Vec<Value> {
    report["incidents"].as_array().expect("incidents is a list")
}

/// Each event as `layer file-ending:line`.
fn events(incident: &Value) -> Vec<String> {
    incident["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            let file = event["file"].as_str().unwrap();
            let name = file.rsplit(['/', '!']).next().unwrap();
            format!(
                "{} {name}:{}",
                event["layer"].as_str().unwrap(),
                event["line"]
            )
        })
        .collect()
}

/// The incident that holds the event `wanted`.
fn holding<'a>(report: &'a Value, wanted: &str) -> &'a Value {
    incidents(report)
        .iter()
        .find(|incident| events(incident).iter().any(|event| event == wanted))
        .unwrap_or_else(|| panic!("no incident holds {wanted}: {report:#}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn each_planted_attempt_is_one_incident_with_all_its_events_and_its_user() {
    let (_dir, paths) = evidence();
    let report = scan(&paths, &[]);
    let planted: [(&str, &[&str], &str); 5] = [
        (
            "jane.doe@contoso.com",
            &[
                "entra InteractiveSignIns_2026-03-02_2026-03-03.csv:2",
                "mobile MMLogs 2026-03-02--10-15-00-000.log:2",
            ],
            "correlation id",
        ),
        (
            "jane.doe@contoso.com",
            &[
                "entra InteractiveSignIns_2026-03-02_2026-03-03.csv:3",
                "server mattermost.log:2",
                "mobile MMLogs 2026-03-02--10-15-00-000.log:4",
            ],
            "client address and time",
        ),
        (
            "ana.silva@contoso.com",
            &[
                "entra InteractiveSignIns_2026-03-02_2026-03-03.csv:4",
                "server mattermost.log:4",
            ],
            "client address and time",
        ),
        (
            "kim.lee@contoso.com",
            &[
                "entra InteractiveSignIns_2026-03-02_2026-03-03.csv:5",
                "sdk IntuneMAMDiagnosticFiles 1.txt:2",
            ],
            "time alone",
        ),
        (
            "jane.doe@contoso.com",
            &[
                "entra InteractiveSignIns_2026-03-02_2026-03-03.csv:6",
                "server mattermost.log:6",
            ],
            "client address and time",
        ),
    ];
    for (user, planted_events, key) in planted {
        let incident = holding(&report, planted_events[0]);
        assert_eq!(events(incident), planted_events, "{incident:#}");
        assert_eq!(strings(&incident["users"]), [user]);
        assert!(
            strings(&incident["joined_by"])
                .iter()
                .any(|joined| joined.starts_with(key)),
            "{incident:#}"
        );
    }
    assert_eq!(
        incidents(&report).len(),
        planted.len(),
        "nothing else: {report:#}"
    );
    let ids: Vec<&str> = incidents(&report)
        .iter()
        .map(|incident| incident["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "incident-1",
            "incident-2",
            "incident-3",
            "incident-4",
            "incident-5"
        ]
    );
}

#[test]
fn the_verdict_names_the_layer_that_said_no_first() {
    let (_dir, paths) = evidence();
    let report = scan(&paths, &[]);
    let verdict = |event: &str| {
        holding(&report, event)["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let blocked = verdict("entra InteractiveSignIns_2026-03-02_2026-03-03.csv:2");
    assert!(
        blocked.starts_with("At 10:15:39 UTC, Entra refused the sign-in: AADSTS53003"),
        "{blocked}"
    );
    assert!(blocked.contains("fix it in Entra"), "{blocked}");
    let refused = verdict("server mattermost.log:2");
    assert!(
        refused.starts_with(
            "Entra issued the token at 10:20:01 UTC; 1.4 s later, the server refused it: Token \
             tenant does not match the configured tenant"
        ),
        "{refused}"
    );
    assert!(refused.ends_with("not Entra"), "{refused}");
    let unlicensed = verdict("sdk IntuneMAMDiagnosticFiles 1.txt:2");
    assert!(
        unlicensed.contains("Intune enrollment failed"),
        "{unlicensed}"
    );
}

#[test]
fn the_app_logs_local_time_is_moved_to_utc_by_the_zone_a_joined_pair_shows_or_by_tz() {
    let (_dir, paths) = evidence();
    let report = scan(&paths, &[]);
    let event_at = |report: &Value, wanted: &str| {
        let incident = holding(report, wanted);
        let at = events(incident).iter().position(|e| e == wanted).unwrap();
        incident["events"][at].clone()
    };
    let app = event_at(&report, "mobile MMLogs 2026-03-02--10-15-00-000.log:2");
    assert_eq!(app["time"], "2026-03-02T10:15:41.200Z");
    assert_eq!(app["device_time"], "2026-03-02 11:15:41.200");
    let notes: Vec<&str> = strings(&report["notes"]);
    assert!(
        notes.iter().any(|note| note.ends_with(
            "device-local times read as UTC+01:00, the zone that 2 records joined by id to UTC \
             records show"
        )),
        "{notes:#?}"
    );

    let told = scan(&paths, &["--tz", "+02:00"]);
    let app = event_at(&told, "mobile MMLogs 2026-03-02--10-15-00-000.log:2");
    assert_eq!(app["time"], "2026-03-02T09:15:41.200Z");
    assert!(strings(&told["notes"])
        .iter()
        .any(|note| note.ends_with("device-local times read as UTC+02:00 (--tz)")));
    // Two hours off, the app's server error is nowhere near the server's: it stays alone.
    assert_eq!(
        events(holding(
            &told,
            "mobile MMLogs 2026-03-02--10-15-00-000.log:4"
        ))
        .len(),
        1
    );
}

#[test]
fn without_a_joined_pair_the_zone_comes_from_server_errors_and_a_guess_is_not_made() {
    let (_dir, paths) = evidence();
    // The app's zip and the packet only: no sign-in export, no correlation id to go by.
    let report = scan(&paths[..2], &[]);
    assert!(strings(&report["notes"]).iter().any(|note| note.contains(
        "device-local times read as UTC+01:00, the zone that 1 server error logged by both the \
         app and the server shows"
    )));
    // Two users' refusals 1.6 s apart from two addresses: the app's record could be either's.
    let app = holding(&report, "mobile MMLogs 2026-03-02--10-15-00-000.log:4");
    assert_eq!(events(app).len(), 1, "{app:#}");
}

#[test]
fn redaction_masks_what_incidents_print_and_joins_the_same() {
    let (_dir, paths) = evidence();
    let plain = scan(&paths, &[]);
    let redacted = scan(&paths, &["--redact"]);
    let shapes = |report: &Value| -> Vec<usize> {
        incidents(report)
            .iter()
            .map(|incident| incident["events"].as_array().unwrap().len())
            .collect()
    };
    assert_eq!(shapes(&plain), shapes(&redacted));
    let text = serde_json::to_string(&redacted["incidents"]).unwrap();
    for secret in [
        "jane.doe",
        "ana.silva",
        "kim.lee",
        "203.0.113.24",
        "192.0.2.50",
        "Jane Doe",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    let first = &incidents(&redacted)[0];
    assert_eq!(strings(&first["users"]), ["<user-1>"]);
    assert!(strings(&first["keys"]["addresses"])[0].starts_with("<ip-"));
    // Ids join attempts and are what Microsoft support asks for: they stay.
    assert_eq!(
        strings(&first["keys"]["correlation_ids"]),
        ["0f3c1d2e-4a5b-4c6d-8e7f-9a0b1c2d3e4f"]
    );
    let timeline = mamtriage(&["scan", "--timeline", "--redact"])
        .args(&paths)
        .output()
        .unwrap();
    let timeline = String::from_utf8(timeline.stdout).unwrap();
    assert!(timeline.contains("incident-1"));
    assert!(!timeline.contains("jane.doe") && !timeline.contains("203.0.113.24"));
}

#[test]
fn the_timeline_tells_each_story_with_times_in_text_and_markdown() {
    let (_dir, paths) = evidence();
    let run = |format: &str| {
        let output = mamtriage(&["scan", "--timeline", "--format", format])
            .args(&paths)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "problems were found");
        String::from_utf8(output.stdout).unwrap()
    };
    let text = run("text");
    assert!(text.starts_with("5 incidents in 5 files: 5 joined across records, 0 alone."));
    assert!(text.contains(
        "incident-2 · 2026-03-02 10:20:01 to 10:20:03 UTC · jane.doe@contoso.com\n  joined by:"
    ));
    assert!(text.contains("  10:20:02.400  server  "), "{text}");
    assert!(text.contains("(device 2026-03-02 11:20:03.100)"), "{text}");
    assert!(text.contains("  verdict: Entra issued the token at 10:20:01 UTC"));
    let plain = mamtriage(&["scan"]).args(&paths).output().unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(plain.contains(
        "5 attempts joined across layers: add --timeline to see which layer said no first."
    ));
    let markdown = run("markdown");
    assert!(markdown.starts_with("## mamtriage incidents"));
    assert!(markdown.contains("| time (UTC) | layer | where | what | entry |"));
    assert!(markdown.contains("**Verdict:** At 10:15:39 UTC, Entra refused the sign-in"));
}

#[test]
fn the_json_contract_of_incidents_holds() {
    let (_dir, paths) = evidence();
    let report = scan(&paths, &[]);
    let incident = holding(&report, "server mattermost.log:2");
    for key in ["id", "start", "end", "users", "keys", "verdict", "events"] {
        assert!(incident.get(key).is_some(), "{key} missing: {incident:#}");
    }
    assert_eq!(incident["start"], "2026-03-02T10:20:01Z");
    assert_eq!(incident["end"], "2026-03-02T10:20:03.100Z");
    assert_eq!(
        strings(&incident["keys"]["request_ids"]),
        [
            "4d6f8b02-1c3e-4a7f-9b2d-6e8a0c4f2b31",
            "b7n4m2x8c5v1z9a6s3d0f2g4h7"
        ]
    );
    assert_eq!(strings(&incident["keys"]["addresses"]), ["203.0.113.24"]);
    let server = &incident["events"][1];
    for key in ["time", "layer", "file", "line", "entry", "match", "text"] {
        assert!(server.get(key).is_some(), "{key} missing: {server:#}");
    }
    assert!(server["file"]
        .as_str()
        .unwrap()
        .ends_with("mattermost_support_packet_2026-03-03.zip!mattermost.log"));
    assert_eq!(server["line"], 2);
    assert_eq!(
        server["entry"],
        "ent.intune.validate_token.invalid_tenant_id.app_error"
    );
    assert_eq!(server["match"], "exact");
    assert_eq!(incident["events"][0]["worked"], true);
}

#[test]
fn a_server_behind_a_proxy_joins_by_time_alone_and_another_apps_sign_in_never() {
    let dir = TempDir::new().unwrap();
    let server = dir.path().join("mattermost.log");
    let refusal = |time: &str, request: &str| {
        format!(
            r#"{{"timestamp":"2026-03-02 {time} Z","level":"debug","msg":"There was a configuration issue. Please contact your IT administrator.","caller":"web/context.go:118","path":"/oauth/intune","request_id":"{request}","ip_addr":"10.0.0.5","user_id":"","method":"POST","err_where":"<unconfirmed>","http_code":400,"error":"<unconfirmed>: There was a configuration issue. Please contact your IT administrator."}}"#
        )
    };
    std::fs::write(
        &server,
        format!(
            "{}\n{}\n{}\n",
            refusal("10:00:01.500", "aaaaaaaaaaaaaaaaaaaaaaaaaa"),
            refusal("12:00:01.500", "bbbbbbbbbbbbbbbbbbbbbbbbbb"),
            refusal("14:00:01.500", "cccccccccccccccccccccccccc")
        ),
    )
    .unwrap();
    let sign_ins = dir.path().join("signins.json");
    std::fs::write(
        &sign_ins,
        r#"[{"createdDateTime":"2026-03-02T10:00:00Z","userPrincipalName":"lee@contoso.com","appDisplayName":"Contoso Chat","appId":"9ac649f1-4f77-44d6-9792-b2f54ab3c9a7","ipAddress":"198.51.100.9","status":{"errorCode":0}},
{"createdDateTime":"2026-03-02T12:00:00Z","userPrincipalName":"max@contoso.com","appDisplayName":"Outlook","appId":"27922004-5251-4030-b22d-91ecd9a37ea4","ipAddress":"198.51.100.10","status":{"errorCode":0}},
{"createdDateTime":"2026-03-02T14:00:00Z","userPrincipalName":"ida@contoso.com","ipAddress":"198.51.100.11","status":{"errorCode":0}}]"#,
    )
    .unwrap();
    let report = scan(&[server, sign_ins], &[]);
    // The proxy's address joins nothing; the one Mattermost sign-in a second before does,
    // by time alone and said so. Outlook's sign-in is no part of any attempt.
    let first = holding(&report, "server mattermost.log:1");
    assert_eq!(events(first).len(), 2, "{first:#}");
    assert_eq!(strings(&first["users"]), ["lee@contoso.com"]);
    assert!(strings(&first["joined_by"])[0].starts_with("time alone"));
    let second = holding(&report, "server mattermost.log:2");
    assert_eq!(events(second).len(), 1, "{second:#}");
    // A sign-in that names no app at all may be the Mattermost app's: it joins.
    let third = holding(&report, "server mattermost.log:3");
    assert_eq!(strings(&third["users"]), ["ida@contoso.com"]);
}
