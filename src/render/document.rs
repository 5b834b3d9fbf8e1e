//! The structure shared by every human-readable rendering of an entry.

use crate::doctor::Check;
use crate::knowledge::{Entry, Fallback, KnowledgeBase, Platform, Retry};
use crate::scan::{timeline, Finding, Incident};
use crate::walkthrough::{StepOutcome, Walkthrough};

/// An entry laid out as titled sections, ready for a text or Markdown writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub title: String,
    /// Platform, kind and id on one line.
    pub subtitle: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub part: Part,
    pub heading: String,
    pub block: Block,
}

/// Which part of an entry a section shows, for front ends that lay some parts out apart
/// (the TUI shows steps and related entries in panes of their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// When the ticket was written and what led to the entry.
    Ticket,
    /// Caveats that change how to read the entry, shown before anything else of it.
    Caveats,
    Message,
    Codes,
    Server,
    /// What a scan found of the entry in the evidence.
    Evidence,
    /// What doctor found of this setup step in the given config and registration.
    Checks,
    Cause,
    Steps,
    Verify,
    Notes,
    Related,
    Sources,
    /// How the walk ended.
    Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// Verbatim texts as the app or server shows them.
    Quotes(Vec<String>),
    Numbered(Vec<String>),
    Bullets(Vec<String>),
    /// Steps once a walk has started: each with its outcome (none: not tried).
    Walked(Vec<(Option<StepOutcome>, String)>),
}

impl Document {
    /// Lays out an entry; related ids are shown with their titles.
    pub fn for_entry(entry: &Entry, base: &KnowledgeBase) -> Document {
        Document::for_walked_entry(entry, base, None)
    }

    /// Lays out an entry with the outcome of each walked step written before it.
    pub fn for_walked_entry(
        entry: &Entry,
        base: &KnowledgeBase,
        walk: Option<&Walkthrough>,
    ) -> Document {
        let mut sections = Vec::new();
        let mut push = |part: Part, heading: &str, block: Block| {
            sections.push(Section {
                part,
                heading: heading.to_string(),
                block,
            })
        };
        let caveats = caveats(entry, base);
        if !caveats.is_empty() {
            push(Part::Caveats, "Caveats", Block::Bullets(caveats));
        }
        if !entry.messages.is_empty() {
            push(
                Part::Message,
                "Message",
                Block::Quotes(entry.messages.clone()),
            );
        }
        if !entry.codes.is_empty() {
            push(
                Part::Codes,
                "Codes",
                Block::Paragraph(entry.codes.join(", ")),
            );
        }
        if let Some(server) = &entry.server {
            push(
                Part::Server,
                "Server response",
                Block::Bullets(server_lines(server)),
            );
        }
        push(
            Part::Cause,
            entry.kind.cause_label(),
            Block::Paragraph(entry.cause.clone()),
        );
        if !entry.steps.is_empty() {
            let block = match walk.filter(|walk| walk.is_started()) {
                Some(walk) => Block::Walked(
                    entry
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(n, step)| (walk.outcomes().get(n).copied().flatten(), step.clone()))
                        .collect(),
                ),
                None => Block::Numbered(entry.steps.clone()),
            };
            push(Part::Steps, entry.kind.steps_label(), block);
        }
        if !entry.verify.is_empty() {
            push(
                Part::Verify,
                "Check that it worked",
                Block::Bullets(entry.verify.clone()),
            );
        }
        if !entry.notes.is_empty() {
            push(Part::Notes, "Notes", Block::Bullets(entry.notes.clone()));
        }
        if !entry.related.is_empty() {
            let related = entry
                .related
                .iter()
                .map(|id| match base.get(id) {
                    Some(other) => format!("{} ({id})", other.title),
                    None => id.clone(),
                })
                .collect();
            push(Part::Related, "Related", Block::Bullets(related));
        }
        if !entry.sources.is_empty() {
            push(
                Part::Sources,
                "Sources",
                Block::Bullets(entry.sources.clone()),
            );
        }
        Document {
            title: entry.title.clone(),
            subtitle: format!(
                "{} · {} · {}",
                entry.platform.label(),
                entry.kind.label(),
                entry.id
            ),
            sections,
        }
    }
}

