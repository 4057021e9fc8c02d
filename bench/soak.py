"""Soak: ``.venv/bin/python bench/soak.py --transitions 10000`` (about 15 minutes).

Thousands of transitions on the real kiosk (offscreen, timers accelerated) with content
reloads and language switches; prints RSS, live widgets, QObjects and timers after warm-up
and at the end, every exception or ERROR logged, and exits 0 only when RSS grew by at most
5 MB, widgets and timers did not grow, and nothing was logged. See bench/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.tools.bench_support.endurance import command_line  # noqa: E402

if __name__ == "__main__":
    sys.exit(command_line("soak"))
