"""Content pictures, decoded once under the pixel budget, scaled once, cached.

Every picture a slide shows comes through :func:`picture`. It is read with ``QImageReader``
under :data:`~kiosk.core.content.images.IMAGE_ALLOCATION_LIMIT_MB` (a picture declaring more
pixels is refused, never decoded), turned by its EXIF orientation, scaled once to the box it
is drawn in and kept, so painting only ever blits a ready pixmap.

The cropping rule, never a distortion:

* ``cover`` (backgrounds, full-bleed photos, card pictures, portraits): the picture is scaled
  until it fills the box, keeping its proportions, and what overhangs is cut off equally on
  both sides, so the middle of the picture is always what is seen.
* ``contain`` (framed photos): the whole picture is scaled to fit inside the box, keeping its
  proportions; the box's spare width or height stays empty.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from typing import Literal

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap

from kiosk.core.content.images import IMAGE_ALLOCATION_LIMIT_MB

log = logging.getLogger(__name__)

Fit = Literal["cover", "contain"]

CACHE_SIZE = 48
"""Scaled pictures kept (a deck's pictures at one or two sizes; oldest dropped first)."""

_cache: OrderedDict[tuple[str, int, int, int, str], QPixmap] = OrderedDict()
_failed: set[str] = set()


def read_image(path: str) -> QImage | None:
    """``path`` decoded under the pixel budget and turned upright, or None (logged once)."""
    reader = QImageReader(path)
    reader.setAllocationLimit(IMAGE_ALLOCATION_LIMIT_MB)
    reader.setAutoTransform(True)  # a phone photo taken upright shows upright
    image = reader.read()
    if image.isNull():
        if path not in _failed:
            _failed.add(path)
            log.warning("could not show the picture %s: %s", path, reader.errorString())
        return None
    return image


def scaled(image: QImage, box: QSize, fit: Fit) -> QImage:
    """``image`` scaled (never stretched) for ``box``: cropped centrally to fill it
    (``cover``), or whole inside it (``contain``)."""
    if box.isEmpty():
        return QImage()
    mode = (Qt.AspectRatioMode.KeepAspectRatioByExpanding if fit == "cover"
            else Qt.AspectRatioMode.KeepAspectRatio)
    result = image.scaled(box, mode, Qt.TransformationMode.SmoothTransformation)
    if fit == "cover":
        x = (result.width() - box.width()) // 2
        y = (result.height() - box.height()) // 2
        result = result.copy(QRect(x, y, box.width(), box.height()))
    return result


def picture(path: str, box: QSize, fit: Fit = "cover") -> QPixmap | None:
    """The picture at ``path`` ready to draw in ``box``; None if it cannot be read.

    Decoded and scaled on the first call for this path, box and fit; later calls (the same
    slide rebuilt for another language, shown again) return the cached pixmap.
    """
    try:
        changed = os.stat(path).st_mtime_ns  # an edited picture is decoded afresh
    except OSError:
        changed = 0
    key = (path, changed, box.width(), box.height(), fit)
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    image = read_image(path)
    if image is None:
        return None
    pixmap = QPixmap.fromImage(scaled(image, box, fit))
    _cache[key] = pixmap
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return pixmap