/// The caveat that holds for every entry of the Android app.
const ANDROID_CAVEAT: &str = "caveat.android-not-supported";

/// The caveats of an entry, as "title (id)": its related caveats, and for the Android app the
/// one that Intune does not manage it.
pub fn caveats(entry: &Entry, base: &KnowledgeBase) -> Vec<String> {
    if entry.is_caveat() {
        return Vec::new();
    }
    let android = (entry.platform == Platform::Android).then_some(ANDROID_CAVEAT);
    let mut ids: Vec<&str> = android.into_iter().collect();
    for id in entry
        .related
        .iter()
        .map(String::as_str)
        .filter(|id| base.get(id).is_some_and(Entry::is_caveat))
    {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            base.get(id)
                .map(|caveat| format!("{} ({id})", caveat.title))
        })
        .collect()
}

/// Users named in an evidence section; the rest are counted.
const USERS_SHOWN: usize = 5;

impl Document {
    /// Adds what a scan found of this entry, under an Evidence heading after the message:
    /// how often and when, for whom, and the sample records with their file and line.
    pub fn with_evidence(mut self, finding: &Finding) -> Document {
        let mut lines = vec![finding.seen()];
        lines.extend(finding.users_named(USERS_SHOWN));
        lines.extend(
            finding
                .samples
                .iter()
                .map(|sample| format!("{}:{}: {}", sample.file, sample.line, sample.text)),
        );
        // Right after the message the user saw (or after the caveats): it is what this
        // ticket is about.
        let sections = &self.sections;
        let at = match sections.iter().position(|s| s.part == Part::Message) {
            Some(message) => message + 1,
            None => sections
                .iter()
                .take_while(|s| matches!(s.part, Part::Ticket | Part::Caveats))
                .count(),
        };
        self.sections.insert(
            at,
            Section {
                part: Part::Evidence,
                heading: "Evidence".to_string(),
                block: Block::Bullets(lines),
            },
        );
        self
    }
}

impl Document {
    /// Adds the attempt the entry was reached from, as its layers recorded it, after the
    /// evidence: the ticket then tells the whole story, not one layer of it.
    pub fn with_incident(mut self, incident: &Incident) -> Document {
        let mut lines: Vec<String> = incident.events.iter().map(timeline::event_line).collect();
        lines.push(format!("Verdict: {}", incident.verdict));
        let at = self
            .sections
            .iter()
            .rposition(|s| {
                matches!(
                    s.part,
                    Part::Ticket | Part::Caveats | Part::Message | Part::Evidence
                )
            })
            .map_or(0, |at| at + 1);
        self.sections.insert(
            at,
            Section {
                part: Part::Evidence,
                heading: format!("Incident: {}", timeline::heading(incident)),
                block: Block::Bullets(lines),
            },
        );
        self
    }

    /// Adds doctor's checks of this setup step, under a heading before the cause.
    pub fn with_checks(mut self, checks: &[&Check]) -> Document {
        if checks.is_empty() {
            return self;
        }
        let at = self
            .sections
            .iter()
            .position(|section| section.part == Part::Cause)
            .unwrap_or(self.sections.len());
        self.sections.insert(
            at,
            Section {
                part: Part::Checks,
                heading: "Checked by doctor".to_string(),
                block: Block::Bullets(checks.iter().map(|check| check.describe()).collect()),
            },
        );
        self
    }
}

fn server_lines(server: &crate::knowledge::ServerError) -> Vec<String> {
    vec![
        format!("HTTP status: {}", server.http_status),
        match &server.user_message {
            Some(message) => format!("User message: \"{message}\""),
            None => "User message: none (silent)".to_string(),
        },
        match server.retry {
            Retry::No => "Retry offered: no".to_string(),
            Retry::Once => "Retry offered: yes, once".to_string(),
        },
        match server.fallback {
            Fallback::None => "Fallback: none".to_string(),
            Fallback::WebSso => "Fallback: web SSO".to_string(),
        },
    ]
}
