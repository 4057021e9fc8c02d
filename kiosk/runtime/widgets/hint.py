"""The attract-mode invitation, "Touch to explore · 触摸探索", gently pulsing.

The pulse is slow (about five seconds per breath) and changes the opacity only a little, so it
invites without distracting. It is cheap: the pill and its text are rendered once to a pixmap
(per size and device pixel ratio) and each frame blits that pixmap at an opacity; it runs on
the chrome's shared :class:`~kiosk.runtime.widgets.progress.FrameTicker` and repaints only when the
opacity has changed by a visible step (a few times a second), and stops entirely while hidden.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.core.strings import TOUCH_TO_EXPLORE
from kiosk.runtime.widgets.progress import FrameTicker

TEXT = TOUCH_TO_EXPLORE.joined("  ·  ")
PERIOD_MS = 4800
"""One breath of the pulse."""
LOW = 0.8
"""The faintest the pill gets (it is fully opaque at the top of a breath)."""
STEP = 0.025
"""Opacity changes smaller than this are not repainted (~7 repaints a second)."""


class TouchHint(QWidget):
    """A pill with the invitation; :meth:`set_active` shows it and starts the pulse."""

    def __init__(self, parent: QWidget, font: QFont, color: QColor, fill: QColor,
                 ticker: FrameTicker | None = None) -> None:
        super().__init__(parent)
        self._font = font
        self._color = color
        self._fill = fill
        self._opacity = 1.0
        self._pixmap = QPixmap()
        self._clock = QElapsedTimer()
        self._ticker = ticker if ticker is not None else FrameTicker(self)
        self._ticker.tick.connect(self._pulse)
        self._active = False
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        metrics = QFontMetrics(font)
        pad = metrics.height()
        self.setFixedSize(metrics.horizontalAdvance(TEXT) + 2 * pad, round(metrics.height() * 2))
        self.hide()

    @property
    def active(self) -> bool:
        """Whether the hint is shown and pulsing."""
        return self._active

    def set_active(self, active: bool) -> None:
        """Show and pulse (attract mode), or hide and stop."""
        if active:
            self._clock.start()
            self._opacity = 1.0
            self.show()
            if not self._active:
                self._active = True
                self._ticker.acquire(self)
        else:
            if self._active:
                self._active = False
                self._ticker.release(self)
            self.hide()

    def _pulse(self) -> None:
        if not self._active:
            return
        phase = (self._clock.elapsed() % PERIOD_MS) / PERIOD_MS
        opacity = LOW + (1.0 - LOW) * (0.5 + 0.5 * math.cos(phase * 2 * math.pi))
        opacity = round(opacity / STEP) * STEP
        if abs(opacity - self._opacity) >= STEP / 2:
            self._opacity = opacity
            self.update()

    def _render(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        size = self.size()
        if (not self._pixmap.isNull() and self._pixmap.devicePixelRatio() == ratio
                and self._pixmap.deviceIndependentSize().toSize() == size):
            return self._pixmap
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, size.width(), size.height()).adjusted(1, 1, -1, -1)
        fill = QColor(self._fill)
        fill.setAlphaF(0.6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(self._color)
        painter.setFont(self._font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, TEXT)
        painter.end()
        self._pixmap = pixmap
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        pixmap = self._render()
        painter = QPainter(self)
        painter.setOpacity(self._opacity)
        painter.drawPixmap(0, 0, pixmap)
