"""A thin bar along the bottom edge that fills over the slide's duration during auto-advance,
and :class:`FrameTicker`, the one clock the chrome's ambient motion runs on.

The bar moves smoothly for what it costs. Every tick is a frame, and a frame costs Qt about
half a millisecond of CPU however small the repainted strip (measured: a 3-pixel strip at
17 Hz is 0.8 % of a core on its own), so the ticker runs only as fast as the bar needs to
move its edge by at most :data:`MAX_STEP_PX` device pixels a frame (:func:`tick_interval_ms`:
a 1,920-px bar over 12 s ticks at 60 Hz; a 1,080-px bar over 30 s at 18 Hz), never faster
than 60 Hz, and not at all when no auto-advance runs: a static slide costs nothing. The
leading pixel is drawn at the fraction of its coverage, so the edge glides instead of
jumping a whole pixel (at 8 Hz it jumped 20 px, visibly). Only the strip that changed is
repainted. Sharing one clock with the touch hint means their repaints land in the same
frame instead of composing two unsynchronised streams of frames.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.deck.clock import Clock
from kiosk.core.deck.state import AutoTiming

TICK_MS = 125
"""The shared ticker's slowest period (8 Hz): the hint's slow breath needs no more."""
FASTEST_TICK_MS = 16
"""Never more than about 60 frames a second: what a display shows."""
MAX_STEP_PX = 2.0
"""The most device pixels the bar's edge moves in one frame (with the anti-aliased edge,
below what the eye reads as a step at this speed)."""


def tick_interval_ms(duration_s: float, width_px: float, max_step_px: float = MAX_STEP_PX,
                     fastest_ms: int = FASTEST_TICK_MS, slowest_ms: int = TICK_MS) -> int:
    """The ticker period that moves a ``width_px``-wide bar filling over ``duration_s`` by at
    most ``max_step_px`` a frame, within [``fastest_ms``, ``slowest_ms``]."""
    if duration_s <= 0 or width_px <= 0:
        return slowest_ms
    per_pixel_ms = duration_s * 1000.0 / width_px
    return max(fastest_ms, min(slowest_ms, math.floor(per_pixel_ms * max_step_px)))


class FrameTicker(QObject):
    """One timer for every ambient animation of the chrome; runs only while someone listens.

    Users :meth:`acquire` it (connecting to :attr:`tick`) while they animate, each with the
    period it needs, and :meth:`release` it when they stop; the timer runs at the shortest
    period asked for, and stops when nobody holds it.
    """

    tick = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._holders: dict[int, int] = {}
        self._default_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick.emit)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    @property
    def interval_ms(self) -> int:
        """The period the ticker runs at (or would, once acquired)."""
        return self._timer.interval()

    def acquire(self, holder: QObject, interval_ms: int | None = None) -> None:
        """Tick for ``holder`` at least every ``interval_ms`` (default: the slow period);
        acquiring again changes what it asks for."""
        self._holders[id(holder)] = interval_ms or self._default_ms
        self._retime()

    def release(self, holder: QObject) -> None:
        self._holders.pop(id(holder), None)
        self._retime()

    def _retime(self) -> None:
        if not self._holders:
            self._timer.stop()
            return
        interval = min(self._holders.values())
        if interval != self._timer.interval():
            self._timer.setInterval(interval)  # restarts a running timer: fine, it is a tick
        if not self._timer.isActive():
            self._timer.start()


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
        self._acquire_ticker()

    def _acquire_ticker(self) -> None:
        if self._timing is not None:
            width = self.width() * self.devicePixelRatioF()
            self._ticker.acquire(self, tick_interval_ms(self._timing.duration, width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._ticking:  # a wider bar needs a faster tick to keep its steps small
            self._acquire_ticker()

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
        # Whole pixels as far as the repaint goes; the edge pixel's coverage changes too.
        filled = math.ceil(self.fraction * self.width())
        low, high = sorted((filled, self._filled))
        self._filled = filled
        self.update(QRect(max(0, low - 1), 0, high - low + 2, self.height()))
        if self.fraction >= 1.0:
            self._stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # Paint up to where the bar is now, but leave ``_filled`` to _advance: it marks what
        # has been invalidated, and moving it here would skip the strip between the two and
        # leave gaps in the bar (seen under Xvfb as a dashed line).
        # The filled part ends at a fraction of a pixel: fill it as a float rectangle with
        # antialiasing, so the edge pixel is drawn at its coverage and the edge glides.
        rect = event.rect()
        painter.fillRect(rect, self._track)
        edge = self.fraction * self.width()
        painter.setClipRect(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0.0, 0.0, edge, float(self.height())), self._color)
