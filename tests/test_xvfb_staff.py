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
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.displays import XDisplay
from tests.e2e_support import holds_for, wait_for
from tests.e2e_support import read_events as _events

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]

WIDTH, HEIGHT = 1920, 1080
HOLD_SECONDS = 3.0
"""The corner hold that opens the PIN pad."""
PAD_OPENED = "staff PIN pad opened"
"""What kiosk.log says when the hold opened the pad."""


def _tap(screen: XDisplay, place: list[int]) -> None:
    """A finger tap at ``place``. The pad and panel react at once (no animation) and X
    delivers input in order, so the next tap lands on what this one opened."""
    x, y = (str(v) for v in place)
    screen.xdotool("mousemove", x, y, "click", "1")


def _hold_corner(screen: XDisplay, place: list[int], log: Path) -> None:
    """Press the corner and hold it until the kiosk logs that the PIN pad opened, then lift:
    the hold lasted (at least) the 3 seconds staff are told, however slow the machine."""
    def opened() -> int:
        return log.read_text(errors="replace").count(PAD_OPENED) if log.exists() else 0

    before = opened()
    x, y = (str(v) for v in place)
    screen.xdotool("mousemove", x, y, "mousedown", "1")
    pressed = time.monotonic()
    assert wait_for(lambda: opened() > before, 60), "the corner hold did not open the pad"
    held = time.monotonic() - pressed
    screen.xdotool("mouseup", "1")
    # Qt's coarse timers may fire up to 5 % early.
    assert held >= HOLD_SECONDS * 0.95, f"the pad opened after {held:.2f} s of holding"


def _first_slides(path: Path) -> int:
    """How many runs have shown their first slide (each run's first ``slide_shown``)."""
    return sum(e["event"] == "slide_shown" and e["trigger"] == "start" for e in _events(path))


def _staff(path: Path) -> list[dict]:
    return [e for e in _events(path) if e["event"] in ("staff_action", "staff_exit")]


def test_staff_access_under_xvfb(xvfb, tmp_path):
    screen: XDisplay = xvfb(WIDTH, HEIGHT)
    env = screen.env()
    kiosk = None
    try:
        probe = subprocess.run([sys.executable, "-m", "tests.xvfb_layout_probe",
                                str(tmp_path / "probe")], env=env, capture_output=True,
                               text=True, timeout=120)
        assert probe.returncode == 0, probe.stderr[-2000:]
        places = json.loads(probe.stdout.strip().splitlines()[-1])

        # 1. First run, no PIN, started as the shortcut starts it: supervised.
        data = tmp_path / "data"
        events_file, log = data / "events.jsonl", data / "kiosk.log"
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--data-dir", str(data)],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True)
        assert wait_for(lambda: _first_slides(events_file) >= 1, 60), "the kiosk did not start"
        screen.visible_kiosk_window()
        _hold_corner(screen, places["corner"], log)
        _tap(screen, places["no_pin_exit"])
        assert holds_for(lambda: kiosk.poll() is None, 1.0), \
            "one tap must not exit: it asks first"
        _tap(screen, places["confirm_exit"])
        assert kiosk.wait(timeout=60) == 0, "the supervisor did not end with the kiosk"
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
        assert wait_for(lambda: _first_slides(events_file) >= 2, 60), \
            "the kiosk did not start again"
        screen.visible_kiosk_window()
        _hold_corner(screen, places["corner"], log)
        for label in ["2", "4", "6", "8", "OK"]:
            _tap(screen, places[f"key_{label}"])
        assert wait_for(lambda: [e for e in _staff(events_file)[before:]
                                 if e.get("action") == "unlock"], 30), "the panel did not open"
        _tap(screen, places["panel_pause"])
        assert wait_for(lambda: [e for e in _staff(events_file)[before:]
                                 if e.get("action") == "pause"], 30), "pause was not logged"
        _tap(screen, places["panel_exit"])
        assert kiosk.wait(timeout=60) == 0
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
