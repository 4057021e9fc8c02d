"""The staff panel's behaviour: what each button does, the event it logs, and the auto-close.

:class:`StaffControls` sits between the view (:class:`~kiosk.runtime.widgets.staff_panel.
StaffPanel`) and the running kiosk, which it reaches only through :class:`StaffHost` (the
kiosk, :class:`kiosk.runtime.app.KioskApp`) and :class:`ContentReloader` (the operations,
:class:`kiosk.runtime.operations.Operations`, attached after the first frame). Every action
is written as a ``staff_action`` event. The panel closes itself after ``idle_close_ms``
untouched (a minute), so a visitor never finds it open. While open, the status card's times
(uptime, "loaded at") move on every second.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import __version__
from kiosk.core import strings
from kiosk.core.config import RunConfig
from kiosk.core.deck import commands as c
from kiosk.core.deck.commands import Command
from kiosk.core.deck.state import DeckState
from kiosk.core.events import EVENTS_FILE, EventLog
from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.core.slide_names import slide_names
from kiosk.core.staff_status import ReloadReport, StaffStatus, read_status, status_rows
from kiosk.runtime.widgets.staff_panel import StaffPanel

log = logging.getLogger(__name__)

IDLE_CLOSE_MS = 60_000
"""An untouched staff panel closes itself after this long."""
STATUS_TICK_MS = 1000
"""How often the open panel's status card is brought up to date."""


class ContentReloader(Protocol):
    """Reading the content folder again on request (the operations' content watcher)."""

    def reload_now(self, done: Callable[[ReloadReport], None]) -> None:
        """Read the content now, in the background; a valid change is shown from the next
        slide on. ``done`` gets the report."""


class StaffHost(Protocol):
    """What the staff panel may use of the running kiosk (``KioskApp``)."""

    config: RunConfig
    state: DeckState
    events: EventLog
    data_folder: Path

    @property
    def operations(self) -> ContentReloader | None:
        """Reload and friends, once attached after the first frame (None before)."""

    def dispatch(self, command: Command) -> None:
        """Act on a deck command as if it came from input."""

    def request_exit(self, code: int = 0) -> None:
        """Leave the kiosk."""


