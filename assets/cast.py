#!/usr/bin/env python3
"""Records the README's walkthrough cast (assets/walkthrough.cast) from the real app.

Runs `asciinema rec` in tmux, which gives it a terminal, and types into it as a helpdesk user
would: a symptom, an entry opened and its steps walked, then a pasted sign-in error.

Needs: tmux and asciinema (Debian: apt-get install tmux; `pip install asciinema`). Run from
the repository root after `cargo build --release`:

    python3 assets/cast.py

Play it with `asciinema play assets/walkthrough.cast`.
"""

import subprocess
import tempfile
import time

COLS, ROWS = 100, 30
BINARY = "target/release/mamtriage"
CAST = "assets/walkthrough.cast"
PASTE = (
    "AADSTS650057: Invalid resource. The client has requested access to a resource which is "
    "not listed in the requested permissions in the client's application registration.\n"
    "Trace ID: 0f6c2a9e-1b7d-4c3e-9a51-2d8e6f4b7c10\n"
    "Correlation ID: 5b9e3d21-7a4c-4f8e-b6d2-91c0e8a7f345\n"
)


def tmux(*args):
    subprocess.run(["tmux", *args], check=True, capture_output=True, text=True)


def type_text(text, delay=0.07):
    for char in text:
        tmux("send-keys", "-t", "cast", "-l", char)
        time.sleep(delay)


def press(*keys, pause=0.8):
    for key in keys:
        tmux("send-keys", "-t", "cast", key)
        time.sleep(pause)


def main():
    home = tempfile.mkdtemp()
    # A home of its own: no history, settings or exports of the person recording.
    app = f"env HOME={home} XDG_DATA_HOME={home} XDG_CONFIG_HOME={home} {BINARY} --no-cache"
    record = f"asciinema rec -q --overwrite -i 1.5 --cols {COLS} --rows {ROWS} -c '{app}' {CAST}"
    subprocess.run(["tmux", "kill-session", "-t", "cast"], capture_output=True)
    tmux("new-session", "-d", "-s", "cast", "-x", str(COLS), "-y", str(ROWS), record)
    time.sleep(1.5)
    type_text("app says account not set up")
    time.sleep(1.5)
    press("Down", "Up", "Enter", pause=1.2)
    press("Space", "Space", pause=1.0)
    press("z", pause=1.0)
    press("Space", pause=1.5)
    press("Escape", pause=1.0)
    press("C-u", pause=0.8)
    tmux("set-buffer", PASTE)
    tmux("paste-buffer", "-p", "-t", "cast")
    time.sleep(2.0)
    press("Enter", pause=2.5)
    press("Escape", "Escape", pause=1.0)
    # Marks not exported: the first Ctrl-C says so, the second quits.
    press("C-c", pause=1.2)
    press("C-c", pause=1.0)
    # asciinema writes the file when the app ends; the session closes with it.
    for _ in range(50):
        done = subprocess.run(["tmux", "has-session", "-t", "cast"], capture_output=True)
        if done.returncode != 0:
            break
        time.sleep(0.1)


if __name__ == "__main__":
    main()
