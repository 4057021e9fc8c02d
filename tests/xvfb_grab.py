"""Screenshots of the current X screen, as the X server has them (what a visitor sees).

Run by the Xvfb end-to-end tests on the kiosk's display. ``python -m tests.xvfb_grab OUT.png``
saves one picture of the root window. ``python -m tests.xvfb_grab --burst SECONDS --key KEY
--window WINDOW OUT_DIR`` presses ``KEY`` on ``WINDOW`` with xdotool, then grabs as many
pictures as it can for SECONDS (``OUT_DIR/000.png``, ...): a transition seen mid-way.
Qt grabs the root window with the X server's own GetImage, after the kiosk's window has
been composited (OpenGL or not): no ImageMagick or xwd needed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QPixmap


def grab() -> QPixmap:
    """The whole screen, now."""
    return QGuiApplication.primaryScreen().grabWindow(0)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--window")
    parser.add_argument("--burst", type=float, default=0.0)
    parser.add_argument("--key")
    options = parser.parse_args(argv)
    app = QGuiApplication([sys.argv[0]])  # noqa: F841 (grabbing needs the application)
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
