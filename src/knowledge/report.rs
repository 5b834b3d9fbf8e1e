//! What loading read and found: where each entry came from, the files, and the problems.

use super::diagnostic::{Diagnostic, Location};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Whether a pack ships with the tool or was added by the user.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[rkyv(derive(Clone, Copy), compare(PartialEq))]
pub enum Layer {
    Shipped,
    User,
}

/// Where a loaded entry came from.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct Origin {
    pub location: Location,
    pub layer: Layer,
    /// The shipped entry this one replaces, if any.
    pub replaces: Option<Location>,
}

/// One file that was read, and how many entries it gave.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct FileReport {
    pub name: String,
    /// Archived as text: a path that is not UTF-8 keeps the knowledge out of the cache.
    #[rkyv(with = rkyv::with::Map<rkyv::with::AsString>)]
    pub path: Option<PathBuf>,
    pub layer: Layer,
    pub entries: usize,
}

/// Everything the loader read and every problem it found.
#[derive(
    Debug, Clone, Default, Serialize, Deserialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct LoadReport {
    pub files: Vec<FileReport>,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadReport {
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Adds problems found outside the files (folders that could not be listed).
    pub fn add_problems(&mut self, problems: Vec<Diagnostic>) {
        self.diagnostics.extend(problems);
        self.put_in_file_order();
    }

    pub(super) fn put_in_file_order(&mut self) {
        self.diagnostics.sort_by(|a, b| a.location.cmp(&b.location));
    }
}
