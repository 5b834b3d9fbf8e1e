//! The real binary in a pseudo-terminal: type a query, open the result, walk a step, export,
//! paste a multi-line error, resize, and quit, checking the screen and the exported file.

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtyPair, PtySize};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 100;
/// Generous: CI machines are slow; a passing run takes well under a second.
const WAIT: Duration = Duration::from_secs(20);

struct Session {
    parser: vt100::Parser,
    output: Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
}

impl Session {
    fn pump(&mut self) {
        while let Ok(bytes) = self.output.try_recv() {
            self.parser.process(&bytes);
        }
    }

    fn screen(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen if it never does.
    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("showing {text:?}"), |screen| screen.contains(text));
    }

    fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "screen never got to {what}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }
}

/// A pseudo-terminal of ROWS x COLS.
fn open_pty() -> PtyPair {
    native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap()
}

/// The real binary in a pseudo-terminal of ROWS x COLS, started in `cwd` with `args`.
fn start(cwd: &Path, args: &[&str]) -> (Session, Box<dyn Child + Send + Sync>, Box<dyn MasterPty>) {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_mamtriage"));
    command.arg("--no-cache");
    command.args(args);
    start_command(cwd, command)
}

/// `command` in a pseudo-terminal of ROWS x COLS, started in `cwd`, isolated from the user's
/// settings and history.
fn start_command(
    cwd: &Path,
    mut command: CommandBuilder,
) -> (Session, Box<dyn Child + Send + Sync>, Box<dyn MasterPty>) {
    let pty = open_pty();
    command.cwd(cwd);
    command.env("TERM", "xterm-256color");
    command.env_remove("MAMTRIAGE_KNOWLEDGE");
    // Search history and settings stay in the test's folder, not the user's.
    command.env("XDG_DATA_HOME", cwd);
    command.env("MAMTRIAGE_CONFIG", cwd.join("config.yaml"));
    let child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);

    let mut reader = pty.master.try_clone_reader().unwrap();
    let (sender, output) = channel();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let rows = NonZeroU16::new(ROWS).unwrap();
    let cols = NonZeroU16::new(COLS).unwrap();
    let session = Session {
        parser: vt100::Parser::new(rows, cols, 0),
        output,
        writer: pty.master.take_writer().unwrap(),
    };
    (session, child, pty.master)
}

