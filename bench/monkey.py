"""Monkey: ``.venv/bin/python bench/monkey.py --events 50000`` (about 10 minutes).

Random taps, drags, multi-finger touches, key presses (Esc, Alt+F4, Ctrl+Q... included),
close requests and right clicks against the real kiosk window (offscreen, timers
accelerated). Exits 0 only when the kiosk never left, nothing raised or was logged as an
error, and its state stayed consistent throughout. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.tools.bench_support.endurance import command_line  # noqa: E402

if __name__ == "__main__":
    sys.exit(command_line("monkey"))
