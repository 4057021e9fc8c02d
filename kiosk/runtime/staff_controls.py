"""The staff panel's behaviour: what each button does, the event it logs, and the auto-close.

:class:`StaffControls` sits between the view (:class:`~kiosk.runtime.widgets.staff_panel.
StaffPanel`) and the running kiosk, which it reaches only through :class:`StaffHost` (the
kiosk, :class:`kiosk.runtime.app.KioskApp`) and :class:`ContentReloader` (the operations,
:class:`kiosk.runtime.operations.Operations`, attached after the first frame). Every action
is written as a ``staff_action`` event. The panel closes itself after ``idle_close_ms``
untouched (a minute), so a visitor never finds it open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from kiosk import __version__
from kiosk.core import fleet, strings
from kiosk.core.config import RunConfig
from kiosk.core.deck import commands as c
from kiosk.core.deck.commands import Command
from kiosk.core.deck.state import DeckState
from kiosk.core.events import EVENTS_FILE, EventLog
from kiosk.core.staff_status import ReloadReport, read_status, status_rows
from kiosk.runtime.widgets.staff_panel import StaffPanel

log = logging.getLogger(__name__)

IDLE_CLOSE_MS = 60_000
"""An untouched staff panel closes itself after this long."""


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

    @property
    def panel(self) -> StaffPanel:
        """The view (made on first use: most runs never open it)."""
        if self._panel is None:
            self._panel = self._make_panel()
            self._panel.action.connect(self._on_action)
            self._panel.jump.connect(self.jump)
            # The panel dies with its window: no timer may reach for it afterwards.
            self._panel.destroyed.connect(self._idle.stop)
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
        self.opened.emit()

    def close(self, reason: str = "button") -> None:
        """Hide the panel, logging why."""
        self._idle.stop()
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

    def _refresh(self) -> None:
        host = self.host
        deck = host.state.deck
        status = read_status(host.data_folder / EVENTS_FILE)
        self.panel.set_status(status_rows(
            status, content=Path(host.config.content), data_folder=host.data_folder,
            version=__version__, slides=len(deck.slides), now=self._now(),
            pull=fleet.read_status(host.data_folder)))
        self.panel.set_slides([slide.id for slide in deck.slides], host.state.index)

    def _log(self, action: str, **fields: Any) -> None:
        log.info("staff action: %s %s", action, fields or "")
        self.host.events.write("staff_action", action=action, **fields)
