//! JSON shapes for scripts. Field names here are a stable interface (see the README).

use crate::knowledge::{Diagnostic, Entry, Kind, KnowledgeBase, Platform, ServerError};
use serde::Serialize;

/// One line of `list` (and the base of a search result).
#[derive(Debug, Clone, Serialize)]
pub struct ListItemJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub kind: Kind,
    pub platform: Platform,
    pub codes: &'a [String],
    /// The first verbatim message, or null.
    pub message: Option<&'a str>,
}

pub fn list_item_json(entry: &Entry) -> ListItemJson<'_> {
    ListItemJson {
        id: &entry.id,
        title: &entry.title,
        kind: entry.kind,
        platform: entry.platform,
        codes: &entry.codes,
        message: entry.primary_message(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedJson<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
}

/// A whole entry, as `show --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct EntryJson<'a> {
    #[serde(flatten)]
    pub summary: ListItemJson<'a>,
    pub messages: &'a [String],
    pub symptoms: &'a [String],
    pub cause: &'a str,
    pub steps: &'a [String],
    pub verify: &'a [String],
    pub notes: &'a [String],
    pub order: Option<u32>,
    pub server: Option<&'a ServerError>,
    pub related: Vec<RelatedJson<'a>>,
    pub sources: &'a [String],
}

pub fn entry_json<'a>(entry: &'a Entry, base: &'a KnowledgeBase) -> EntryJson<'a> {
    EntryJson {
        summary: list_item_json(entry),
        messages: &entry.messages,
        symptoms: &entry.symptoms,
        cause: &entry.cause,
        steps: &entry.steps,
        verify: &entry.verify,
        notes: &entry.notes,
        order: entry.order,
        server: entry.server.as_ref(),
        related: entry
            .related
            .iter()
            .map(|id| RelatedJson {
                id,
                title: base.get(id).map(|e| e.title.as_str()),
            })
            .collect(),
        sources: &entry.sources,
    }
}

/// A load problem, as `check --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticJson<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub problem: String,
    /// What the loader did: `file skipped`, `entry skipped`, `link ignored`, `entry loaded anyway`.
    pub effect: String,
}

pub fn diagnostic_json(diagnostic: &Diagnostic) -> DiagnosticJson<'_> {
    DiagnosticJson {
        file: &diagnostic.location.file,
        line: diagnostic.location.line,
        column: diagnostic.location.column,
        problem: diagnostic.problem.to_string(),
        effect: diagnostic.effect.to_string(),
    }
}
