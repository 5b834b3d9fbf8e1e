//! A scan running beside the UI: a thread of its own, telling its progress and then its
//! report, so that the UI stays responsive while gigabytes are read.

use super::action::Action;
use mamtriage::knowledge::KnowledgeBase;
use mamtriage::scan::{Input, ScanOptions, Scanner};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::thread;

/// What to scan and how, as the app asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRequest {
    pub inputs: Vec<Input>,
    pub redact: bool,
}

/// A running (or finished) scan. Dropping it stops the thread at its next read.
pub struct ScanTask {
    updates: Receiver<Action>,
    stop: Arc<AtomicBool>,
}

impl ScanTask {
    pub fn start(base: Arc<KnowledgeBase>, request: ScanRequest) -> ScanTask {
        let (sender, updates) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let stop_scan = Arc::clone(&stop);
        thread::spawn(move || {
            let options = ScanOptions {
                redact: request.redact,
                ..ScanOptions::default()
            };
            let mut scanner = Scanner::new(&base, options);
            scanner.stop_when(stop_scan);
            let progress = sender.clone();
            scanner.on_progress(move |read| {
                // The UI may have gone: nothing is left to tell.
                let _ = progress.send(Action::ScanProgress(read.clone()));
            });
            scanner.scan(&request.inputs);
            let _ = sender.send(Action::ScanFinished(Box::new(scanner.report(None))));
        });
        ScanTask { updates, stop }
    }

    /// The next update the scan has sent, if any; `None` also once it has finished.
    pub fn next_update(&self) -> Option<Action> {
        self.updates.try_recv().ok()
    }
}

impl Drop for ScanTask {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
