//! Scanning evidence: read what an admin already holds (server logs, support packets, Entra
//! sign-in exports, mobile and SDK logs) and group every known problem in it by entry.
//!
//! [`input`] opens files, folders, archives and standard input; [`format`] tells what each
//! file is; [`record`] reads its records; [`signals`] finds the entries a record points at;
//! [`Scanner`] gathers the findings into a [`Report`].

mod blocks;
pub(crate) mod budget;
mod csv_input;
mod engine_export;
mod follow;
mod format;
mod holes;
pub mod incident;
pub mod input;
mod likely;
mod lines;
mod packet;
mod record;
pub mod redact;
pub mod render;
pub mod secrets;
mod signals;
pub(crate) mod text_encoding;
mod time;
pub mod timeline;

pub use format::Format;
pub use incident::{join_incidents, Incident, IncidentEvent, Layer, Offset};
pub use input::Input;
pub use likely::attach_likely;
pub use signals::{literal_parts, Signals};
pub use time::{parse_leading as parse_time, rfc3339 as format_time, Moment};

use crate::knowledge::{KnowledgeBase, Platform};
use crate::terminal_text::{inert, one_line, terminal_safe};
use holes::SkipNuls;
use incident::{keys_in, Clue, ClueEntry, Keys};
use input::EvidenceSink;
use record::{read_records, ReadNotes, Record};
use redact::Redactor;
use secrets::mask_secrets;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead};
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Samples kept per finding or unrecognised group.
const SAMPLES: usize = 3;
/// Users kept per finding (the count goes on).
const USERS_KEPT: usize = 10_000;
/// Unrecognised groups kept; more are counted together.
const GROUPS_KEPT: usize = 1_000;
/// The largest server config or packet YAML read (a real one is about 100 KiB).
const LARGEST_PACKET_FILE: u64 = 16 << 20;
/// The longest sample text shown, in characters.
const SAMPLE_CHARS: usize = 600;

/// What to look for and how to show it.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Mask user names, addresses, IP addresses and host names (tokens are masked always).
    pub redact: bool,
    /// Only records at or after this time (milliseconds since 1970, UTC).
    pub since: Option<i64>,
    /// Only records before this time.
    pub until: Option<i64>,
    /// Only findings for this platform.
    pub platform: Option<Platform>,
    /// Keep nothing for incidents (what joining costs is measured against this).
    pub skip_incidents: bool,
}

/// One input file, as the report sums it up.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileSummary {
    pub path: String,
    pub format: &'static str,
    pub records: u64,
    pub bytes: u64,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Records that point at a known problem.
    pub problems: u64,
    #[serde(skip)]
    range: Option<(i64, i64)>,
    #[serde(skip)]
    read_as: Format,
}

impl FileSummary {
    fn new(path: &str, format: Format) -> FileSummary {
        FileSummary {
            path: one_line(path).into_owned(),
            format: format.name(),
            records: 0,
            bytes: 0,
            from: None,
            to: None,
            problems: 0,
            range: None,
            read_as: format,
        }
    }

    fn widen_range(&mut self, time: &Moment) {
        if let Moment::Utc(at) = *time {
            self.range = Some(
                self.range
                    .map_or((at, at), |(from, to)| (from.min(at), to.max(at))),
            );
        }
    }
}

/// A record shown as evidence: where it is and what it says (secrets masked).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Sample {
    pub file: String,
    pub line: usize,
    pub text: String,
}

/// Every record that points at one entry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    pub id: String,
    pub title: String,
    pub platform: Platform,
    pub count: u64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub users: Vec<String>,
    pub samples: Vec<Sample>,
    /// The entry's first remediation step.
    #[serde(skip)]
    pub first_step: Option<String>,
    /// Whether a known message or code matched, or the search found the entry likely.
    #[serde(rename = "match")]
    pub matched: Match,
    /// Why a likely finding was attached to its entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// How a finding was tied to its entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Match {
    /// A known message, error id or code is in the evidence.
    Exact,
    /// An error no pattern knows, whose words the search matched to the entry with high
    /// confidence.
    Likely,
}

