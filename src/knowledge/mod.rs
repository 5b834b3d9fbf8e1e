//! The knowledge base: model, pack sources, parsing with positions, and validation.

mod base;
mod diagnostic;
mod entries;
mod locate;
mod lookup;
mod model;
mod parse;
mod precompiled;
mod source;

pub use base::{
    ArchivedLoadReport, FileReport, KnowledgeBase, LoadReport, Origin, Sources, MAX_ENTRIES,
};
pub use diagnostic::{Diagnostic, Effect, Location, Problem};
pub use entries::Entries;
pub use lookup::Lookup;
pub use model::{
    ArchivedKind, ArchivedPlatform, Entry, Fallback, Kind, Platform, Retry, ServerError,
};
pub use parse::{
    is_valid_id, located_yaml_error, parse_pack, parse_precompiled, LocatedEntry, ParsedFile,
};
pub use source::{
    env_dirs, shipped_packs, user_packs, Layer, PackContent, PackFile, PackFormat, KNOWLEDGE_ENV,
    MAX_PACK_BYTES,
};
