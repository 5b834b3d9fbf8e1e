//! The one state of the terminal UI. Actions change it (see `update.rs`); drawing only reads it.

use super::findings::ScanView;
use super::input::TextInput;
use super::scan_task::ScanRequest;
use super::settings::Settings;
use super::theme::ThemeName;
use mamtriage::doctor::Check;
use mamtriage::knowledge::{Diagnostic, Entry, Kind, KnowledgeBase, Platform};
use mamtriage::search::{Confidence, Filter, Query, Reason, Searcher};
use mamtriage::walkthrough::Walkthrough;
use ratatui::layout::Rect;
use std::collections::HashMap;
use std::path::PathBuf;

/// Messages kept for the `!` view.
const MESSAGES_KEPT: usize = 100;

/// Results kept per query; more than a screen needs, fewer than would cost time.
const MAX_RESULTS: usize = 200;

/// Text for the clipboard, and the file to write if no clipboard takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCopy {
    pub text: String,
    pub fallback: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Search,
    Browse,
    Entry,
    /// What the last scan found, one row per entry or unrecognised group.
    Findings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Problems,
    /// Asks for a file or folder to scan.
    ScanPrompt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Browse: the categories; entry: the steps.
    First,
    /// Browse: the entries of a category; entry: the related entries.
    Second,
}

/// A browse category: one platform, or the setup guide in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Platform(Platform),
    SetupGuide,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Platform(Platform::Ios),
        Category::Platform(Platform::Android),
        Category::Platform(Platform::Server),
        Category::Platform(Platform::Entra),
        Category::Platform(Platform::Any),
        Category::SetupGuide,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Category::Platform(platform) => platform.label(),
            Category::SetupGuide => "Setup guide (in order)",
        }
    }
}

/// One search result as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub entry: usize,
    /// Why it matched; the preview describes the selected row's.
    pub reasons: Vec<Reason>,
    /// How sure the search is of it.
    pub confidence: Confidence,
}

/// An opened entry on the navigation stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryView {
    pub entry: usize,
    pub focus: Pane,
    pub related_selected: usize,
    /// Lines scrolled in the "what and why" box.
    pub about_scroll: u16,
}

pub struct App {
    pub(super) searcher: Searcher,
    pub(super) problems: Vec<String>,
    pub(super) input: TextInput,
    pub(super) filter: Filter,
    pub(super) results: Vec<ResultRow>,
    /// Matches the platform and kind filters hide.
    pub(super) hidden_by_filter: usize,
    /// What the search text was understood to carry (codes, platform wording), shown under
    /// the search box.
    pub(super) understood: Vec<String>,
    /// Words and codes of the search, marked where results and the preview show them.
    pub(super) highlight_terms: Vec<String>,
    pub(super) selected: usize,
    pub(super) screen: Screen,
    pub(super) overlay: Option<Overlay>,
    pub(super) category: usize,
    pub(super) browse_selected: usize,
    /// Entries of the selected browse category, worked out when the category or the kind
    /// filter changes rather than on every frame.
    pub(super) browse_list: Vec<usize>,
    pub(super) browse_focus: Pane,
    /// Opened entries; the last one is shown, Back pops it.
    pub(super) views: Vec<EntryView>,
    /// Where Back from the first opened entry returns to.
    pub(super) entry_return: Screen,
    /// Where Esc on the search screen goes back to, when it was reached from Browse or the
    /// findings (`/`, a paste, Enter on an unrecognised error).
    pub(super) search_return: Option<Screen>,
    /// How far the preview (search) or the evidence (findings) is scrolled; back to the top
    /// when the selection moves.
    pub(super) preview_scroll: u16,
    /// Walked steps per entry, kept while moving between entries.
    pub(super) walks: HashMap<usize, Walkthrough>,
    /// The last message, shown on the status line until the next action.
    pub(super) status: Option<String>,
    /// Every message of this run, oldest first (the `!` view lists them in full).
    pub(super) messages: Vec<String>,
    pub(super) quit: bool,
    pub(super) settings: Settings,
    /// A copy to make once the frame is drawn.
    pub(super) clipboard: Option<PendingCopy>,
    /// The terminal's size at the last draw, for mouse positions.
    pub(super) area: Rect,
    /// The last scan and the findings screen's place in it.
    pub(super) scan: ScanView,
    /// A scan to start once the frame is drawn.
    pub(super) scan_request: Option<ScanRequest>,
    /// The scan prompt's text.
    pub(super) prompt: TextInput,
    /// Lines scrolled in the help or messages popup.
    pub(super) overlay_scroll: u16,
    /// Steps were marked since the last export or copy.
    pub(super) unexported_marks: bool,
    /// The last action was a quit that asked first: another one leaves.
    pub(super) quit_asked: bool,
    /// Doctor's checks of the given config and registration, shown on the setup guide.
    pub(super) setup_checks: Vec<Check>,
}

impl App {
    pub fn new(searcher: Searcher, problems: &[Diagnostic], settings: Settings) -> Self {
        let mut app = App {
            searcher,
            problems: problems.iter().map(ToString::to_string).collect(),
            input: TextInput::default(),
            filter: Filter::default(),
            results: Vec::new(),
            hidden_by_filter: 0,
            understood: Vec::new(),
            highlight_terms: Vec::new(),
            selected: 0,
            screen: Screen::Search,
            overlay: None,
            category: 0,
            browse_selected: 0,
            browse_list: Vec::new(),
            browse_focus: Pane::First,
            views: Vec::new(),
            entry_return: Screen::Search,
            search_return: None,
            preview_scroll: 0,
            walks: HashMap::new(),
            status: None,
            messages: Vec::new(),
            quit: false,
            settings,
            clipboard: None,
            area: Rect::default(),
            scan: ScanView::default(),
            scan_request: None,
            prompt: TextInput::default(),
            overlay_scroll: 0,
            unexported_marks: false,
            quit_asked: false,
            setup_checks: Vec::new(),
        };
        app.refresh_browse();
        app
    }