impl Finding {
    /// How often and when, in words: "Seen 12 times, from A to B".
    pub fn seen(&self) -> String {
        let count = match self.count {
            1 => "once".to_string(),
            2 => "twice".to_string(),
            n => format!("{n} times"),
        };
        match (&self.first_seen, &self.last_seen) {
            (Some(first), Some(last)) if first != last => {
                format!("Seen {count}, from {first} to {last}")
            }
            (Some(at), _) | (None, Some(at)) => format!("Seen {count}, at {at}"),
            (None, None) => format!("Seen {count}"),
        }
    }

    /// "Users: a, b and 3 more", naming at most `shown`; `None` when no record named one.
    pub fn users_named(&self, shown: usize) -> Option<String> {
        if self.users.is_empty() {
            return None;
        }
        let named = self.users[..shown.min(self.users.len())].join(", ");
        Some(match self.users.len().saturating_sub(shown) {
            0 => format!("Users: {named}"),
            more => format!("Users: {named} and {more} more"),
        })
    }
}

/// Records that look like errors and match no entry, folded by what they say.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Unrecognised {
    pub signature: String,
    pub count: u64,
    pub samples: Vec<Sample>,
}

/// What following a log reports as it goes.
#[derive(Debug)]
pub enum FollowEvent<'a> {
    /// An entry found for the first time.
    New(&'a Finding),
    /// Records per entry id, most frequent first.
    Counts(Vec<(String, u64)>),
}

/// What a scan found: the `--json` contract (keys may be added, none renamed).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    pub files: Vec<FileSummary>,
    pub findings: Vec<Finding>,
    /// What shows a layer working (enrollments that succeeded, sign-ins that passed): not
    /// problems, but they narrow down where the fault is.
    pub went_right: Vec<Finding>,
    pub unrecognised: Vec<Unrecognised>,
    /// Attempts followed across layers, once [`join_incidents`] has joined the records.
    pub incidents: Vec<Incident>,
    pub notes: Vec<String>,
    /// The notes that say some input, or part of one, could not be read.
    pub errors: Vec<String>,
    /// Every record that points at an entry, for joining into incidents.
    #[serde(skip)]
    pub clues: Vec<Clue>,
    /// The stand-ins given so far under `--redact`, for what incidents show.
    #[serde(skip)]
    pub redactor: Option<Redactor>,
}

