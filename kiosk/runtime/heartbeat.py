"""The kiosk's side of the heartbeat: a QTimer on the GUI thread sends a beat every half
second down the supervisor's pipe, so a frozen event loop stops the beats (the format and
the pipe are :mod:`kiosk.core.heartbeat`).

When the pipe has no reader any more the supervisor is gone: this kiosk is an orphan, and
a second kiosk may already be on screen. It leaves (``on_orphaned``) instead of lingering.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.core.heartbeat import INTERVAL_MS, send_beat

log = logging.getLogger(__name__)


class Heartbeat:
    """Sends a beat every ``interval_ms`` from the Qt event loop it was created on."""

    def __init__(self, fd: int, current_slide: Callable[[], str], *,
                 on_orphaned: Callable[[], None] | None = None,
                 supervisor_pid: int | None = None,
                 interval_ms: int = INTERVAL_MS, parent: QObject | None = None) -> None:
        """``fd``: the pipe's write end; ``supervisor_pid``: when given, a parent other
        than it (the supervisor died and the kiosk was re-parented) also means orphaned."""
        self.fd = fd
        self._current_slide = current_slide
        self._on_orphaned = on_orphaned
        self._supervisor_pid = supervisor_pid
        self._seq = 0
        self._dropped = False
        self.orphaned = False
        """The supervisor is gone (its pipe closed, or this process was re-parented)."""
        try:
            os.set_blocking(fd, False)  # a supervisor that stops reading never blocks the GUI
        except OSError as error:
            log.warning("the heartbeat pipe (fd %d) is unusable: %s", fd, error)
        self._timer = QTimer(parent)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.beat)

    def start(self) -> None:
        """Beat now, then every interval."""
        self.beat()
        if not self.orphaned:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def beat(self) -> None:
        """Send one beat; never raises into the event loop."""
        if self._supervisor_pid is not None and os.getppid() != self._supervisor_pid:
            self._orphan(f"the supervisor (pid {self._supervisor_pid}) is gone")
            return
        self._seq += 1
        try:
            slide = self._current_slide() or ""
        except Exception:  # the runtime's state must never stop the heartbeat itself
            log.exception("could not read the current slide for the heartbeat")
            slide = ""
        try:
            sent = send_beat(self.fd, os.getpid(), self._seq, slide)
        except BrokenPipeError:
            self._orphan("nobody reads the heartbeat pipe any more")
            return
        except OSError as error:
            if not self._dropped:
                log.warning("cannot send the heartbeat: %s", error)
            self._dropped = True
            return
        if not sent and not self._dropped:
            log.warning("the supervisor is not reading the heartbeat; beats are dropped")
        elif sent and self._dropped:
            log.info("the heartbeat goes through again")
        self._dropped = not sent

    def _orphan(self, why: str) -> None:
        self._timer.stop()
        if self.orphaned:
            return
        self.orphaned = True
        log.warning("%s: this kiosk was orphaned and leaves, so that no second kiosk "
                    "lingers on screen", why)
        if self._on_orphaned is not None:
            self._on_orphaned()
