"""A thin bar along the bottom edge that fills over the slide's duration during auto-advance.

It repaints only the strip that changed, about 30 times a second, and not at all when no
auto-advance runs: a static slide costs nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.deck.clock import Clock
from kiosk.deck.state import AutoTiming

FRAME_MS = 33


class ProgressBar(QWidget):
    """Fills left to right as :class:`AutoTiming` runs; hidden when it does not."""

    def __init__(self, parent: QWidget, clock: Clock, color: QColor) -> None:
        super().__init__(parent)
        self.clock = clock
        self._color = color
        self._timing: AutoTiming | None = None
        self._filled = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._advance)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    @property
    def fraction(self) -> float:
        """How full the bar is, 0..1."""
        if self._timing is None:
            return 0.0
        return self._timing.fraction(self.clock.now())

    def set_timing(self, timing: AutoTiming | None) -> None:
        """Follow ``timing`` (None: hide and stop)."""
        self._timing = timing
        self._filled = 0
        if timing is None:
            self._timer.stop()
            self.hide()
            return
        self.show()
        self.update()
        # With a fast test clock, 30 real updates per second are still plenty.
        self._timer.start(FRAME_MS)

    def _advance(self) -> None:
        if self._timing is None:
            self._timer.stop()
            return
        filled = round(self.fraction * self.width())
        if filled != self._filled:
            low, high = sorted((filled, self._filled))
            self._filled = filled
            self.update(QRect(low, 0, high - low + 1, self.height()))
        if filled >= self.width():
            self._timer.stop()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        painter = QPainter(self)
        filled = round(self.fraction * self.width())
        self._filled = filled
        track = QColor(self._color)
        track.setAlphaF(0.18)
        rect = event.rect()
        painter.fillRect(rect, track)
        done = rect.intersected(QRect(0, 0, filled, self.height()))
        if not done.isEmpty():
            painter.fillRect(done, self._color)
