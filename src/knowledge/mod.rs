//! The knowledge base: model, pack sources, parsing with positions, and validation.

mod base;
mod diagnostic;
mod locate;
mod lookup;
mod model;
mod parse;
mod precompiled;
mod source;
mod store;

pub use base::{FileReport, KnowledgeBase, LoadReport, Origin, SavedBase, Sources, MAX_ENTRIES};
pub use diagnostic::{Diagnostic, Effect, Location, Problem};
pub use lookup::Lookup;
pub use model::{Entry, Fallback, Kind, Platform, Retry, ServerError};
pub use parse::{
    is_valid_id, located_yaml_error, parse_pack, parse_precompiled, LocatedEntry, ParsedFile,
};
pub use source::{
    env_dirs, shipped_packs, user_packs, Layer, PackContent, PackFile, PackFormat, KNOWLEDGE_ENV,
    MAX_PACK_BYTES,
};
pub use store::{EntryStore, SavedStore};
