"""Attach the operations features (reload, heartbeat, schedule...) to a running kiosk.

The composition root (``kiosk.runtime.app``) calls :func:`attach_operations` once, after the window
is up, so operations code plugs in without the runtime knowing its details. What it needs
from the kiosk object (``kiosk.runtime.app.KioskApp``):

* ``window`` (the top-level QWidget), ``state`` (the ``DeckState``, for its ``deck``),
  ``events`` (``write(event, **fields)``);
* ``current_slide_id()``, ``replace_deck(deck)``, ``set_suspended(bool)``;
* the Qt signal ``input_received()``;
* optionally ``screensaver`` (a :class:`~kiosk.runtime.screensaver.ScreenSaverInhibitor`:
  ``inhibit()`` / ``release()``), released while closed so the display may sleep.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFontDatabase

from kiosk.core import heartbeat as heartbeat_module
from kiosk.core.content.model import Deck, Schedule
from kiosk.core.paths import ASSETS
from kiosk.core.schedule import has_hours, is_open, next_change
from kiosk.runtime.heartbeat import Heartbeat
from kiosk.runtime.reload import ContentWatcher, save_last_good
from kiosk.runtime.widgets.closed_screen import CLOSED_MESSAGE, ClosedScreen

log = logging.getLogger(__name__)

MAX_TIMER_MS = 60_000
"""The schedule looks again at least this often: robust to clock changes and suspend."""

_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _write_event(kiosk: Any) -> Callable[..., None]:
    events = getattr(kiosk, "events", None)
    if events is None:
        return lambda event, **fields: None
    return events.write  # type: ignore[no-any-return]


class ScheduleController(QObject):
    """Outside opening hours: the closed screen over the window and the deck's timers stopped.

    Wakes at opening time; with ``wake_on_touch``, a touch on the closed screen also opens the
    deck until no one has touched it for ``awake_seconds`` (the deck's idle timeout).
    """

    def __init__(self, kiosk: Any, schedule: Schedule | None, *,
                 awake_seconds: float = 90.0, now: Callable[[], datetime] = datetime.now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.schedule = schedule
        self.awake_seconds = awake_seconds
        self._now = now
        self._write = _write_event(kiosk)
        self.closed = False
        self.woken = False
        """Opened by a touch outside hours; closes again after ``awake_seconds`` idle."""
        self.screen: ClosedScreen | None = None
        """Made the first time the kiosk closes: nothing is added to the window before."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.evaluate)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._fell_idle)
        signal = getattr(kiosk, "input_received", None)
        if signal is not None:
            signal.connect(self._input)
        self._warned_empty = False

    def set_schedule(self, schedule: Schedule | None, awake_seconds: float | None = None) -> None:
        """Use a new schedule (from reloaded content) from now on."""
        self.schedule = schedule
        if awake_seconds is not None:
            self.awake_seconds = awake_seconds
        self.evaluate()

    def should_be_open(self, now: datetime) -> bool:
        """What the schedule says for ``now`` (a schedule with no hours counts as open)."""
        if self.schedule is None:
            return True
        if not has_hours(self.schedule):
            if not self._warned_empty:
                log.warning("the schedule names no opening hours; ignoring it (always open)")
                self._warned_empty = True
            return True
        return is_open(self.schedule, now)

    def evaluate(self) -> None:
        """Open or close as the schedule says now, and plan the next look."""
        now = self._now()
        if self.should_be_open(now):
            self.woken = False
            self._idle.stop()
            if self.closed:
                self._open("schedule")
        elif not self.closed and not self.woken:
            self._close(now)
        change = next_change(self.schedule, now) if self.schedule is not None else None
        if change is None:
            self._timer.stop()
            return
        milliseconds = (change - now) / timedelta(milliseconds=1)
        # +50 ms so the timer never fires a hair before the change and re-arms for nothing.
        self._timer.start(int(max(50, min(MAX_TIMER_MS, milliseconds + 50))))

    def stop(self) -> None:
        self._timer.stop()
        self._idle.stop()

    def _close(self, now: datetime) -> None:
        self.closed = True
        reopens = next_change(self.schedule, now)
        if self.screen is None:
            self.screen = ClosedScreen(self.kiosk.window)
            self.screen.touched.connect(self._touched)
        self.screen.set_message(self._message(), self._reopening_line(now, reopens))
        self.screen.show_over()
        self.kiosk.set_suspended(True)
        self._screensaver("release")  # closed: the display may blank and sleep
        log.info("closed (outside opening hours); opens again %s", reopens)
        self._write("closed", reopens=reopens.isoformat(timespec="minutes") if reopens else None)

    def _open(self, reason: str) -> None:
        self.closed = False
        if self.screen is not None:
            self.screen.hide()
        self.kiosk.set_suspended(False)
        self._screensaver("inhibit")
        log.info("opened (%s)", reason)
        self._write("opened", reason=reason)

    def _screensaver(self, action: str) -> None:
        inhibitor = getattr(self.kiosk, "screensaver", None)
        if inhibitor is None:
            return
        try:
            getattr(inhibitor, action)()
        except Exception:  # a desktop quirk must never stop the schedule
            log.warning("screensaver %s failed", action, exc_info=True)

    def _message(self) -> tuple[str, ...]:
        text = self.schedule.closed_message if self.schedule else None
        if text is None:
            return CLOSED_MESSAGE
        if text.is_plain:
            return (text.get("en"),)
        return tuple(dict.fromkeys(text.get(lang) for lang in ("en", "zh")))

    @staticmethod
    def _reopening_line(now: datetime, reopens: datetime | None) -> str:
        if reopens is None:
            return ""
        clock = reopens.strftime("%H:%M")
        if reopens.date() == now.date():
            return f"Opens today at {clock} · 今天 {clock} 开放"
        if reopens.date() == (now + timedelta(days=1)).date():
            return f"Opens tomorrow at {clock} · 明天 {clock} 开放"
        day = reopens.weekday()
        return f"Opens {_WEEKDAYS_EN[day]} at {clock} · {_WEEKDAYS_ZH[day]} {clock} 开放"

    def _touched(self) -> None:
        if not self.closed or self.schedule is None or not self.schedule.wake_on_touch:
            return
        self.woken = True
        self._open("touch")
        self._idle.start(int(self.awake_seconds * 1000))

    def _input(self) -> None:
        if self.woken:
            self._idle.start(int(self.awake_seconds * 1000))

    def _fell_idle(self) -> None:
        self.woken = False
        self.evaluate()


class Operations(QObject):
    """Everything :func:`attach_operations` started, kept alive by the kiosk window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.heartbeat: Heartbeat | None = None
        self.watcher: ContentWatcher | None = None
        self.schedule: ScheduleController | None = None

    def stop(self) -> None:
        """Stop every timer and watch (on the way out)."""
        for part in (self.heartbeat, self.watcher, self.schedule):
            if part is not None:
                part.stop()


def check_fonts(deck: Deck | None) -> list[str]:
    """Log a warning for each missing bundled font or font family the theme asks for."""
    missing: list[str] = []
    if not sorted((ASSETS / "fonts").glob("*.otf")):
        missing.append(str(ASSETS / "fonts"))
        log.warning("no bundled fonts in %s: Chinese text may not show", ASSETS / "fonts")
    if deck is not None:
        fonts = deck.settings.theme.fonts
        for family in dict.fromkeys((fonts.display, fonts.body)):
            if not QFontDatabase.hasFamily(family):
                missing.append(family)
                log.warning("the theme's font '%s' is not installed; Qt substitutes another",
                            family)
    if not (ASSETS / "icon.png").is_file():
        log.warning("the app icon %s is missing", ASSETS / "icon.png")
    return missing


def _current_deck(kiosk: Any) -> Deck | None:
    state = getattr(kiosk, "state", None)
    return getattr(state, "deck", None) or getattr(kiosk, "deck", None)


def attach_operations(kiosk: Any, options: argparse.Namespace) -> Operations:
    """Start the operations features for ``kiosk`` (a ``kiosk.runtime.app.KioskApp``).

    * the heartbeat, only when the supervisor asked for one (``STAR_KIOSK_HEARTBEAT``);
    * the content watcher (hot reload, last good content kept on invalid changes);
    * opening hours, only when the deck has a schedule.

    Returns the :class:`Operations`; it is also parented to the window, which keeps it alive.
    """
    operations = Operations(kiosk.window)
    deck = _current_deck(kiosk)
    check_fonts(deck)

    beat_path = heartbeat_module.heartbeat_path_from_env()
    if beat_path is not None:
        operations.heartbeat = Heartbeat(
            beat_path, kiosk.current_slide_id, parent=operations)
        operations.heartbeat.start()
        log.info("heartbeat to %s", beat_path)

    settings = deck.settings if deck is not None else None
    operations.schedule = ScheduleController(
        kiosk, settings.schedule if settings else None,
        awake_seconds=settings.idle_timeout if settings else 90.0, parent=operations)
    operations.schedule.evaluate()

    content = getattr(options, "content", None)
    data_folder = getattr(kiosk, "data_folder", None)
    if content:
        if data_folder is not None and not getattr(options, "content_fallback", False):
            save_last_good(content, data_folder)  # what started fine is the last good content
        operations.watcher = ContentWatcher(content, kiosk.replace_deck, _write_event(kiosk),
                                            current=deck, snapshot_to=data_folder,
                                            parent=operations)

        def reloaded(new_deck: Deck) -> None:
            check_fonts(new_deck)
            assert operations.schedule is not None
            operations.schedule.set_schedule(new_deck.settings.schedule,
                                             new_deck.settings.idle_timeout)

        operations.watcher.reloaded.connect(reloaded)
        operations.watcher.start()
    return operations
