"""A metric drawn as data: a proportion ring, a 10×10 unit grid, or a bar to scale.

The drawing grows with the figure's count-up (``progress`` 0 → 1), so the number and its
picture land together. Nothing here is text: the figure's words stay in labels, where the
fit check can read them.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.core.content.figure_graphics import GRID_SIDE, Graphic, grid_cells
from kiosk.runtime.widgets.drawn import ProgressDrawn

TRACK_ALPHA = 0.16
"""How strongly the empty part of a ring, grid or bar shows: present, never competing."""


class FigureGraphic(ProgressDrawn):
    """``fraction`` (0 → 1) of a whole, drawn as ``kind``; ``side`` is the preferred size of a
    ring or grid (its square's side) and the thickness of a bar, in pixels."""

    def __init__(self, kind: Graphic, fraction: float, *, color: QColor, track: QColor,
                 side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.fraction = min(1.0, max(0.0, fraction))
        self._color = QColor(color)
        self._track = QColor(track)
        self._track.setAlphaF(TRACK_ALPHA)
        self._side = self._designed_side = side
        """The side asked for beside or under the words (the designed one, or smaller)."""
        self._group: list[FigureGraphic] = [self]
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        if kind == "bar":
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.setFixedHeight(side)
        else:
            # The words come first: a tile short of room shrinks the drawing, never them.
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
            self.setMinimumSize(side // 4, side // 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """A square of ``side`` for a ring or grid; a bar takes the width it is given."""
        return QSize(self._side, self._side)

    def scale_preferred_side(self, factor: float) -> None:
        """Ask for ``factor`` times the designed side beside or under the words (a tile
        short of room for the words tries a smaller drawing before it drops it)."""
        self._side = max(self.minimumWidth(), round(self._designed_side * factor))
        self.updateGeometry()

    def share_size_with(self, group: list[FigureGraphic]) -> None:
        """Draw as big as the smallest of ``group`` has room for (read when painting, so it
        holds through every relayout): the rings and grids of one slide share one size, and
        none looks more important by accident."""
        self._group = group

    def room(self) -> int:
        """The side of the largest square this ring or grid has room for on its own."""
        # Never more than 1.6 times the side asked for, however much room the tile has.
        return int(min(self.width(), self.height(), round(self._side * 1.6)))

    def drawn_side(self) -> int:
        """The side of the square a ring or grid is drawn in now."""
        return min((member.room() for member in self._group), default=self.room())

    def drawn_fraction(self) -> float:
        """The share of the whole drawn now: :attr:`fraction` once the entrance has ended."""
        return self.fraction * min(1.0, max(0.0, self._progress))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.kind == "ring":
            self._paint_ring(painter)
        elif self.kind == "grid":
            self._paint_grid(painter)
        else:
            self._paint_bar(painter)

    def _square(self) -> QRectF:
        """The largest square that fits, at the left like the text above it, centred down."""
        side = float(self.drawn_side())
        return QRectF(0.0, (self.height() - side) / 2, side, side)

    def _paint_ring(self, painter: QPainter) -> None:
        square = self._square()
        thickness = max(2.0, square.width() * 0.14)
        ring = square.adjusted(thickness / 2, thickness / 2, -thickness / 2, -thickness / 2)
        pen = QPen(self._track, thickness)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawEllipse(ring)
        shown = self.drawn_fraction()
        if shown <= 0:
            return
        pen.setColor(self._color)
        painter.setPen(pen)
        # Qt counts angles in 1/16 degree, anticlockwise from three o'clock: start at twelve
        # and go clockwise, the way a visitor reads a pie.
        painter.drawArc(ring, 90 * 16, -round(shown * 360 * 16))

    def _paint_grid(self, painter: QPainter) -> None:
        square = self._square()
        pitch = square.width() / GRID_SIDE
        gap = pitch * 0.18
        filled = grid_cells(self.drawn_fraction())
        painter.setPen(Qt.PenStyle.NoPen)
        for index in range(GRID_SIDE * GRID_SIDE):
            row, column = divmod(index, GRID_SIDE)
            cell = QRectF(square.left() + column * pitch + gap / 2,
                          square.top() + row * pitch + gap / 2, pitch - gap, pitch - gap)
            painter.setBrush(self._color if index < filled else self._track)
            painter.drawEllipse(cell)

    def _paint_bar(self, painter: QPainter) -> None:
        # No track behind a bar: a bar is a sum against the slide's largest, not a share of a
        # whole, and a full track would read as "100 % of something".
        height = float(self.height())
        radius = height / 2
        width = self.width() * self.drawn_fraction()
        if width <= 0:
            return
        # A sliver under the bar's own roundness is still drawn, so a small figure is visible.
        bar = QPainterPath()
        bar.addRoundedRect(QRectF(0, 0, max(width, height), height), radius, radius)
        painter.fillPath(bar, self._color)

