//! Where command output goes and what happens when it cannot go there: a full disk is an
//! error, a closed pipe is not, and written files are readable as any new file is.

use std::process::{Command, Stdio};

fn mamtriage() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mamtriage"));
    command
        .arg("--no-cache")
        .env_remove("MAMTRIAGE_KNOWLEDGE")
        .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml");
    command
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_an_error_not_a_success() {
    for args in [
        &["export", "ios.account-not-set-up"][..],
        &["show", "ios.account-not-set-up"],
        &["list"],
        &["search", "AADSTS650057"],
        &["man"],
    ] {
        let full = std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = mamtriage().args(args).stdout(full).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: cannot write the output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = mamtriage()
        .args(["list"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before reading anything, as `| head -0` would.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[cfg(unix)]
#[test]
fn an_exported_file_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let path = dir.path().join(format!("fix-{umask}.txt"));
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" --no-cache export ios.account-not-set-up -o \"$1\""
            ))
            .arg(env!("CARGO_BIN_EXE_mamtriage"))
            .arg(&path)
            .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
            .status()
            .unwrap();
        assert!(status.success());
        let actual = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(actual, mode, "umask {umask}: {actual:o}");
    }
}