impl Report {
    /// Whether some input, or part of one, could not be read.
    pub fn unreadable(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[derive(Debug, Default)]
struct Gathered {
    count: u64,
    first: Option<Moment>,
    last: Option<Moment>,
    users: BTreeSet<String>,
    samples: Vec<Sample>,
}

impl Gathered {
    /// Counts a record; `sample` is kept while fewer than [`SAMPLES`] are.
    fn add(&mut self, time: Option<&Moment>, user: Option<String>, sample: Option<Sample>) {
        self.count += 1;
        if let Some(time) = time {
            if self
                .first
                .as_ref()
                .is_none_or(|first| time.sort_key() < first.sort_key())
            {
                self.first = Some(time.clone());
            }
            if self
                .last
                .as_ref()
                .is_none_or(|last| time.sort_key() > last.sort_key())
            {
                self.last = Some(time.clone());
            }
        }
        if let Some(user) = user {
            if self.users.len() < USERS_KEPT {
                self.users.insert(user);
            }
        }
        if let Some(sample) = sample.filter(|_| self.samples.len() < SAMPLES) {
            self.samples.push(sample);
        }
    }
}

/// How a record is gathered for an entry.
#[derive(Debug, Clone, Copy)]
enum Tally {
    /// A problem: counted, its time, user and a sample kept.
    Problem,
    /// A line of a problem already counted (one SDK result logged twice): a sample only.
    SampleOnly,
    /// Something that worked.
    WentRight,
}

/// Reads evidence and gathers what it finds.
pub struct Scanner<'k> {
    base: &'k KnowledgeBase,
    /// Shared with the block reader while the scanner gathers what it finds.
    signals: Rc<Signals>,
    options: ScanOptions,
    redactor: Redactor,
    files: Vec<FileSummary>,
    findings: BTreeMap<usize, Gathered>,
    went_right: BTreeMap<usize, Gathered>,
    /// The last SDK enrollment result counted, to count one result logged twice once.
    last_sdk_result: Option<SdkResult>,
    unrecognised: HashMap<String, Gathered>,
    notes: Vec<String>,
    /// The notes that are read errors, also kept in `notes`.
    errors: Vec<String>,
    /// Requests whose error line was found: their summary lines are no further news.
    reported_requests: BTreeSet<String>,
    /// Records that point at an entry, for incidents.
    clues: Vec<Clue>,
    /// Whether records were left out of `clues` once it was full.
    clues_full: bool,
    /// Told how far reading has got, for a progress bar.
    progress: Option<ProgressReport>,
    /// The size of the evidence about to be read, where known.
    size_of_next: Option<u64>,
    /// Set from elsewhere to end the scan early; what was read by then is reported.
    stop: Arc<AtomicBool>,
}

/// An SDK enrollment result as counted: where and when, and its status.
#[derive(Debug, Clone, Copy)]
struct SdkResult {
    file: usize,
    line: usize,
    status: u16,
    at: Option<i64>,
}

impl SdkResult {
    /// Whether `later` is this result logged again: the SDK logs one result in two wordings
    /// (`Enrollment failed with status code 200`, then `MAM_CHECKPOINT ... Received enrollment
    /// result of 200`) within milliseconds, a few lines apart. A retry comes minutes later.
    fn logged_again_as(&self, later: &SdkResult) -> bool {
        let near_in_time = match (self.at, later.at) {
            (Some(first), Some(then)) => (then - first).abs() <= SAME_RESULT_MILLIS,
            (None, None) => true,
            _ => false,
        };
        self.file == later.file
            && self.status == later.status
            && later.line.abs_diff(self.line) <= SAME_RESULT_LINES
            && near_in_time
    }
}

/// How close in time two log lines of one SDK result are.
const SAME_RESULT_MILLIS: i64 = 1_000;
/// How close in lines two log lines of one SDK result are.
const SAME_RESULT_LINES: usize = 10;

/// How far the reading of one piece of evidence has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub name: String,
    pub read: u64,
    /// The whole size, where it is known (a file, an archive member).
    pub total: Option<u64>,
}

/// What is told of progress (a progress bar, say).
type ProgressReport = Box<dyn FnMut(&Progress)>;

/// How often progress is told, in bytes read.
const PROGRESS_EVERY: u64 = 8 << 20;

/// Requests remembered for pairing summary lines with their error lines.
const REQUESTS_KEPT: usize = 100_000;

