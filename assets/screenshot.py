#!/usr/bin/env python3
"""Takes the README screenshots from the real app.

Runs `mamtriage` in tmux, drives it with keys and a bracketed paste, captures the pane with its
colours (`tmux capture-pane -e`) and draws the cells to PNG in DejaVu Sans Mono.

Needs: tmux, the DejaVu fonts (Debian: tmux fonts-dejavu-core) and Pillow (`pip install
pillow`). Run from the repository root after `cargo build --release`:

    python3 assets/screenshot.py
"""

import re
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

COLS, ROWS = 120, 32
BINARY = "target/release/mamtriage"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
SIZE = 15
BACKGROUND = (30, 30, 36)
FOREGROUND = (220, 220, 220)
# xterm's first 16 colours, as a dark theme draws them.
BASIC = [
    (40, 42, 54), (224, 108, 117), (152, 195, 121), (229, 192, 123),
    (97, 175, 239), (198, 120, 221), (86, 182, 194), (200, 200, 200),
    (110, 110, 120), (240, 130, 140), (170, 215, 140), (240, 210, 140),
    (120, 190, 250), (215, 140, 235), (110, 200, 210), (255, 255, 255),
]


def xterm_256(n):
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    grey = 8 + (n - 232) * 10
    return (grey, grey, grey)


def tmux(*args):
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def capture(keys, name, paste=None):
    """Starts the app, sends `keys` (tmux key names) and `paste`, saves the screen as `name`."""
    subprocess.run(["tmux", "kill-server"], capture_output=True)
    # A data folder of its own: no history or saved walk of earlier runs shows, none is left.
    home = tempfile.mkdtemp()
    command = f"env XDG_DATA_HOME={home} MAMTRIAGE_CONFIG={home}/config.yaml {BINARY} --no-cache"
    tmux("new-session", "-d", "-s", "shot", "-x", str(COLS), "-y", str(ROWS), command)
    time.sleep(0.5)
    if paste:
        tmux("set-buffer", paste)
        tmux("paste-buffer", "-p", "-t", "shot")
        time.sleep(0.3)
    for key in keys:
        # A key name ("Enter", "Space") or text to type as it is ("text:AADSTS650057").
        if key.startswith("text:"):
            tmux("send-keys", "-t", "shot", "-l", key[len("text:"):])
        else:
            tmux("send-keys", "-t", "shot", key)
        time.sleep(0.15)
    time.sleep(0.4)
    screen = tmux("capture-pane", "-e", "-p", "-t", "shot")
    tmux("kill-server")
    draw(screen, Path("assets") / name)


SGR = re.compile(r"\x1b\[([0-9;]*)m")


def cells(screen):
    """Yields (row, column, character, style) for every cell of the captured text."""
    style = {}
    for row, line in enumerate(screen.split("\n")[:ROWS]):
        column, at = 0, 0
        while at < len(line):
            match = SGR.match(line, at)
            if match:
                style = apply(style, match.group(1))
                at = match.end()
                continue
            yield row, column, line[at], dict(style)
            column += 1
            at += 1


def apply(style, codes):
    parts = [int(p) if p else 0 for p in codes.split(";")] or [0]
    style = dict(style)
    i = 0
    while i < len(parts):
        code = parts[i]
        if code == 0:
            style = {}
        elif code in (1, 2, 4, 7):
            style[code] = True
        elif code in (38, 48) and i + 2 < len(parts) and parts[i + 1] == 5:
            style[code] = xterm_256(parts[i + 2])
            i += 2
        elif 30 <= code <= 37 or 90 <= code <= 97:
            style[38] = BASIC[code - 30 if code < 90 else code - 82]
        elif 40 <= code <= 47:
            style[48] = BASIC[code - 40]
        elif code == 39:
            style.pop(38, None)
        elif code == 49:
            style.pop(48, None)
        elif code == 22:
            style.pop(1, None)
            style.pop(2, None)
        elif code == 24:
            style.pop(4, None)
        elif code == 27:
            style.pop(7, None)
        i += 1
    return style


def draw(screen, path):
    regular = ImageFont.truetype(str(FONTS / "DejaVuSansMono.ttf"), SIZE)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSansMono-Bold.ttf"), SIZE)
    width = int(regular.getlength("M"))
    height = SIZE + 4
    image = Image.new("RGB", (COLS * width + 20, ROWS * height + 20), BACKGROUND)
    pen = ImageDraw.Draw(image)
    for row, column, char, style in cells(screen):
        fg, bg = style.get(38, FOREGROUND), style.get(48, BACKGROUND)
        if style.get(7):
            fg, bg = bg, fg
        if style.get(2):
            fg = tuple((c + b) // 2 for c, b in zip(fg, BACKGROUND))
        x, y = 10 + column * width, 10 + row * height
        if bg != BACKGROUND:
            pen.rectangle([x, y, x + width, y + height], fill=bg)
        pen.text((x, y + 1), char, font=bold if style.get(1) else regular, fill=fg)
        if style.get(4):
            pen.line([x, y + height - 2, x + width, y + height - 2], fill=fg)
    image.save(path)
    print(f"wrote {path}")


if __name__ == "__main__":
    capture(
        [],
        "screenshot-search.png",
        paste="Account Not Set Up\nYour organization has not set up your account. "
        "Contact your IT administrator.",
    )
    capture(["text:AADSTS650057", "Enter", "Space", "x"], "screenshot-walkthrough.png")
