"""The tap sign, a circled plus (drawn, not a glyph): one drawing for everything a visitor
can tap (cards, milestones, the reform measures and their hub), so the sign means the same
wherever it appears."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget


def paint_tap_sign(painter: QPainter, box: QRectF, color: QColor) -> None:
    """Draw the tap sign (a ring with a plus in it) filling the square ``box``."""
    side = min(box.width(), box.height())
    painter.setPen(QPen(color, max(2.0, side / 14)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(box)
    arm = side * 0.22
    c = box.center()
    painter.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
    painter.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))


class TapSign(QWidget):
    """The tap sign as a widget, for a place a panel's corner cannot hold it (the round hub).

    It lets taps through to the panel below it."""

    def __init__(self, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._color = QColor(color)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 2.0  # the pen's half-width stays inside
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        paint_tap_sign(painter, box, self._color)
        painter.end()
