//! A keystroke in the TUI's search box until its frame is on the screen, as a user sees it:
//! the real binary in a pseudo-terminal, over 200, 10,000 and 100,000 generated entries.
//! Each iteration types one character and deletes it again: two keystrokes, two frames.

// The generator shared with the tests and the other benchmark; this one uses part of it.
#[allow(dead_code)]
#[path = "../examples/support/synth.rs"]
mod synth;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use portable_pty::{native_pty_system, Child, CommandBuilder, PtySize};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [200, 10_000, 100_000];
const ROWS: u16 = 40;
const COLS: u16 = 120;
const QUERY: &str = "token expired sessio";
/// Long enough for 100,000 entries to load in a release build.
const LOAD_WAIT: Duration = Duration::from_secs(120);

/// The app in a pseudo-terminal, its screen as a terminal would show it.
struct Running {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    _packs: tempfile::TempDir,
}

impl Running {
    fn start(entries: usize) -> Running {
        let packs = tempfile::tempdir().expect("temp dir");
        for (name, text) in synth::pack_files(entries) {
            std::fs::write(packs.path().join(name), text).expect("write pack");
        }
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_mamtriage"));
        command.env("TERM", "xterm-256color");
        command.env("XDG_DATA_HOME", packs.path());
        command.env("MAMTRIAGE_CONFIG", packs.path().join("config.yaml"));
        command.args(["--no-cache", "--knowledge"]);
        command.arg(packs.path());
        command.args(["tui", QUERY]);
        let child = pty.slave.spawn_command(command).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let (sender, output) = channel();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 65536];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let rows = NonZeroU16::new(ROWS).expect("rows");
        let cols = NonZeroU16::new(COLS).expect("cols");
        let mut running = Running {
            child,
            writer: pty.master.take_writer().expect("writer"),
            output,
            screen: vt100::Parser::new(rows, cols, 0),
            _packs: packs,
        };
        let shown = |screen: &vt100::Screen| screen.contents().contains("Results (");
        running.wait_until(LOAD_WAIT, shown);
        // The cursor is placed at the end of a frame: let the first frame finish.
        while let Ok(bytes) = running.output.recv_timeout(Duration::from_millis(300)) {
            running.screen.process(&bytes);
        }
        running
    }

    /// Reads the terminal until `done` holds for the screen.
    fn wait_until(&mut self, limit: Duration, done: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while !done(self.screen.screen()) {
            let left = limit.saturating_sub(start.elapsed());
            let bytes = self
                .output
                .recv_timeout(left)
                .expect("the frame never came");
            self.screen.process(&bytes);
        }
    }

    /// Sends a key and waits for the frame that puts the cursor at `column`: the cursor is
    /// placed last, so the frame is complete.
    fn key_until_cursor_at(&mut self, key: &[u8], column: u16) {
        self.writer.write_all(key).expect("write key");
        self.writer.flush().expect("flush");
        self.wait_until(Duration::from_secs(10), |screen| {
            screen.cursor_position().1 == column
        });
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keystroke_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_two_keystrokes_and_frames");
    group.sample_size(20);
    for size in SIZES {
        let mut app = Running::start(size);
        let typed_at = app.screen.screen().cursor_position().1;
        group.bench_function(BenchmarkId::from_parameter(size), |b| {
            b.iter_custom(|iterations| {
                let start = Instant::now();
                for _ in 0..iterations {
                    app.key_until_cursor_at(b"n", typed_at + 1);
                    app.key_until_cursor_at(b"\x7f", typed_at);
                }
                start.elapsed()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, keystroke_to_frame);
criterion_main!(benches);
