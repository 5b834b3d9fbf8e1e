//! Where evidence comes from: files, folders (recursively), pipes, standard input, and what is
//! packed inside them (`.gz`, `.zip`, `.tar`, `.tar.gz`, archives inside archives). Members
//! are streamed as plain files are, so memory does not grow with them; an archive inside an
//! archive, which must be read out of order, goes to an unnamed temporary file first. Each
//! input has a budget of unpacked bytes and members, so no bomb runs for long.

use super::budget::{Budget, Budgeted, CountedSource};
use super::text_encoding::{self, Encoding};
use crate::terminal_text::one_line;
use flate2::bufread::MultiGzDecoder;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Archives inside archives are opened this deep at most.
const DEEPEST_NESTING: usize = 4;
const BUFFER: usize = 64 * 1024;
/// How much of a stream is looked at to tell what it is (a tar header is 512 bytes).
const HEAD: usize = 8192;

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
                let budget = Budget::for_input(None);
                open_stream("-", &mut reader, None, 0, &budget, sink);
                report_budget("-", &budget, sink);
            }
            Input::Path(path) => {
                let name = one_line(&path.display().to_string()).into_owned();
                open_named(path, &name, sink);
            }
        }
    }
}

/// A path named on the command line: followed if it is a link, read if it is a pipe.
fn open_named(path: &Path, name: &str, sink: &mut dyn EvidenceSink) {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) => return sink.problem(name, format!("cannot read: {err}"), true),
    };
    if metadata.is_dir() {
        return walk(path, &mut HashSet::new(), sink);
    }
    if !metadata.is_file() && !is_pipe(&metadata) {
        return sink.problem(
            name,
            "a device, not a file; not read (save what it holds to a file first)".into(),
            true,
        );
    }
    open_file(
        path,
        name,
        Some(metadata.len()).filter(|_| metadata.is_file()),
        sink,
    );
}

#[cfg(unix)]
fn is_pipe(metadata: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    metadata.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_pipe(_: &fs::Metadata) -> bool {
    false
}

/// A folder, read recursively as ripgrep reads one: links are not followed, and only
/// regular files are read.
fn walk(folder: &Path, visited: &mut HashSet<PathBuf>, sink: &mut dyn EvidenceSink) {
    let name = one_line(&folder.display().to_string()).into_owned();
    let canonical = fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if !visited.insert(canonical) {
        return;
    }
    let mut children: Vec<PathBuf> = match fs::read_dir(folder) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(err) => return sink.problem(&name, format!("cannot read the folder: {err}"), true),
    };
    children.sort();
    for child in children {
        let child_name = one_line(&child.display().to_string()).into_owned();
        let metadata = match fs::symlink_metadata(&child) {
            Ok(metadata) => metadata,
            Err(err) => {
                sink.problem(&child_name, format!("cannot read: {err}"), true);
                continue;
            }
        };
        if metadata.file_type().is_symlink() {
            sink.problem(
                &child_name,
                "a symbolic link; not followed in a folder (name it to read it)".into(),
                false,
            );
        } else if metadata.is_dir() {
            walk(&child, visited, sink);
        } else if metadata.is_file() {
            open_file(&child, &child_name, Some(metadata.len()), sink);
        } else {
            sink.problem(
                &child_name,
                "not a regular file (a pipe or a device); skipped in a folder".into(),
                false,
            );
        }
    }
}

fn open_file(path: &Path, name: &str, size: Option<u64>, sink: &mut dyn EvidenceSink) {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(err) => return sink.problem(name, format!("cannot read: {err}"), true),
    };
    let budget = Budget::for_input(size);
    let mut reader = BufReader::with_capacity(BUFFER, file);
    if size.is_some() && is_zip(peek(&mut reader)) {
        // A file can be read in place, out of order, as a zip must be.
        let mut file = reader.into_inner();
        if let Err(err) = file.rewind() {
            return sink.problem(name, format!("cannot read: {err}"), true);
        }
        open_zip(name, file, 0, &budget, sink);
    } else {
        open_stream(name, &mut reader, size, 0, &budget, sink);
    }
    report_budget(name, &budget, sink);
}