impl<'k> Scanner<'k> {
    pub fn new(base: &'k KnowledgeBase, options: ScanOptions) -> Scanner<'k> {
        Scanner {
            base,
            signals: Rc::new(Signals::new(base)),
            options,
            redactor: Redactor::default(),
            files: Vec::new(),
            findings: BTreeMap::new(),
            went_right: BTreeMap::new(),
            last_sdk_result: None,
            unrecognised: HashMap::new(),
            notes: Vec::new(),
            errors: Vec::new(),
            reported_requests: BTreeSet::new(),
            clues: Vec::new(),
            clues_full: false,
            progress: None,
            size_of_next: None,
            stop: Arc::default(),
        }
    }

    /// Ends the scan at the next read once `stop` is set (the TUI starting another scan).
    pub fn stop_when(&mut self, stop: Arc<AtomicBool>) {
        self.stop = stop;
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Calls `report` as reading goes on (about every 8 MiB, and at the end of each file).
    pub fn on_progress(&mut self, report: impl FnMut(&Progress) + 'static) {
        self.progress = Some(Box::new(report));
    }

    /// Scans every input: files, folders, archives in them, standard input.
    pub fn scan(&mut self, inputs: &[Input]) {
        input::open(inputs, self);
    }

    /// Scans one stream of evidence named `name`.
    pub fn scan_reader(&mut self, name: &str, reader: &mut dyn BufRead) {
        let mut counted = CountedReader {
            inner: reader,
            stop: Arc::clone(&self.stop),
            bytes: 0,
            told: 0,
            tell: self.progress.take(),
            progress: Progress {
                name: name.to_string(),
                read: 0,
                total: self.size_of_next.take(),
            },
        };
        let mut reading = SkipNuls::new(&mut counted);
        let head = String::from_utf8_lossy(reading.fill_buf().unwrap_or(&[])).into_owned();
        let format = format::detect(&head);
        let file = self.files.len();
        self.files.push(FileSummary::new(name, format));
        let mut notes = ReadNotes::default();
        let mut saw_debug = false;
        let mut local_times = false;
        let result = if matches!(format, Format::SupportPacketInfo | Format::MattermostConfig) {
            let mut text = String::new();
            let read = io::Read::read_to_string(
                &mut io::Read::take(&mut reading, LARGEST_PACKET_FILE + 1),
                &mut text,
            );
            if text.len() as u64 > LARGEST_PACKET_FILE {
                self.notes.push(format!(
                    "{name}: larger than {} MiB, more than any server config or packet file; \
                     not checked",
                    LARGEST_PACKET_FILE >> 20
                ));
            } else {
                self.notes.extend(match format {
                    Format::MattermostConfig => packet::describe_config(name, &text),
                    _ => packet::describe_packet_yaml(name, &text),
                });
            }
            read.map(drop)
        } else if format.is_line_oriented() {
            let signals = Rc::clone(&self.signals);
            let mut times = Vec::new();
            let mut each = |record: Record| {
                local_times |= matches!(record.time, Some(Moment::Local(_)));
                self.take(file, record);
            };
            let read = blocks::read_blocks(
                format,
                &mut reading,
                &signals,
                &mut notes,
                &mut each,
                &mut |time| times.push(time),
            );
            for time in times {
                local_times |= matches!(time, Moment::Local(_));
                self.files[file].widen_range(&time);
            }
            let (stats, read) = read;
            saw_debug = stats.saw_debug;
            self.files[file].records = stats.lines;
            read
        } else {
            read_records(format, &mut reading, &mut notes, &mut |record| {
                local_times |= matches!(record.time, Some(Moment::Local(_)));
                self.take(file, record);
            })
        };
        counted.tell_progress();
        self.files[file].bytes = counted.bytes;
        self.progress = counted.tell.take();
        let summary = &mut self.files[file];
        if let Some((from, to)) = summary.range {
            summary.from = Some(time::rfc3339(from));
            summary.to = Some(time::rfc3339(to));
        }
        if let Err(err) = result {
            self.error(format!(
                "{name}: reading stopped: {}; what came before was scanned",
                describe_read_error(&err)
            ));
        }
        for (line, why) in notes.broken {
            self.notes.push(format!("{name}:{line}: {why}"));
        }
        if let Some(first) = notes.cut_lines.first() {
            self.notes.push(format!(
                "{name}:{first}: {} line(s) longer than {} MiB; only their start was read",
                notes.cut_lines.len(),
                lines::LONGEST_LINE >> 20
            ));
        }
        if format.is_server_log() && !saw_debug && self.files[file].records > 0 {
            self.notes.push(format!(
                "{name}: no debug-level lines, and the server logs Intune sign-in errors with HTTP \
                 4xx at debug level, so they cannot be in this log; set File Log Level to DEBUG \
                 (System Console > Environment > Logging, `LogSettings.FileLevel`) and reproduce"
            ));
        }
        if local_times {
            let window = if self.options.since.is_some() || self.options.until.is_some() {
                "; --since/--until keep a record unless it is outside the window in every zone \
                 (UTC-12 to UTC+14)"
            } else {
                ""
            };
            self.notes.push(format!(
                "{name}: times carry no zone (device-local) and are shown as written{window}"
            ));
        }
    }

    /// A note that says some evidence could not be read.
    fn error(&mut self, note: String) {
        self.errors.push(note.clone());
        self.notes.push(note);
    }

    /// Whether a record from `earliest` to `latest` (one moment, or the span a local time
    /// may be) is wholly outside `--since`/`--until`.
    fn outside_window(&self, earliest: i64, latest: i64) -> bool {
        let before = self.options.since.is_some_and(|since| latest < since);
        let after = self.options.until.is_some_and(|until| earliest >= until);
        before || after
    }

    fn take(&mut self, file: usize, record: Record) {
        let summary = &mut self.files[file];
        summary.records += 1;
        if let Some(time) = &record.time {
            summary.widen_range(time);
        }
        let outside = match &record.time {
            Some(Moment::Utc(at)) => self.outside_window(*at, *at),
            // Without a zone, the time could be any from 14 hours before to 14 after.
            Some(Moment::Local(local)) => time::local_as_if_utc(local).is_some_and(|at| {
                self.outside_window(
                    at.saturating_sub(time::WIDEST_ZONE_MILLIS),
                    at.saturating_add(time::WIDEST_ZONE_MILLIS),
                )
            }),
            None => false,
        };
        if outside {
            return;
        }
        let mut found = BTreeSet::new();
        let mut sdk_status = self.signals.entries_in(&record.text, &mut found);
        if let Some(error) = &record.error_text {
            sdk_status = sdk_status.or(self.signals.entries_in(error, &mut found));
        }
        if let Some(code) = &record.sign_in_code {
            found.extend(self.signals.aadsts(code));
        }
        self.signals
            .narrow_by_status(&mut found, record.http_status);
        if let Some(platform) = self.options.platform {
            found.retain(|&entry| self.base.entries().platform(entry) == platform);
        }
        let (healthy, found): (BTreeSet<usize>, BTreeSet<usize>) = found
            .into_iter()
            .partition(|&entry| self.base.entries().get(entry).healthy);
        let went_right = !healthy.is_empty();
        let healthy: Vec<usize> = healthy.into_iter().collect();
        if let Some(entry) = incident::most_specific(self.base, &healthy, &record.text) {
            self.keep_clue(file, &record, ClueEntry::Exact(entry), true);
        }
        for entry in healthy {
            self.gather(file, &record, entry, Tally::WentRight);
        }
        let already_reported = record
            .request_id
            .as_ref()
            .is_some_and(|id| self.reported_requests.contains(id));
        if found.is_empty() {
            if record.looks_like_error && !already_reported && !went_right {
                let signature = self.gather_unrecognised(file, &record);
                self.keep_clue(file, &record, ClueEntry::Unrecognised(signature), false);
            }
            return;
        }
        if let Some(id) = &record.request_id {
            if self.reported_requests.len() < REQUESTS_KEPT {
                self.reported_requests.insert(id.clone());
            }
        }
        let result = sdk_status.map(|status| SdkResult {
            file,
            line: record.line,
            status,
            at: record.time.as_ref().and_then(time::millis),
        });
        let logged_again = result
            .zip(self.last_sdk_result)
            .is_some_and(|(result, last)| last.logged_again_as(&result));
        if !logged_again {
            self.last_sdk_result = result.or(self.last_sdk_result);
            self.files[file].problems += 1;
            let entries: Vec<usize> = found.iter().copied().collect();
            if let Some(entry) = incident::most_specific(self.base, &entries, &record.text) {
                self.keep_clue(file, &record, ClueEntry::Exact(entry), false);
            }
        }
        let tally = if logged_again {
            Tally::SampleOnly
        } else {
            Tally::Problem
        };
        for entry in found {
            self.gather(file, &record, entry, tally);
        }
    }

    /// Adds `record` to what is gathered for `entry`.
    fn gather(&mut self, file: usize, record: &Record, entry: usize, tally: Tally) {
        let user = self.shown_user(record);
        let gathered = match tally {
            Tally::WentRight => &self.went_right,
            Tally::Problem | Tally::SampleOnly => &self.findings,
        };
        let wants_sample = gathered
            .get(&entry)
            .is_none_or(|f| f.samples.len() < SAMPLES);
        let sample = wants_sample.then(|| self.sample(file, record));
        let gathered = match tally {
            Tally::WentRight => &mut self.went_right,
            Tally::Problem | Tally::SampleOnly => &mut self.findings,
        }
        .entry(entry)
        .or_default();
        match tally {
            Tally::SampleOnly => gathered.samples.extend(sample),
            _ => gathered.add(record.time.as_ref(), user, sample),
        }
    }

    /// Keeps what joins `record` to others of its attempt (real ids and names; the text as
    /// shown).
    fn keep_clue(&mut self, file: usize, record: &Record, entry: ClueEntry, worked: bool) {
        if self.options.skip_incidents {
            return;
        }
        if self.clues.len() >= incident::CLUES_KEPT {
            self.clues_full = true;
            return;
        }
        let format = self.files[file].read_as;
        let layer = incident::Layer::of(format, &record.text);
        // A tenant's export holds every app's sign-ins; one that worked joins an attempt
        // unless it names another app.
        let ids = &record.sign_in_ids;
        if worked
            && layer == incident::Layer::Entra
            && ids.names_app
            && !incident::mattermost_sign_in(&record.text, ids.app_id.as_deref())
        {
            return;
        }
        let mut keys = match format {
            Format::EntraSigninsCsv | Format::EntraSigninsJson | Format::LogAnalyticsTables => {
                Keys::default()
            }
            _ => keys_in(&record.text),
        };
        let ids = &record.sign_in_ids;
        keys.correlation_ids.extend(ids.correlation_id.clone());
        keys.trace_ids.extend(ids.request_id.clone());
        if let Some(id) = &record.request_id {
            if !keys.mattermost_request_ids.contains(id) {
                keys.mattermost_request_ids.push(id.clone());
            }
        }
        let text = Clue::event_text(&self.shown_text(record));
        self.clues.push(Clue {
            layer,
            file,
            line: record.line,
            time: record.time.clone(),
            entry,
            worked,
            text,
            user: record
                .user
                .clone()
                .or_else(|| incident::identity_in(&record.text)),
            address: record.address.clone(),
            keys,
        });
    }

    /// Gathers a record no entry matched, under its signature, which it returns.
    fn gather_unrecognised(&mut self, file: usize, record: &Record) -> Arc<str> {
        let key = signature(record.message.as_deref().unwrap_or(&record.text));
        if !self.unrecognised.contains_key(&key) && self.unrecognised.len() >= GROUPS_KEPT {
            self.gather_unrecognised_overflow(file, record);
            return key.into();
        }
        let wants_sample = self
            .unrecognised
            .get(&key)
            .is_none_or(|group| group.samples.len() < SAMPLES);
        let sample = wants_sample.then(|| self.sample(file, record));
        let user = self.shown_user(record);
        let signature: Arc<str> = key.as_str().into();
        self.unrecognised
            .entry(key)
            .or_default()
            .add(record.time.as_ref(), user, sample);
        signature
    }

    fn gather_unrecognised_overflow(&mut self, file: usize, record: &Record) {
        let sample = self.sample(file, record);
        self.unrecognised
            .entry(format!("(more than {GROUPS_KEPT} other kinds of error)"))
            .or_default()
            .add(None, None, Some(sample));
    }

    fn shown_user(&mut self, record: &Record) -> Option<String> {
        let user = record.user.as_ref()?;
        Some(if self.options.redact {
            self.redactor.stand_in("user", user)
        } else {
            one_line(user).into_owned()
        })
    }

    /// What a record says as shown: secrets masked always, people under `--redact`.
    fn shown_text(&mut self, record: &Record) -> String {
        // Secrets are masked on the whole record, so a cut cannot leave half of one showing.
        let masked = mask_secrets(&record.text);
        let mut text: String = terminal_safe(&masked).chars().take(SAMPLE_CHARS).collect();
        if masked.chars().count() > SAMPLE_CHARS {
            text.push('…');
        }
        if self.options.redact {
            text = self.redactor.redact(&text, &record.identities);
        }
        text
    }

    fn sample(&mut self, file: usize, record: &Record) -> Sample {
        let text = self.shown_text(record);
        let mut file_name = self.files[file].path.clone();
        if self.options.redact {
            file_name = self.redactor.redact(&file_name, &[]);
        }
        Sample {
            file: file_name,
            line: record.line,
            text,
        }
    }

    /// Reads `path` and then every line appended to it, through rotation, until `stop` is
    /// set. `tell` hears of each entry the first time it is found, and of the counts when
    /// they changed (at most once a second).
    pub fn follow(
        &mut self,
        path: &Path,
        stop: &AtomicBool,
        mut tell: impl FnMut(FollowEvent),
    ) -> io::Result<()> {
        let name = path.display().to_string();
        let mut follower = follow::Follower::open(path, stop)?;
        let mut reader = SkipNuls::new(io::BufReader::new(&mut follower));
        let raw = reader.get_mut().fill_buf()?;
        if raw.starts_with(&[0x1f, 0x8b]) || raw.starts_with(b"PK\x03\x04") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a compressed file or an archive does not grow line by line; scan it without \
                 --follow",
            ));
        }
        let head = String::from_utf8_lossy(reader.fill_buf()?).into_owned();
        let format = format::detect(&head);
        let file = self.files.len();
        self.files.push(FileSummary::new(&name, format));
        let (mut bytes, mut line) = (Vec::new(), String::new());
        let mut notes = ReadNotes::default();
        let mut number = 0;
        let mut counts_told = std::time::Instant::now();
        let mut counts_changed = false;
        while let Some(_cut) = lines::next_line(&mut reader, &mut bytes, &mut line)? {
            if std::mem::take(&mut reader.get_mut().get_mut().reopened) {
                number = 0;
            }
            number += 1;
            self.files[file].bytes += line.len() as u64 + 1;
            if line.trim().is_empty() {
                continue;
            }
            let known_before: BTreeSet<usize> = self.findings.keys().copied().collect();
            let problems_before = self.files[file].problems;
            self.take(file, record::line_record(format, &line, number, &mut notes));
            counts_changed |= self.files[file].problems != problems_before;
            for (&entry, gathered) in &self.findings {
                if !known_before.contains(&entry) {
                    tell(FollowEvent::New(&self.finding(entry, gathered)));
                }
            }
            if counts_changed && counts_told.elapsed() >= std::time::Duration::from_secs(1) {
                tell(FollowEvent::Counts(self.counts()));
                counts_told = std::time::Instant::now();
                counts_changed = false;
            }
        }
        Ok(())
    }

    /// The counts so far, entry id to records, most frequent first.
    fn counts(&self) -> Vec<(String, u64)> {
        let mut counts: Vec<(String, u64)> = self
            .findings
            .iter()
            .map(|(&entry, gathered)| (self.base.entries().get(entry).id.clone(), gathered.count))
            .collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts
    }

    fn finding(&self, number: usize, gathered: &Gathered) -> Finding {
        let entry = self.base.entries().get(number);
        Finding {
            id: entry.id.clone(),
            title: entry.title.clone(),
            platform: entry.platform,
            count: gathered.count,
            first_seen: gathered.first.as_ref().map(ToString::to_string),
            last_seen: gathered.last.as_ref().map(ToString::to_string),
            users: gathered.users.iter().cloned().collect(),
            samples: gathered.samples.clone(),
            first_step: entry.steps.first().cloned(),
            matched: Match::Exact,
            why: None,
        }
    }

    /// What was gathered per entry, as findings, most frequent first.
    fn most_frequent_first(&self, gathered: &BTreeMap<usize, Gathered>) -> Vec<Finding> {
        let mut findings: Vec<Finding> = gathered
            .iter()
            .map(|(&number, gathered)| self.finding(number, gathered))
            .collect();
        findings.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));
        findings
    }

    /// The findings, most frequent first; at most `top` of them if given.
    pub fn report(mut self, top: Option<usize>) -> Report {
        if self.stopped() {
            self.notes
                .push("The scan was stopped before the end: what was read by then is shown".into());
        }
        let mut findings = self.most_frequent_first(&self.findings);
        if let Some(top) = top {
            findings.truncate(top);
        }
        let went_right = self.most_frequent_first(&self.went_right);
        let mut unrecognised: Vec<Unrecognised> = self
            .unrecognised
            .into_iter()
            .map(|(signature, gathered)| Unrecognised {
                signature,
                count: gathered.count,
                samples: gathered.samples,
            })
            .collect();
        unrecognised.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.signature.cmp(&b.signature))
        });
        if self.options.redact {
            for file in &mut self.files {
                file.path = self.redactor.redact(&file.path, &[]);
            }
        }
        if self.clues_full {
            self.notes.push(format!(
                "More than {} records point at entries: incidents join the first {0} (narrow \
                 the window with --since/--until for the rest)",
                incident::CLUES_KEPT
            ));
        }
        Report {
            files: self.files,
            findings,
            went_right,
            unrecognised,
            incidents: Vec::new(),
            notes: self.notes.iter().map(|note| evidence_note(note)).collect(),
            errors: self.errors.iter().map(|note| evidence_note(note)).collect(),
            clues: self.clues,
            redactor: self.options.redact.then_some(self.redactor),
        }
    }
}

