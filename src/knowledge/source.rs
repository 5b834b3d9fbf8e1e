//! Where pack files come from: the packs embedded in the binary and the user's directories.

use super::diagnostic::{Diagnostic, Effect, Location, Problem};
use super::parse::{parse_pack, parse_precompiled, ParsedFile};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

include!(concat!(env!("OUT_DIR"), "/shipped_packs.rs"));

/// Environment variable with extra pack directories, separated like `PATH`.
pub const KNOWLEDGE_ENV: &str = "MAMTRIAGE_KNOWLEDGE";

/// Deeper than any sensible pack layout; stops runaway trees.
const MAX_DEPTH: usize = 16;

/// Whether a pack ships with the tool or was added by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Shipped,
    User,
}

/// How a pack's bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    /// YAML as people write it.
    Yaml,
    /// Parsed at build time (shipped packs only; see `build.rs`).
    Precompiled,
}

/// The raw content of one pack file.
#[derive(Debug, Clone)]
pub struct PackFile {
    /// How the file is named in messages.
    pub name: String,
    /// The file on disk; `None` for an embedded pack.
    pub path: Option<PathBuf>,
    pub layer: Layer,
    pub format: PackFormat,
    pub bytes: Vec<u8>,
}

impl PackFile {
    /// A YAML pack held in memory.
    pub fn yaml(name: impl Into<String>, layer: Layer, bytes: Vec<u8>) -> PackFile {
        PackFile {
            name: name.into(),
            path: None,
            layer,
            format: PackFormat::Yaml,
            bytes,
        }
    }

    pub fn parse(&self) -> ParsedFile {
        match self.format {
            PackFormat::Yaml => parse_pack(&self.name, &self.bytes),
            PackFormat::Precompiled => parse_precompiled(&self.name, &self.bytes),
        }
    }
}

/// The packs embedded in the binary.
pub fn shipped_packs() -> Vec<PackFile> {
    SHIPPED_PACKS
        .iter()
        .map(|(name, format, bytes)| PackFile {
            name: format!("shipped/{name}"),
            path: None,
            layer: Layer::Shipped,
            format: *format,
            bytes: bytes.to_vec(),
        })
        .collect()
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

/// Reads the `.yaml`/`.yml` files under a directory (or one file), sorted by path.
pub fn read_user_packs(root: &Path) -> (Vec<PackFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut visited = HashSet::new();
    collect(root, 0, &mut visited, &mut files, &mut problems);
    files.sort();
    let packs = files
        .into_iter()
        .filter_map(|path| match fs::read(&path) {
            Ok(bytes) => Some(PackFile {
                name: path.display().to_string(),
                path: Some(path),
                layer: Layer::User,
                format: PackFormat::Yaml,
                bytes,
            }),
            Err(err) => {
                problems.push(unreadable(&path, &err));
                None
            }
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
        Err(err) => return problems.push(unreadable(path, &err)),
    };
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return;
    }
    // A symlink loop would revisit a directory; its canonical path catches that.
    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if depth > MAX_DEPTH || !visited.insert(canonical) {
        return;
    }
    let listing = match fs::read_dir(path) {
        Ok(listing) => listing,
        Err(err) => return problems.push(unreadable(path, &err)),
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

fn unreadable(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Location::new(path.display().to_string(), 1, 1),
        Problem::Unreadable(err.to_string()),
        Effect::FileSkipped,
    )
}