    /// The knowledge the app shows.
    pub fn base(&self) -> &KnowledgeBase {
        self.searcher.base()
    }

    /// Whether Up and Down go through recent searches: the box is empty or shows one.
    pub fn recalls_history(&self) -> bool {
        self.input.is_empty() || self.settings.history.is_recalling()
    }

    pub fn theme(&self) -> ThemeName {
        self.settings.theme
    }

    /// Starts with a filter and a query, as `mamtriage tui --platform ios "query"` does.
    pub fn with_query(mut self, filter: Filter, query: &str) -> Self {
        self.filter = filter;
        self.input = TextInput::with_text(query);
        self.refresh_results();
        self.refresh_browse();
        self
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The copy waiting to be made, taken once.
    pub fn take_clipboard(&mut self) -> Option<PendingCopy> {
        self.clipboard.take()
    }

    /// Shows how a copy went.
    pub fn report_copy(&mut self, outcome: Result<String, String>) {
        self.tell(outcome.unwrap_or_else(|err| format!("Copy failed: {err}")));
    }

    /// Shows a message on the status line and keeps it in the message log.
    pub(super) fn tell(&mut self, message: String) {
        self.keep_message(message.clone());
        self.status = Some(message);
    }

    /// Keeps a message in the log (the `!` view) without showing it on the status line.
    pub(super) fn keep_message(&mut self, message: String) {
        if self.messages.len() == MESSAGES_KEPT {
            self.messages.remove(0);
        }
        self.messages.push(message);
    }

    pub fn entry(&self, index: usize) -> &Entry {
        self.base().entries().get(index)
    }

    pub fn current_view(&self) -> Option<&EntryView> {
        self.views.last()
    }

    /// Whether the findings screen lists incidents rather than problems.
    pub fn incidents_shown(&self) -> bool {
        self.scan.incidents_shown
    }

    /// Whether an entry's related entries have the focus (its keys act on them).
    pub fn related_focused(&self) -> bool {
        self.screen == Screen::Entry
            && self
                .views
                .last()
                .is_some_and(|view| view.focus == Pane::Second)
    }

    pub fn walk(&self, entry: usize) -> Option<&Walkthrough> {
        self.walks.get(&entry)
    }

    /// Entries of the selected browse category, grouped by kind (setup guide: in order).
    pub fn browse_entries(&self) -> &[usize] {
        &self.browse_list
    }

    /// The rows of the browse entries list: a heading (`None`, with its text) before each
    /// group of a platform's entries, or an entry's position in [`App::browse_entries`].
    /// Drawing and clicks both read it, so a click lands on the row it is on.
    pub fn browse_rows(&self) -> Vec<(Option<usize>, &'static str)> {
        let mut rows = Vec::new();
        let mut last_group = None;
        let platform = matches!(Category::ALL[self.category], Category::Platform(_));
        for (position, &index) in self.browse_list.iter().enumerate() {
            let entry = self.entry(index);
            // Caveats come first, under a heading of their own.
            let group = (!entry.is_caveat()).then_some(entry.kind);
            if platform && last_group != Some(group) {
                rows.push((None, group.map_or("Read first", |kind| kind.label())));
                last_group = Some(group);
            }
            rows.push((Some(position), ""));
        }
        rows
    }

    /// Works out the browse list again and selects its first entry.
    pub(super) fn refresh_browse(&mut self) {
        let base = self.searcher.base();
        self.browse_selected = 0;
        self.browse_list = match Category::ALL[self.category] {
            Category::SetupGuide => base
                .setup_guide()
                .into_iter()
                .filter_map(|entry| base.index_of(&entry.id))
                .collect(),
            Category::Platform(platform) => {
                let mut entries: Vec<usize> = base
                    .filtered_positions(Some(platform), self.filter.kind)
                    .collect();
                // Caveats first: they change how every other entry of the platform reads.
                entries
                    .sort_by_key(|&i| (!base.entries().get(i).is_caveat(), base.entries().kind(i)));
                entries
            }
        };
    }

    pub(super) fn refresh_results(&mut self) {
        self.selected = 0;
        let query = Query::parse(self.input.text());
        self.understood = self.searcher.understood(&query);
        self.highlight_terms = query.highlight_terms();
        // One search of every entry: the filters keep some of its results, and the rest are
        // what they hide (a filter never adds results, so nothing is missed).
        let all = if query.is_empty() {
            Vec::new()
        } else {
            self.searcher
                .search_rated(&query, Filter::default(), MAX_RESULTS)
        };
        let total = all.len();
        self.results = all
            .into_iter()
            .filter(|(entry, _, _)| self.filter.admits(entry.platform, entry.kind))
            .map(|(_, hit, confidence)| ResultRow {
                entry: hit.entry,
                reasons: hit.reasons,
                confidence,
            })
            .collect();
        self.hidden_by_filter = total - self.results.len();
    }

    /// A short description of the active filters.
    pub fn filter_label(&self) -> String {
        let platform = self
            .filter
            .platform
            .map_or("all platforms", Platform::label);
        let kind = self.filter.kind.map_or("all kinds", Kind::label);
        format!("{platform} · {kind}")
    }
}
