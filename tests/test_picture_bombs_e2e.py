"""Picture bombs saved into the folder of a running, supervised kiosk under Xvfb (the
fixtures and helpers of :mod:`tests.test_faults_e2e`): each is decoded off the screen in a
limited child, refused with its file and line in a ``content_rejected`` event, and the same
kiosk stays on screen the whole time. The bombs are made here, never committed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import test_faults_e2e as faults
from tests.displays import XDisplay
from tests.e2e_support import wait_for
from tests.runtime import picture_bombs as bombs
from tests.test_content_faults_e2e import include, no_restarts, picture_slides, wait_steadily
from tests.test_faults_e2e import CONTENT, Run, events, named, steady_kiosk

display = faults.display
shared_tmp = faults.shared_tmp

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]


def test_picture_bombs_saved_while_running_are_refused_and_the_kiosk_stays(
        display: XDisplay, shared_tmp: Path) -> None:
    content = shared_tmp / "content"
    shutil.copytree(CONTENT, content)
    data = shared_tmp / "data"
    # A 2-s decode limit: the slow bomb is stopped by it whatever the machine's speed.
    run = Run(display, data, content=content, env={"STAR_KIOSK_DECODE_SECONDS": "2"})
    try:
        pid = steady_kiosk(display, 0, run)
        log = data / "kiosk.log"
        assert wait_for(lambda: "watching" in log.read_text(), 60), run.output[-3000:]
        pictures = {
            "slow.jpg": bombs.repeated_scans(6000, 6000, 9),  # seconds to decode
            "cut.jpg": bombs.cut_with_end_marker(bombs.jpeg(800, 600)),  # drawn half grey
            "strip.png": bombs.strip_png(1, 100_000),  # gigabytes to cover the screen
        }
        (content / "images").mkdir()
        for name, data_bytes in pictures.items():
            (content / "images" / name).write_bytes(data_bytes)
        (content / "bombs.yaml").write_text(
            picture_slides([f"images/{name}" for name in pictures]), encoding="utf-8")
        include(content, "bombs.yaml")
        wait_steadily(display, pid, run, lambda: named(data, "content_rejected"), 120)
        rejected = named(data, "content_rejected")
        assert rejected, run.output[-3000:]
        problems = rejected[-1]["problems"]
        # The scans bomb is stopped at the limit, or (on a fast machine) finishes inside it
        # and is refused for the damage its repeated scans report: never accepted.
        for name, reasons in (("slow.jpg", ("takes more than 2 s to decode", "is damaged")),
                              ("cut.jpg", ("is damaged",)), ("strip.png", ("a strip",))):
            # file:line:col: the slide's field: the picture, the reason — how to fix it
            assert any("bombs.yaml:" in p and f"'images/{name}' " in p
                       and any(reason in p for reason in reasons) and " — " in p
                       for p in problems), problems
        steady_kiosk(display, 3, run)
        assert display.kiosk_pids() == {pid} and no_restarts(data), events(data)
    finally:
        assert run.stop() == 0
