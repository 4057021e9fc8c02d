"""The calm screens: the closed overlay's text, and the unavailable screen as a program."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QWidget

from kiosk.core.strings import UNAVAILABLE
from kiosk.runtime.widgets.closed_screen import CalmScreen, ClosedScreen
from tests.e2e_support import holds_for


def test_calm_screen_lines(qtbot) -> None:
    screen = CalmScreen(("Closed", "Closed"), detail="Opens at 9")
    qtbot.addWidget(screen)
    assert screen.messages() == ["Closed", "Opens at 9"]  # a plain message shows once
    screen.set_message(UNAVAILABLE.lines())
    assert screen.messages() == list(UNAVAILABLE.lines())


def test_closed_overlay_stays_on_top(qtbot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(640, 360)
    overlay = ClosedScreen(host)
    overlay.show_over()
    host.show()
    later = QWidget(host)  # e.g. the stage adding a new slide view
    later.show()
    assert [w for w in host.children() if isinstance(w, QWidget)][-1] is overlay
    assert overlay.geometry() == host.rect()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_unavailable_program_runs_until_terminated() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen([sys.executable, "-m", "kiosk.runtime.calm_screen"], env=env,
                               stderr=subprocess.PIPE, text=True)
    try:
        # It must not end by itself: watched for a while (there is nothing it would log).
        assert holds_for(lambda: process.poll() is None, 1.5), \
            process.stderr.read() if process.stderr else ""
        process.terminate()
        process.wait(5)
    finally:
        process.kill()
