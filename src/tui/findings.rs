//! The findings screen's state and how scan actions change it: what is being scanned, how far
//! it has got, the report, and the selected row.

use super::app::{App, Overlay, Screen};
use super::input::TextInput;
use super::scan_task::ScanRequest;
use mamtriage::render::Document;
use mamtriage::scan::render::counted;
use mamtriage::scan::{attach_likely, Finding, Input, Match, Progress, Report, Unrecognised};
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
        let summary = format!(
            "Scan finished: {}, {} unrecognised, in {}",
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

    /// Opens the selected finding's entry, or searches the knowledge for an unrecognised
    /// record: the nearest entry may still help.
    pub(super) fn open_finding(&mut self) {
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
        match self.scan.finding(&shown.id) {
            Some(finding) => document.with_evidence(finding),
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
