"""The staff pause indicator: a small, quiet pill, a pause sign and "Paused · 已暂停".

Staff pause the deck (Space, or a PAUSE command) to talk a group through one slide; the
progress bar disappears then, and without this pill nothing would say why the slide stays.
It is deliberately calm: muted text on a faint pill, no motion, smaller than the buttons (so
nobody takes it for one), and touches go through it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.strings import PAUSED

TEXT = PAUSED.joined("  ·  ")
"""Both languages at once: the pill does not follow the language toggle, like the hint."""
FILL_ALPHA = 0.45
"""The pill's fill: fainter than the buttons' (0.55), so it reads as a label."""


class PauseIndicator(QWidget):
    """A pill with a pause sign and :data:`TEXT`, ``height`` pixels tall; hidden until paused."""

    def __init__(self, parent: QWidget, height: int, font: QFont, color: QColor,
                 fill: QColor) -> None:
        super().__init__(parent)
        self._font = font
        self._color = color
        self._fill = fill
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(TEXT)
        metrics = QFontMetrics(font)
        self._pad = max(metrics.height() // 2, height // 3)
        self._sign = round(metrics.capHeight() * 1.1)
        """Side of the pause sign's square, about the height of a capital letter."""
        width = (self._pad + self._sign + self._pad // 2 + metrics.horizontalAdvance(TEXT)
                 + self._pad)
        self.setFixedSize(width, max(height, metrics.height() + 4))
        self.hide()

    def set_paused(self, paused: bool) -> None:
        """Show the pill while the deck is paused, hide it when it runs again."""
        # No raise_(): the chrome stacks it under the countdown, the PIN pad and a closed screen.
        self.setVisible(paused)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fill = QColor(self._fill)
        fill.setAlphaF(FILL_ALPHA)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        # The pause sign: two upright bars, a third of the square wide each.
        side = self._sign
        left, top = rect.left() + self._pad, rect.center().y() - side / 2
        bar = side / 3
        painter.setBrush(self._color)
        painter.drawRoundedRect(QRectF(left, top, bar, side), bar / 4, bar / 4)
        painter.drawRoundedRect(QRectF(left + 2 * bar, top, bar, side), bar / 4, bar / 4)
        painter.setPen(self._color)
        painter.setFont(self._font)
        text_rect = rect.adjusted(self._pad + side + self._pad // 2, 0, -self._pad, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         TEXT)