/// Tells how an input's budget ran out, if it did.
fn report_budget(name: &str, budget: &Rc<RefCell<Budget>>, sink: &mut dyn EvidenceSink) {
    if let Some(why) = budget.borrow().exhausted() {
        sink.problem(name, why, true);
    }
}

fn peek(reader: &mut dyn BufRead) -> &[u8] {
    reader.fill_buf().unwrap_or(&[])
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// A POSIX or GNU tar header: `ustar` at byte 257.
fn is_tar(head: &[u8]) -> bool {
    head.get(257..262) == Some(b"ustar")
}

/// A stream with its first bytes read ahead, to tell what it is, and handed over again: a
/// decoder may give less than a buffer at a time. A read error met while reading ahead
/// comes after the bytes read before it, as it would have without reading ahead.
struct ReadAhead<'a> {
    head: io::Cursor<Vec<u8>>,
    failed: Option<io::Error>,
    rest: &'a mut dyn BufRead,
}

impl<'a> ReadAhead<'a> {
    fn new(rest: &'a mut dyn BufRead, wanted: usize) -> ReadAhead<'a> {
        let mut head = Vec::with_capacity(wanted);
        let failed = loop {
            let room = wanted - head.len();
            let available = match rest.fill_buf() {
                Ok(available) => available,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => break Some(err),
            };
            if available.is_empty() || room == 0 {
                break None;
            }
            let taken = available.len().min(room);
            head.extend_from_slice(&available[..taken]);
            rest.consume(taken);
        };
        ReadAhead {
            head: io::Cursor::new(head),
            failed,
            rest,
        }
    }
}

impl Read for ReadAhead<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.head.read(buf)?;
        if read > 0 {
            return Ok(read);
        }
        match self.failed.take() {
            Some(err) => Err(err),
            None => self.rest.read(buf),
        }
    }
}

/// Evidence from a stream: unpacked if compressed or an archive, decoded if UTF-16, skipped
/// if binary.
fn open_stream(
    name: &str,
    reader: &mut dyn BufRead,
    size: Option<u64>,
    depth: usize,
    budget: &Rc<RefCell<Budget>>,
    sink: &mut dyn EvidenceSink,
) {
    let mut whole = BufReader::with_capacity(BUFFER, ReadAhead::new(reader, HEAD));
    let head = peek(&mut whole);
    if head.starts_with(&[0x1f, 0x8b]) {
        let compressed = CountedSource::new(&mut whole);
        let taken = compressed.taken();
        let unpacked = Budgeted::new(MultiGzDecoder::new(compressed), budget, name).counted(taken);
        // The unpacked size is not known before reading it.
        let mut unpacked = BufReader::with_capacity(BUFFER, unpacked);
        return open_stream(name, &mut unpacked, None, depth, budget, sink);
    }
    if is_zip(head) || is_tar(head) {
        if depth >= DEEPEST_NESTING {
            // Real packets nest two deep at most; deeper is a bomb's shape (42.zip).
            return budget.borrow_mut().stop(format!(
                "{name}: archives nested deeper than {DEEPEST_NESTING} (a zip bomb?); not opened, \
                 nor anything after it"
            ));
        }
        if is_tar(head) {
            return open_tar(name, &mut whole, depth, budget, sink);
        }
        return open_zip_stream(name, &mut whole, depth, budget, sink);
    }
    match text_encoding::sniff(head) {
        Encoding::Utf16(encoding) => {
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .build(whole);
            // Read ahead again: a decoder's first read may be short of a whole head.
            let mut decoded = BufReader::with_capacity(BUFFER, decoded);
            let ahead = ReadAhead::new(&mut decoded, HEAD);
            sink.evidence(name, &mut BufReader::with_capacity(BUFFER, ahead), size);
        }
        Encoding::Binary => sink.problem(name, "a binary file; skipped".into(), false),
        Encoding::Text => sink.evidence(name, &mut whole, size),
    }
}

