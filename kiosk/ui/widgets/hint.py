"""The attract-mode invitation, "Touch to explore · 触摸探索", gently pulsing.

The pulse is slow (a few seconds per breath) and changes the opacity only a little, so it
invites without distracting; it repaints only its own small rectangle, about 20 times a
second, and stops entirely while hidden.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QWidget

TEXT = "Touch to explore  ·  触摸探索"
PERIOD_MS = 3200
FRAME_MS = 50


class TouchHint(QWidget):
    """A pill with the invitation; :meth:`set_active` shows it and starts the pulse."""

    def __init__(self, parent: QWidget, font: QFont, color: QColor, fill: QColor) -> None:
        super().__init__(parent)
        self._font = font
        self._color = color
        self._fill = fill
        self._opacity = 1.0
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._pulse)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        metrics = QFontMetrics(font)
        pad = metrics.height()
        self.setFixedSize(metrics.horizontalAdvance(TEXT) + 2 * pad, round(metrics.height() * 2))
        self.hide()

    def set_active(self, active: bool) -> None:
        """Show and pulse (attract mode), or hide and stop."""
        if active:
            self._clock.start()
            self._opacity = 1.0
            self.show()
            self._timer.start(FRAME_MS)
        else:
            self._timer.stop()
            self.hide()

    def _pulse(self) -> None:
        phase = (self._clock.elapsed() % PERIOD_MS) / PERIOD_MS
        opacity = 0.78 + 0.22 * math.cos(phase * 2 * math.pi)
        if abs(opacity - self._opacity) >= 0.01:
            self._opacity = opacity
            self.update()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setOpacity(self._opacity)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fill = QColor(self._fill)
        fill.setAlphaF(0.6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(self._color)
        painter.setFont(self._font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, TEXT)
