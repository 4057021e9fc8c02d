"""A stand-in for ``kiosk.runtime.app.KioskApp``: ``kiosk.runtime.operations.RunningKiosk``,
the API operations code relies on, and no more."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class FakeEvents:
    def __init__(self) -> None:
        self.records: list[tuple[str, dict]] = []

    def write(self, event: str, **fields: object) -> None:
        self.records.append((event, fields))

    def names(self) -> list[str]:
        return [name for name, _ in self.records]


class FakeInhibitor:
    """Stands in for ``ScreenSaverInhibitor``: records inhibit/release."""

    def __init__(self) -> None:
        self.inhibited = True  # the kiosk inhibits when it starts
        self.calls: list[str] = []

    def inhibit(self) -> bool:
        self.inhibited = True
        self.calls.append("inhibit")
        return True

    def release(self) -> None:
        self.inhibited = False
        self.calls.append("release")


class FakeKiosk(QObject):
    slide_changed = Signal(str)
    input_received = Signal()

    def __init__(self, deck=None, data_folder: Path | None = None) -> None:
        super().__init__()
        self.window = QWidget()
        self.window.resize(800, 450)
        self.deck = deck
        self.data_folder = data_folder or Path(tempfile.mkdtemp(prefix="fake-kiosk-"))
        self.events = FakeEvents()
        self.slide = "intro"
        self.suspended = False
        self.suspend_calls: list[bool] = []
        self.decks: list[object] = []
        self.screensaver = FakeInhibitor()

    def current_slide_id(self) -> str:
        return self.slide

    def current_deck(self):
        return self.deck

    def replace_deck(self, deck) -> None:
        self.decks.append(deck)

    def set_suspended(self, suspended: bool) -> None:
        self.suspended = suspended
        self.suspend_calls.append(suspended)
