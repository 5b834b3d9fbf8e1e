//! Completions and the man page come from the argument definitions, so they name every
//! command and option.

use std::process::{Command, Output};

fn mamtriage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mamtriage"))
        .args(args)
        .output()
        .expect("run mamtriage")
}

fn stdout(args: &[&str]) -> String {
    let output = mamtriage(args);
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn completions_cover_every_shell_and_command() {
    for (shell, marker) in [
        ("bash", "complete -F _mamtriage"),
        ("zsh", "#compdef mamtriage"),
        ("fish", "complete -c mamtriage"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains(marker), "{shell}");
        for word in ["search", "export", "check", "knowledge", "no-cache"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
}

#[test]
fn the_bash_completion_is_valid_bash() {
    let script = stdout(&["completions", "bash"]);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), script).unwrap();
    let checked = Command::new("bash").arg("-n").arg(file.path()).status();
    assert!(checked.is_ok_and(|s| s.success()));
}

#[test]
fn the_man_page_documents_the_commands() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie"), "roff");
    assert!(page.contains(".TH mamtriage 1"));
    for word in ["search", "export", "completions", "no\\-shipped"] {
        assert!(page.contains(word), "{word}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = mamtriage(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values: bash"));
}
