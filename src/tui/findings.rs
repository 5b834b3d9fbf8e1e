//! The findings screen's state and how scan actions change it: what is being scanned, how far
//! it has got, the report, and the selected row.

use super::app::{App, Overlay, Screen};
use super::input::TextInput;
use super::scan_task::ScanRequest;
use mamtriage::render::Document;
use mamtriage::scan::render::counted;
use mamtriage::scan::{
    attach_likely, join_incidents, Finding, Incident, Input, Match, Progress, Report, Unrecognised,
};
use std::path::{Path, PathBuf};

/// The longest path the scan prompt takes.
pub const PROMPT_LIMIT: usize = 4096;

/// The last scan, as the findings screen shows it.
#[derive(Debug, Default)]
pub struct ScanView {
    /// What is scanned, as the user named it.
    pub inputs: Vec<String>,
    pub running: bool,
    /// How far the reading of the current file has got, while it runs.
    pub progress: Option<Progress>,
    pub report: Option<Report>,
    pub selected: usize,
    /// Whether the list shows incidents (attempts across layers) rather than problems.
    pub incidents_shown: bool,
    pub incident_selected: usize,
    /// The selected event of the selected incident, while the timeline has the focus.
    pub event_selected: Option<usize>,
    /// The incident the open entry was reached from, for its export.
    pub opened_incident: Option<usize>,
}

