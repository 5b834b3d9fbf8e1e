//! Copying an export: through the terminal (OSC 52) over SSH, where only the terminal can
//! reach the user's clipboard; through the platform's clipboard tool on a local machine; to
//! a file when neither is there.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The escape sequence that asks the terminal to put `text` on the system clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// A terminal multiplexer between the app and the terminal that holds the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplexer {
    None,
    /// tmux takes OSC 52 itself when `set-clipboard` is on, and passes it through to the
    /// terminal wrapped in its DCS passthrough when `allow-passthrough` is on: both are sent,
    /// as lazygit and neovim do.
    Tmux,
    /// GNU screen passes a sequence wrapped in its DCS through to the terminal.
    Screen,
}

/// OSC 52 for `text`, as the multiplexer in between lets it reach the terminal.
pub fn osc52_through(text: &str, multiplexer: Multiplexer) -> String {
    let plain = osc52(text);
    match multiplexer {
        Multiplexer::None => plain,
        // Inside the passthrough every ESC is doubled.
        Multiplexer::Tmux => format!(
            "{plain}\x1bPtmux;{}\x1b\\",
            plain.replace('\x1b', "\x1b\x1b")
        ),
        Multiplexer::Screen => format!("\x1bP{plain}\x1b\\"),
    }
}

/// A program that puts its standard input on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tool {
    pub program: &'static str,
    args: &'static [&'static str],
    /// The environment variable that says the tool's display is there (none: always).
    needs: Option<&'static str>,
}

/// In order of preference.
const TOOLS: [Tool; 5] = [
    Tool {
        program: "wl-copy",
        args: &[],
        needs: Some("WAYLAND_DISPLAY"),
    },
    Tool {
        program: "xclip",
        args: &["-selection", "clipboard"],
        needs: Some("DISPLAY"),
    },
    Tool {
        program: "xsel",
        args: &["--clipboard", "--input"],
        needs: Some("DISPLAY"),
    },
    Tool {
        program: "pbcopy",
        args: &[],
        needs: None,
    },
    Tool {
        program: "clip.exe",
        args: &[],
        needs: None,
    },
];

/// How a copy is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Over SSH, or inside tmux or screen: the terminal holds the clipboard.
    Osc52(Multiplexer),
    /// The tool, found at this path.
    Tool(Tool, PathBuf),
    /// No clipboard found: write a file (and still try OSC 52).
    File,
}

/// Picks the route from the environment (`var`) and the programs on `PATH`.
pub fn route(var: impl Fn(&str) -> Option<String>, path: Option<&str>) -> Route {
    let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
    let multiplexer = if set("TMUX") {
        Multiplexer::Tmux
    } else if set("STY") {
        Multiplexer::Screen
    } else {
        Multiplexer::None
    };
    if set("SSH_TTY") || set("SSH_CONNECTION") || multiplexer != Multiplexer::None {
        return Route::Osc52(multiplexer);
    }
    let find = |program: &str| {
        std::env::split_paths(path?)
            .map(|dir| dir.join(program))
            .find(|candidate| candidate.is_file())
    };
    TOOLS
        .into_iter()
        .filter(|tool| tool.needs.is_none_or(set))
        .find_map(|tool| Some(Route::Tool(tool, find(tool.program)?)))
        .unwrap_or(Route::File)
}

/// The route for this process.
pub fn route_here() -> Route {
    let path = std::env::var("PATH").ok();
    route(|name| std::env::var(name).ok(), path.as_deref())
}

/// What was done with a copy, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    Osc52,
    Tool(&'static str),
    /// Written to this file; the reason no clipboard took it.
    File(PathBuf, String),
}

impl Copied {
    pub fn describe(&self, bytes: usize) -> String {
        match self {
            Copied::Osc52 => format!(
                "Copied {bytes} bytes through the terminal (OSC 52); if it did not arrive, \
                 press e to export"
            ),
            Copied::Tool(program) => format!("Copied {bytes} bytes with {program}"),
            Copied::File(path, why) => format!("{why}; wrote {} instead", path.display()),
        }
    }
}

/// Copies `text` by `route`. `terminal` receives OSC 52; `fallback` is the file written when
/// no clipboard takes the text.
pub fn copy(
    route: &Route,
    text: &str,
    terminal: &mut impl Write,
    fallback: &Path,
) -> Result<Copied, String> {
    let why = match route {
        Route::Osc52(multiplexer) => {
            send_osc52(terminal, text, *multiplexer)?;
            return Ok(Copied::Osc52);
        }
        Route::Tool(tool, program) => match run_tool(tool, program, text) {
            Ok(()) => return Ok(Copied::Tool(tool.program)),
            Err(err) => format!("{} failed: {err}", tool.program),
        },
        Route::File => {
            let tools = TOOLS.map(|tool| tool.program).join(", ");
            format!("No clipboard tool found ({tools})")
        }
    };
    // Some local terminals take OSC 52 too; the file is the copy that surely exists.
    let _ = send_osc52(terminal, text, Multiplexer::None);
    crate::atomic_file::write_file(fallback, text, false).map_err(|err| err.to_string())?;
    Ok(Copied::File(fallback.to_path_buf(), why))
}

