//! Where evidence comes from: files, folders (recursively), standard input, and what is
//! packed inside them (`.gz`, `.zip`, a zip inside a zip). Archive members are read in
//! memory, never written to disk, and each is bounded so a zip bomb cannot fill memory.

use flate2::bufread::MultiGzDecoder;
use std::collections::HashSet;
use std::fs;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek};
use std::path::{Path, PathBuf};

/// The most of one archive member (or of a compressed stream read whole) that is read.
pub const LARGEST_MEMBER: u64 = 256 * 1024 * 1024;
/// Archives inside archives are opened this deep at most.
const DEEPEST_NESTING: usize = 4;
const BUFFER: usize = 64 * 1024;

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

/// What opening inputs hands over: a readable piece of evidence and its name as the report
/// shows it (`packet.zip!node1/mattermost.log`).
pub trait EvidenceSink {
    /// A piece of evidence; `size` is its length in bytes where it is known before reading.
    fn evidence(&mut self, name: &str, reader: &mut dyn BufRead, size: Option<u64>);
    /// An input, or part of one, that could not be read (or was passed over), and why.
    fn problem(&mut self, name: &str, problem: String, unreadable: bool);
}

/// Opens every input and hands each piece of evidence in it to `sink`.
pub fn open(inputs: &[Input], sink: &mut dyn EvidenceSink) {
    for input in inputs {
        match input {
            Input::Stdin => {
                let stdin = io::stdin();
                let mut reader = BufReader::with_capacity(BUFFER, stdin.lock());
                open_stream("-", &mut reader, None, 0, sink);
            }
            Input::Path(path) => open_path(path, &mut HashSet::new(), sink),
        }
    }
}

fn open_path(path: &Path, visited: &mut HashSet<PathBuf>, sink: &mut dyn EvidenceSink) {
    let name = path.display().to_string();
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) => return sink.problem(&name, format!("cannot read: {err}"), true),
    };
    if metadata.is_dir() {
        // A folder reached twice (a symlink loop) is read once.
        let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if !visited.insert(canonical) {
            return sink.problem(
                &name,
                "a folder seen before (a symbolic link loop); skipped".into(),
                false,
            );
        }
        let mut children: Vec<PathBuf> = match fs::read_dir(path) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(err) => return sink.problem(&name, format!("cannot read the folder: {err}"), true),
        };
        children.sort();
        for child in children {
            open_path(&child, visited, sink);
        }
        return;
    }
    if !metadata.is_file() {
        return sink.problem(
            &name,
            "not a regular file (a pipe or a device); skipped".into(),
            false,
        );
    }
    match fs::File::open(path) {
        Ok(file) => open_file(&name, file, sink),
        Err(err) => sink.problem(&name, format!("cannot read: {err}"), true),
    }
}

fn open_file(name: &str, file: fs::File, sink: &mut dyn EvidenceSink) {
    let size = file.metadata().ok().map(|m| m.len());
    let mut reader = BufReader::with_capacity(BUFFER, file);
    if is_zip(peek(&mut reader)) {
        // A file can be read in place; only its members are read into memory.
        let mut file = reader.into_inner();
        if let Err(err) = file.rewind() {
            return sink.problem(name, format!("cannot read: {err}"), true);
        }
        return open_zip(name, file, 0, sink);
    }
    open_stream(name, &mut reader, size, 0, sink);
}

fn peek(reader: &mut dyn BufRead) -> &[u8] {
    reader.fill_buf().unwrap_or(&[])
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Evidence from a stream: unpacked if it is compressed or an archive, skipped if binary.
fn open_stream(
    name: &str,
    reader: &mut dyn BufRead,
    size: Option<u64>,
    depth: usize,
    sink: &mut dyn EvidenceSink,
) {
    let head = peek(reader);
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut unpacked = BufReader::with_capacity(BUFFER, MultiGzDecoder::new(reader));
        // The unpacked size is not known before reading it.
        return open_stream(name, &mut unpacked, None, depth, sink);
    }
    if is_zip(head) {
        if depth >= DEEPEST_NESTING {
            return sink.problem(
                name,
                format!("archives nested deeper than {DEEPEST_NESTING}; not opened"),
                false,
            );
        }
        let mut bytes = Vec::new();
        let read = reader.take(LARGEST_MEMBER + 1).read_to_end(&mut bytes);
        if let Err(err) = read {
            return sink.problem(name, format!("cannot read the archive: {err}"), true);
        }
        if bytes.len() as u64 > LARGEST_MEMBER {
            return sink.problem(
                name,
                format!(
                    "an archive over {} MiB read from a stream; not opened",
                    LARGEST_MEMBER >> 20
                ),
                true,
            );
        }
        return open_zip(name, Cursor::new(bytes), depth, sink);
    }
    if head.iter().take(8192).any(|&b| b == 0) {
        return sink.problem(name, "a binary file; skipped".into(), false);
    }
    sink.evidence(name, reader, size);
}

fn open_zip<R: Read + Seek>(name: &str, archive: R, depth: usize, sink: &mut dyn EvidenceSink) {
    let mut zip = match zip::ZipArchive::new(archive) {
        Ok(zip) => zip,
        Err(err) => return sink.problem(name, format!("not a readable zip archive ({err})"), true),
    };
    for index in 0..zip.len() {
        let mut member = match zip.by_index(index) {
            Ok(member) => member,
            Err(err) => {
                sink.problem(
                    name,
                    format!("member {} cannot be read ({err})", index + 1),
                    true,
                );
                continue;
            }
        };
        if member.is_dir() {
            continue;
        }
        let member_name = match member.name() {
            Ok(inner) => format!("{name}!{inner}"),
            Err(_) => format!("{name}!member {}", index + 1),
        };
        let mut bytes = Vec::new();
        if let Err(err) = (&mut member)
            .take(LARGEST_MEMBER + 1)
            .read_to_end(&mut bytes)
        {
            sink.problem(
                &member_name,
                format!("cannot be unpacked ({err}); what was unpacked is scanned"),
                true,
            );
        }
        if bytes.len() as u64 > LARGEST_MEMBER {
            bytes.truncate(LARGEST_MEMBER as usize);
            sink.problem(
                &member_name,
                format!(
                    "unpacks to more than {} MiB (a zip bomb?); only the first {} MiB were scanned",
                    LARGEST_MEMBER >> 20,
                    LARGEST_MEMBER >> 20
                ),
                false,
            );
        }
        drop(member);
        let size = Some(bytes.len() as u64);
        let mut reader = Cursor::new(bytes);
        open_stream(&member_name, &mut reader, size, depth + 1, sink);
    }
}
