"""Rise: a holder that lets one widget rise into place and fade in, for slide entrances.

The holder takes the child's place in a layout; the child moves inside it, so the layout
never fights the animation, and the holder clips it (the text rises out of a mask).

While the entrance plays, the holder composites instead of repainting: the child is drawn
once into a picture at the screen's pixel ratio and parked out of sight, and each frame
blits that picture translated and at the frame's opacity. Parts of the child that animate
themselves (a :class:`~kiosk.runtime.widgets.drawn.ProgressDrawn`, e.g. a count-up in a
tile) are drawn live into a copy of the picture, which then fades as one layer, as the
opacity effect did. At the end of the entrance the live child comes back and the pictures
are dropped, so nothing is held between entrances. This replaces a per-frame
``QGraphicsOpacityEffect``, which re-rendered the whole child offscreen on every frame.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Property, QEvent, QObject, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap, QRegion, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.runtime.widgets.drawn import ProgressDrawn

CHILDREN_ONLY = QWidget.RenderFlag.DrawChildren
"""Render flags for drawing a child as it looks over the slide: without a window background."""


class _SkipPaint(QObject):
    """Swallows paint events while the static picture is drawn, for the live parts."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        return event.type() == QEvent.Type.Paint


def painted_bounds(picture: QPixmap) -> QRect:
    """The smallest rectangle, in logical pixels, holding every non-transparent pixel."""
    image = picture.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        return QRect()
    width, stride = image.width(), image.bytesPerLine()
    data = bytes(image.constBits())[: stride * image.height()]
    # ARGB32 is one 32-bit word per pixel: alpha is its most significant byte. Slicing and
    # strip() run in C, so a 4K-wide title is scanned in a millisecond or two (numpy would
    # cost a tenth of a second of start-up to import).
    first = 3 if sys.byteorder == "little" else 0
    top = bottom = left = right = -1
    for row in range(image.height()):
        alpha = data[row * stride + first: row * stride + width * 4: 4]
        painted = alpha.lstrip(b"\0")
        if not painted:
            continue
        start = width - len(painted)
        end = len(painted.rstrip(b"\0")) + start
        if top < 0:
            top, left, right = row, start, end
        else:
            left, right = min(left, start), max(right, end)
        bottom = row + 1
    if top < 0:
        return QRect()
    ratio = picture.devicePixelRatio()
    x, y = math.floor(left / ratio), math.floor(top / ratio)
    return QRect(x, y, math.ceil(right / ratio) - x, math.ceil(bottom / ratio) - y)


def _device_rect(rect: QRect, ratio: float) -> QRect:
    """``rect`` in logical pixels as device pixels of a picture drawn at ``ratio``."""
    return QRect(round(rect.x() * ratio), round(rect.y() * ratio),
                 round(rect.width() * ratio), round(rect.height() * ratio))


