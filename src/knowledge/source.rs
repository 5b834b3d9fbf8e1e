//! Where pack files come from: the packs embedded in the binary and the user's directories.

use super::base::KnowledgeBase;
use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::parse::{parse_pack, LocatedEntry, ParsedFile};
use super::report::Layer;
use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Environment variable with extra pack directories, separated like `PATH`.
pub const KNOWLEDGE_ENV: &str = "MAMTRIAGE_KNOWLEDGE";

/// Far larger than any pack people write; keeps a stray log file or disk image from being
/// read into memory.
pub const MAX_PACK_BYTES: u64 = 128 * 1024 * 1024;

/// Deeper than any sensible pack layout; stops runaway trees.
const MAX_DEPTH: usize = 16;

/// Where a pack's content is.
#[derive(Debug, Clone)]
pub enum PackContent {
    /// Entries of the shipped knowledge, which `build.rs` parsed and checked: these numbers.
    Shipped(Range<usize>),
    InMemory(Vec<u8>),
    /// Read when parsed and dropped right after, so large packs are not all held at once.
    OnDisk(PathBuf),
}

/// One pack file and where its content is.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// How the file is named in messages.
    pub name: String,
    /// The file on disk; `None` for an embedded or in-memory pack.
    pub path: Option<PathBuf>,
    pub layer: Layer,
    pub content: PackContent,
}

impl PackFile {
    /// A YAML pack held in memory.
    pub fn yaml(name: impl Into<String>, layer: Layer, bytes: Vec<u8>) -> PackFile {
        PackFile {
            name: name.into(),
            path: None,
            layer,
            content: PackContent::InMemory(bytes),
        }
    }

    /// Parses the pack, reading it first if it is on disk; a file that cannot be read is
    /// reported like any other problem.
    pub fn parse(&self) -> ParsedFile {
        let read;
        let bytes: &[u8] = match &self.content {
            PackContent::Shipped(numbers) => return shipped_file(&self.name, numbers.clone()),
            PackContent::InMemory(bytes) => bytes,
            PackContent::OnDisk(path) => match read_limited(path) {
                Ok(bytes) => {
                    read = bytes;
                    &read
                }
                Err(problem) => {
                    let mut parsed = ParsedFile::default();
                    parsed.diagnostics.push(skipped(path, problem));
                    return parsed;
                }
            },
        };
        parse_pack(&self.name, bytes)
    }
}

/// The shipped packs, one per file, as built into the binary.
pub fn shipped_packs() -> Vec<PackFile> {
    let (_, report) = KnowledgeBase::shipped_once();
    let mut first = 0;
    report
        .files
        .iter()
        .map(|file| {
            let numbers = first..first + file.entries;
            first = numbers.end;
            PackFile {
                name: file.name.clone(),
                path: None,
                layer: Layer::Shipped,
                content: PackContent::Shipped(numbers),
            }
        })
        .collect()
}

/// Entries `numbers` of the shipped knowledge, with the problems found in their file when it
/// was built. Their links were checked then and made mutual; each is placed at its entry.
fn shipped_file(name: &str, numbers: Range<usize>) -> ParsedFile {
    let (base, report) = KnowledgeBase::shipped_once();
    let entries = numbers
        .map(|number| {
            let entry = base.entries().decode(number);
            let location = base.entries().origin(number).location;
            LocatedEntry {
                related_locations: vec![location.clone(); entry.related.len()],
                location,
                entry,
            }
        })
        .collect();
    let diagnostics = report
        .diagnostics
        .iter()
        .filter(|problem| problem.location.file == name)
        .cloned()
        .collect();
    ParsedFile {
        entries,
        diagnostics,
    }
}

/// Directories named in the environment variable, in order.
pub fn env_dirs() -> Vec<PathBuf> {
    std::env::var_os(KNOWLEDGE_ENV)
        .map(|value| {
            std::env::split_paths(&value)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The `.yaml`/`.yml` files under a directory (or one file), sorted by path. Their content is
/// read when they are parsed.
pub fn user_packs(root: &Path) -> (Vec<PackFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut visited = HashSet::new();
    collect(root, 0, &mut visited, &mut files, &mut problems);
    files.sort();
    let packs = files
        .into_iter()
        .map(|path| PackFile {
            name: path.display().to_string(),
            path: Some(path.clone()),
            layer: Layer::User,
            content: PackContent::OnDisk(path),
        })
        .collect();
    (packs, problems)
}

fn collect(
    path: &Path,
    depth: usize,
    visited: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) => return problems.push(skipped(path, unreadable(err))),
    };
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    if !metadata.is_dir() {
        // A pipe or device named like a pack would block or never end if read.
        let problem = Problem::Unreadable("not a regular file or a directory".to_string());
        return problems.push(skipped(path, problem));
    }
    // A symlink loop would revisit a directory; its canonical path catches that.
    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if depth > MAX_DEPTH || !visited.insert(canonical) {
        return;
    }
    let listing = match fs::read_dir(path) {
        Ok(listing) => listing,
        Err(err) => return problems.push(skipped(path, unreadable(err))),
    };
    for child in listing.flatten() {
        let child_path = child.path();
        let name = child.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let is_dir = fs::metadata(&child_path).is_ok_and(|m| m.is_dir());
        if is_dir || name.ends_with(".yaml") || name.ends_with(".yml") {
            collect(&child_path, depth + 1, visited, files, problems);
        }
    }
}

/// The file's bytes, unless it is over [`MAX_PACK_BYTES`] (also if it grows while read).
fn read_limited(path: &Path) -> Result<Vec<u8>, Problem> {
    let file = fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    let too_large = |size| Problem::TooLarge {
        size,
        limit: MAX_PACK_BYTES,
    };
    if size > MAX_PACK_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_PACK_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_PACK_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn unreadable(err: std::io::Error) -> Problem {
    Problem::Unreadable(err.to_string())
}

/// A file (or folder) left out for `problem`.
fn skipped(path: &Path, problem: Problem) -> Diagnostic {
    Diagnostic::new(
        Location::new(path.display().to_string(), 1, 1),
        problem,
        Effect::FileSkipped,
    )
}