/// A zip read from a stream (a member, standard input): copied to an unnamed temporary
/// file, within the budget, to be read out of order.
fn open_zip_stream(
    name: &str,
    reader: &mut dyn BufRead,
    depth: usize,
    budget: &Rc<RefCell<Budget>>,
    sink: &mut dyn EvidenceSink,
) {
    let mut spilled = match tempfile::tempfile() {
        Ok(file) => file,
        Err(err) => {
            return sink.problem(
                name,
                format!("cannot open the archive: no temporary file ({err})"),
                true,
            )
        }
    };
    let copied = io::copy(reader, &mut spilled).and_then(|_| spilled.rewind());
    if let Err(err) = copied {
        return sink.problem(name, format!("cannot read the archive: {err}"), true);
    }
    open_zip(name, spilled, depth, budget, sink);
}

fn open_zip<R: Read + Seek>(
    name: &str,
    archive: R,
    depth: usize,
    budget: &Rc<RefCell<Budget>>,
    sink: &mut dyn EvidenceSink,
) {
    let mut zip = match zip::ZipArchive::new(archive) {
        Ok(zip) => zip,
        Err(err) => return sink.problem(name, format!("not a readable zip archive ({err})"), true),
    };
    // Many entries pointing at the same bytes unpack them again and again (a bomb).
    if zip.has_overlapping_entries().unwrap_or(true) {
        return sink.problem(
            name,
            "its entries share their data (an overlapping zip bomb?); not opened".into(),
            true,
        );
    }
    let metadata = zip.metadata();
    let mut files = 0;
    for index in 0..zip.len() {
        if !budget.borrow_mut().take_member() {
            return;
        }
        let (member_name, encrypted, compressed_size) = match metadata.entry(index) {
            Ok(entry) if entry.is_dir() => continue,
            Ok(entry) => (
                member_label(name, entry.name().ok().as_deref(), index),
                entry.encrypted(),
                entry.compressed_size(),
            ),
            Err(err) => {
                let label = member_label(name, None, index);
                sink.problem(&label, format!("cannot be read ({err})"), true);
                continue;
            }
        };
        files += 1;
        if encrypted {
            sink.problem(&member_name, "encrypted; not read".into(), true);
            continue;
        }
        let member = match zip.by_index(index) {
            Ok(member) => member,
            Err(err) => {
                sink.problem(&member_name, format!("cannot be read ({err})"), true);
                continue;
            }
        };
        let size = Some(member.size());
        let member = Budgeted::new(member, budget, &member_name).compressed(compressed_size);
        let mut reader = BufReader::with_capacity(BUFFER, member);
        open_stream(&member_name, &mut reader, size, depth + 1, budget, sink);
    }
    if files == 0 {
        sink.problem(name, "an archive with no files in it".into(), false);
    }
}

/// `outer!inner`, the inner name on one line; a member without a readable name by number.
fn member_label(outer: &str, inner: Option<&str>, index: usize) -> String {
    match inner {
        Some(inner) if !inner.is_empty() => format!("{outer}!{}", one_line(inner)),
        _ => format!("{outer}!member {}", index + 1),
    }
}

/// A tar archive, streamed member by member. Extended headers (long names, pax records) are
/// passed over as they come, not gathered in memory.
fn open_tar(
    name: &str,
    reader: &mut dyn BufRead,
    depth: usize,
    budget: &Rc<RefCell<Budget>>,
    sink: &mut dyn EvidenceSink,
) {
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(entries) => entries.raw(true),
        Err(err) => return sink.problem(name, format!("not a readable tar archive ({err})"), true),
    };
    let mut files = 0;
    for (index, entry) in entries.enumerate() {
        if !budget.borrow_mut().take_member() {
            return;
        }
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                return sink.problem(
                    name,
                    format!("the archive ends early or is damaged ({err})"),
                    true,
                )
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        files += 1;
        let inner = entry.path().ok().map(|path| path.display().to_string());
        let member_name = member_label(name, inner.as_deref(), index);
        let size = Some(entry.size());
        let mut reader =
            BufReader::with_capacity(BUFFER, Budgeted::new(entry, budget, &member_name));
        open_stream(&member_name, &mut reader, size, depth + 1, budget, sink);
    }
    if files == 0 {
        sink.problem(name, "an archive with no files in it".into(), false);
    }
}