class Rise(QWidget):
    """Shows ``child`` at ``progress`` of its entrance: 0 hidden and lowered, 1 in place."""

    def __init__(self, child: QWidget, distance: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.child = child
        child.setParent(self)
        self.setSizePolicy(child.sizePolicy())
        self._distance = distance
        self._progress = 1.0
        self._picture: QPixmap | None = None
        """The child drawn once without its live parts, while the entrance plays."""
        self._frame: QPixmap | None = None
        """The picture with the live parts drawn in: what is faded in, as one layer."""
        self._live_dirty = False
        self._bounds: QRect | None = None
        """The picture's painted pixels (plus the live parts), in the child's coordinates."""
        self._live: list[ProgressDrawn] = []
        self.pictures_drawn = 0
        """How many times the child was drawn into a picture (once per entrance)."""

    # The holder stands in for the child in layouts.
    def sizeHint(self) -> QSize:
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.child.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return self.child.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return self.child.heightForWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place()
        self._drop_picture()  # drawn at the old size; the next frame draws it afresh

    def _offset(self) -> int:
        return round(self._distance * (1.0 - self._progress))

    def _place(self) -> None:
        if self._progress < 1.0:
            # Parked just below the holder, the child is clipped away and never painted,
            # yet stays visible to layouts and text fitting (a hidden widget would not be
            # laid out or balanced on the slide's first show).
            self.child.setGeometry(0, self.height(), self.width(), self.height())
        else:
            self.child.setGeometry(0, 0, self.width(), self.height())

    def _get_progress(self) -> float:
        return self._progress

    def _set_progress(self, value: float) -> None:
        was = self._offset()
        self._progress = float(value)
        self._place()
        if self._progress < 1.0:
            if self._bounds is None:
                self.update()
            else:
                # Only where the picture has pixels, before and after the move: a title's
                # picture is as wide as the column but its words cover a fraction of it.
                now = self._offset()
                self.update(self._bounds.translated(0, was).united(self._bounds.translated(0, now)))
        else:
            self._drop_picture()

    progress = Property(float, _get_progress, _set_progress)
    """0 → 1: how far the entrance has come."""

    @contextmanager
    def at_rest(self) -> Iterator[None]:
        """The child in its settled place for the duration (to measure texts mid-entrance:
        lowered or parked, a label would seem clipped by the holder)."""
        self.child.setGeometry(0, 0, self.width(), self.height())
        try:
            yield
        finally:
            self._place()

    @property
    def compositing(self) -> bool:
        """True while the entrance plays and the child is shown as a picture."""
        return self._progress < 1.0

    # --------------------------------------------------------------- drawing

    def _drop_picture(self) -> None:
        self._picture = self._frame = None
        self._bounds = None
        for live in self._live:
            live.set_compositor(None)
        self._live = []

    def _draw_picture(self) -> QPixmap:
        """The child without its self-animating parts, drawn once at the screen's ratio."""
        child = self.child
        ratio = self.devicePixelRatioF()
        size = child.size()
        picture = QPixmap(size * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(Qt.GlobalColor.transparent)
        if isinstance(child, ProgressDrawn):
            # The child animates itself: nothing in it is static, it is all drawn live.
            self._live = [child]
            child.set_compositor(self)
            self.pictures_drawn += 1
            return picture
        self._live = [w for w in child.findChildren(ProgressDrawn) if not w.isHidden()]
        skip = _SkipPaint()
        for live in self._live:
            live.installEventFilter(skip)
            live.set_compositor(self)
        try:
            painter = QPainter(picture)
            # Children only: the window background would cover the slide behind.
            child.render(painter, QPoint(0, 0), QRegion(), CHILDREN_ONLY)
            painter.end()
        finally:
            for live in self._live:
                live.removeEventFilter(skip)
        self.pictures_drawn += 1
        return picture

    def paintEvent(self, event: QPaintEvent) -> None:
        opacity = max(0.0, min(1.0, self._progress))
        if self._progress >= 1.0 or opacity <= 0.0:
            return
        if self._picture is None:
            self._crop(self._draw_picture())
        if self._bounds is None or self._bounds.isEmpty() or self._frame is None:
            return  # nothing painted in the child (an empty caption)
        if self._live_dirty:
            self._draw_live_parts()
        painter = QPainter(self)
        painter.setOpacity(opacity)
        painter.drawPixmap(self._bounds.topLeft() + QPoint(0, self._offset()), self._frame)
        painter.end()

    def _crop(self, picture: QPixmap) -> None:
        """Keep only the painted part of ``picture`` (and room for the live parts): a
        title's picture would otherwise be as wide as the column, and 4K pictures are big."""
        bounds = painted_bounds(picture)
        for live in self._live:
            bounds = bounds.united(QRect(self._position(live), live.size()))
        self._bounds = bounds.intersected(QRect(QPoint(0, 0), self.child.size()))
        ratio = picture.devicePixelRatio()
        cropped = picture.copy(_device_rect(self._bounds, ratio))
        cropped.setDevicePixelRatio(ratio)
        self._picture = cropped
        self._frame = QPixmap(cropped) if self._live else cropped
        self._live_dirty = True

    def _draw_live_parts(self) -> None:
        """Refresh the live parts in the frame picture, then fade the whole as one layer
        (as the opacity effect did), so text over a card blends exactly as before."""
        self._live_dirty = False
        if not self._live or self._picture is None or self._bounds is None or self._frame is None:
            return
        ratio = self._picture.devicePixelRatio()
        painter = QPainter(self._frame)
        for live in self._live:
            place = QRect(self._position(live) - self._bounds.topLeft(), live.size())
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawPixmap(QRectF(place), self._picture, QRectF(_device_rect(place, ratio)))
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            live.render(painter, place.topLeft(), QRegion(), CHILDREN_ONLY)
        painter.end()

    def _position(self, live: QWidget) -> QPoint:
        """Where ``live`` sits inside the child (the pictures' coordinates)."""
        return QPoint(0, 0) if live is self.child else live.mapTo(self.child, QPoint(0, 0))

    def live_changed(self, live: QWidget) -> None:
        """A live part (drawn over the picture) changed: repaint only where it is."""
        if self._picture is None:
            return
        self._live_dirty = True
        self.update(QRect(self._position(live) + QPoint(0, self._offset()), live.size()))