class StaffControls(QObject):
    """Opens the staff panel, acts on its buttons and closes it; see the module docstring."""

    opened = Signal()
    closed = Signal(str)
    """The panel closed; why: ``button``, ``timeout``, ``jump``, ``idle_reset`` or ``exit``."""

    def __init__(self, host: StaffHost, make_panel: Callable[[], StaffPanel], *,
                 idle_close_ms: int = IDLE_CLOSE_MS,
                 now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
                 parent: QObject | None = None) -> None:
        """``make_panel`` builds the view the first time it is needed."""
        super().__init__(parent)
        self.host = host
        self._make_panel = make_panel
        self._panel: StaffPanel | None = None
        self._now = now
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_close_ms)
        self._idle.timeout.connect(lambda: self.close("timeout"))
        self._status: StaffStatus | None = None
        self._status_tick = QTimer(self)
        self._status_tick.setInterval(STATUS_TICK_MS)
        self._status_tick.timeout.connect(self._show_status)
        self._screenshot_wired = False

    @property
    def panel(self) -> StaffPanel:
        """The view (made on first use: most runs never open it)."""
        if self._panel is None:
            self._panel = self._make_panel()
            self._panel.action.connect(self._on_action)
            self._panel.jump.connect(self.jump)
            # The panel dies with its window: no timer may reach for it afterwards.
            self._panel.destroyed.connect(self._idle.stop)
            self._panel.destroyed.connect(self._status_tick.stop)
        return self._panel

    @property
    def is_open(self) -> bool:
        panel = self._panel
        return panel is not None and shiboken6.isValid(panel) and panel.isVisible()

    def set_idle_close_ms(self, milliseconds: int) -> None:
        """Close after ``milliseconds`` untouched instead of a minute (tests, demos)."""
        self._idle.setInterval(milliseconds)

    def open(self) -> None:
        """Show the panel (the right PIN was entered) with the status as of now."""
        self._log("unlock")
        self.panel.set_feedback("")
        self.panel.set_paused(self.host.state.paused)
        self._refresh()
        self.panel.open()
        self._idle.start()
        self._status_tick.start()
        self.opened.emit()

    def close(self, reason: str = "button") -> None:
        """Hide the panel, logging why."""
        self._idle.stop()
        self._status_tick.stop()
        if not self.is_open:
            return
        self.panel.close_panel()
        self._log("close", reason=reason)
        self.closed.emit(reason)

    def touched(self) -> None:
        """Someone touched the screen while the panel is open: it stays another minute."""
        if self.is_open:
            self._idle.start()

    # ------------------------------------------------------------------ the actions

    def exit(self) -> None:
        """Leave the kiosk (the supervisor stops too)."""
        self._log("exit")
        self._idle.stop()
        self._status_tick.stop()
        self.panel.close_panel()
        self.closed.emit("exit")
        self.host.events.write("staff_exit")
        self.host.request_exit(0)

    def reload(self) -> None:
        """Read the content folder now (on the worker thread: the screen and this panel keep
        answering) and say what came of it when the check is done."""
        reloader = self.host.operations
        if reloader is None:
            self._reloaded(ReloadReport("unavailable"))
            return
        self.panel.set_feedback(strings.CHECKING_CONTENT.joined("\n"))
        reloader.reload_now(self._reloaded)

    def _reloaded(self, report: ReloadReport) -> None:
        fields: dict[str, Any] = {"outcome": report.outcome}
        if report.problems:
            fields["problems"] = list(report.problems)
        self._log("reload", **fields)
        panel = self._panel
        if panel is None or not shiboken6.isValid(panel):
            return  # the kiosk went while the content was checked
        # English above Chinese: the line reserved for it never breaks a Chinese phrase.
        self.panel.set_feedback({
            "reloaded": strings.RELOADED.format(slides=report.slides).joined("\n"),
            "unchanged": strings.UNCHANGED.joined("\n"),
            "rejected": strings.REFUSED.format(count=len(report.problems)).joined("\n"),
            "unavailable": strings.RELOAD_NOT_READY.joined("\n"),
        }[report.outcome])
        self._refresh()

    def toggle_pause(self) -> None:
        """Hold the loop where it is, or let it run again."""
        self.host.dispatch(c.pause_toggle("staff"))
        paused = self.host.state.paused
        self._log("pause" if paused else "resume")
        self.panel.set_paused(paused)
        note = strings.LOOP_PAUSED if paused else strings.LOOP_RESUMED
        self.panel.set_feedback(note.joined("\n"))

    def screenshot(self) -> Path | None:
        """Save what the screen shows (without this panel) in the data folder; the panel
        says where once it is written. Logged as the ``screenshot`` event."""
        operations = self.host.operations
        take = getattr(operations, "take_screenshot", None)
        if take is None:
            self.panel.set_feedback(strings.RELOAD_NOT_READY.joined("\n"))
            return None
        if not self._screenshot_wired:
            operations.screenshot_done.connect(self._screenshot_done)  # type: ignore[union-attr]
            self._screenshot_wired = True
        path: Path | None = take(hide=[self.panel])
        return path

    def _screenshot_done(self, path: str, by: str) -> None:
        if by != "staff" or not self.is_open:
            return
        note = (strings.SCREENSHOT_SAVED.format(name=Path(path).name) if path
                else strings.SCREENSHOT_FAILED)
        self.panel.set_feedback(note.joined("\n"))

    def jump(self, index: int) -> None:
        """Show slide ``index`` and close the panel, so staff see it (it stays until the idle
        timeout, or for good while paused). Logged with trigger ``staff``, not a visitor's."""
        slides = self.host.state.deck.slides
        if not 0 <= index < len(slides):
            return
        self._log("jump", slide=slides[index].id, index=index)
        self.host.dispatch(c.goto(index, "staff"))
        self.close("jump")

    # ------------------------------------------------------------------ helpers

    def _on_action(self, name: str) -> None:
        self.touched()
        if name == "exit":
            self.exit()
        elif name == "reload":
            self.reload()
        elif name == "pause":
            self.toggle_pause()
        elif name == "close":
            self.close("button")
        elif name == "screenshot":
            self.screenshot()

    def _refresh(self) -> None:
        """Read the event log again and fill the whole panel."""
        host = self.host
        deck = host.state.deck
        self._status = read_status(host.data_folder / EVENTS_FILE)
        self._show_status()
        names = slide_names(deck, host.state.language)
        self.panel.set_slides([names[slide.id] for slide in deck.slides], host.state.index)

    def _show_status(self) -> None:
        """The status card as of now (the log read at the last refresh; times move on)."""
        if self._status is None or self._panel is None or not shiboken6.isValid(self._panel):
            return
        host = self.host
        deck = host.state.deck
        settings = deck.settings
        content = Path(host.config.content)
        self.panel.set_status(status_rows(
            self._status, content=content, data_folder=host.data_folder,
            version=__version__, slides=len(deck.slides), now=self._now(),
            deck_title=settings.title.get(host.state.language),
            bundled=os.path.abspath(content) == os.path.abspath(BUNDLED_CONTENT),
            content_version=str(getattr(host.operations, "content_version", "") or "")))

    def _log(self, action: str, **fields: Any) -> None:
        log.info("staff action: %s %s", action, fields or "")
        self.host.events.write("staff_action", action=action, **fields)
