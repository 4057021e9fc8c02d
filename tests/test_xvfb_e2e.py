"""End to end on a real X server: `star-kiosk run --no-supervise` under Xvfb, no window manager.

Checks the window fills the 1920×1080 screen, a mouse drag made with xdotool is a swipe
(logged in events.jsonl), and Escape / Alt+F4 do not close it; leaves a screenshot in /tmp.
Skipped when Xvfb or xdotool is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e_support import read_events as _events
from tests.e2e_support import wait_for as _wait

pytestmark = pytest.mark.xvfb

WIDTH, HEIGHT = 1920, 1080
SCREENSHOT = Path("/tmp/star-kiosk-xvfb.png")

missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]


def _free_display() -> int:
    for number in range(77, 120):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and \
                not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def _xdotool(display: str, *args: str, timeout: float = 10) -> str:
    result = subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display},
                            capture_output=True, text=True, timeout=timeout)
    return result.stdout.strip()


@pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} (apt-get install "
                                          "xvfb xdotool)")
def test_kiosk_under_xvfb(tmp_path):
    number = _free_display()
    display = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{WIDTH}x{HEIGHT}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    kiosk = None
    try:
        assert _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10), "Xvfb did not start"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        env.pop("WAYLAND_DISPLAY", None)
        data = tmp_path / "data"
        kiosk = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--no-supervise", "--data-dir", str(data)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        window = _xdotool(display, "search", "--sync", "--onlyvisible", "--name", "STAR Kiosk",
                          timeout=20).splitlines()
        assert window, "no visible kiosk window"
        wid = window[0]
        geometry = _xdotool(display, "getwindowgeometry", wid)
        assert f"Geometry: {WIDTH}x{HEIGHT}" in geometry, geometry
        assert "Position: 0,0" in geometry, geometry

        events_file = data / "events.jsonl"
        assert _wait(lambda: any(e["event"] == "slide_shown" for e in _events(events_file)), 10)

        # Escape and Alt+F4 (no window manager here: just keys) must not close it. The two
        # language presses after them are logged, so once both are, the kiosk has handled
        # every key before them (X delivers them in order) — and is back in English.
        for keys in ("Escape", "alt+F4", "ctrl+q", "l", "l"):
            _xdotool(display, "key", "--window", wid, keys)
        assert _wait(lambda: kiosk.poll() is not None or len(
            [e for e in _events(events_file) if e["event"] == "language_changed"]) == 2, 20), \
            f"the keys were not handled: {_events(events_file)}"
        assert kiosk.poll() is None, "the kiosk exited on an exit key"

        before = len([e for e in _events(events_file) if e["event"] == "slide_shown"])
        y = HEIGHT // 2
        _xdotool(display, "mousemove", "1500", str(y))
        _xdotool(display, "mousedown", "1")
        for x in range(1450, 399, -75):
            _xdotool(display, "mousemove", str(x), str(y))
            time.sleep(0.012)
        _xdotool(display, "mouseup", "1")
        swipes = _wait(lambda: [e for e in _events(events_file)
                                if e["event"] == "slide_shown" and e["trigger"] == "swipe"], 5)
        assert len(swipes) == 1, _events(events_file)
        assert swipes[0]["index"] == 1

        time.sleep(1.5)  # transition and entrance done
        # One drag is one slide change: nothing else (a tap on release, a second step) moved,
        # now that anything it set off has had time to land.
        shown = [e for e in _events(events_file) if e["event"] == "slide_shown"]
        assert shown[before:] == swipes, shown[before:]
        if shutil.which("import"):
            subprocess.run(["import", "-display", display, "-window", "root", str(SCREENSHOT)],
                           timeout=15, check=False)
        elif shutil.which("xwd") and shutil.which("convert"):
            subprocess.run(f"xwd -display {display} -root | convert xwd:- {SCREENSHOT}",
                           shell=True, timeout=15, check=False)
        assert kiosk.poll() is None, "the kiosk died"
    finally:
        if kiosk is not None:
            kiosk.kill()
            output = kiosk.communicate(timeout=5)[0]
            if output.strip():
                print(output[-3000:])
        xvfb.kill()
        xvfb.wait(timeout=5)
