"""End to end on a real X server: `star-kiosk run --no-supervise` under Xvfb, no window manager.

Checks the window fills the 1920×1080 screen, a mouse drag made with xdotool is a swipe
(logged in events.jsonl), and Escape / Alt+F4 do not close it; leaves a screenshot in /tmp.
Skipped when Xvfb or xdotool is missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.displays import XDisplay
from tests.e2e_support import holds_for
from tests.e2e_support import read_events as _events
from tests.e2e_support import wait_for as _wait

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

WIDTH, HEIGHT = 1920, 1080
SCREENSHOT = Path("/tmp/star-kiosk-xvfb.png")


def test_kiosk_under_xvfb(xvfb, tmp_path):
    screen: XDisplay = xvfb(WIDTH, HEIGHT)
    kiosk = None
    try:
        data = tmp_path / "data"
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--no-supervise", "--data-dir", str(data)],
            env=screen.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wid = screen.visible_kiosk_window()
        geometry = screen.xdotool("getwindowgeometry", wid)
        assert f"Geometry: {WIDTH}x{HEIGHT}" in geometry, geometry
        assert "Position: 0,0" in geometry, geometry

        events_file = data / "events.jsonl"
        assert _wait(lambda: any(e["event"] == "slide_shown" for e in _events(events_file)), 60)

        # Escape and Alt+F4 (no window manager here: just keys) must not close it. The two
        # language presses after them are logged, so once both are, the kiosk has handled
        # every key before them (X delivers them in order) — and is back in English.
        for keys in ("Escape", "alt+F4", "ctrl+q", "l", "l"):
            screen.xdotool("key", "--window", wid, keys)
        assert _wait(lambda: kiosk.poll() is not None or len(
            [e for e in _events(events_file) if e["event"] == "language_changed"]) == 2, 20), \
            f"the keys were not handled: {_events(events_file)}"
        assert kiosk.poll() is None, "the kiosk exited on an exit key"

        before = len([e for e in _events(events_file) if e["event"] == "slide_shown"])
        y = HEIGHT // 2
        screen.drag([(1500, y)] + [(x, y) for x in range(1450, 399, -75)])
        swipes = _wait(lambda: [e for e in _events(events_file)
                                if e["event"] == "slide_shown" and e["trigger"] == "swipe"], 30)
        assert len(swipes) == 1, _events(events_file)
        assert swipes[0]["index"] == 1

        # One drag is one slide change: nothing else (a tap on release, a second step once the
        # push lands) moves while its transition and entrance run (about a second).
        def only_the_swipe() -> bool:
            return [e for e in _events(events_file) if e["event"] == "slide_shown"][before:] \
                == swipes

        assert holds_for(only_the_swipe, 2.0), _events(events_file)[-5:]
        subprocess.run([sys.executable, "-m", "tests.xvfb_grab", str(SCREENSHOT)],
                       env=screen.env(), timeout=60, check=False)
        assert kiosk.poll() is None, "the kiosk died"
    finally:
        if kiosk is not None:
            kiosk.kill()
            output = kiosk.communicate(timeout=5)[0]
            if output.strip():
                print(output[-3000:])
