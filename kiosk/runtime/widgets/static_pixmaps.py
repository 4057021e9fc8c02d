"""Pictures of what does not change: drawn once per size, colours and pixel ratio, then blitted.

Software rendering pays for every anti-aliased path, gradient and glyph each time a region is
repainted. Whatever looks the same frame after frame (the slide background, the chrome
buttons' discs, a card's rounded surface) is drawn once into a pixmap at the screen's device
pixel ratio and copied from then on, which costs a memory copy instead of a rasterisation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap

Draw = Callable[[QPainter, QSize], None]
"""Draws the picture on a painter whose logical size is the given size."""


class PictureCache:
    """A least-recently-used store of pixmaps, each drawn once by a ``draw`` function.

    ``budget`` bounds memory in bytes (a full-screen 4K picture alone is 33 MB): the least
    recently used pictures are dropped beyond it, always keeping the newest one; a picture
    that is asked for again after that is simply drawn again.
    """

    def __init__(self, budget: int = 48 * 1024 * 1024) -> None:
        self._budget = budget
        self._bytes = 0
        self._pictures: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self.draws = 0
        """How many pictures were drawn (not served from the cache): for tests and benchmarks."""

    def picture(self, key: Hashable, size: QSize, ratio: float, draw: Draw,
                *, opaque: bool = False) -> QPixmap:
        """The pixmap of ``size`` logical pixels at device pixel ``ratio`` for ``key``.

        ``draw`` runs only when the picture is not cached yet. ``opaque`` pictures start
        unfilled (``draw`` must cover every pixel); others start transparent.
        """
        full_key = (key, size.width(), size.height(), ratio)
        found = self._pictures.get(full_key)
        if found is not None:
            self._pictures.move_to_end(full_key)
            return found
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        if not opaque:
            pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        draw(painter, size)
        painter.end()
        self.draws += 1
        self._pictures[full_key] = pixmap
        self._bytes += _bytes(pixmap)
        while self._bytes > self._budget and len(self._pictures) > 1:
            _key, dropped = self._pictures.popitem(last=False)
            self._bytes -= _bytes(dropped)
        return pixmap

    def clear(self) -> None:
        """Forget every picture (they are drawn again on demand)."""
        self._pictures.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._pictures)


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)


SHARED = PictureCache()
"""The process's cache of static pictures, shared by every widget that draws one."""


def blit(painter: QPainter, rect: QRect, pixmap: QPixmap) -> None:
    """Copy the part of ``pixmap`` under ``rect`` (logical pixels) to the same place."""
    ratio = pixmap.devicePixelRatio()
    source = QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio,
                    rect.height() * ratio)
    painter.drawPixmap(QRectF(rect), pixmap, source)
