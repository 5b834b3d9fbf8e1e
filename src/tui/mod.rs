//! The terminal UI: one app state, actions that change it, pure draw functions.

mod action;
mod app;
mod clipboard;
mod draw;
mod entry_text;
mod findings;
mod history;
mod input;
mod keymap;
mod layout;
mod saved_walks;
mod scan_task;
mod settings;
mod setup_checks;
mod stop;
mod theme;
mod update;
mod wrap;

#[cfg(test)]
mod tests;

pub use action::Action;
use app::App;
pub use history::History;
use keymap::action_for_key;
pub use keymap::KeyBindings;
use mamtriage::knowledge::Diagnostic;
use mamtriage::search::{Filter, Searcher};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;
pub use saved_walks::SavedWalks;
use scan_task::ScanTask;
pub use settings::{ExportFormat, Settings};
use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use stop::{terminal_gone, StopSignals};
pub use theme::ThemeName;

/// Restores the terminal when dropped: on quit, on error and (with the panic hook) on panic.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<(ratatui::DefaultTerminal, TerminalGuard)> {
        // try_init enters raw mode and the alternate screen and hooks panics to leave them.
        let terminal = ratatui::try_init()?;
        let guard = TerminalGuard;
        execute!(io::stdout(), EnableBracketedPaste, EnableMouseCapture)?;
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
            previous(info);
        }));
        Ok((terminal, guard))
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui::restore();
    }
}

/// How the UI ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// Stopped by this signal (SIGTERM, SIGHUP when the SSH session drops, SIGINT).
    Signal(i32),
    /// The terminal went away (its window closed, its SSH session or tmux session ended).
    TerminalGone,
}

/// Two clicks on one place within this time are a double-click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// How often the loop looks for a stop signal or a dead terminal while no input arrives.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// What the UI opens on.
pub struct Start<'a> {
    pub filter: Filter,
    pub query: &'a str,
    /// Evidence to scan at once, opening on the findings.
    pub scan: Vec<PathBuf>,
    /// Doctor's checks of a given config and registration, shown on the setup guide.
    pub setup_checks: Vec<mamtriage::doctor::Check>,
}

/// Runs the UI until the user quits, a stop signal arrives or the terminal goes away.
pub fn run(
    searcher: Searcher,
    problems: &[Diagnostic],
    settings: Settings,
    start: Start,
) -> io::Result<Ending> {
    let mut app = App::new(searcher, problems, settings)
        .with_query(start.filter, start.query)
        .with_setup_checks(start.setup_checks);
    if !start.scan.is_empty() {
        app.scan(start.scan);
    }
    let stop = StopSignals::watch()?;
    let (mut terminal, guard) = TerminalGuard::enter()?;
    let ending = event_loop(&mut app, &mut terminal, &stop);
    if !terminal_gone() {
        return ending;
    }
    // There is nothing to restore, and ratatui reports failing to restore on stderr, which
    // is the same dead terminal: that report would panic.
    std::mem::forget(terminal);
    std::mem::forget(guard);
    match ending {
        Ok(Ending::Signal(signal)) => Ok(Ending::Signal(signal)),
        // Reads and writes fail once the terminal is gone; that is an ending, not an error.
        _ => Ok(Ending::TerminalGone),
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    stop: &StopSignals,
) -> io::Result<Ending> {
    let route = clipboard::route_here();
    let mut scan: Option<ScanTask> = None;
    let mut last_click: Option<(Instant, u16, u16)> = None;
    loop {
        if let Some(request) = app.take_scan_request() {
            // The scan it replaces stops as it is dropped.
            scan = Some(ScanTask::start(app.searcher.shared_base(), request));
        }
        let size = terminal.size()?;
        app.set_area(Rect::new(0, 0, size.width, size.height));
        terminal.draw(|frame| draw::draw(app, frame))?;
        if let Some(copy) = app.take_clipboard() {
            let copied = clipboard::copy(&route, &copy.text, &mut io::stdout(), &copy.fallback);
            app.report_copy(copied.map(|how| how.describe(copy.text.len())));
            continue;
        }
        if app.should_quit() {
            return Ok(Ending::Quit);
        }
        let event = match next_event(stop, scan.as_ref())? {
            Wake::Input(event) => event,
            Wake::Scan(action) => {
                app.apply(action);
                continue;
            }
            Wake::End(ending) => return Ok(ending),
        };
        let action = match event {
            // Windows terminals report releases too; only presses count.
            Event::Key(key) if key.kind == KeyEventKind::Press => action_for_key(app, key),
            Event::Paste(text) => Some(Action::InsertText(normalize_line_breaks(&text))),
            Event::Mouse(mouse) => {
                let action = mouse_action(mouse);
                // A second click on the same place soon after opens what the first selected.
                if let Some(Action::ClickAt { column, row }) = action {
                    let now = Instant::now();
                    let double = last_click.is_some_and(|(at, c, r)| {
                        (c, r) == (column, row) && now.duration_since(at) < DOUBLE_CLICK
                    });
                    last_click = Some((now, column, row));
                    if double {
                        app.apply(Action::ClickAt { column, row });
                        Some(Action::Open)
                    } else {
                        action
                    }
                } else {
                    action
                }
            }
            _ => None,
        };
        if let Some(action) = action {
            app.apply(action);
        }
    }
}

/// What the event loop wakes up for.
enum Wake {
    Input(Event),
    /// A running scan has news.
    Scan(Action),
    /// The UI must end.
    End(Ending),
}

/// The next input event or scan update, or why the UI must end without one.
fn next_event(stop: &StopSignals, scan: Option<&ScanTask>) -> io::Result<Wake> {
    loop {
        if let Some(signal) = stop.received() {
            return Ok(Wake::End(Ending::Signal(signal)));
        }
        if terminal_gone() {
            return Ok(Wake::End(Ending::TerminalGone));
        }
        if let Some(update) = scan.and_then(ScanTask::next_update) {
            return Ok(Wake::Scan(update));
        }
        if event::poll(SIGNAL_CHECK)? {
            return event::read().map(Wake::Input);
        }
    }
}

/// Terminals send pasted line breaks as CR or CRLF; the search box keeps them as LF.
fn normalize_line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn mouse_action(mouse: MouseEvent) -> Option<Action> {
    let wheel = |down| Action::WheelAt {
        column: mouse.column,
        row: mouse.row,
        down,
    };
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(wheel(true)),
        MouseEventKind::ScrollUp => Some(wheel(false)),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::ClickAt {
            column: mouse.column,
            row: mouse.row,
        }),
        _ => None,
    }
}
