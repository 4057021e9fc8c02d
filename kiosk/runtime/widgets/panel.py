"""Panel: a rounded surface (a card, a tile); tappable ones give feedback and emit ``tapped``."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget


class Panel(QWidget):
    """A rounded rectangle behind other widgets; with ``tap_slop`` > 0 it can be tapped.

    A tap is a press and release inside the panel that moved less than ``tap_slop`` pixels,
    so a swipe that starts on a card still turns the slide instead of opening the card.
    """

    tapped = Signal()

    def __init__(
        self,
        fill: QColor,
        radius: int,
        *,
        border: QColor | None = None,
        border_width: int = 0,
        accent: QColor | None = None,
        accent_height: int = 0,
        tap_slop: int = 0,
        hint: QColor | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._fill = QColor(fill)
        self._radius = radius
        self._border = border
        self._border_width = border_width
        self._accent = accent
        self._accent_height = accent_height
        self._tap_slop = tap_slop
        self._press: QPointF | None = None
        self._hint = hint
        """Colour of the small "+" in the bottom-right corner that says "tap me"."""
        if tap_slop:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    @property
    def tappable(self) -> bool:
        return self._tap_slop > 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        inset = self._border_width / 2
        rect = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        fill = self._fill.lighter(125) if self._press is not None else self._fill
        pen = QPen(self._border, self._border_width) if self._border is not None \
            else Qt.PenStyle.NoPen
        painter.setPen(pen)
        painter.setBrush(fill)
        if self.property("round"):
            side = min(rect.width(), rect.height())
            painter.drawEllipse(rect.center(), side / 2, side / 2)
        else:
            painter.drawRoundedRect(rect, self._radius, self._radius)
        if self._accent is not None and self._accent_height:
            # A short accent bar on the top edge marks the panel as one of a set.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._accent)
            bar = QRectF(rect.left() + self._radius, rect.top(), rect.width() * 0.28,
                         self._accent_height)
            painter.drawRoundedRect(bar, self._accent_height / 2, self._accent_height / 2)
        if self._hint is not None:
            self._paint_hint(painter, rect, self._hint)
        painter.end()

    def _paint_hint(self, painter: QPainter, rect: QRectF, color: QColor) -> None:
        side = max(12.0, min(rect.width(), rect.height()) * 0.16, self._radius * 1.6)
        side = min(side, self._radius * 2.4) if self._radius else side
        box = QRectF(rect.right() - side - self._radius * 0.6,
                     rect.bottom() - side - self._radius * 0.6, side, side)
        pen = QPen(color, max(2.0, side / 14))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
        arm = side * 0.22
        c = box.center()
        painter.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
        painter.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.tappable:
            event.ignore()
            return
        self._press = event.position()
        self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None:
            event.ignore()
            return
        moved = (event.position() - self._press).manhattanLength()
        self._press = None
        self.update()
        if moved <= self._tap_slop and self.rect().contains(event.position().toPoint()):
            self.tapped.emit()

    def tap(self) -> None:
        """Act as if tapped (keyboard, tests)."""
        if self.tappable:
            self.tapped.emit()
