"""The staff gesture: a hidden 3-second press in the top-left corner opens the PIN pad; the
right PIN unlocks the staff panel (:mod:`kiosk.runtime.staff_controls`).

:class:`CornerHold` is the pure part (is this press in the corner, did it stay put).
:class:`StaffExit` wires it to a timer, the :class:`~kiosk.runtime.widgets.pinpad.PinPad` and a
:class:`~kiosk.core.pin.PinGuard` (five wrong PINs lock the pad, for longer each time).

Never locked in on a first run: with no PIN set, the pad shows a staff-only notice and an exit
that asks for a confirmation (:attr:`StaffExit.exit_without_pin`), so whoever installed the
kiosk and started it from its shortcut can always get back to the desktop. The locked session
(``run --locked-session``, what install-session's session runs) is the opposite: the kiosk is
all there is, a visitor must never leave it, so without a PIN the pad asks to call staff.

Every refused PIN is told (:attr:`StaffExit.refused`) so the kiosk can log it — never the
digits.
"""

from __future__ import annotations

import getpass
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
    """Corner hold → PIN pad → :attr:`unlocked` on the right PIN (or, with no PIN set,
    :attr:`exit_without_pin` once staff confirm they want to leave)."""

    opened = Signal()
    closed = Signal()
    unlocked = Signal()
    """The right PIN: open the staff panel."""
    exit_without_pin = Signal()
    """No PIN is set and staff confirmed the exit on the pad (never in the locked session)."""
    refused = Signal(str, object)
    """A PIN was refused: ``wrong``, ``lockout`` (it was the last try: the pad locks) or
    ``while_locked`` (entered while the pad was locked, not checked), with the
    :class:`~kiosk.core.pin.PinResult`."""

    def __init__(self, pad: PinPad, guard: PinGuard, width: int, height: int,
                 *, hold_ms: int = HOLD_MS, idle_close_ms: int = IDLE_CLOSE_MS,
                 locked_session: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad
        self.guard = guard
        self.locked_session = locked_session
        """No first-run exit: the kiosk is the whole session."""
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
        pad.exit_without_pin.connect(self._exit_without_pin)

    @property
    def hold_ms(self) -> int:
        """How long the corner must be held to open the pad, in milliseconds."""
        return self._hold.interval()

    @hold_ms.setter
    def hold_ms(self, milliseconds: int) -> None:
        self._hold.setInterval(milliseconds)

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
        if self._settings_unusable():
            pass  # the pad says so; no PIN can be checked and no first-run exit is offered
        elif not self.guard.store.is_set():
            self._no_pin()
        elif self.guard.locked_for() > 0:
            self.pad.open(_locked(self.guard.locked_for()))
        else:
            self.pad.open(strings.ENTER_PIN.joined("\n"))
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
        """Check ``pin``; unlock the staff panel on success, explain otherwise."""
        self._idle.start()
        if self._settings_unusable():
            return
        was_locked = self.guard.locked_for() > 0
        result = self.guard.attempt(pin)
        if result.outcome == "ok":
            log.info("staff PIN accepted: opening the staff panel")
            self._hide_pad()
            self.unlocked.emit()
            return
        if result.outcome == "no_pin":  # the PIN was removed while the pad was open
            self._no_pin()
        elif result.outcome == "locked":
            self.refused.emit("while_locked" if was_locked else "lockout", result)
            self.pad.open(_locked(result.locked_for))
        else:
            self.refused.emit("wrong", result)
            self.pad.open(strings.wrong_pin(result.tries_left).joined("\n"))

    def _no_pin(self) -> None:
        if self.locked_session:
            log.warning("no staff PIN is set in the locked session: nobody can leave it; set "
                        "one as this account (star-kiosk set-pin)")
            self.pad.open_locked_without_pin(f"sudo -u {_account()} {strings.SET_PIN_COMMAND}")
        else:
            log.warning("no staff PIN is set: the pad offers the first-run exit")
            self.pad.open_without_pin()

    def _settings_unusable(self) -> bool:
        """A refused or corrupt settings.ini: show why (the details are in the log)."""
        problem = self.guard.store.problem()
        if problem is None:
            return False
        log.warning("the staff PIN cannot be checked: %s", problem)
        self.pad.open(strings.SETTINGS_UNUSABLE.joined("\n"))
        return True

    def _exit_without_pin(self) -> None:
        if self.locked_session:
            log.error("the first-run exit was asked for in the locked session: refused")
            return
        log.warning("staff left through the first-run exit (no PIN is set)")
        self._hide_pad()
        self.exit_without_pin.emit()

    def _hide_pad(self) -> None:
        self.pad.close_pad()
        self._idle.stop()
        self.closed.emit()


def _account() -> str:
    """This account's name (for the command that sets its PIN)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "$USER"


def _locked(seconds: float) -> str:
    """The lockout message, English above Chinese."""
    return strings.LOCKED_OUT.format(seconds=math.ceil(seconds)).joined("\n")
