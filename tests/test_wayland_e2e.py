"""End to end on Wayland: the real, supervised `star-kiosk run` under a headless Weston.

Weston runs with kiosk-shell (the compositor of the locked kiosk session) as an ordinary
user, on a headless output of a size no default would give. The kiosk must come up natively
on Wayland (no X server exists here), cover the whole output, write the right events, and
stop cleanly when asked. A second run turns the output on its side, as a portrait panel
driven as 1920×1080 landscape is set up in the session (``install-session --rotate 90``):
the kiosk then sees a 1080×1920 screen and lays out its portrait design.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from kiosk.core.content.loader import load_deck
from kiosk.core.paths import BUNDLED_CONTENT
from tests.wayland_support import headless_weston, read_events, wait_for, weston_missing

pytestmark = [pytest.mark.slow, pytest.mark.wayland,
              pytest.mark.skipif(weston_missing() is not None, reason=str(weston_missing()))]


@pytest.mark.parametrize(("output", "transform", "expected"), [
    ((1600, 900), "normal", "1600x900"),
    ((1920, 1080), "rotate-90", "1080x1920"),
], ids=["landscape", "panel-on-its-side"])
def test_supervised_kiosk_covers_the_wayland_output(tmp_path, output, transform, expected):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    data = tmp_path / "data"
    events_file = data / "events.jsonl"
    slides = len(load_deck(BUNDLED_CONTENT).deck.slides)
    with headless_weston(*output, transform=transform) as weston:
        kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--data-dir", str(data)],
                                 env=weston.client_env(runtime), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        try:
            shown = wait_for(lambda: [e for e in read_events(events_file)
                                      if e["event"] == "slide_shown"], 60)
            assert shown, (kiosk.poll(), weston.log.read_text(errors="replace")[-2000:])
            started = [e for e in read_events(events_file) if e["event"] == "started"]
            assert len(started) == 1
            assert started[0]["size"] == expected  # the window covers the output
            assert started[0]["windowed"] is False
            assert started[0]["slides"] == slides
            assert started[0]["pid"] != kiosk.pid  # the supervisor's child shows it
            assert (shown[0]["index"], shown[0]["trigger"]) == (0, "start")
            assert kiosk.poll() is None
        finally:
            kiosk.send_signal(signal.SIGTERM)
            try:
                output_text = kiosk.communicate(timeout=20)[0]
            except subprocess.TimeoutExpired:
                kiosk.kill()
                output_text = kiosk.communicate(timeout=5)[0]
    assert kiosk.returncode == 0, output_text[-3000:]
    events = read_events(events_file)
    assert [e["event"] for e in events if e["event"] in ("started", "stopped", "restart")] \
        == ["started", "stopped"], events
    assert events[-1]["event"] == "stopped" and events[-1]["reason"] == "SIGTERM"
