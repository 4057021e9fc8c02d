"""A thin bar along the bottom edge that fills over the slide's duration during auto-advance,
and :class:`FrameTicker`, the one slow clock the chrome's ambient motion runs on.

The bar repaints only the strip that changed, on the shared ticker (8 times a second: at
1,920 px over 12 s that is 20 px a tick, which still reads as a line steadily growing at the
edge of the screen), and not at all when no auto-advance runs: a static slide costs nothing.
The rate is the cost: every tick is a frame, and a frame costs Qt about half a millisecond
of CPU however small the repainted strip (measured: a 3-pixel strip at 17 Hz is 0.8 % of a
core on its own, at 8 Hz 0.4 %), which at 12 s per slide was a third of the attract loop.
Sharing one clock with the touch hint means their repaints land in the same frame instead
of composing two unsynchronised streams of frames.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from kiosk.core.deck.clock import Clock
from kiosk.core.deck.state import AutoTiming

TICK_MS = 125
"""The shared ticker's period (8 Hz): the bar's growth and the hint's slow breath need no more."""


class FrameTicker(QObject):
    """One timer for every ambient animation of the chrome; runs only while someone listens.

    Users :meth:`acquire` it (connecting to :attr:`tick`) while they animate and
    :meth:`release` it when they stop; the timer stops when nobody holds it.
    """

    tick = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._holders: set[int] = set()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick.emit)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def acquire(self, holder: QObject) -> None:
        self._holders.add(id(holder))
        if not self._timer.isActive():
            self._timer.start()

    def release(self, holder: QObject) -> None:
        self._holders.discard(id(holder))
        if not self._holders:
            self._timer.stop()


class ProgressBar(QWidget):
    """Fills left to right as :class:`AutoTiming` runs; hidden when it does not."""

    def __init__(self, parent: QWidget, clock: Clock, color: QColor,
                 ticker: FrameTicker | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._color = color
        self._track = QColor(color)
        self._track.setAlphaF(0.18)
        self._timing: AutoTiming | None = None
        self._filled = 0
        self._ticker = ticker if ticker is not None else FrameTicker(self)
        self._ticker.tick.connect(self._advance)
        self._ticking = False
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
            self._stop()
            self.hide()
            return
        self.show()
        self.update()
        self._ticking = True
        self._ticker.acquire(self)

    def _stop(self) -> None:
        if self._ticking:
            self._ticking = False
            self._ticker.release(self)

    def _advance(self) -> None:
        if not self._ticking:
            return
        if self._timing is None:
            self._stop()
            return
        filled = round(self.fraction * self.width())
        if filled != self._filled:
            low, high = sorted((filled, self._filled))
            self._filled = filled
            self.update(QRect(low, 0, high - low + 1, self.height()))
        if filled >= self.width():
            self._stop()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        # Paint up to where the bar is now, but leave ``_filled`` to _advance: it marks what
        # has been invalidated, and moving it here would skip the strip between the two and
        # leave gaps in the bar (seen under Xvfb as a dashed line).
        filled = round(self.fraction * self.width())
        rect = event.rect()
        painter.fillRect(rect, self._track)
        done = rect.intersected(QRect(0, 0, filled, self.height()))
        if not done.isEmpty():
            painter.fillRect(done, self._color)
