//! Writes a realistic Mattermost server log (JSON lines) of about SIZE megabytes to FILE, with
//! ERRORS Intune errors mixed in at even intervals, for measuring `mamtriage scan`:
//! `cargo run --release --example synth_server_log -- SIZE_MB ERRORS FILE`

#[path = "support/server_log.rs"]
mod server_log;

use std::io::BufWriter;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(megabytes), Some(errors), Some(path)) = (
        args.first().and_then(|n| n.parse::<u64>().ok()),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: synth_server_log SIZE_MB ERRORS FILE");
        return ExitCode::from(2);
    };
    let file = match std::fs::File::create(path) {
        Ok(file) => file,
        Err(err) => {
            eprintln!("error: cannot create {path}: {err}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = BufWriter::with_capacity(1 << 20, file);
    match server_log::write_log(&mut out, megabytes * 1024 * 1024, errors) {
        Ok(written) => {
            eprintln!(
                "wrote {path}: {} bytes, {} lines, {} Intune errors",
                written.bytes, written.lines, written.errors
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot write {path}: {err}");
            ExitCode::FAILURE
        }
    }
}
