"""Shared by the runtime tests: a tiny slide view and a kiosk built around it.

The real slide views are another module's business; these tests exercise the runtime
(window, stage, input, deck state, events) with a view that only paints its colour and
counts its entrances.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtTest import QTest

from kiosk.core.config import RunConfig
from kiosk.core.deck.clock import ManualClock
from kiosk.runtime.app import KioskApp
from kiosk.runtime.slides.base import SlideView
from tests.core.deck.helpers import make_deck

COLOURS = ["#aa3333", "#33aa33", "#3333aa", "#aaaa33", "#33aaaa", "#aa33aa"]


class FakeView(SlideView):
    """Paints one colour per slide; counts enter() calls."""

    built = 0

    def build(self) -> None:
        FakeView.built += 1
        self.entered = getattr(self, "entered", 0)

    def enter(self) -> None:
        self.entered += 1

    def paintEvent(self, event) -> None:
        number = int(self.slide.id.lstrip("s") or 0) if self.slide.id[1:].isdigit() else 0
        QPainter(self).fillRect(self.rect(), QColor(COLOURS[number % len(COLOURS)]))


def fake_factory(slide, look, language, parent=None, *, reduce_motion=False):
    return FakeView(slide, look, language, parent, reduce_motion=reduce_motion)


def make_kiosk(qtbot, tmp_path: Path, *, deck=None, windowed: bool = False,
               lang: str | None = None, animate: bool = True, locked_session: bool = False,
               wall=None,
               **settings) -> KioskApp:
    """A started kiosk on a ManualClock with FakeViews, its data folder in ``tmp_path``."""
    settings.setdefault("transition_ms", 120)
    settings.setdefault("slide_duration", 10)
    settings.setdefault("idle_timeout", 60)
    settings.setdefault("idle_warning", 10)
    deck = deck or make_deck(5, **settings)
    config = RunConfig(data_dir=tmp_path, windowed=windowed, language=lang, supervised=False,
                       locked_session=locked_session)
    kiosk = KioskApp(deck, config, clock=ManualClock(), view_factory=fake_factory,
                     animate=animate, wall=wall)
    # A kiosk-mode window refuses to close: stop the kiosk and let its window go at teardown,
    # or it lives on, ticking, into later tests.
    qtbot.addWidget(kiosk.window, before_close_func=lambda window: _release(kiosk))
    kiosk.start()
    qtbot.waitExposed(kiosk.window)
    return kiosk


def _release(kiosk: KioskApp) -> None:
    kiosk.shutdown()
    kiosk.window.allow_close()


def events(kiosk: KioskApp) -> list[dict]:
    """Every event written so far."""
    path = kiosk.events.path
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def shown(kiosk: KioskApp) -> list[tuple[str, str]]:
    """(slide, trigger) of every slide_shown event."""
    return [(e["slide"], e["trigger"]) for e in events(kiosk) if e["event"] == "slide_shown"]


def settle(qtbot, kiosk: KioskApp, timeout: int = 3000) -> None:
    """Wait until no transition, fade or drag runs."""
    qtbot.waitUntil(lambda: not kiosk.stage.busy, timeout=timeout)


def advance(kiosk: KioskApp, seconds: float) -> None:
    """Move the manual clock, ticking at every deadline on the way like the real timer."""
    clock = kiosk.clock
    end = clock.now() + seconds
    for _ in range(1000):
        deadline = kiosk.state.next_deadline()
        if deadline is None or deadline > end:
            break
        clock.set(max(clock.now(), deadline))
        kiosk.tick()
    clock.set(end)
    kiosk.tick()


def mouse_drag(qtbot, kiosk: KioskApp, start: QPoint, end: QPoint, steps: int = 8,
               step_ms: int = 16) -> None:
    """Press at ``start``, move in steps, release at ``end`` (window coordinates)."""
    window = kiosk.window
    target = window.childAt(start) or window
    local = target.mapFrom(window, start)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, local)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        QTest.mouseMove(target, target.mapFrom(window, point), step_ms)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       target.mapFrom(window, end), step_ms)


def touch_drag(kiosk: KioskApp, device, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """One finger from ``start`` to ``end`` (window coordinates) through real QTouchEvents."""
    window = kiosk.window
    QTest.touchEvent(window, device).press(0, start, window).commit()
    for i in range(1, steps + 1):
        point = QPointF(start) + QPointF(end - start) * (i / steps)
        QTest.qWait(10)
        QTest.touchEvent(window, device).move(0, point.toPoint(), window).commit()
    QTest.touchEvent(window, device).release(0, end, window).commit()
