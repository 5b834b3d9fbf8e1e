//! `scan`, `doctor` and `-o` over hostile and odd evidence (issue 28): every form of secret
//! masked in every format, outputs that never replace what is not a regular file, archive
//! bombs within a budget, odd encodings, holes, tarballs and pipes. The evidence is written
//! here, constructed from the formats in the reference; none of it is a real customer file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::mamtriage;

/// Each secret form as a log carries it, with the value that must never be shown.
const SECRET_FORMS: [(&str, &str); 19] = [
    (
        "a JWT",
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlVmFsdWU",
    ),
    (
        "a bearer token",
        "Authorization: Bearer Zq7pLm2Xw9Rt4Kv8Ys1Nb6",
    ),
    ("client_secret=", "client_secret=Uu8Q~wXyZ.aBcDeFgHiJ"),
    ("access_token=", "access_token=AcCeSsToKeN0000111122"),
    ("refresh_token=", "refresh_token=ReFrEsHtOkEn3333444455"),
    ("id_token=", "id_token=IdToKeN66667777888899"),
    (
        "an OAuth code=",
        "GET /oauth/callback?code=AuThCoDe0.AXkAbCdEf&state=1",
    ),
    (
        "a SAS sig=",
        "https://acct.blob.core.windows.net/c/f?sv=2020-08-04&sig=SaSsIgNaTuRe%2B1234%3D",
    ),
    (
        "AccountKey=",
        "DefaultEndpointsProtocol=https;AccountName=mm;AccountKey=AcCoUnTkEy+5678/90==;",
    ),
    ("password=", "login failed password=Hunter2Hunter2"),
    ("a JSON password", r#"{"password":"JsonPass9876"}"#),
    (
        "a JSON client secret",
        r#"{"client_secret": "JsonSecret5432"}"#,
    ),
    (
        "the MMAUTHTOKEN cookie",
        "Cookie: MMAUTHTOKEN=mmauthcookievalue42; MMUSERID=x",
    ),
    ("an API key", "x-api-key: ApIkEyVaLuE24680"),
    (
        "client_assertion=",
        "client_assertion=AsSeRtIoN13579bcd&grant_type=x",
    ),
    (
        "a private key",
        "-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEAprivatekeybody",
    ),
    (
        "Authorization: Basic",
        "Authorization: Basic bW11c2VyOkJhc2ljUGFzcw==",
    ),
    (
        "a MySQL DSN",
        "mmuser:DsnPassw0rd@tcp(db:3306)/mattermost?charset=utf8mb4",
    ),
    (
        "a URL password",
        "postgres://mmuser:UrlPassw0rd@db:5432/mattermost",
    ),
];

/// The parts of each form that are the secret itself.
const SECRET_VALUES: [&str; 19] = [
    "c2lnbmF0dXJlVmFsdWU",
    "Zq7pLm2Xw9Rt4Kv8Ys1Nb6",
    "Uu8Q~wXyZ.aBcDeFgHiJ",
    "AcCeSsToKeN0000111122",
    "ReFrEsHtOkEn3333444455",
    "IdToKeN66667777888899",
    "AuThCoDe0.AXkAbCdEf",
    "SaSsIgNaTuRe",
    "AcCoUnTkEy",
    "Hunter2Hunter2",
    "JsonPass9876",
    "JsonSecret5432",
    "mmauthcookievalue42",
    "ApIkEyVaLuE24680",
    "AsSeRtIoN13579bcd",
    "privatekeybody",
    "bW11c2VyOkJhc2ljUGFzcw",
    "DsnPassw0rd",
    "UrlPassw0rd",
];

fn write(dir: &Path, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn run(command: &mut Command) -> Output {
    command.stdin(Stdio::null()).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A server log whose error lines carry every secret form: as lines that match no entry
/// (folded into unrecognised groups) and as lines of a known problem (kept as samples).
fn server_log_with_secrets() -> String {
    let mut log = String::new();
    for (n, (_, form)) in SECRET_FORMS.iter().enumerate() {
        let escaped = form.replace('\\', "\\\\").replace('"', "\\\"");
        log.push_str(&format!(
            "{{\"timestamp\":\"2026-03-02 10:15:{n:02}.000 Z\",\"level\":\"error\",\"msg\":\"Unexpected failure {escaped}\",\"caller\":\"app/x.go:1\"}}\n"
        ));
        log.push_str(&format!(
            "{{\"timestamp\":\"2026-03-02 10:16:{n:02}.000 Z\",\"level\":\"debug\",\"msg\":\"Microsoft Intune authentication is not configured.\",\"path\":\"/oauth/intune\",\"http_code\":400,\"error\":\"App.LoginByIntune: Microsoft Intune authentication is not configured. {escaped}\"}}\n"
        ));
    }
    log
}

#[test]
fn no_secret_form_is_shown_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "mattermost.log",
        server_log_with_secrets().as_bytes(),
    );
    let text_log = write(
        dir.path(),
        "plain.log",
        SECRET_FORMS
            .iter()
            .map(|(_, form)| format!("2026-03-02T10:15:00Z ERROR request failed {form}\n"))
            .collect::<String>()
            .as_bytes(),
    );
    for format in [
        &["--json"][..],
        &["--format", "text"],
        &["--format", "markdown"],
        &["--json", "--redact"],
        &["--format", "markdown", "--redact"],
    ] {
        let output = run(mamtriage(&["scan"]).args(format).arg(&log).arg(&text_log));
        let shown = stdout(&output) + &stderr(&output);
        assert!(
            shown.contains("not configured") && shown.contains("request failed"),
            "{format:?}: both kinds of line are reported:\n{shown}"
        );
        for (value, (form, _)) in SECRET_VALUES.iter().zip(SECRET_FORMS) {
            assert!(
                !shown.contains(value),
                "{format:?} shows {form} ({value}):\n{shown}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn output_never_replaces_what_is_not_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "server.log",
        server_log_with_secrets().as_bytes(),
    );
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let config = write(dir.path(), "config.json", br#"{"ServiceSettings": {}}"#);
    let fifo_arg = fifo.to_str().unwrap();
    let log_arg = log.to_str().unwrap();
    for args in [
        &["scan", log_arg, "-o", fifo_arg, "--force"][..],
        &[
            "doctor",
            "--config",
            config.to_str().unwrap(),
            "-o",
            fifo_arg,
            "--force",
        ],
        &["export", "AADSTS50011", "-o", fifo_arg, "--force"],
        &["scan", log_arg, "-o", "/dev/null", "--force"],
    ] {
        let output = run(&mut mamtriage(args));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("is not a regular file"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn a_failed_output_file_exits_2_and_a_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "server.log",
        server_log_with_secrets().as_bytes(),
    );
    let missing = dir.path().join("no-such-folder").join("report.md");
    let output = run(mamtriage(&["scan"]).arg(&log).arg("-o").arg(&missing));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write"),
        "{}",
        stderr(&output)
    );

    let output = run(mamtriage(&["scan", "--json", "-o", "-"])
        .arg(&log)
        .current_dir(dir.path()));
    assert_eq!(
        output.status.code(),
        Some(1),
        "problems found: {}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("\"findings\""));
    assert!(!dir.path().join("-").exists(), "no file named -");
    let output = run(mamtriage(&["export", "AADSTS50011", "-o", "-"]).current_dir(dir.path()));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("AADSTS50011"));
    assert!(!dir.path().join("-").exists(), "no file named -");
}