/// A row of the findings list: a known problem (exact, then likely), the unrecognised
/// groups, then what went right.
#[derive(Debug, Clone, Copy)]
pub enum FindingRow<'a> {
    Known(&'a Finding),
    Unknown(&'a Unrecognised),
    WentRight(&'a Finding),
}

impl ScanView {
    pub fn rows(&self) -> Vec<FindingRow<'_>> {
        let Some(report) = &self.report else {
            return Vec::new();
        };
        let known = report.findings.iter().map(FindingRow::Known);
        known
            .chain(report.unrecognised.iter().map(FindingRow::Unknown))
            .chain(report.went_right.iter().map(FindingRow::WentRight))
            .collect()
    }

    pub fn incidents(&self) -> &[Incident] {
        self.report
            .as_ref()
            .map_or(&[][..], |report| &report.incidents)
    }

    /// The rows the list shows: problems, or incidents.
    pub fn list_len(&self) -> usize {
        if self.incidents_shown {
            self.incidents().len()
        } else {
            self.rows().len()
        }
    }

    /// The selected row of whichever list is shown.
    pub fn list_selected(&self) -> usize {
        if self.incidents_shown {
            self.incident_selected
        } else {
            self.selected
        }
    }

    /// Selects row `row` of the list shown; an incident's timeline loses its focus.
    pub fn select_row(&mut self, row: usize) {
        if self.incidents_shown {
            self.incident_selected = row;
            self.event_selected = None;
        } else {
            self.selected = row;
        }
    }

    /// The incident the open entry was reached from, if it holds that entry.
    pub fn incident_of(&self, id: &str) -> Option<&Incident> {
        let incident = self.incidents().get(self.opened_incident?)?;
        incident
            .events
            .iter()
            .any(|event| event.entry == id)
            .then_some(incident)
    }

    /// What the scan found of the entry `id`, if it found it.
    pub fn finding(&self, id: &str) -> Option<&Finding> {
        let report = self.report.as_ref()?;
        let exact = report
            .findings
            .iter()
            .find(|finding| finding.id == id && finding.matched == Match::Exact);
        exact.or_else(|| report.findings.iter().find(|finding| finding.id == id))
    }
}

impl App {
    /// Starts scanning `paths`, as `tui --scan` and the scan prompt do.
    pub fn scan(&mut self, paths: Vec<PathBuf>) {
        self.scan = ScanView {
            inputs: paths.iter().map(|p| p.display().to_string()).collect(),
            running: true,
            ..ScanView::default()
        };
        self.scan_request = Some(ScanRequest {
            inputs: paths.into_iter().map(Input::Path).collect(),
            redact: self.settings.redact,
        });
        self.screen = Screen::Findings;
    }

    /// The scan the event loop is to start, taken once.
    pub fn take_scan_request(&mut self) -> Option<ScanRequest> {
        self.scan_request.take()
    }

    pub(super) fn open_scan_prompt(&mut self) {
        self.prompt = TextInput::default();
        self.overlay = Some(Overlay::ScanPrompt);
    }

    /// The findings screen, or the prompt when nothing has been scanned yet.
    pub(super) fn open_findings(&mut self) {
        if self.scan.inputs.is_empty() {
            self.open_scan_prompt();
        } else {
            self.screen = Screen::Findings;
        }
    }

    /// Scans what the prompt names; a path that is not there keeps the prompt open.
    pub(super) fn scan_from_prompt(&mut self) {
        let Some(path) = prompt_path(self.prompt.text(), home().as_deref()) else {
            self.tell("Type the path of a log, a support packet, an export or a folder".into());
            return;
        };
        if !path.exists() {
            self.tell(format!("No such file or folder: {}", path.display()));
            return;
        }
        self.overlay = None;
        self.scan(vec![path]);
    }

    pub(super) fn scan_progressed(&mut self, progress: Progress) {
        self.scan.progress = Some(progress);
    }

    pub(super) fn scan_finished(&mut self, mut report: Report) {
        attach_likely(&mut report, &self.searcher, None);
        join_incidents(&mut report, self.base(), None);
        let joined = report
            .incidents
            .iter()
            .filter(|incident| incident.events.len() > 1)
            .count();
        let incidents = match joined {
            0 => String::new(),
            n => format!(
                ", {} across layers (t shows them)",
                counted(n as u64, "attempt")
            ),
        };
        let summary = format!(
            "Scan finished: {}, {} unrecognised, in {}{incidents}",
            counted(report.findings.len() as u64, "known problem"),
            report.unrecognised.len(),
            counted(report.files.len() as u64, "file"),
        );
        let notes = report.notes.len();
        for note in &report.notes {
            self.keep_message(note.clone());
        }
        self.scan.running = false;
        self.scan.progress = None;
        self.scan.selected = 0;
        self.scan.report = Some(report);
        self.tell(match notes {
            0 => summary,
            1 => format!("{summary}; 1 note (! to read it)"),
            n => format!("{summary}; {n} notes (! to read them)"),
        });
    }

    /// Shows the incidents instead of the problems, or back.
    pub(super) fn toggle_incidents(&mut self) {
        self.scan.incidents_shown = !self.scan.incidents_shown;
        self.scan.event_selected = None;
        self.preview_scroll = 0;
        if self.scan.incidents_shown && self.scan.incidents().is_empty() {
            self.tell("No failed attempt to follow across layers in this scan".into());
        }
    }

    /// Moves the focus between the incidents and the selected one's timeline, where it
    /// starts on the first event that failed.
    pub(super) fn toggle_timeline_focus(&mut self) {
        if !self.scan.incidents_shown {
            return;
        }
        self.scan.event_selected = match self.scan.event_selected {
            Some(_) => None,
            None => self
                .scan
                .incidents()
                .get(self.scan.incident_selected)
                .map(|incident| {
                    incident
                        .events
                        .iter()
                        .position(|event| !event.worked)
                        .unwrap_or(0)
                }),
        };
    }

    /// Opens what Enter points at on the findings screen: a finding's entry, a search for
    /// an unrecognised error, an incident's timeline, or the entry of an event on it.
    pub(super) fn open_on_findings(&mut self) {
        if !self.scan.incidents_shown {
            return self.open_finding();
        }
        let Some(event) = self.scan.event_selected else {
            return self.toggle_timeline_focus();
        };
        let incident = self.scan.incident_selected;
        let entry = self
            .scan
            .incidents()
            .get(incident)
            .and_then(|incident| incident.events.get(event))
            .and_then(|event| self.base().index_of(&event.entry));
        if let Some(entry) = entry {
            self.scan.opened_incident = Some(incident);
            self.open_entry(entry, Screen::Findings);
        }
    }

    /// Opens the selected finding's entry, or searches the knowledge for an unrecognised
    /// record: the nearest entry may still help.
    fn open_finding(&mut self) {
        self.scan.opened_incident = None;
        let target = match self.scan.rows().get(self.scan.selected) {
            Some(FindingRow::Known(finding) | FindingRow::WentRight(finding)) => {
                Ok(self.base().index_of(&finding.id))
            }
            // What the error says, not its whole raw line (keys, times, callers).
            Some(FindingRow::Unknown(group)) => Err(group.signature.clone()),
            None => return,
        };
        match target {
            Ok(Some(entry)) => self.open_entry(entry, Screen::Findings),
            Ok(None) => {}
            Err(text) => {
                self.input = TextInput::default();
                self.apply(super::Action::InsertText(text));
            }
        }
    }

    /// An entry laid out for the screen or an export, with the evidence the last scan found
    /// of it and doctor's checks of it.
    pub fn entry_document(&self, entry: usize, walked: bool) -> Document {
        let walk = walked.then(|| self.walk(entry)).flatten();
        let shown = self.entry(entry);
        let document = Document::for_walked_entry(shown, self.base(), walk)
            .with_checks(&self.step_checks(&shown.id));
        let document = match self.scan.finding(&shown.id) {
            Some(finding) => document.with_evidence(finding),
            None => document,
        };
        match self.scan.incident_of(&shown.id) {
            Some(incident) => document.with_incident(incident),
            None => document,
        }
    }
}

fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf())
}

/// The path typed or pasted into the prompt: without the quotes a file manager adds, with
/// `~/` read as the home folder.
fn prompt_path(text: &str, home: Option<&Path>) -> Option<PathBuf> {
    let text = text.trim();
    let unquoted = ['"', '\'']
        .iter()
        .find_map(|q| text.strip_prefix(*q).and_then(|t| t.strip_suffix(*q)))
        .unwrap_or(text);
    if unquoted.is_empty() {
        return None;
    }
    let path = PathBuf::from(unquoted);
    Some(match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => home.join(rest),
        _ => path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_path_loses_its_quotes_and_finds_home() {
        let home = Path::new("/home/ana");
        let read = |text| prompt_path(text, Some(home));
        assert_eq!(read("  '/var/log/mm.log' "), Some("/var/log/mm.log".into()));
        assert_eq!(read("\"a b.zip\""), Some("a b.zip".into()));
        assert_eq!(
            read("~/Downloads/x.zip"),
            Some("/home/ana/Downloads/x.zip".into())
        );
        assert_eq!(read("logs/"), Some("logs/".into()));
        assert_eq!(read("  "), None);
        assert_eq!(read("''"), None);
    }
}
