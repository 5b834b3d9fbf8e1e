//! Writes a server log of about SIZE megabytes with ATTEMPTS refused Intune sign-ins, and the
//! Entra sign-ins before them, into DIR (`mattermost.log`, `InteractiveSignIns.csv`): one
//! incident per attempt, for measuring what joining incidents costs
//! (`benches/compare_incidents.sh`):
//! `cargo run --release --example synth_attempts -- SIZE_MB ATTEMPTS DIR`

#[path = "support/attempts.rs"]
mod attempts;
#[path = "support/server_log.rs"]
mod server_log;

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(megabytes), Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<u64>().ok()),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
        args.get(2),
    ) else {
        eprintln!("usage: synth_attempts SIZE_MB ATTEMPTS DIR");
        return ExitCode::from(2);
    };
    let dir = Path::new(dir);
    let open =
        |name: &str| File::create(dir.join(name)).map(|f| BufWriter::with_capacity(1 << 20, f));
    let (mut server, mut sign_ins) = match (open("mattermost.log"), open("InteractiveSignIns.csv"))
    {
        (Ok(server), Ok(sign_ins)) => (server, sign_ins),
        (Err(err), _) | (_, Err(err)) => {
            eprintln!("error: cannot create the files in {}: {err}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    match attempts::write_attempts(&mut server, &mut sign_ins, megabytes << 20, count) {
        Ok(written) => {
            eprintln!(
                "wrote {}: {} bytes of server log, {} lines, {} attempts",
                dir.display(),
                written.bytes,
                written.lines,
                written.errors
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: cannot write in {}: {err}", dir.display());
            ExitCode::FAILURE
        }
    }
}
