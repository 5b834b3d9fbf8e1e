//! Incidents: one sign-in attempt followed across layers. The app's log, the Intune SDK's,
//! the server log and Entra's sign-ins each record their part of an attempt; the ids and
//! addresses they share (or their times) join those records into one story, and the story
//! says which layer said no first.
//!
//! The scanner keeps a [`Clue`] per record that points at an entry; [`join_incidents`] joins
//! them once the scan and its likely findings are done.

mod clock;
mod join;
mod keys;
mod verdict;

pub use clock::Offset;
pub use keys::{guid, identity_in, keys_in, Keys};

use super::redact::Redactor;
use super::time::{self, Moment};
use super::{Format, Match, Report};
use crate::knowledge::KnowledgeBase;
use crate::rules::MATTERMOST_APP_IDS;
use serde::Serialize;
use std::sync::Arc;

/// Records kept for joining; a scan that finds more says so and joins the first ones.
pub const CLUES_KEPT: usize = 100_000;

/// Whether a sign-in is the Mattermost app's: by its app or resource name, or the app's
/// client id.
pub fn mattermost_sign_in(text: &str, app_id: Option<&str>) -> bool {
    text.to_ascii_lowercase().contains("mattermost")
        || app_id.is_some_and(|id| MATTERMOST_APP_IDS.contains(&id))
}
/// The longest event text kept, in characters.
const EVENT_CHARS: usize = 300;

/// Where in the stack a record was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Entra ID's sign-in log.
    Entra,
    /// The Mattermost server's log.
    Server,
    /// The Intune App SDK's diagnostics.
    Sdk,
    /// The Mattermost app's own log, or a pasted error.
    Mobile,
}

impl Layer {
    /// The layer a record of `format` comes from; a paste that quotes the SDK is the SDK's.
    pub fn of(format: Format, text: &str) -> Layer {
        match format {
            Format::MattermostServerJson
            | Format::MattermostServerText
            | Format::ElasticsearchHits
            | Format::LokiStreams => Layer::Server,
            Format::EntraSigninsCsv | Format::EntraSigninsJson | Format::LogAnalyticsTables => {
                Layer::Entra
            }
            Format::IntuneSdkLog | Format::AndroidLogcat => Layer::Sdk,
            _ if text.contains("IntuneMAM") => Layer::Sdk,
            _ => Layer::Mobile,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Layer::Entra => "entra",
            Layer::Server => "server",
            Layer::Sdk => "sdk",
            Layer::Mobile => "mobile",
        }
    }
}

/// What a clue points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClueEntry {
    /// An entry found by a known message or code (by its number in the knowledge).
    Exact(usize),
    /// An error that matched nothing, by its signature, until the likely pass reads it.
    Unrecognised(Arc<str>),
    /// An error the likely pass tied to an entry.
    Likely(usize),
}

/// One record that points at an entry, with the real ids it carries (joins use the real
/// values; only what is printed is masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clue {
    pub layer: Layer,
    /// The file's number in the report's `files`.
    pub file: usize,
    pub line: usize,
    pub time: Option<Moment>,
    pub entry: ClueEntry,
    /// Whether the record shows its layer working (a sign-in that passed).
    pub worked: bool,
    /// What the record says, secrets masked (and people, under `--redact`).
    pub text: String,
    pub user: Option<String>,
    pub address: Option<String>,
    pub keys: Keys,
}

impl Clue {
    /// `text` cut to what an event shows.
    pub fn event_text(text: &str) -> String {
        let mut cut: String = text.chars().take(EVENT_CHARS).collect();
        if text.chars().nth(EVENT_CHARS).is_some() {
            cut.push('…');
        }
        cut
    }
}

/// Of the entries one record points at, the one it names most exactly: the entry whose
/// message or code found in the record is longest (the server error id of a
/// `nativeEntraLogin failed` record, not the generic sign-in failure it also is).
pub fn most_specific(base: &KnowledgeBase, entries: &[usize], text: &str) -> Option<usize> {
    if entries.len() < 2 {
        return entries.first().copied();
    }
    let lower = text.to_lowercase();
    let named = |number: usize| {
        let entry = base.entries().get(number);
        entry
            .messages
            .iter()
            .chain(&entry.codes)
            .filter(|said| lower.contains(&said.to_lowercase()))
            .map(String::len)
            .max()
            .unwrap_or(0)
    };
    entries
        .iter()
        .copied()
        .max_by_key(|&number| (named(number), std::cmp::Reverse(number)))
}

/// The ids and addresses an incident's records share.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct IncidentKeys {
    pub correlation_ids: Vec<String>,
    /// Entra request (trace) ids and Mattermost `request_id`s.
    pub request_ids: Vec<String>,
    pub addresses: Vec<String>,
}

/// One record of an incident.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IncidentEvent {
    /// UTC (RFC 3339); a device time whose zone is unknown stays as written.
    pub time: Option<String>,
    pub layer: Layer,
    pub file: String,
    pub line: usize,
    pub entry: String,
    pub title: String,
    #[serde(rename = "match")]
    pub matched: Match,
    /// Whether the record shows its layer working, not failing.
    pub worked: bool,
    pub text: String,
    /// The device's own time, where it was moved to UTC by an offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_time: Option<String>,
}

/// One attempt, as its layers recorded it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Incident {
    pub id: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub users: Vec<String>,
    pub keys: IncidentKeys,
    /// What joined its records, strongest first.
    pub joined_by: Vec<String>,
    /// Which layer said no first, and so where the fix is.
    pub verdict: String,
    pub events: Vec<IncidentEvent>,
}

