"""Progress dots: one per slide, the current one highlighted; a tap on one jumps there.

Each dot's touch cell is finger-sized; when a row would not fit (many slides on a portrait
screen), they wrap into more rows.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter
from PySide6.QtWidgets import QWidget


class ProgressDots(QWidget):
    """A row (or rows) of dots; emits :attr:`jump` with the tapped slide's index."""

    jump = Signal(int)

    def __init__(self, parent: QWidget, cell: int, color: QColor, accent: QColor) -> None:
        super().__init__(parent)
        self.cell = cell
        """Side of one dot's touch cell, in pixels."""
        self._color = color
        self._accent = accent
        self._count = 0
        self._current = 0
        self._columns = 1
        self._pressed: int | None = None

    def set_count(self, count: int, max_width: int) -> None:
        """Show ``count`` dots within ``max_width`` pixels (wrapping into rows)."""
        self._count = count
        fit = max(1, min(count, max_width // max(1, self.cell)))
        rows = max(1, math.ceil(count / max(1, fit)))
        # Rows of even length (9 + 9, not 13 + 5) when the dots need more than one.
        self._columns = max(1, math.ceil(count / rows)) if count else 1
        self.setFixedSize(self._columns * self.cell, rows * self.cell)
        self.update()

    def set_current(self, index: int) -> None:
        """Highlight slide ``index``; repaints just the two dots that changed."""
        if index == self._current:
            return
        old, self._current = self._current, index
        self.update(self.cell_rect(old).toAlignedRect())
        self.update(self.cell_rect(index).toAlignedRect())

    @property
    def current(self) -> int:
        return self._current

    def cell_rect(self, index: int) -> QRectF:
        """Where dot ``index``'s touch cell is, in this widget's coordinates."""
        row, column = divmod(index, self._columns)
        return QRectF(column * self.cell, row * self.cell, self.cell, self.cell)

    def index_at(self, pos: QPoint) -> int | None:
        """The dot under ``pos``, or None."""
        if not self.rect().contains(pos):
            return None
        index = (pos.y() // self.cell) * self._columns + pos.x() // self.cell
        return index if 0 <= index < self._count else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self.index_at(event.position().toPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().toPoint())
        if index is not None and index == self._pressed:
            self.jump.emit(index)
        self._pressed = None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        small = self.cell * 0.16
        big = self.cell * 0.24
        for index in range(self._count):
            rect = self.cell_rect(index)
            if not rect.toAlignedRect().intersects(event.rect()):
                continue
            radius = big if index == self._current else small
            color = self._accent if index == self._current else self._color
            painter.setBrush(color)
            painter.drawEllipse(rect.center(), radius, radius)
