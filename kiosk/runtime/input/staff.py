"""The staff exit: a hidden 3-second press in the top-left corner opens the PIN pad; the right
PIN unlocks the exit.

:class:`CornerHold` is the pure part (is this press in the corner, did it stay put).
:class:`StaffExit` wires it to a timer, the :class:`~kiosk.runtime.widgets.pinpad.PinPad` and a
:class:`~kiosk.core.pin.PinGuard` (five wrong PINs lock the pad for a minute).
"""

from __future__ import annotations

import logging
import math

import shiboken6
from PySide6.QtCore import QObject, QPoint, QTimer, Signal

from kiosk.core import strings
from kiosk.core.pin import PinGuard
from kiosk.runtime.widgets.pinpad import PinPad

log = logging.getLogger(__name__)

HOLD_MS = 3000
"""How long the corner press lasts."""
CORNER_FRACTION = 0.10
"""The corner is this fraction of the screen's shorter side, square."""
IDLE_CLOSE_MS = 30_000
"""An untouched PIN pad closes itself, so a visitor never finds it left open."""


class CornerHold:
    """Tracks one press: armed while it is inside the corner and has not moved."""

    def __init__(self, width: int, height: int) -> None:
        short = min(width, height)
        self.size = max(1, round(short * CORNER_FRACTION))
        self.slop = max(8.0, short * 0.02)
        self._start: QPoint | None = None

    def in_corner(self, point: QPoint) -> bool:
        return 0 <= point.x() < self.size and 0 <= point.y() < self.size

    def press(self, point: QPoint) -> bool:
        """A contact went down; True when it arms the hold."""
        self._start = QPoint(point) if self.in_corner(point) else None
        return self._start is not None

    def move(self, point: QPoint) -> bool:
        """The contact moved; True while the hold is still armed."""
        if self._start is None:
            return False
        if math.hypot(point.x() - self._start.x(), point.y() - self._start.y()) > self.slop:
            self._start = None
        return self._start is not None

    def release(self) -> None:
        self._start = None

    @property
    def armed(self) -> bool:
        return self._start is not None


class StaffExit(QObject):
    """Corner hold → PIN pad → exit. Emits :attr:`exit_confirmed` on the right PIN."""

    opened = Signal()
    closed = Signal()
    exit_confirmed = Signal()

    def __init__(self, pad: PinPad, guard: PinGuard, width: int, height: int,
                 *, hold_ms: int = HOLD_MS, idle_close_ms: int = IDLE_CLOSE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad
        self.guard = guard
        self.corner = CornerHold(width, height)
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold.timeout.connect(self.open)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_close_ms)
        self._idle.timeout.connect(self.close)
        pad.submitted.connect(self.submit)
        pad.cancelled.connect(self.close)

    @property
    def is_open(self) -> bool:
        # The pad dies with its window; a late idle reset must not touch a deleted widget.
        return shiboken6.isValid(self.pad) and self.pad.isVisible()

    # ------------------------------------------------------------------ the hold

    def press(self, point: QPoint) -> None:
        """A gesture began at ``point`` (window coordinates)."""
        if self.is_open:
            self._idle.start()
            return
        if self.corner.press(point):
            self._hold.start()
        else:
            self._hold.stop()

    def move(self, point: QPoint) -> None:
        if not self.corner.move(point):
            self._hold.stop()

    def release(self) -> None:
        self.corner.release()
        self._hold.stop()

    # ------------------------------------------------------------------ the pad

    def open(self) -> None:
        """Show the PIN pad."""
        self.corner.release()
        if self.is_open:
            return
        log.info("staff PIN pad opened")
        if not self.guard.store.is_set():
            message = strings.NO_PIN_SET.joined("\n")
        elif self.guard.locked_for() > 0:
            message = self._locked_message(self.guard.locked_for())
        else:
            message = strings.ENTER_PIN.joined("\n")
        self.pad.open(message)
        self._idle.start()
        self.opened.emit()

    def close(self) -> None:
        """Hide the PIN pad."""
        self._idle.stop()
        if self.is_open:
            self.pad.close_pad()
            self.closed.emit()

    def key(self, label: str) -> None:
        """A key typed on a keyboard while the pad is open."""
        if label == "cancel":
            self.close()
        else:
            self._idle.start()
            self.pad.press(label)

    def submit(self, pin: str) -> None:
        """Check ``pin``; exit on success, explain otherwise."""
        self._idle.start()
        result = self.guard.attempt(pin)
        if result.outcome == "ok":
            log.info("staff PIN accepted: exiting")
            self.pad.close_pad()
            self._idle.stop()
            self.closed.emit()
            self.exit_confirmed.emit()
            return
        self.pad.open(self._message(result.outcome, result.tries_left, result.locked_for))

    def _message(self, outcome: str, tries_left: int, locked_for: float) -> str:
        if outcome == "no_pin":
            return strings.NO_PIN_SET.joined("\n")
        if outcome == "locked":
            return self._locked_message(locked_for)
        return strings.wrong_pin(tries_left).joined("\n")

    @staticmethod
    def _locked_message(seconds: float) -> str:
        return strings.LOCKED_OUT.format(seconds=math.ceil(seconds)).joined("\n")