impl EvidenceSink for Scanner<'_> {
    fn evidence(&mut self, name: &str, reader: &mut dyn BufRead, size: Option<u64>) {
        if self.stopped() {
            return;
        }
        self.size_of_next = size;
        self.scan_reader(name, reader);
    }

    fn problem(&mut self, name: &str, problem: String, unreadable: bool) {
        let note = format!("{name}: {problem}");
        if unreadable {
            self.error(note);
        } else {
            self.notes.push(note);
        }
    }
}

/// Counts the bytes a file's reader hands over.
struct CountedReader<'a> {
    inner: &'a mut dyn BufRead,
    /// Once set, the reader ends as if the file did.
    stop: Arc<AtomicBool>,
    bytes: u64,
    /// Bytes read when progress was last told.
    told: u64,
    tell: Option<ProgressReport>,
    progress: Progress,
}

impl CountedReader<'_> {
    fn advance(&mut self, amount: usize) {
        self.bytes += amount as u64;
        if self.bytes - self.told >= PROGRESS_EVERY {
            self.tell_progress();
        }
    }

    fn tell_progress(&mut self) {
        self.told = self.bytes;
        if let Some(tell) = &mut self.tell {
            self.progress.read = self.bytes;
            tell(&self.progress);
        }
    }
}

impl io::Read for CountedReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        self.advance(n);
        Ok(n)
    }
}