/// Joins the report's clues into incidents, most recent last; `device_offset` is the zone of
/// device logs that write local time (else the offset a joined pair reveals is used).
pub fn join_incidents(report: &mut Report, base: &KnowledgeBase, device_offset: Option<Offset>) {
    // An error the likely pass did not tie to an entry is no event.
    let (clues, entries): (Vec<Clue>, Vec<(usize, Match)>) = std::mem::take(&mut report.clues)
        .into_iter()
        .filter_map(|clue| {
            let entry = match clue.entry {
                ClueEntry::Exact(number) => (number, Match::Exact),
                ClueEntry::Likely(number) => (number, Match::Likely),
                ClueEntry::Unrecognised(_) => return None,
            };
            Some((clue, entry))
        })
        .unzip();
    let offsets = clock::device_offsets(&clues, device_offset);
    for (&file, found) in &offsets.by_file {
        let name = &report.files[file].path;
        report.notes.push(format!("{name}: {}", found.describe()));
    }
    for &file in &offsets.unknown {
        report.notes.push(format!(
            "{}: device-local times and nothing to tell their zone by, so its records join \
             others only by id; give the zone with --tz (such as --tz +01:00)",
            report.files[file].path
        ));
    }
    let times: Vec<Option<i64>> = clues.iter().map(|clue| offsets.utc(clue)).collect();
    let mut redactor = std::mem::take(&mut report.redactor);
    let mut incidents: Vec<Incident> = join::join(&clues, &times)
        .into_iter()
        .filter(|group| group.members.iter().any(|&i| !clues[i].worked))
        .map(|group| {
            let shown = Shown {
                clues: &clues,
                entries: &entries,
                times: &times,
                report,
                base,
            };
            shown.incident(&group, redactor.as_mut())
        })
        .collect();
    incidents.sort_by(|a, b| {
        (
            a.start.is_none(),
            &a.start,
            &a.events[0].file,
            a.events[0].line,
        )
            .cmp(&(
                b.start.is_none(),
                &b.start,
                &b.events[0].file,
                b.events[0].line,
            ))
    });
    for (number, incident) in incidents.iter_mut().enumerate() {
        incident.id = format!("incident-{}", number + 1);
    }
    report.redactor = redactor;
    report.incidents = incidents;
}

/// What an incident shows of its clues.
struct Shown<'a> {
    clues: &'a [Clue],
    entries: &'a [(usize, Match)],
    times: &'a [Option<i64>],
    report: &'a Report,
    base: &'a KnowledgeBase,
}

impl Shown<'_> {
    fn incident(&self, group: &join::Group, mut redactor: Option<&mut Redactor>) -> Incident {
        let mut members = group.members.clone();
        members.sort_by_key(|&i| {
            let clue = &self.clues[i];
            (
                self.times[i].is_none(),
                self.times[i],
                clue.layer,
                clue.file,
                clue.line,
            )
        });
        let mut users = Vec::new();
        let mut keys = IncidentKeys::default();
        for &i in &members {
            let clue = &self.clues[i];
            let mut show = |kind: &'static str, value: &str| match redactor.as_deref_mut() {
                Some(redactor) => redactor.stand_in(kind, value),
                None => value.to_string(),
            };
            if let Some(user) = &clue.user {
                push_new(&mut users, show("user", user));
            }
            if let Some(address) = &clue.address {
                push_new(&mut keys.addresses, show("ip", address));
            }
            for id in &clue.keys.correlation_ids {
                push_new(&mut keys.correlation_ids, id.clone());
            }
            for id in clue
                .keys
                .trace_ids
                .iter()
                .chain(&clue.keys.mattermost_request_ids)
            {
                push_new(&mut keys.request_ids, id.clone());
            }
        }
        let events: Vec<IncidentEvent> = members.iter().map(|&i| self.event(i)).collect();
        let known: Vec<i64> = members.iter().filter_map(|&i| self.times[i]).collect();
        let story: Vec<verdict::Step> = members
            .iter()
            .zip(&events)
            .map(|(&i, event)| verdict::Step {
                layer: event.layer,
                worked: event.worked,
                at: self.times[i],
                title: &event.title,
            })
            .collect();
        Incident {
            id: String::new(),
            start: known.iter().min().map(|&at| time::rfc3339(at)),
            end: known.iter().max().map(|&at| time::rfc3339(at)),
            users,
            keys,
            joined_by: group
                .keys
                .iter()
                .map(|key| key.describe().to_string())
                .collect(),
            verdict: verdict::verdict(&story),
            events,
        }
    }

    fn event(&self, i: usize) -> IncidentEvent {
        let clue = &self.clues[i];
        let (number, matched) = self.entries[i];
        let entry = self.base.entries().get(number);
        let local = matches!(clue.time, Some(Moment::Local(_)));
        IncidentEvent {
            time: match (self.times[i], &clue.time) {
                (Some(at), _) => Some(time::rfc3339(at)),
                (None, time) => time.as_ref().map(ToString::to_string),
            },
            layer: clue.layer,
            file: self.report.files[clue.file].path.clone(),
            line: clue.line,
            entry: entry.id.clone(),
            title: entry.title.clone(),
            matched,
            worked: clue.worked,
            text: clue.text.clone(),
            device_time: (local && self.times[i].is_some())
                .then(|| clue.time.as_ref().map(ToString::to_string))
                .flatten(),
        }
    }
}

fn push_new(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}
