//! How each action changes the app state.

use super::action::Action;
use super::app::{App, Category, EntryView, Overlay, Pane, PendingCopy, Screen};
use super::draw::HIGHLIGHT_SYMBOL;
use super::entry_text::{about_rows, step_heights};
use super::findings::PROMPT_LIMIT;
use super::history::History;
use super::input::TextInput;
use super::layout::{self, list_offset, EntryFit, Regions};
use crate::atomic_file::write_file;
use mamtriage::knowledge::{Kind, Platform};
use mamtriage::render::TicketContext;
use mamtriage::scan::format_time;
use mamtriage::scan::redact::Redactor;
use mamtriage::scan::secrets::mask_secrets;
use mamtriage::search::MAX_QUERY_BYTES;
use mamtriage::walkthrough::{StepOutcome, Walkthrough};
use ratatui::layout::Rect;
use ratatui::text::Line;
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Rows moved by PageUp and PageDown.
const PAGE: usize = 10;

impl App {
    /// Takes the terminal's size at a draw; after a resize, no entry stays scrolled past
    /// the end of its text.
    pub fn set_area(&mut self, area: Rect) {
        if area == self.area {
            return;
        }
        self.area = area;
        for n in 0..self.views.len() {
            let limit = self.about_scroll_limit(self.views[n].entry);
            let view = &mut self.views[n];
            view.about_scroll = view.about_scroll.min(limit);
        }
    }

