//! Problems found while loading knowledge packs, each with its place in a file.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// A place in a pack file; line and column count from 1.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// What is wrong, in a plain sentence.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Error,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum Problem {
    #[error("cannot read: {0}")]
    Unreadable(String),
    #[error("not valid UTF-8 text; save the file as UTF-8")]
    NotUtf8,
    #[error("the file is empty; a pack file is a YAML list of entries")]
    Empty,
    #[error("too large: {size} bytes; a pack file may hold at most {limit} bytes (split it)")]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "brackets nest deeper than {0} levels; no pack needs that, so the file was not parsed"
    )]
    TooDeep(usize),
    #[error("invalid YAML: {0}")]
    Syntax(String),
    #[error("a pack file must be a YAML list of entries, each starting with `- id: ...`")]
    NotAList,
    #[error("{0}")]
    InvalidEntry(String),
    #[error("invalid id `{0}`: use lowercase letters, digits, `.`, `_` and `-`")]
    InvalidId(String),
    #[error("entry `{id}` has an empty `{field}`")]
    EmptyField { id: String, field: String },
    #[error("duplicate id `{id}`: it is already defined at {first}")]
    DuplicateId { id: String, first: Location },
    #[error("entry `{id}` lists `{target}` in `related`, but no entry has that id")]
    UnknownRelated { id: String, target: String },
    #[error("entry `{id}` lists itself in `related`")]
    SelfRelated { id: String },
    #[error("entry `{id}` has no `steps`; add at least one remediation step")]
    NoSteps { id: String },
    #[error("setup step `{id}` has no `order`; add its position in the setup guide")]
    NoOrder { id: String },
    #[error(
        "server error `{id}` has no `server` section (http_status, user_message, retry, fallback)"
    )]
    NoServerDetails { id: String },
    #[error(
        "the packs loaded before this one fill what the search index holds ({entries} entries, \
         {bytes} bytes of entries); split the knowledge or load fewer packs"
    )]
    KnowledgeFull { entries: usize, bytes: usize },
    #[error("the search index over this knowledge is too large to hold ({0}); load fewer packs")]
    IndexTooLarge(String),
}

/// What the loader did about a problem, so nothing is dropped silently.
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
pub enum Effect {
    FileSkipped,
    EntrySkipped,
    LinkIgnored,
    /// Loaded anyway; the author should still fix it.
    Kept,
    /// Loaded, but search finds nothing in it.
    NotSearchable,
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Effect::FileSkipped => "file skipped",
            Effect::EntrySkipped => "entry skipped",
            Effect::LinkIgnored => "link ignored",
            Effect::Kept => "entry loaded anyway",
            Effect::NotSearchable => "search finds nothing",
        })
    }
}

/// One problem at one place, and what was done about it.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Error,
    Serialize,
    Deserialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[error("{location}: {problem} ({effect})")]
pub struct Diagnostic {
    pub location: Location,
    pub problem: Problem,
    pub effect: Effect,
}

impl Diagnostic {
    pub fn new(location: Location, problem: Problem, effect: Effect) -> Self {
        Diagnostic {
            location,
            problem,
            effect,
        }
    }
}