fn send_osc52(
    terminal: &mut impl Write,
    text: &str,
    multiplexer: Multiplexer,
) -> Result<(), String> {
    terminal
        .write_all(osc52_through(text, multiplexer).as_bytes())
        .and_then(|()| terminal.flush())
        .map_err(|err| format!("cannot write to the terminal: {err}"))
}

/// How long a clipboard tool may take before the UI stops waiting for it.
const TOOL_WAIT: Duration = Duration::from_secs(2);

fn run_tool(tool: &Tool, program: &Path, text: &str) -> Result<(), String> {
    let mut child = Command::new(program)
        .args(tool.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| err.to_string())?;
    let mut stdin = child.stdin.take().ok_or("no input to the tool")?;
    stdin
        .write_all(text.as_bytes())
        .map_err(|err| err.to_string())?;
    drop(stdin);
    let start = Instant::now();
    loop {
        match child.try_wait().map_err(|err| err.to_string())? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => return Err(format!("it exited with {status}")),
            None if start.elapsed() > TOOL_WAIT => {
                let _ = child.kill();
                return Err("it did not finish".to_string());
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_bytes_are_exact() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(osc52(""), "\x1b]52;c;\x07");
        // Text with escape characters is base64-encoded, so it cannot end the sequence early.
        assert_eq!(osc52("\x1b\x07"), "\x1b]52;c;Gwc=\x07");
        assert_eq!(
            osc52_through("hi", Multiplexer::Tmux),
            "\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
        assert_eq!(
            osc52_through("hi", Multiplexer::Screen),
            "\x1bP\x1b]52;c;aGk=\x07\x1b\\"
        );
    }

    /// A folder with fake clipboard tools that save their input next to them.
    #[cfg(unix)]
    fn fake_tools(names: &[&str]) -> tempfile::TempDir {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        for name in names {
            let path = dir.path().join(name);
            let script = format!("#!/bin/sh\ncat > '{}.got'\n", path.display());
            std::fs::write(&path, script).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        dir
    }

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    #[cfg(unix)]
    #[test]
    fn ssh_goes_through_the_terminal_and_local_sessions_through_a_tool() {
        let tools = fake_tools(&["xclip", "wl-copy"]);
        let path = tools.path().to_str().unwrap();
        let ssh = [("SSH_TTY", "/dev/pts/3"), ("DISPLAY", ":0")];
        assert_eq!(
            route(env(&ssh), Some(path)),
            Route::Osc52(Multiplexer::None)
        );
        // Inside tmux or screen, even on a desktop, OSC 52 goes through the multiplexer.
        let tmux = [("TMUX", "/tmp/tmux-0/default,1,0"), ("DISPLAY", ":0")];
        assert_eq!(
            route(env(&tmux), Some(path)),
            Route::Osc52(Multiplexer::Tmux)
        );
        assert_eq!(
            route(env(&[("STY", "1.pts-0")]), Some(path)),
            Route::Osc52(Multiplexer::Screen)
        );
        let x11 = [("DISPLAY", ":0")];
        assert!(matches!(route(env(&x11), Some(path)), Route::Tool(t, _) if t.program == "xclip"));
        let wayland = [("WAYLAND_DISPLAY", "wayland-0"), ("DISPLAY", ":0")];
        assert!(
            matches!(route(env(&wayland), Some(path)), Route::Tool(t, _) if t.program == "wl-copy")
        );
        // A tool whose display is not there does not count.
        assert_eq!(route(env(&[]), Some(path)), Route::File);
    }

    #[cfg(unix)]
    #[test]
    fn each_route_says_what_it_did() {
        let tools = fake_tools(&["xclip"]);
        let path = tools.path().to_str().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let fallback = dir.path().join("copy.txt");

        let mut terminal = Vec::new();
        let copied = copy(
            &Route::Osc52(Multiplexer::None),
            "hi",
            &mut terminal,
            &fallback,
        )
        .unwrap();
        assert_eq!(
            (copied, terminal),
            (Copied::Osc52, b"\x1b]52;c;aGk=\x07".to_vec())
        );

        let xclip = route(env(&[("DISPLAY", ":0")]), Some(path));
        let mut terminal = Vec::new();
        let copied = copy(&xclip, "from the app", &mut terminal, &fallback).unwrap();
        assert_eq!(copied, Copied::Tool("xclip"));
        assert!(terminal.is_empty());
        let got = std::fs::read_to_string(tools.path().join("xclip.got")).unwrap();
        assert_eq!(got, "from the app");

        let mut terminal = Vec::new();
        let copied = copy(&Route::File, "kept", &mut terminal, &fallback).unwrap();
        assert!(
            matches!(&copied, Copied::File(p, why) if *p == fallback && why.starts_with("No clipboard tool"))
        );
        assert_eq!(std::fs::read_to_string(&fallback).unwrap(), "kept");
        assert!(copied
            .describe(4)
            .ends_with(&format!("wrote {} instead", fallback.display())));
    }
}
