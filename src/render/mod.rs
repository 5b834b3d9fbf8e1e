//! Renders entries for people (text, Markdown) and programs (JSON).

mod document;
mod json;
mod markdown;
mod text;
mod ticket;

pub use document::{caveats, Block, Document, Part, Section};
pub use json::{
    diagnostic_json, entry_json, list_item_json, DiagnosticJson, EntryJson, ListItemJson,
    RelatedJson,
};
pub use markdown::markdown;
pub use text::text;
pub use ticket::TicketContext;

use crate::knowledge::{Entry, KnowledgeBase};

/// Output formats for `show` and `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Text,
    Markdown,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Text, Format::Markdown, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Json => "json",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Renders several entries in one format, as `show` and `export` print them.
pub fn render_entries(entries: &[&Entry], base: &KnowledgeBase, format: Format) -> String {
    match format {
        Format::Json => {
            let items: Vec<EntryJson> = entries.iter().map(|e| entry_json(e, base)).collect();
            let mut out = if items.len() == 1 {
                serde_json::to_string_pretty(&items[0])
            } else {
                serde_json::to_string_pretty(&items)
            }
            .expect("entries serialize to JSON");
            out.push('\n');
            out
        }
        Format::Text | Format::Markdown => {
            let render = if format == Format::Text {
                text
            } else {
                markdown
            };
            let separator = if format == Format::Text {
                "\n----------------------------------------\n\n"
            } else {
                "\n---\n\n"
            };
            entries
                .iter()
                .map(|entry| render(&Document::for_entry(entry, base)))
                .collect::<Vec<_>>()
                .join(separator)
        }
    }
}