#[test]
fn search_open_walk_export_paste_resize_quit() {
    let export_dir = tempfile::tempdir().unwrap();
    let (mut session, mut child, master) = start(export_dir.path(), &[]);

    session.wait_for("type or paste an error");
    assert!(session.parser.screen().alternate_screen());
    assert!(session.parser.screen().bracketed_paste());

    session.send("AADSTS650057");
    session.wait_for("Results (");
    session.wait_for("Intune MAM API permission missing");

    session.send("\r");
    session.wait_for("step 1 of 4");
    session.send(" ");
    session.wait_for("1 walked");
    session.send("e");
    session.wait_for("Exported to");
    let exported =
        std::fs::read_to_string(export_dir.path().join("mamtriage-signin.aadsts650057.txt"))
            .expect("the export file exists");
    assert!(exported.starts_with("AADSTS650057: Intune MAM API permission missing"));
    assert!(exported.contains("  1. [done] In the Entra admin center"));

    // Back to search, then a bracketed multi-line paste whose `q` must not quit.
    session.send("\x1b");
    session.wait_for("Results (");
    session.send("\x15");
    session.send(
        "\x1b[200~Account Not Set Up\nYour organization has not set up your account.\nq\x1b[201~",
    );
    session.wait_for("Account Not Set Up⏎Your organization");
    session.wait_for("ios.account-not-set-up");

    master
        .resize(PtySize {
            rows: 12,
            cols: 50,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    session
        .parser
        .screen_mut()
        .set_size(NonZeroU16::new(12).unwrap(), NonZeroU16::new(50).unwrap());
    // Keys typed while crossterm reports a resize can wait for the next key (its event source
    // drops the input readiness that arrives with SIGWINCH), so let the redraw land first:
    // at 50 columns the results fill the width, with no preview beside them.
    session.wait_until("the 50-column layout", |screen| {
        let results_line = screen.lines().nth(3).unwrap_or_default();
        results_line.starts_with("┌ Results (") && !results_line.contains("┐┌")
    });
    session.send("\x0e");
    session.wait_until("the second result selected", |screen| {
        screen.lines().nth(5).unwrap_or_default().starts_with("│▶")
    });
    session.send("\x03");
    wait_for_exit(&mut session, child.as_mut());
}

/// Waits for the app to quit, then checks it succeeded and gave the terminal back.
fn wait_for_exit(session: &mut Session, child: &mut (dyn Child + Send + Sync)) {
    let status = wait_for_restored_exit(session, child);
    assert!(status.success(), "{status:?}");
}

/// Waits for the app to quit and checks the terminal was given back; returns how it ended.
fn wait_for_restored_exit(
    session: &mut Session,
    child: &mut (dyn Child + Send + Sync),
) -> portable_pty::ExitStatus {
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < WAIT,
            "the app did not quit:\n{}",
            session.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    // The last bytes the app wrote can still be on their way from the terminal.
    let given_back = |session: &mut Session| {
        session.pump();
        let screen = session.parser.screen();
        !screen.alternate_screen() && !screen.bracketed_paste()
    };
    let start = Instant::now();
    while !given_back(session) && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    let screen = session.parser.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.bracketed_paste(), "bracketed paste was turned off");
    status
}

#[cfg(unix)]
#[test]
fn a_stop_signal_restores_the_terminal() {
    for (signal, number) in [("TERM", 15), ("HUP", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, mut child, _master) = start(dir.path(), &[]);
        session.wait_for("type or paste an error");
        let pid = child.process_id().unwrap().to_string();
        let sent = std::process::Command::new("kill")
            .args(["-s", signal, &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = wait_for_restored_exit(&mut session, child.as_mut());
        assert_eq!(status.exit_code(), 128 + number, "SIG{signal}");
    }
}

#[path = "../examples/support/synth.rs"]
mod synth;

/// Generous: loading 100,000 entries in a debug build on a slow CI machine.
const LOAD_WAIT: Duration = Duration::from_secs(300);

#[test]
fn stays_responsive_over_100000_entries() {
    const ENTRIES: usize = 100_000;
    let packs = tempfile::tempdir().unwrap();
    for (name, text) in synth::pack_files(ENTRIES) {
        std::fs::write(packs.path().join(name), text).unwrap();
    }
    let (mut session, mut child, _master) = start(
        packs.path(),
        &["--knowledge", packs.path().to_str().unwrap()],
    );
    let start = Instant::now();
    while !session.screen().contains("type or paste an error") {
        assert!(
            start.elapsed() < LOAD_WAIT,
            "never loaded:\n{}",
            session.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // A code typed key by key: every keystroke searches all entries and redraws.
    let target = 98_765;
    session.send(&synth::code_of(target));
    session.wait_for(&format!("synth.e{target}"));
    // Words, then backspacing over them, then a pasted message: each answer lands.
    session.send("\x15enrollment token exp");
    session.wait_for("Results (");
    session.send("\x7f\x7f\x7f\x15");
    session.send(&format!("\x1b[200~{}\x1b[201~", synth::message_of(7)));
    session.wait_for("synth.e7 ");
    session.send("\x03");
    wait_for_exit(&mut session, child.as_mut());
}

/// A pack whose texts try to set the window title, clear the screen and write the clipboard.
const HOSTILE_PACK: &str = "- id: evil.entry\n  kind: faq\n  platform: any\n  title: \"Evil \\e]0;owned\\a title \\e[2J\"\n  codes: [EVIL1]\n  cause: \"clear \\e[2J screen \\u009b31m \\u202etxt\"\n  steps: [\"\\e]52;c;aGk=\\a copy\"]\n";

/// Everything a command writes to a terminal, until it exits.
fn terminal_output(args: &[&str]) -> Vec<u8> {
    let pty = open_pty();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_mamtriage"));
    command.env_remove("MAMTRIAGE_KNOWLEDGE");
    command.env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml");
    command.args(args);
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        bytes
    });
    child.wait().unwrap();
    drop(pty.master);
    reading.join().unwrap()
}

#[test]
fn command_output_to_a_terminal_carries_no_escape_sequences_from_packs() {
    let packs = tempfile::tempdir().unwrap();
    std::fs::write(packs.path().join("evil.yaml"), HOSTILE_PACK).unwrap();
    let dir = packs.path().to_str().unwrap();
    for command in [
        &["show", "evil.entry"][..],
        &["search", "EVIL1"],
        &["list"],
        &["export", "evil.entry"],
        &["show", "--format", "json", "evil.entry"],
    ] {
        let mut args = vec!["--no-cache", "--no-shipped", "--knowledge", dir];
        args.extend_from_slice(command);
        let output = terminal_output(&args);
        let text = String::from_utf8_lossy(&output);
        assert!(text.contains("Evil"), "{command:?} printed {text:?}");
        for forbidden in ["\x1b", "\x07", "\u{9b}", "\u{202e}"] {
            assert!(
                !text.contains(forbidden),
                "{command:?} printed {forbidden:?}: {text:?}"
            );
        }
    }
    // Piped, the text is passed on exactly.
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_mamtriage"))
        .args([
            "--no-cache",
            "--no-shipped",
            "--knowledge",
            dir,
            "show",
            "evil.entry",
        ])
        .env_remove("MAMTRIAGE_KNOWLEDGE")
        // Not the config of whoever runs the tests.
        .env("MAMTRIAGE_CONFIG", "/nonexistent/mamtriage/config.yaml")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&piped.stdout).contains("Evil \x1b]0;owned\x07 title"));
}

/// The app in a pseudo-terminal it does not control (so no SIGHUP comes when it closes),
/// once its first screen is drawn; the master side is handed back to be closed.
#[cfg(unix)]
fn started_without_hangup_signal(cwd: &Path) -> (Box<dyn Child + Send + Sync>, Box<dyn MasterPty>) {
    let pty = open_pty();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_mamtriage"));
    command.cwd(cwd);
    command.env("TERM", "xterm-256color");
    command.env("XDG_DATA_HOME", cwd);
    command.env("MAMTRIAGE_CONFIG", cwd.join("config.yaml"));
    command.set_controlling_tty(false);
    command.arg("--no-cache");
    let child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    // Read until the first screen is drawn, then let the reader go: every copy of the master
    // must be closed for the terminal to hang up.
    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut seen = Vec::new();
    let start = Instant::now();
    while !String::from_utf8_lossy(&seen).contains("type or paste an error") {
        let mut buffer = [0u8; 8192];
        let n = reader.read(&mut buffer).unwrap();
        assert!(
            n > 0 && start.elapsed() < WAIT,
            "the app never drew its screen"
        );
        seen.extend_from_slice(&buffer[..n]);
    }
    (child, pty.master)
}

/// Waits up to a second for the child to end; kills it (so no test leaves a spinning
/// process behind) and fails if it does not.
#[cfg(unix)]
fn ends_within_a_second(
    child: &mut (dyn Child + Send + Sync),
    what: &str,
) -> portable_pty::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(1) {
            child.kill().unwrap();
            panic!("the app was still running a second after {what}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[cfg(unix)]
#[test]
fn closing_the_terminal_ends_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, master) = started_without_hangup_signal(dir.path());
    drop(master);
    let status = ends_within_a_second(child.as_mut(), "its terminal closed");
    assert_eq!(status.exit_code(), 129, "ends as a hang-up would");
}

#[cfg(unix)]
#[test]
fn a_stop_signal_after_the_terminal_closed_ends_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let (mut child, master) = started_without_hangup_signal(dir.path());
    drop(master);
    let pid = child.process_id().unwrap().to_string();
    // The app may already have left on its own; only a running one can be signalled.
    let _ = std::process::Command::new("kill")
        .args(["-s", "TERM", &pid])
        .status()
        .unwrap();
    let status = ends_within_a_second(child.as_mut(), "SIGTERM with its terminal closed");
    assert!([129, 128 + 15].contains(&status.exit_code()), "{status:?}");
}

