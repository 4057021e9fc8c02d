"""The kiosk's side of the heartbeat: a QTimer on the GUI thread writes a beat every half
second, so a frozen event loop stops the beats (the format is :mod:`kiosk.core.heartbeat`)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.core.heartbeat import INTERVAL_MS, write_beat

log = logging.getLogger(__name__)


class Heartbeat:
    """Writes a beat every ``interval_ms`` from the Qt event loop it was created on."""

    def __init__(self, path: Path, current_slide: Callable[[], str], *,
                 interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        self.path = Path(path)
        self._current_slide = current_slide
        self._seq = 0
        self._failed = False
        self._timer = QTimer(parent)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        """Beat now, then every interval."""
        self.beat()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def beat(self) -> None:
        """Write one beat; a failing disk is logged once, never raised into the event loop."""
        self._seq += 1
        try:
            slide = self._current_slide() or ""
        except Exception:  # the runtime's state must never stop the heartbeat itself
            log.exception("could not read the current slide for the heartbeat")
            slide = ""
        try:
            write_beat(self.path, os.getpid(), self._seq, slide)
            self._failed = False
        except OSError as error:
            if not self._failed:
                log.warning("cannot write the heartbeat to %s: %s", self.path, error)
            self._failed = True
