//! What a ticket says besides the entry: when it was written, what the user searched with
//! (codes, trace and correlation ids pulled out of the paste), and how the walk ended.

use super::document::{Block, Document, Part, Section};
use crate::search::{query_codes, Code, CodeKind};
use crate::walkthrough::{StepOutcome, Walkthrough};

/// Labels in Entra and MSAL errors whose values identify one sign-in for Microsoft support.
const ID_LABELS: [&str; 5] = [
    "Trace ID",
    "Correlation ID",
    "Request Id",
    "Correlation Id",
    "Timestamp",
];

/// The longest search text a ticket repeats.
const QUERY_SHOWN: usize = 600;

/// What led to the entry, as a ticket shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketContext {
    /// When the ticket was written (RFC 3339, UTC).
    pub date: String,
    /// The search text (already masked), if the entry was found by a search.
    pub query: Option<String>,
}

impl Document {
    /// Adds a first section with the date and what the user searched: the text, the codes
    /// read from it and the ids Microsoft support asks for.
    pub fn with_ticket(mut self, context: &TicketContext) -> Document {
        let mut lines = vec![format!("Date: {}", context.date)];
        if let Some(query) = context.query.as_deref().filter(|q| !q.trim().is_empty()) {
            let shown: String = query.chars().take(QUERY_SHOWN).collect();
            let cut = if shown.len() < query.len() { "…" } else { "" };
            lines.push(format!("Searched: {}{cut}", shown.replace('\n', " ⏎ ")));
            let codes: Vec<String> = query_codes(query)
                .into_iter()
                .filter(|code| !code.inferred && code.kind != CodeKind::Raw)
                .map(|code: Code| code.shown)
                .collect();
            if !codes.is_empty() {
                lines.push(format!("Codes: {}", codes.join(", ")));
            }
            lines.extend(labelled_ids(query));
        }
        self.sections.insert(
            0,
            Section {
                part: Part::Ticket,
                heading: "Ticket".to_string(),
                block: Block::Bullets(lines),
            },
        );
        self
    }

    /// Adds the outcome of the walk as the last section: what was done, and what comes next
    /// when a step did not help.
    pub fn with_outcome(mut self, walk: &Walkthrough, next: Option<&str>) -> Document {
        let outcomes = walk.outcomes();
        let failed = outcomes
            .iter()
            .position(|outcome| *outcome == Some(StepOutcome::DidNotHelp));
        let done = outcomes
            .iter()
            .filter(|outcome| **outcome == Some(StepOutcome::Done))
            .count();
        let line = match (failed, next) {
            (Some(step), Some(next)) => {
                format!("step {} didn't help: next, `{next}`", step + 1)
            }
            (Some(step), None) => format!("step {} didn't help", step + 1),
            (None, _) if done == outcomes.len() => format!("all {done} steps done"),
            (None, _) => format!("{done} of {} steps done", outcomes.len()),
        };
        self.sections.push(Section {
            part: Part::Outcome,
            heading: "Outcome".to_string(),
            block: Block::Paragraph(line),
        });
        self
    }
}

/// `Trace ID: …` and the like, as found in the text (the first of each label).
fn labelled_ids(text: &str) -> Vec<String> {
    ID_LABELS
        .iter()
        .filter_map(|label| {
            let at = text.find(&format!("{label}:"))? + label.len() + 1;
            let rest = text[at..].trim_start();
            // The value ends at a line break, a separator, or where the next label starts.
            let end = ID_LABELS
                .iter()
                .filter_map(|other| rest.find(&format!(" {other}:")))
                .chain(rest.find(['\n', ',', '}', '"']))
                .min()
                .unwrap_or(rest.len());
            let value = rest[..end].trim();
            (!value.is_empty()).then(|| format!("{label}: {value}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_microsoft_support_asks_for_are_pulled_out() {
        let text = "AADSTS650057: Invalid resource.\nTrace ID: 1111 Correlation ID: 2222\nTimestamp: 2026-03-02 10:15:39Z";
        assert_eq!(
            labelled_ids(text),
            [
                "Trace ID: 1111",
                "Correlation ID: 2222",
                "Timestamp: 2026-03-02 10:15:39Z"
            ]
        );
    }
}