    /// The rows of an entry's "what and why" box at `width` columns.
    pub fn about_rows(&self, entry: usize, width: u16) -> Vec<Line<'static>> {
        about_rows(&self.entry_document(entry, false), usize::from(width))
    }

    /// The regions of the current screen over `area`; an entry's fitted to what it holds.
    pub fn regions_for(&self, area: Rect) -> Regions {
        let Some(view) = self.current_view().filter(|_| self.screen == Screen::Entry) else {
            return layout::regions(area, self.screen);
        };
        let inside = area.width.saturating_sub(2);
        let entry = self.entry(view.entry);
        let step_width = usize::from(inside).saturating_sub(HIGHLIGHT_SYMBOL.width());
        let rows = |count: usize| u16::try_from(count).unwrap_or(u16::MAX);
        let fit = EntryFit {
            about: rows(self.about_rows(view.entry, inside).len()),
            steps: rows(
                step_heights(&entry.steps, step_width, usize::MAX)
                    .iter()
                    .sum(),
            ),
            related: rows(entry.related.len()),
        };
        layout::fitted_entry_regions(area, fit)
    }

    /// How far an entry's "what and why" box scrolls: its last row at the bottom, no further.
    pub(super) fn about_scroll_limit(&self, entry: usize) -> u16 {
        let Some(about) = self.regions_for(self.area).about else {
            return 0;
        };
        let inside = layout::inner(about);
        let rows = self.about_rows(entry, inside.width).len();
        u16::try_from(rows)
            .unwrap_or(u16::MAX)
            .saturating_sub(inside.height)
    }

    pub fn apply(&mut self, action: Action) {
        // Progress comes while the user does other things: it must not wipe their messages.
        if !matches!(action, Action::ScanProgress(_)) {
            self.status = None;
        }
        let quit_asked = std::mem::take(&mut self.quit_asked);
        match action {
            Action::Quit if self.unexported_marks && !quit_asked => {
                self.quit_asked = true;
                self.tell(
                    "Marked steps are saved but not exported: e exports them; q or Ctrl-C again \
                     quits"
                        .into(),
                );
            }
            Action::Quit | Action::QuitNow => self.quit = true,
            Action::Back => self.back(),
            Action::ToggleHelp => self.toggle_overlay(Overlay::Help),
            Action::ToggleProblems => self.toggle_overlay(Overlay::Problems),
            Action::InsertText(text) if self.overlay == Some(Overlay::ScanPrompt) => {
                self.prompt.insert(&text, PROMPT_LIMIT);
            }
            Action::InsertText(text) => {
                self.go_to_search();
                self.overlay = None;
                self.settings.history.stop_recalling();
                if self.input.insert(&text, MAX_QUERY_BYTES) {
                    self.tell(format!(
                        "The search box holds {} KiB; the rest of the text was left out",
                        MAX_QUERY_BYTES / 1024
                    ));
                }
                self.refresh_results();
            }
            Action::DeleteBefore => self.edit(|input| input.delete_before()),
            Action::DeleteAfter => self.edit(|input| input.delete_after()),
            Action::DeleteWordBefore => self.edit(|input| input.delete_word_before()),
            Action::ClearQuery => self.edit(|input| input.clear()),
            Action::CursorLeft => self.typed_text().left(),
            Action::CursorRight => self.typed_text().right(),
            Action::CursorHome => self.typed_text().home(),
            Action::CursorEnd => self.typed_text().end(),
            Action::SelectNext => self.move_selection(1),
            Action::SelectPrevious => self.move_selection(-1),
            Action::PageDown => self.page(PAGE as isize),
            Action::PageUp => self.page(-(PAGE as isize)),
            Action::SelectFirst => self.move_selection(isize::MIN / 2),
            Action::SelectLast => self.move_selection(isize::MAX / 2),
            Action::Open => self.open(),
            Action::FocusNext => self.focus_next(),
            Action::CyclePlatform => {
                self.filter.platform = cycle(&Platform::ALL, self.filter.platform);
                self.refresh_results();
            }
            Action::CycleKind => {
                self.filter.kind = cycle(&Kind::ALL, self.filter.kind);
                self.refresh_browse();
                self.refresh_results();
            }
            Action::OpenBrowse => {
                self.screen = Screen::Browse;
                self.search_return = None;
            }
            Action::OpenSearch => self.go_to_search(),
            Action::MarkDone => self.mark(Some(StepOutcome::Done)),
            Action::MarkSkipped => self.mark(Some(StepOutcome::Skipped)),
            Action::MarkDidNotHelp => self.mark(Some(StepOutcome::DidNotHelp)),
            Action::ClearMark => self.mark(None),
            Action::UndoMark => self.undo_mark(),
            Action::StartOver => self.start_over(),
            Action::NextSetupStep => self.follow_setup_guide(1),
            Action::PreviousSetupStep => self.follow_setup_guide(-1),
            Action::ExportToFile => self.export_to_file(),
            Action::CopyToClipboard => self.copy_to_clipboard(),
            Action::ClickAt { column, row } => self.click(column, row),
            Action::WheelAt { column, row, down } => self.wheel(column, row, down),
            Action::OlderSearch => self.recall(History::older),
            Action::NewerSearch => self.recall(History::newer),
            Action::OpenScanPrompt => self.open_scan_prompt(),
            Action::OpenFindings => self.open_findings(),
            Action::ToggleIncidents => self.toggle_incidents(),
            Action::ScanProgress(progress) => self.scan_progressed(progress),
            Action::ScanFinished(report) => self.scan_finished(*report),
        }
    }

    /// The text being typed: the scan prompt's while it is open, else the search box.
    fn typed_text(&mut self) -> &mut TextInput {
        if self.overlay == Some(Overlay::ScanPrompt) {
            &mut self.prompt
        } else {
            &mut self.input
        }
    }

    fn toggle_overlay(&mut self, overlay: Overlay) {
        self.overlay_scroll = 0;
        self.overlay = if self.overlay == Some(overlay) {
            None
        } else {
            Some(overlay)
        };
    }

    fn back(&mut self) {
        if self.overlay.take().is_some() {
            return;
        }
        match self.screen {
            Screen::Entry => {
                let left = self.views.pop();
                if self.views.is_empty() {
                    self.screen = self.entry_return;
                    // Back in Browse on the entry just left (a setup step reached with n).
                    let position = left.and_then(|view| {
                        self.browse_list
                            .iter()
                            .position(|&entry| entry == view.entry)
                    });
                    if let (Screen::Browse, Some(position)) = (self.screen, position) {
                        self.browse_selected = position;
                    }
                }
            }
            Screen::Findings if self.scan.event_selected.is_some() => {
                self.scan.event_selected = None;
            }
            Screen::Browse | Screen::Findings => {
                self.screen = Screen::Search;
                self.search_return = None;
            }
            Screen::Search => match self.search_return.take() {
                Some(screen) => self.screen = screen,
                None => self.edit(|input| input.clear()),
            },
        }
    }

    /// The search screen, remembering Browse or the findings as where Esc goes back to.
    fn go_to_search(&mut self) {
        if matches!(self.screen, Screen::Browse | Screen::Findings) {
            self.search_return = Some(self.screen);
        }
        self.screen = Screen::Search;
    }

    fn edit(&mut self, change: impl FnOnce(&mut TextInput)) {
        if self.overlay == Some(Overlay::ScanPrompt) {
            change(&mut self.prompt);
            return;
        }
        let before = self.input.text().len();
        change(&mut self.input);
        if self.input.text().len() != before {
            self.settings.history.stop_recalling();
            self.refresh_results();
        }
    }

    fn move_selection(&mut self, delta: isize) {
        if matches!(self.overlay, Some(Overlay::Help | Overlay::Problems)) {
            // The popup is drawn with this scroll clamped to its text, so any value is safe.
            self.overlay_scroll = self
                .overlay_scroll
                .saturating_add_signed(delta.clamp(-999, 999) as i16);
            return;
        }
        self.preview_scroll = 0;
        let step = |current: usize, len: usize| -> usize {
            if len == 0 {
                0
            } else {
                current.saturating_add_signed(delta).min(len - 1)
            }
        };
        match self.screen {
            Screen::Search => self.selected = step(self.selected, self.results.len()),
            Screen::Findings => match self.scan.event_selected {
                Some(event) => {
                    let events = self
                        .scan
                        .incidents()
                        .get(self.scan.incident_selected)
                        .map_or(0, |incident| incident.events.len());
                    self.scan.event_selected = Some(step(event, events));
                }
                None => {
                    let row = step(self.scan.list_selected(), self.scan.list_len());
                    self.scan.select_row(row);
                }
            },
            Screen::Browse if self.browse_focus == Pane::First => {
                self.category = step(self.category, Category::ALL.len());
                self.refresh_browse();
            }
            Screen::Browse => {
                self.browse_selected = step(self.browse_selected, self.browse_entries().len())
            }
            Screen::Entry => {
                let Some(view) = self.views.last().copied() else {
                    return;
                };
                if view.focus == Pane::Second {
                    let len = self.entry(view.entry).related.len();
                    if let Some(top) = self.views.last_mut() {
                        top.related_selected = step(view.related_selected, len);
                    }
                } else {
                    let walk = self.walk_mut(view.entry);
                    walk.go_to(step(walk.current(), walk.outcomes().len()));
                }
            }
        }
    }

    /// A page down the list, or on an entry, down its "what and why" text.
    fn page(&mut self, delta: isize) {
        match (self.screen, self.current_view().copied()) {
            (Screen::Entry, Some(view)) => {
                let limit = self.about_scroll_limit(view.entry);
                if let Some(top) = self.views.last_mut() {
                    top.about_scroll = view
                        .about_scroll
                        .saturating_add_signed(delta as i16)
                        .min(limit);
                }
            }
            _ => self.move_selection(delta),
        }
    }

    fn open(&mut self) {
        if self.overlay == Some(Overlay::ScanPrompt) {
            return self.scan_from_prompt();
        }
        match self.screen {
            Screen::Findings => self.open_on_findings(),
            Screen::Search => {
                if let Some(row) = self.results.get(self.selected) {
                    let entry = row.entry;
                    // A search that led somewhere is worth recalling.
                    self.settings.history.record(self.input.text());
                    self.open_entry(entry, Screen::Search);
                }
            }
            Screen::Browse if self.browse_focus == Pane::First => {
                self.browse_focus = Pane::Second;
            }
            Screen::Browse => {
                if let Some(&entry) = self.browse_entries().get(self.browse_selected) {
                    self.open_entry(entry, Screen::Browse);
                }
            }
            Screen::Entry => match self.views.last().copied() {
                Some(view) if view.focus == Pane::Second => {
                    let target = self
                        .entry(view.entry)
                        .related
                        .get(view.related_selected)
                        .and_then(|id| self.base().index_of(id));
                    if let Some(target) = target {
                        self.open_entry(target, Screen::Entry);
                    }
                }
                _ => self.mark(Some(StepOutcome::Done)),
            },
        }
    }

    pub(super) fn open_entry(&mut self, entry: usize, from: Screen) {
        if from != Screen::Entry {
            self.views.clear();
            self.entry_return = from;
        }
        self.views.push(EntryView {
            entry,
            focus: Pane::First,
            related_selected: 0,
            about_scroll: 0,
        });
        self.resume_saved_walk(entry);
        self.screen = Screen::Entry;
    }

    /// The walk of `entry` this run, else the one saved in an earlier run (said so), else a
    /// new one.
    fn resume_saved_walk(&mut self, entry: usize) {
        if self.walks.contains_key(&entry) {
            return;
        }
        let shown = self.base().entries().get(entry);
        match self.settings.saved_walks.walk(&shown.id, &shown.steps) {
            Some(walk) => {
                self.tell(format!(
                    "Resumed the walk saved earlier: {} of {} steps have an outcome; r starts over",
                    walk.walked(),
                    walk.outcomes().len()
                ));
                self.walks.insert(entry, walk);
            }
            None => {
                self.walk_mut(entry);
            }
        }
    }

    /// Saves the walk of `entry` as it is now.
    fn save_walk(&mut self, entry: usize) {
        let shown = self.base().entries().get(entry);
        if let Some(walk) = self.walks.get(&entry) {
            let (id, steps) = (shown.id.clone(), shown.steps.clone());
            self.settings.saved_walks.save(&id, &steps, walk);
        }
    }

    fn start_over(&mut self) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        let steps = self.entry(view.entry).steps.len();
        self.walks.insert(view.entry, Walkthrough::new(steps));
        self.save_walk(view.entry);
        self.tell("Started over: no step has an outcome".into());
    }

    fn focus_next(&mut self) {
        match self.screen {
            Screen::Browse => {
                self.browse_focus = match self.browse_focus {
                    Pane::First => Pane::Second,
                    Pane::Second => Pane::First,
                }
            }
            Screen::Entry => {
                let has_related = self
                    .current_view()
                    .is_some_and(|v| !self.entry(v.entry).related.is_empty());
                if let Some(view) = self.views.last_mut() {
                    view.focus = match view.focus {
                        Pane::First if has_related => Pane::Second,
                        _ => Pane::First,
                    };
                }
            }
            Screen::Search => self.screen = Screen::Browse,
            Screen::Findings => self.toggle_timeline_focus(),
        }
    }

    fn walk_mut(&mut self, entry: usize) -> &mut Walkthrough {
        let steps = self.base().entries().get(entry).steps.len();
        self.walks
            .entry(entry)
            .or_insert_with(|| Walkthrough::new(steps))
    }

    fn mark(&mut self, outcome: Option<StepOutcome>) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        // Keys act on the focused pane: with Related focused, no step is marked behind it.
        if view.focus == Pane::Second {
            self.tell(
                "Related entries have the focus: Tab goes back to the steps to mark one".into(),
            );
            return;
        }
        self.unexported_marks = true;
        let walk = self.walk_mut(view.entry);
        match outcome {
            Some(outcome) => walk.mark(outcome),
            None => walk.clear(),
        }
        self.save_walk(view.entry);
        let walk = self.walk_mut(view.entry);
        if walk.walked() == walk.outcomes().len() && walk.is_started() {
            let next_setup_step = (self.entry(view.entry).kind == Kind::SetupStep)
                .then(|| self.setup_neighbour(view.entry, 1))
                .flatten();
            self.tell(match next_setup_step {
                Some(next) => format!(
                    "Every step has an outcome: n goes on to setup step {} ({}); e exports this one",
                    self.entry(next).order.unwrap_or_default(),
                    self.entry(next).title
                ),
                None => "Every step has an outcome: e exports it, y copies it".into(),
            });
        }
    }

    fn undo_mark(&mut self) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        if self.walk_mut(view.entry).undo() {
            self.save_walk(view.entry);
        } else {
            self.tell("Nothing to undo".into());
        }
    }

    fn follow_setup_guide(&mut self, delta: isize) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        if self.entry(view.entry).kind != Kind::SetupStep {
            self.tell("n and p follow the setup guide from a setup step".into());
            return;
        }
        let total = self.base().setup_guide().len();
        match self.setup_neighbour(view.entry, delta) {
            Some(next) => {
                self.views.pop();
                self.open_entry(next, Screen::Entry);
                self.tell(format!(
                    "Setup step {} of {total}",
                    self.entry(next).order.unwrap_or_default()
                ));
            }
            None => self.tell("That is the end of the setup guide".into()),
        }
    }

    /// The setup step `delta` steps from `entry` in the guide's order, if there is one.
    pub(super) fn setup_neighbour(&self, entry: usize, delta: isize) -> Option<usize> {
        let guide: Vec<usize> = self
            .base()
            .setup_guide()
            .into_iter()
            .filter_map(|e| self.base().index_of(&e.id))
            .collect();
        let position = guide.iter().position(|&e| e == entry)?;
        guide.get(position.checked_add_signed(delta)?).copied()
    }

    /// The remediation as `mamtriage export` writes it, with the walked outcomes.
    pub fn export_text(&self, entry: usize) -> String {
        let searched = (self.entry_return == Screen::Search).then(|| self.input.text());
        let query = searched.map(|text| {
            let masked = mask_secrets(text);
            if self.settings.redact {
                Redactor::default().redact(&masked, &[])
            } else {
                masked.into_owned()
            }
        });
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_millis() as i64);
        let context = TicketContext {
            date: format_time(now),
            query,
        };
        let mut document = self.entry_document(entry, true).with_ticket(&context);
        if let Some(walk) = self.walk(entry).filter(|walk| walk.is_started()) {
            let next = self
                .base()
                .next_after(self.entry(entry))
                .map(|next| next.id.as_str());
            document = document.with_outcome(walk, next);
        }
        self.settings.export_format.render(&document)
    }

    /// Puts the search `step` moves to in the box, keeping the history's place.
    fn recall(&mut self, step: impl FnOnce(&mut History) -> Option<&str>) {
        if let Some(search) = step(&mut self.settings.history) {
            self.input = TextInput::with_text(search);
            self.refresh_results();
        }
    }

    fn export_to_file(&mut self) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        let contents = self.export_text(view.entry);
        let path = self.free_export_path(&self.entry(view.entry).id);
        let written = self
            .make_export_dir()
            .and_then(|()| write_file(&path, &contents, false).map_err(|err| err.to_string()));
        self.unexported_marks &= written.is_err();
        self.tell(match written {
            Ok(()) => format!("Exported to {}", path.display()),
            Err(err) => format!("Export failed: {err}"),
        });
    }

    /// Creates the export folder if it is not there yet, as a user who named it expects.
    fn make_export_dir(&self) -> Result<(), String> {
        let dir = &self.settings.export_dir;
        std::fs::create_dir_all(dir)
            .map_err(|err| format!("cannot create the export folder {}: {err}", dir.display()))
    }

    /// `mamtriage-ID.txt` (or `.md`) in the export directory, numbered so nothing is
    /// overwritten.
    fn free_export_path(&self, id: &str) -> PathBuf {
        let extension = self.settings.export_format.extension();
        (1..)
            .map(|n| {
                let name = if n == 1 {
                    format!("mamtriage-{id}.{extension}")
                } else {
                    format!("mamtriage-{id}-{n}.{extension}")
                };
                self.settings.export_dir.join(name)
            })
            .find(|path| !path.exists())
            .expect("some numbered name is free")
    }

    fn copy_to_clipboard(&mut self) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        self.unexported_marks = false;
        self.clipboard = Some(PendingCopy {
            text: self.export_text(view.entry),
            fallback: self.free_export_path(&self.entry(view.entry).id),
        });
    }

    /// The wheel scrolls the pane under the pointer: an entry's text, its steps or related
    /// entries; elsewhere the list.
    fn wheel(&mut self, column: u16, row: u16, down: bool) {
        let delta = if down { 1 } else { -1 };
        let regions = self.regions_for(self.area);
        let under = |area: Option<Rect>| area.is_some_and(|a| contains(a, column, row));
        match self.current_view().copied() {
            Some(view) if self.screen == Screen::Entry && under(regions.about) => {
                let limit = self.about_scroll_limit(view.entry);
                if let Some(top) = self.views.last_mut() {
                    top.about_scroll = view.about_scroll.saturating_add_signed(delta).min(limit);
                }
            }
            Some(_) if self.screen == Screen::Entry && under(regions.related) => {
                if let Some(top) = self.views.last_mut() {
                    top.focus = Pane::Second;
                }
                self.move_selection(delta as isize);
            }
            Some(_) if self.screen == Screen::Entry => {
                if let Some(top) = self.views.last_mut() {
                    top.focus = Pane::First;
                }
                self.move_selection(delta as isize);
            }
            // The preview and the evidence scroll under the wheel; the list stays.
            _ if under(regions.preview) => {
                self.preview_scroll = self.preview_scroll.saturating_add_signed(delta);
            }
            _ if self.screen == Screen::Browse => {
                self.browse_focus = if under(regions.categories) {
                    Pane::First
                } else {
                    Pane::Second
                };
                self.move_selection(delta as isize);
            }
            _ => self.move_selection(delta as isize),
        }
    }

    /// A click on the `clicked`th visible row of the browse entries selects the entry there.
    fn click_browse_entry(&mut self, clicked: usize, height: u16) {
        let rows = self.browse_rows();
        let selected_row = rows
            .iter()
            .position(|(row, _)| *row == Some(self.browse_selected))
            .unwrap_or(0);
        let offset = list_offset(selected_row, rows.len(), height);
        if let Some((Some(position), _)) = rows.get(offset + clicked) {
            self.browse_selected = *position;
            self.browse_focus = Pane::Second;
        }
    }

    /// A click on an entry's step or related row selects it.
    fn click_entry(&mut self, column: u16, row: u16) {
        let Some(view) = self.current_view().copied() else {
            return;
        };
        let regions = self.regions_for(self.area);
        let steps = regions
            .steps
            .map(layout::inner)
            .filter(|a| contains(*a, column, row));
        let related = regions
            .related
            .map(layout::inner)
            .filter(|a| contains(*a, column, row));
        if let Some(inside) = steps {
            let width = usize::from(inside.width).saturating_sub(HIGHLIGHT_SYMBOL.width());
            let room = usize::from(inside.height);
            let heights = step_heights(&self.entry(view.entry).steps, width, room);
            let walk = self.walk_mut(view.entry);
            let mut index = layout::wrapped_offset(&heights, walk.current(), room);
            let mut below = usize::from(row - inside.y);
            while index < heights.len() && below >= heights[index] {
                below -= heights[index];
                index += 1;
            }
            if index < heights.len() {
                walk.go_to(index);
            }
            if let Some(top) = self.views.last_mut() {
                top.focus = Pane::First;
            }
        } else if let Some(inside) = related {
            let len = self.entry(view.entry).related.len();
            let index = list_offset(view.related_selected, len, inside.height)
                + usize::from(row - inside.y);
            if let (true, Some(top)) = (index < len, self.views.last_mut()) {
                top.related_selected = index;
                top.focus = Pane::Second;
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        if self.screen == Screen::Entry {
            return self.click_entry(column, row);
        }
        let regions = self.regions_for(self.area);
        if self.screen == Screen::Browse {
            if let Some(entries) = regions
                .entries
                .map(layout::inner)
                .filter(|entries| contains(*entries, column, row))
            {
                return self.click_browse_entry(usize::from(row - entries.y), entries.height);
            }
        }
        let Some(list) = regions.clickable_list() else {
            return;
        };
        let inside = column >= list.x
            && column < list.x + list.width
            && row >= list.y
            && row < list.y + list.height;
        if !inside {
            return;
        }
        let clicked_row = usize::from(row - list.y);
        match self.screen {
            Screen::Search => {
                let offset = list_offset(self.selected, self.results.len(), list.height);
                let index = offset + clicked_row;
                if index < self.results.len() {
                    self.selected = index;
                }
            }
            Screen::Findings => {
                let rows = self.scan.list_len();
                let offset = list_offset(self.scan.list_selected(), rows, list.height);
                let index = offset + clicked_row;
                if index < rows {
                    self.scan.select_row(index);
                }
            }
            Screen::Browse => {
                let on_categories = regions
                    .categories
                    .is_some_and(|categories| column < categories.x + categories.width);
                if on_categories && clicked_row < Category::ALL.len() {
                    self.browse_focus = Pane::First;
                    self.category = clicked_row;
                    self.refresh_browse();
                }
            }
            Screen::Entry => {}
        }
    }
}

fn contains(area: Rect, column: u16, row: u16) -> bool {
    column >= area.x && column < area.x + area.width && row >= area.y && row < area.y + area.height
}

/// The next value of a cycle through `all`, then back to none.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(value) => {
            let position = all.iter().position(|v| *v == value)?;
            all.get(position + 1).copied()
        }
    }
}