#[test]
fn tui_scan_opens_on_the_findings_and_exports_an_entry_with_its_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/evidence");
    let evidence = evidence.to_str().unwrap();
    let (mut session, mut child, _master) = start(dir.path(), &["tui", "--scan", evidence]);
    session.wait_for("Scan finished:");
    session.wait_for("Findings: ");
    session.send("\r");
    session.wait_for("What and why");
    session.send("e");
    session.wait_for("Exported to");
    let exported = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|e| e == "txt"))
        .expect("an export file");
    let text = std::fs::read_to_string(exported).unwrap();
    assert!(text.contains("Evidence:"), "{text}");
    assert!(
        text.contains("evidence/"),
        "the samples name their files: {text}"
    );
    // Back to the findings, then quit.
    session.send("\x1b");
    session.wait_for("o scan another");
    session.send("q");
    wait_for_exit(&mut session, child.as_mut());
}

#[test]
fn a_piped_paste_opens_the_ui_with_it_as_the_query_and_keys_come_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = CommandBuilder::new("sh");
    command.arg("-c");
    command.arg(format!(
        "printf 'Sign-in Failed\\nWe can'\\''t sign you in right now.' | '{}' --no-cache",
        env!("CARGO_BIN_EXE_mamtriage")
    ));
    let (mut session, mut child, _master) = start_command(dir.path(), command);
    session.wait_for("Sign-in Failed⏎We can't sign you in");
    session.wait_for("ios.sign-in-failed");
    // Keys are read from the terminal, not from the finished pipe.
    session.send("\r");
    session.wait_for("What and why");
    session.send("q");
    wait_for_exit(&mut session, child.as_mut());
}

