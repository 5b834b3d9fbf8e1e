//! The shipped packs as `build.rs` precompiles them: entries already parsed, with the places
//! they were written, so the binary does not parse YAML at every start. `build.rs` includes
//! this file too, so both sides share one format.

use super::model::Entry;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrecompiledEntry {
    /// Where the entry's `id` is written.
    pub line: usize,
    pub column: usize,
    /// Where each `related` id is written, in order.
    pub related: Vec<(usize, usize)>,
    pub entry: Entry,
}
