"""Staff access on a real X server (Xvfb), driven with xdotool as a person would by touch.

1. A fresh install (no PIN), started as its desktop shortcut starts it (``run``, supervised):
   the 3-second corner hold, "Exit to the desktop", "Exit" — the kiosk and its supervisor end
   with status 0 and the exit is logged. Nobody is locked in.
2. With a PIN set: the corner hold, the PIN tapped on the pad, the staff panel opens; "Pause"
   pauses and "Exit" leaves, each logged as a ``staff_action``.

Skipped when Xvfb or xdotool is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_xvfb_e2e import _events, _free_display, _wait, _xdotool, missing

pytestmark = pytest.mark.xvfb

WIDTH, HEIGHT = 1920, 1080
HOLD_SECONDS = 3.6
"""A little over the 3-second corner hold."""


def _tap(display: str, place: list[int]) -> None:
    x, y = (str(v) for v in place)
    _xdotool(display, "mousemove", x, y)
    _xdotool(display, "click", "1")
    time.sleep(0.3)


def _hold_corner(display: str, place: list[int]) -> None:
    x, y = (str(v) for v in place)
    _xdotool(display, "mousemove", x, y)
    _xdotool(display, "mousedown", "1")
    time.sleep(HOLD_SECONDS)
    _xdotool(display, "mouseup", "1")
    time.sleep(0.3)


def _first_slides(path: Path) -> int:
    """How many runs have shown their first slide (each run's first ``slide_shown``)."""
    return sum(e["event"] == "slide_shown" and e["trigger"] == "start" for e in _events(path))


def _visible_kiosk(display: str) -> None:
    """Wait until the kiosk's window is mapped and visible, so the press lands on it."""
    assert _xdotool(display, "search", "--sync", "--onlyvisible", "--name", "STAR Kiosk",
                    timeout=30), "no visible kiosk window"


def _staff(path: Path) -> list[dict]:
    return [e for e in _events(path) if e["event"] in ("staff_action", "staff_exit")]


@pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} (apt-get install "
                                          "xvfb xdotool)")
def test_staff_access_under_xvfb(tmp_path):
    number = _free_display()
    display = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{WIDTH}x{HEIGHT}x24",
                             "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    kiosk = None
    try:
        assert _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10), "Xvfb did not start"
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
               "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        env.pop("WAYLAND_DISPLAY", None)
        probe = subprocess.run([sys.executable, "-m", "tests.xvfb_layout_probe",
                                str(tmp_path / "probe")], env=env, capture_output=True,
                               text=True, timeout=120)
        assert probe.returncode == 0, probe.stderr[-2000:]
        places = json.loads(probe.stdout.strip().splitlines()[-1])

        # 1. First run, no PIN, started as the shortcut starts it: supervised.
        data = tmp_path / "data"
        events_file = data / "events.jsonl"
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--data-dir", str(data)],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
        assert _wait(lambda: _first_slides(events_file) >= 1, 30), "the kiosk did not start"
        _visible_kiosk(display)
        _hold_corner(display, places["corner"])
        _tap(display, places["no_pin_exit"])
        assert kiosk.poll() is None, "one tap must not exit: it asks first"
        _tap(display, places["confirm_exit"])
        assert kiosk.wait(timeout=20) == 0, "the supervisor did not end with the kiosk"
        assert [(e["event"], e.get("action"), e.get("pin")) for e in _staff(events_file)] == [
            ("staff_action", "exit", False), ("staff_exit", None, False)]
        kiosk = None

        # 2. With a PIN: the pad, then the staff panel.
        subprocess.run([sys.executable, "-m", "kiosk", "set-pin", "--pin", "2468",
                        "--data-dir", str(data)], env=env, check=True, capture_output=True,
                       timeout=60)
        before = len(_staff(events_file))
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--no-supervise",
                                  "--data-dir", str(data)], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        assert _wait(lambda: _first_slides(events_file) >= 2, 30), "the kiosk did not start again"
        _visible_kiosk(display)
        _hold_corner(display, places["corner"])
        for label in ["2", "4", "6", "8", "OK"]:
            _tap(display, places[f"key_{label}"])
        assert _wait(lambda: [e for e in _staff(events_file)[before:]
                              if e.get("action") == "unlock"], 10), "the panel did not open"
        _tap(display, places["panel_pause"])
        assert _wait(lambda: [e for e in _staff(events_file)[before:]
                              if e.get("action") == "pause"], 5), "pause was not logged"
        _tap(display, places["panel_exit"])
        assert kiosk.wait(timeout=20) == 0
        assert [e.get("action", e["event"]) for e in _staff(events_file)[before:]] == [
            "unlock", "pause", "exit", "staff_exit"]
        kiosk = None
    finally:
        if kiosk is not None:
            kiosk.terminate()  # a supervisor stops its child on SIGTERM
            try:
                output = kiosk.communicate(timeout=10)[0]
            except subprocess.TimeoutExpired:
                kiosk.kill()
                output = kiosk.communicate(timeout=5)[0]
            if output and output.strip():
                print(output[-3000:])
        xvfb.kill()
        xvfb.wait(timeout=5)
