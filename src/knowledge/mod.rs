//! The knowledge base: model, pack sources, parsing with positions, and validation.

mod base;
mod diagnostic;
mod entries;
mod locate;
mod lookup;
mod merge;
mod model;
mod next;
mod parse;
mod report;
mod source;

pub use base::{KnowledgeBase, Sources};
pub use diagnostic::{Diagnostic, Effect, Location, Problem};
pub use entries::Entries;
pub use lookup::Lookup;
pub use merge::MAX_ENTRIES;
pub use model::{
    ArchivedKind, ArchivedPlatform, Entry, Fallback, Kind, Platform, Retry, ServerError,
};
pub use parse::{is_valid_id, located_yaml_error, parse_pack, LocatedEntry, ParsedFile};
pub use report::{ArchivedLoadReport, FileReport, Layer, LoadReport, Origin};
pub use source::{
    env_dirs, shipped_packs, user_packs, PackContent, PackFile, KNOWLEDGE_ENV, MAX_PACK_BYTES,
};
