//! What the command-line tests share.

use std::process::Command;

#[allow(dead_code)]
pub mod archives;

/// The real binary with `args`, kept away from whoever runs the tests: no cache, no knowledge
/// or settings from their environment.
#[allow(dead_code)] // Not every test file runs the binary.
pub fn mamtriage(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mamtriage"));
    command
        .arg("--no-cache")
        .args(args)
        .env_remove("MAMTRIAGE_KNOWLEDGE")
        .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml");
    command
}
