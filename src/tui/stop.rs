//! What ends the UI from outside: a stop signal, or the terminal going away (a closed window,
//! a dropped SSH session, a killed tmux session). Either must end the process, never leave it
//! running without a terminal.

#[cfg(unix)]
use signal_hook::consts::SIGHUP;
use signal_hook::consts::{SIGINT, SIGTERM};
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

#[cfg(unix)]
const STOP_SIGNALS: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];
#[cfg(not(unix))]
const STOP_SIGNALS: [i32; 2] = [SIGTERM, SIGINT];

/// How long the UI has to leave by itself after a stop signal before the process is ended.
const GRACE: Duration = Duration::from_secs(1);

/// Notes stop signals, so the loop can leave through the quit path and restore the terminal
/// instead of dying with it in raw mode.
pub struct StopSignals {
    received: Arc<AtomicUsize>,
}

impl StopSignals {
    /// Starts watching. A signal the loop has not acted on within [`GRACE`] (it may be stuck
    /// writing to a terminal that stopped reading) ends the process anyway.
    pub fn watch() -> io::Result<StopSignals> {
        let received = Arc::new(AtomicUsize::new(0));
        for signal in STOP_SIGNALS {
            signal_hook::flag::register_usize(signal, Arc::clone(&received), signal as usize)?;
        }
        let mut signals = signal_hook::iterator::Signals::new(STOP_SIGNALS)?;
        std::thread::Builder::new()
            .name("stop-watchdog".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    std::thread::sleep(GRACE);
                    // Raw mode is a terminal setting, not output, so this cannot block.
                    let _ = crossterm::terminal::disable_raw_mode();
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(StopSignals { received })
    }

    /// The stop signal received, if any.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::Relaxed) {
            0 => None,
            signal => Some(signal as i32),
        }
    }
}

/// Whether the terminal the UI draws on has hung up: once it has, reads return end-of-file or
/// EIO for ever, so waiting for a key would never end. Standard output is asked, not standard
/// input: with `pbpaste | mamtriage` standard input is a finished pipe, and keys come from the
/// terminal that standard output is.
#[cfg(unix)]
pub fn terminal_gone() -> bool {
    let mut tty = libc::pollfd {
        fd: libc::STDOUT_FILENO,
        // Hang-ups and errors are always reported; no other event is asked for.
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, a zero timeout.
    let ready = unsafe { libc::poll(&mut tty, 1, 0) };
    ready > 0 && tty.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

#[cfg(not(unix))]
pub fn terminal_gone() -> bool {
    false
}