impl BufRead for CountedReader<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok(&[]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.advance(amount);
        self.inner.consume(amount);
    }
}

/// A note as the report shows it: names and values from evidence may carry secrets, line
/// breaks and escape sequences.
fn evidence_note(note: &str) -> String {
    one_line(&mask_secrets(note)).into_owned()
}

/// A read error in words people know: a cut-off compressed file says so.
fn describe_read_error(err: &io::Error) -> String {
    let text = err.to_string().to_ascii_lowercase();
    if text.contains("checksum") || text.contains("incomplete") {
        return format!("the data is damaged or cut short ({err})");
    }
    match err.kind() {
        io::ErrorKind::UnexpectedEof => {
            "the file ends early (a truncated download or .gz?)".to_string()
        }
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            format!("the data is damaged ({err})")
        }
        _ => err.to_string(),
    }
}

/// What a record says with what changes between records of one kind masked: times, numbers,
/// ids and addresses. Records of one problem fold into one signature.
fn signature(text: &str) -> String {
    let masked = mask_secrets(text);
    let masked = inert(&masked);
    let mut text = masked.trim_start_matches(['>', ' ', '\t', '`']);
    // A leading time (and the level after it) changes every record.
    if time::parse_leading(text).is_some() {
        text = text.splitn(3, [' ', '\t']).nth(2).unwrap_or(text);
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let masked = if word.contains('@') {
            "<email>".to_string()
        } else {
            let digits = word.bytes().filter(u8::is_ascii_digit).count();
            let long_id =
                word.len() >= 20 && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if long_id && digits > 0 {
                "<id>".to_string()
            } else {
                word.chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect()
            }
        };
        out.push_str(&masked);
        if out.len() > 200 {
            break;
        }
    }
    out
}
