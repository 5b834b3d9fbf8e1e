//! `scan`, `doctor` and `-o` over hostile and odd evidence (issue 28): every form of secret
//! masked in every format, outputs that never replace what is not a regular file, archive
//! bombs within a budget, odd encodings, holes, tarballs and pipes. The evidence is written
//! here, constructed from the formats in the reference; none of it is a real customer file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::archives::{gzip, tar_of, zip_of};
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

fn run(mut command: impl std::borrow::BorrowMut<Command>) -> Output {
    command.borrow_mut().stdin(Stdio::null()).output().unwrap()
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
        let output = run(mamtriage(args));
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

/// A server log line of a known problem (HTTP 400: the server's own check).
const NOT_CONFIGURED: &str = r#"{"timestamp":"2026-03-02 10:15:42.118 Z","level":"debug","msg":"Microsoft Intune authentication is not configured.","path":"/oauth/intune","http_code":400,"error":"App.LoginByIntune: Microsoft Intune authentication is not configured."}"#;
const NOT_CONFIGURED_ID: &str = "api.user.login_by_intune.not_configured.app_error";

fn scan_report(args: &[&std::ffi::OsStr]) -> (serde_json::Value, Output) {
    let output = run(mamtriage(&["scan", "--json"]).args(args));
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", stderr(&output)));
    (report, output)
}

fn found(report: &serde_json::Value, id: &str) -> u64 {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .map_or(0, |f| f["count"].as_u64().unwrap())
}

fn notes_of(report: &serde_json::Value) -> String {
    report["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string() + "\n")
        .collect()
}

/// A zip member of `size` zero bytes, deflated as a bomb's payload is.
fn zip_of_zeros(name: &str, size: usize) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer
        .start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..size >> 20 {
        writer.write_all(&block).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_nested_zip_bomb_ends_at_its_first_payload_with_a_note() {
    // 42.zip's shape, smaller: 16 x 16 zips of a 100 MiB payload, 25 GiB in all.
    let leaf = zip_of_zeros("0.bin", 100 << 20);
    let names: Vec<String> = (0..16).map(|n| format!("{n}.zip")).collect();
    let level1 = zip_of(
        &names
            .iter()
            .map(|n| (n.as_str(), &leaf[..]))
            .collect::<Vec<_>>(),
    );
    let level2 = zip_of(
        &names
            .iter()
            .map(|n| (n.as_str(), &level1[..]))
            .collect::<Vec<_>>(),
    );
    let dir = tempfile::tempdir().unwrap();
    let bomb = write(dir.path(), "42.zip", &level2);
    let (report, output) = scan_report(&[bomb.as_os_str()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let notes = notes_of(&report);
    assert!(
        notes.contains("42.zip!0.zip!0.zip!0.bin unpacks at more than 500:1"),
        "{notes}"
    );
    assert!(
        stderr(&output).contains("a zip bomb?"),
        "{}",
        stderr(&output)
    );
}

/// A zip whose central directory lists `entries` files that all point at one local header:
/// the overlapping bomb, each entry unpacking the same deflated bytes.
fn overlapping_zip(entries: usize) -> Vec<u8> {
    let one = zip_of(&[("0000.log", &vec![b'a'; 1 << 20][..])]);
    let central = one.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let end = one.windows(4).position(|w| w == b"PK\x05\x06").unwrap();
    let (local, entry) = (&one[..central], &one[central..end]);
    let mut bytes = local.to_vec();
    let directory_start = bytes.len() as u32;
    for n in 0..entries {
        // Each entry with a name of its own (at byte 46), as the bomb's are.
        let mut entry = entry.to_vec();
        entry[46..50].copy_from_slice(format!("{n:04}").as_bytes());
        bytes.extend_from_slice(&entry);
    }
    let directory_size = bytes.len() as u32 - directory_start;
    let mut eocd = one[end..].to_vec();
    eocd[8..10].copy_from_slice(&(entries as u16).to_le_bytes());
    eocd[10..12].copy_from_slice(&(entries as u16).to_le_bytes());
    eocd[12..16].copy_from_slice(&directory_size.to_le_bytes());
    eocd[16..20].copy_from_slice(&directory_start.to_le_bytes());
    bytes.extend_from_slice(&eocd);
    bytes
}

#[test]
fn an_overlapping_zip_bomb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = write(dir.path(), "overlap.zip", &overlapping_zip(2000));
    let (report, output) = scan_report(&[bomb.as_os_str()]);
    assert_eq!(output.status.code(), Some(2));
    let notes = notes_of(&report);
    assert!(
        notes.contains("overlap.zip: its entries share their data (an overlapping zip bomb?)"),
        "{notes}"
    );
    assert_eq!(
        report["files"].as_array().unwrap().len(),
        0,
        "nothing unpacked"
    );
}

#[test]
fn tarballs_are_read_plain_and_gzipped() {
    let log = format!("{NOT_CONFIGURED}\n");
    let tar = tar_of(&[("logs/mattermost.log", log.as_bytes())]);
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "logs.tar", &tar);
    let packed = write(dir.path(), "logs.tgz", &gzip(&tar));
    let (report, output) = scan_report(&[plain.as_os_str(), packed.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(found(&report, NOT_CONFIGURED_ID), 2, "{report:#}");
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        files[0].ends_with("logs.tar!logs/mattermost.log"),
        "{files:?}"
    );
    assert!(
        files[1].ends_with("logs.tgz!logs/mattermost.log"),
        "{files:?}"
    );
}

/// The constructed portal export of `scan`'s tests: one AADSTS53005 and one AADSTS65001.
fn sign_ins_csv() -> String {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/evidence/InteractiveSignIns.csv");
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn utf16_exports_are_decoded_with_and_without_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let units = |big_endian: bool| -> Vec<u8> {
        sign_ins_csv()
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    let mut with_bom = vec![0xff, 0xfe];
    with_bom.extend(units(false));
    let mut big_with_bom = vec![0xfe, 0xff];
    big_with_bom.extend(units(true));
    let inputs = [
        write(dir.path(), "bom.csv", &with_bom),
        write(dir.path(), "nobom.csv", &units(false)),
        write(dir.path(), "big.csv", &big_with_bom),
    ];
    let args: Vec<&std::ffi::OsStr> = inputs.iter().map(|p| p.as_os_str()).collect();
    let (report, output) = scan_report(&args);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(found(&report, "entra.aadsts53005"), 3, "{report:#}");
    for file in report["files"].as_array().unwrap() {
        assert_eq!(file["format"], "entra-signins-csv", "{file:#}");
    }
}

#[test]
fn a_hole_of_nuls_hides_nothing() {
    let mut log = vec![0u8; 10 << 20];
    log.extend_from_slice(format!("{NOT_CONFIGURED}\n").as_bytes());
    log.extend(vec![0u8; 4096]);
    log.extend_from_slice(format!("{NOT_CONFIGURED}\n").as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let hole = write(dir.path(), "mattermost.log", &log);
    let zipped = write(
        dir.path(),
        "packet.zip",
        &zip_of(&[("mattermost.log", &log)]),
    );
    let (report, output) = scan_report(&[hole.as_os_str(), zipped.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(found(&report, NOT_CONFIGURED_ID), 4, "{report:#}");
    assert!(!notes_of(&report).contains("binary"));
}

#[test]
fn what_an_archive_cannot_give_is_named() {
    let log = format!("{NOT_CONFIGURED}\n");
    let dir = tempfile::tempdir().unwrap();
    // The general-purpose flag's bit 0, in the local and the central header: encrypted.
    let mut encrypted = zip_of(&[("secret.log", log.as_bytes())]);
    encrypted[6] |= 1;
    let central = encrypted
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .unwrap();
    encrypted[central + 8] |= 1;
    // One byte of the deflated data changed: the member's checksum fails.
    let mut damaged = zip_of(&[("damaged.log", log.repeat(50).as_bytes())]);
    damaged[60] ^= 0xff;
    let inputs = [
        write(dir.path(), "encrypted.zip", &encrypted),
        write(dir.path(), "empty.zip", &zip_of(&[])),
        write(dir.path(), "damaged.zip", &damaged),
        write(dir.path(), "empty.tar", &tar_of(&[])),
    ];
    let args: Vec<&std::ffi::OsStr> = inputs.iter().map(|p| p.as_os_str()).collect();
    let (report, output) = scan_report(&args);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let notes = notes_of(&report);
    for expected in [
        "encrypted.zip!secret.log: encrypted; not read",
        "empty.zip: an archive with no files in it",
        "damaged.zip!damaged.log: reading stopped: the data is damaged",
    ] {
        assert!(notes.contains(expected), "{expected}:\n{notes}");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_read_when_named_and_passed_over_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("live.log");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            writeln!(pipe, "{NOT_CONFIGURED}").unwrap();
        })
    };
    let (report, output) = scan_report(&[fifo.as_os_str()]);
    writer.join().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(found(&report, NOT_CONFIGURED_ID), 1);

    let (report, output) = scan_report(&[dir.path().as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        notes_of(&report)
            .contains("live.log: not a regular file (a pipe or a device); skipped in a folder"),
        "{report:#}"
    );
    let output = run(mamtriage(&["scan", "/dev/zero"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("a device, not a file"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_folder_walk_stays_in_its_tree() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "other.log",
        format!("{NOT_CONFIGURED}\n").as_bytes(),
    );
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("other.log"),
        dir.path().join("link.log"),
    )
    .unwrap();
    let (report, output) = scan_report(&[dir.path().as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(found(&report, NOT_CONFIGURED_ID), 0, "{report:#}");
    // Named, a link is followed.
    let link = dir.path().join("link.log");
    let (report, _) = scan_report(&[link.as_os_str()]);
    assert_eq!(found(&report, NOT_CONFIGURED_ID), 1);
}

#[test]
fn doctor_reads_one_config_of_a_packet_and_refuses_what_no_config_is() {
    let dir = tempfile::tempdir().unwrap();
    let config = br#"{"ServiceSettings": {"SiteURL": "https://mm.contoso.com"}, "IntuneSettings": {"Enable": false}}"#;
    // A crafted packet: forty node configs of 2 MiB each, one byte repeated; only the first
    // by path is read.
    let big = [&config[..], &vec![b' '; 2 << 20]].concat();
    let names: Vec<String> = (0..40)
        .map(|n| format!("node{n:02}/sanitized_config.json"))
        .collect();
    let members: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &big[..])).collect();
    let packet = write(dir.path(), "packet.zip", &zip_of(&members));
    let output = run(mamtriage(&["doctor", "--json", "--config"]).arg(&packet));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("40 node configs in the packet; ")
            && stdout(&output).contains("node00/sanitized_config.json was checked"),
        "{}",
        stdout(&output)
    );

    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        std::str::from_utf8(config)
            .unwrap()
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let utf16 = write(dir.path(), "config-utf16.json", &utf16);
    let output = run(mamtriage(&["doctor", "--json", "--config"]).arg(&utf16));
    assert_eq!(
        output.status.code(),
        Some(1),
        "read, and Intune is off: {}",
        stderr(&output)
    );

    let huge = write(dir.path(), "huge.json", &vec![b' '; 9 << 20]);
    for (path, why) in [
        (huge.as_path(), "larger than 8 MiB"),
        (Path::new("/dev/zero"), "not a file (a device or a folder)"),
    ] {
        let output = run(mamtriage(&["doctor", "--config"]).arg(path));
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains(why), "{}", stderr(&output));
    }
}

#[test]
fn arguments_that_can_select_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log = write(
        dir.path(),
        "server.log",
        format!("{NOT_CONFIGURED}\n").as_bytes(),
    );
    for (args, why) in [
        (&["--top", "0"][..], "--top"),
        (
            &["--since", "2026-03-03", "--until", "2026-03-02"],
            "is not before --until",
        ),
        (
            &["--since", "2026-03-02", "--until", "2026-03-02"],
            "is not before --until",
        ),
    ] {
        let output = run(mamtriage(&["scan"]).args(args).arg(&log));
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(why),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = run(mamtriage(&["--settings", "/dev/zero", "list"]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn device_local_times_are_windowed_in_every_zone() {
    // The iOS app's log: local times without a zone (reference: the app's log format).
    let record = |time: &str| {
        format!("{time} ERROR nativeEntraLogin failed {{\n    \"server_error_id\" = \"ent.intune.validate_token.invalid_tenant_id.app_error\";\n}}\n")
    };
    let log = record("2026/03/02 10:15:44:517") + &record("2026/03/05 10:15:44:517");
    let dir = tempfile::tempdir().unwrap();
    let log = write(dir.path(), "MMLogs.log", log.as_bytes());
    let id = "ent.intune.validate_token.invalid_tenant_id.app_error";
    // 10:15 local is 20:15 UTC the day before at the latest: in a window of 2 March UTC.
    let (report, _) = scan_report(&[
        "--since".as_ref(),
        "2026-03-02T20:00:00Z".as_ref(),
        "--until".as_ref(),
        "2026-03-03".as_ref(),
        log.as_os_str(),
    ]);
    assert_eq!(
        found(&report, id),
        1,
        "the 5 March record is outside: {report:#}"
    );
    assert!(notes_of(&report).contains("outside the window in every zone"));
    let (report, _) = scan_report(&["--since".as_ref(), "2026-03-04".as_ref(), log.as_os_str()]);
    assert_eq!(found(&report, id), 1, "{report:#}");
}

#[cfg(unix)]
#[test]
fn follow_refuses_what_does_not_grow_by_lines_and_ends_when_its_reader_does() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let log_line = format!("{NOT_CONFIGURED}\n");
    let packed = write(dir.path(), "old.log.gz", &gzip(log_line.as_bytes()));
    for path in [packed.as_path(), Path::new("/dev/urandom")] {
        let output = run(mamtriage(&["scan", "--follow"]).arg(path));
        assert_eq!(output.status.code(), Some(2), "{path:?}");
        assert!(
            stderr(&output).contains("cannot follow"),
            "{}",
            stderr(&output)
        );
    }

    let log = write(dir.path(), "mattermost.log", log_line.as_bytes());
    let mut child = mamtriage(&["scan", "--follow"])
        .arg(&log)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("new: "), "{first}");
    // The reader is gone (`| head -1`); the next news meets a closed pipe.
    let unavailable = NOT_CONFIGURED
        .replace("is not configured.", "is not available.")
        .replace("\"http_code\":400", "\"http_code\":501");
    let mut appended = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    writeln!(appended, "{unavailable}").unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("--follow kept running after its reader went away");
        }
        writeln!(appended, "{unavailable}").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn excel_csv_and_a_huge_cell_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = sign_ins_csv();
    // Excel in a European locale: `;` between the (quoted) cells.
    let semicolons = write(
        dir.path(),
        "excel.csv",
        csv.replace("\",\"", "\";\"").as_bytes(),
    );
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    lines.insert(1, format!("\"{}\"", "x".repeat(20 << 20)));
    let huge = write(dir.path(), "huge.csv", lines.join("\n").as_bytes());
    let (report, output) = scan_report(&[semicolons.as_os_str(), huge.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(found(&report, "entra.aadsts53005"), 2, "{report:#}");
    assert_eq!(report["files"][0]["format"], "entra-signins-csv");
    assert!(
        notes_of(&report).contains("huge.csv:2: 1 row(s) longer than 1 MiB"),
        "{}",
        notes_of(&report)
    );
}

#[test]
fn what_is_too_large_is_called_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = br#"{"ServiceSettings": {"SiteURL": "https://mm.contoso.com"},"#.to_vec();
    config.extend(vec![b' '; 17 << 20]);
    config.extend_from_slice(br#""IntuneSettings": {"Enable": true}}"#);
    let config = write(dir.path(), "config.json", &config);
    let (report, _) = scan_report(&[config.as_os_str()]);
    let notes = notes_of(&report);
    assert!(notes.contains("config.json: larger than 16 MiB"), "{notes}");
    assert!(!notes.contains("not valid JSON"), "{notes}");

    let word = "A".repeat(200_000);
    let mut search = mamtriage(&["search"]);
    let mut child = search
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(word.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nothing in the query can be searched for"),
        "{}",
        stderr(&output)
    );
}
