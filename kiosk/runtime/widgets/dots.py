"""Progress dots: one per slide showing now, the current one highlighted; a tap jumps there.

Slides outside their ``show:`` window have no dot: the dots count what a visitor can reach.

Each dot's touch cell is finger-sized; when a row would not fit (many slides on a portrait
screen), they wrap into more rows.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
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
        self._slides: tuple[int, ...] = ()
        """The deck position of each dot's slide."""
        self._current = 0
        """The current slide's deck position."""
        self._columns = 1
        self._pressed: int | None = None

    def set_slides(self, slides: tuple[int, ...], max_width: int) -> None:
        """One dot for each of ``slides`` (deck positions, in order) within ``max_width``
        pixels (wrapping into rows)."""
        self._slides = tuple(slides)
        count = self._count = len(self._slides)
        fit = max(1, min(count, max_width // max(1, self.cell)))
        rows = max(1, math.ceil(count / max(1, fit)))
        # Rows of even length (9 + 9, not 13 + 5) when the dots need more than one.
        self._columns = max(1, math.ceil(count / rows)) if count else 1
        self.setFixedSize(self._columns * self.cell, rows * self.cell)
        self.update()

    def set_current(self, index: int) -> None:
        """Highlight slide ``index`` (its deck position; no dot lights when it has none);
        repaints just the two dots that changed."""
        if index == self._current:
            return
        old, self._current = self._dot_of(self._current), index
        for dot in (old, self._dot_of(index)):
            if dot is not None:
                self.update(self.cell_rect(dot).toAlignedRect())

    @property
    def current(self) -> int:
        """The current slide's deck position."""
        return self._current

    @property
    def slides(self) -> tuple[int, ...]:
        """The deck position of each dot's slide, in order."""
        return self._slides

    def _dot_of(self, index: int) -> int | None:
        return self._slides.index(index) if index in self._slides else None

    def cell_rect(self, index: int) -> QRectF:
        """Where dot number ``index`` (from 0, in dot order) has its touch cell, in this
        widget's coordinates."""
        row, column = divmod(index, self._columns)
        return QRectF(column * self.cell, row * self.cell, self.cell, self.cell)

    def index_at(self, pos: QPoint) -> int | None:
        """The number of the dot under ``pos``, or None."""
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
            self.jump.emit(self._slides[index])
        self._pressed = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        small = self.cell * 0.16
        big = self.cell * 0.24
        current = self._dot_of(self._current)
        for index in range(self._count):
            rect = self.cell_rect(index)
            if not rect.toAlignedRect().intersects(event.rect()):
                continue
            radius = big if index == current else small
            color = self._accent if index == current else self._color
            painter.setBrush(color)
            painter.drawEllipse(rect.center(), radius, radius)