/// The 1-based screen row whose text contains `text`, for a mouse click on it.
fn row_of(screen: &str, text: &str) -> usize {
    screen
        .lines()
        .position(|line| line.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not on screen:\n{screen}"))
        + 1
}

#[test]
fn a_click_marks_a_step_q_asks_first_progress_survives_reopening_and_a_filter_says_what_it_hides() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, mut child, _master) = start(dir.path(), &[]);
    session.wait_for("type or paste an error");
    session.send("AADSTS650057");
    session.wait_for("Intune MAM API permission missing");
    session.send("\r");
    session.wait_for("step 1 of 4");

    // A left click on step 2 (SGR mouse report: press, then release) selects it.
    let screen = session.screen();
    let row = row_of(&screen, " 2. Under Permissions");
    session.send(&format!("\x1b[<0;12;{row}M\x1b[<0;12;{row}m"));
    session.wait_for("step 2 of 4");
    session.send(" ");
    session.wait_for("1 walked");

    // q with a marked step asks first; leaving and reopening keeps the mark.
    session.send("q");
    session.wait_for("q or Ctrl-C again quits");
    session.send("\x1b");
    session.wait_for("Results (");
    session.send("\r");
    session.wait_for("1 walked");

    // A platform filter that hides matches says how many and how to show them.
    session.send("\x1b");
    session.wait_for("Results (");
    session.send("\x15not set up");
    session.wait_for("Results (");
    // One F2 at a time, each seen on screen, so a slow machine cannot split the sequences.
    for platform in [
        "iOS · all kinds",
        "Android · all kinds",
        "Mattermost server · all kinds",
    ] {
        session.send("\x1bOQ");
        session.wait_for(platform);
    }
    session.wait_for("4 more: F2/F3");

    // Ctrl-C asks first too, as q does, while marks are not exported.
    session.send("\x03");
    session.wait_for("Ctrl-C again quits");
    session.send("\x03");
    wait_for_exit(&mut session, child.as_mut());
}

/// Opens the AADSTS650057 entry in a fresh session in `dir`.
fn open_650057(dir: &Path) -> (Session, Box<dyn Child + Send + Sync>, Box<dyn MasterPty>) {
    let (mut session, child, master) = start(dir, &[]);
    session.wait_for("type or paste an error");
    session.send("AADSTS650057");
    session.wait_for("Intune MAM API permission missing");
    session.send("\r");
    session.wait_for("Fix · step");
    (session, child, master)
}

#[test]
fn marks_survive_ctrl_c_a_killed_process_and_reopening_and_r_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, mut child, _master) = open_650057(dir.path());
    session.send(" ");
    session.wait_for("1 walked");
    session.send("\x03");
    session.wait_for("Ctrl-C again quits");
    session.send("\x03");
    wait_for_exit(&mut session, child.as_mut());

    // Reopened in a new process: the walk is back, and a second mark is saved as made.
    let (mut session, mut child, _master) = open_650057(dir.path());
    session.wait_for("Resumed the walk saved earlier: 1 of 4");
    session.wait_for("1 walked");
    session.send("s");
    session.wait_for("2 walked");
    // The process dies without a chance to save anything (a crash, a lost terminal).
    child.kill().unwrap();
    let _ = child.wait();

    let (mut session, mut child, _master) = open_650057(dir.path());
    session.wait_for("Resumed the walk saved earlier: 2 of 4");
    session.send("r");
    session.wait_for("Started over");
    session.wait_for("0 walked");
    session.send("q");
    wait_for_exit(&mut session, child.as_mut());
    let (mut session, mut child, _master) = open_650057(dir.path());
    session.wait_for("0 walked");
    assert!(!session.screen().contains("Resumed"));
    session.send("q");
    wait_for_exit(&mut session, child.as_mut());
}

#[test]
fn n_walks_the_setup_guide_from_step_to_step_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let (mut session, mut child, _master) = start(dir.path(), &[]);
    session.wait_for("type or paste an error");
    // Browse, the setup guide (the sixth category), its first step.
    session.send("\t");
    session.wait_for("Browse");
    // One arrow at a time, each waited for on screen, so a loaded machine cannot split the
    // sequences.
    for category in [
        "Android",
        "Mattermost server",
        "Entra / Intune",
        "Any platform",
        "Setup guide (in order)",
    ] {
        session.send("\x1b[B");
        session.wait_for(&format!("▶ {category}"));
    }
    session.send("\r\r");
    session.wait_for("setup step 1 of 14");
    for step in 2..=14 {
        session.send("n");
        session.wait_for(&format!("setup step {step} of 14"));
    }
    // Marking every step of the last one completes the guide; n goes no further.
    let screen = session.screen();
    let steps: usize = screen
        .split("step 1 of ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a step count:\n{screen}"));
    for _ in 0..steps {
        session.send(" ");
    }
    session.wait_for(&format!("{steps} walked"));
    session.send("n");
    session.wait_for("setup step 14 of 14");
    session.send("\x03");
    session.wait_for("Ctrl-C again quits");
    session.send("\x03");
    wait_for_exit(&mut session, child.as_mut());
}
