//! The TUI as a user sees it: the real binary in a pseudo-terminal, over 200, 10,000 and
//! 100,000 generated entries. `tui_start_to_first_frame` starts it over cached knowledge and
//! waits for its first results on the screen; `tui_two_keystrokes_and_frames` types one
//! character in the search box and deletes it again: two keystrokes, two frames.

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

/// Generated packs, dated as settled files so the cache takes them, and a cache folder.
struct Packs {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
}

impl Packs {
    fn new(entries: usize) -> Packs {
        let dir = tempfile::tempdir().expect("temp dir");
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for (name, text) in synth::pack_files(entries) {
            let path = dir.path().join(name);
            std::fs::write(&path, text).expect("write pack");
            let file = std::fs::File::options().write(true).open(&path);
            file.and_then(|file| file.set_modified(an_hour_ago))
                .expect("date pack");
        }
        Packs {
            dir,
            cache: tempfile::tempdir().expect("temp dir"),
        }
    }
}

/// The app in a pseudo-terminal, its screen as a terminal would show it.
struct Running {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<Vec<u8>>,
    screen: vt100::Parser,
}

impl Running {
    /// Starts the app over `packs` and waits until its first results are on the screen.
    fn start(packs: &Packs) -> Running {
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
        command.env("XDG_DATA_HOME", packs.dir.path());
        command.env("MAMTRIAGE_CONFIG", packs.dir.path().join("config.yaml"));
        command.env("MAMTRIAGE_CACHE_DIR", packs.cache.path());
        command.arg("--knowledge");
        command.arg(packs.dir.path());
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
        };
        let shown = |screen: &vt100::Screen| screen.contents().contains("Results (");
        running.wait_until(LOAD_WAIT, shown);
        running
    }

    /// Lets the frame on its way finish: the cursor is placed at the end of a frame.
    fn settle(&mut self) {
        while let Ok(bytes) = self.output.recv_timeout(Duration::from_millis(300)) {
            self.screen.process(&bytes);
        }
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

fn start_to_first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_start_to_first_frame");
    group.sample_size(20);
    for size in SIZES {
        let packs = Packs::new(size);
        // The first start loads the packs and writes the cache the measured ones read.
        drop(Running::start(&packs));
        group.bench_function(BenchmarkId::from_parameter(size), |b| {
            b.iter_custom(|iterations| {
                let mut took = Duration::ZERO;
                for _ in 0..iterations {
                    let start = Instant::now();
                    let app = Running::start(&packs);
                    took += start.elapsed();
                    drop(app);
                }
                took
            })
        });
    }
    group.finish();
}

fn keystroke_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_two_keystrokes_and_frames");
    group.sample_size(20);
    for size in SIZES {
        let packs = Packs::new(size);
        let mut app = Running::start(&packs);
        app.settle();
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

criterion_group!(benches, start_to_first_frame, keystroke_to_frame);
criterion_main!(benches);
