"""Screenshots of the current X screen, as the X server has them (what a visitor sees).

Run by the Xvfb end-to-end tests on the kiosk's display. ``python -m tests.xvfb_grab OUT.png``
saves one picture of the root window. ``python -m tests.xvfb_grab --burst SECONDS --key KEY
--window WINDOW OUT_DIR`` presses ``KEY`` on ``WINDOW`` with xdotool, then grabs as many
pictures as it can for SECONDS (``OUT_DIR/000.png``, ...): a transition seen mid-way.
``python -m tests.xvfb_grab --still TIMEOUT [--above Y] OUT.png`` waits until the screen
(its rows above Y: the kiosk's chrome below the slide shows a running countdown) has stopped
moving — the same picture for a second: an entrance over, a strip caught up with the finger —
and saves the whole screen; it fails after TIMEOUT seconds of a moving screen.
Qt grabs the root window with the X server's own GetImage, after the kiosk's window has
been composited (OpenGL or not): no ImageMagick or xwd needed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QImage, QPixmap


def grab() -> QPixmap:
    """The whole screen, now."""
    return QGuiApplication.primaryScreen().grabWindow(0)


STILL_FOR = 1.0
"""How long the screen must stay the same to count as still (a few frames of any animation
the kiosk runs, even drawn slowly by software OpenGL on a busy machine)."""


def grab_when_still(timeout: float, above: int | None = None) -> QPixmap | None:
    """The screen once its rows above ``above`` (all of it when None) have been the same for
    :data:`STILL_FOR` seconds (None if they were still moving after ``timeout`` seconds)."""
    def look() -> tuple[QPixmap, QImage]:
        screen = grab()
        image = screen.toImage()
        return screen, image if above is None else image.copy(0, 0, image.width(), above)

    end = time.monotonic() + timeout
    screen, watched = look()
    same_since = time.monotonic()
    while time.monotonic() < end:
        time.sleep(0.1)  # a polling step: how often the screen is looked at
        now, now_watched = look()
        if now_watched != watched:
            watched, same_since = now_watched, time.monotonic()
        elif time.monotonic() - same_since >= STILL_FOR:
            return now
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--window")
    parser.add_argument("--burst", type=float, default=0.0)
    parser.add_argument("--key")
    parser.add_argument("--still", type=float, default=0.0)
    parser.add_argument("--above", type=int)
    options = parser.parse_args(argv)
    app = QGuiApplication([sys.argv[0]])  # noqa: F841 (grabbing needs the application)
    if options.still:
        still = grab_when_still(options.still, options.above)
        if still is None:
            print(f"the screen was still moving after {options.still:g} s", file=sys.stderr)
            return 1
        return 0 if still.save(options.out) else 1
    if not options.burst:
        return 0 if grab().save(options.out) else 1
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    grab()  # the first grab pays for setting up; not part of the burst
    if options.key:
        subprocess.run(["xdotool", "key", "--window", options.window, options.key],
                       check=True, timeout=10)
    frames: list[QPixmap] = []
    end = time.monotonic() + options.burst
    while time.monotonic() < end:
        frames.append(grab())
    # Saved after the burst, so encoding PNGs does not slow the grabbing down.
    for number, frame in enumerate(frames):
        frame.save(str(out / f"{number:03d}.png"))
    print(len(frames))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
