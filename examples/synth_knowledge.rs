//! Writes N synthetic knowledge entries as YAML packs into DIR:
//! `cargo run --release --example synth_knowledge -- N DIR`

#[path = "support/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(count), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: synth_knowledge N DIR   (writes N entries as YAML packs into DIR)");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {err}", dir.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in synth::pack_files(count) {
        let path = dir.join(name);
        if let Err(err) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
    }
    eprintln!("wrote {count} entries into {}", dir.display());
    if count > 0 {
        let sample = count / 2;
        eprintln!(
            "try: mamtriage --knowledge {} search {}",
            dir.display(),
            synth::code_of(sample)
        );
        eprintln!(
            " or: mamtriage --knowledge {} search \"{}\"",
            dir.display(),
            synth::message_of(sample)
        );
    }
    ExitCode::SUCCESS
}
