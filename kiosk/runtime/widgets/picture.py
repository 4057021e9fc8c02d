"""Decoding a content picture, the one way the runtime does it: bounded, never SVG.

A picture is decoded once, when its slide is built, on the GUI thread, so a picture that
makes the decoder take gigabytes or minutes would freeze the kiosk (and the supervisor
would restart it onto the same picture). :func:`read_picture` therefore goes through
``QImageReader`` with the pixel budget of :mod:`kiosk.core.content.images` as its
allocation limit, reads the declared size first and refuses a picture over the budget
without decoding it, and refuses SVG outright (an SVG can pull in other files and can nest
``<use>`` elements into a hang). ``validate`` refuses the same pictures with a file:line
problem; this is the runtime's guard for a picture replaced after validation.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QImageReader, QPixmap

from kiosk.core.content.images import IMAGE_ALLOCATION_LIMIT_MB, IMAGE_PIXEL_BUDGET

log = logging.getLogger(__name__)

REFUSED_FORMATS = frozenset({b"svg", b"svgz"})


def read_picture(path: str) -> QPixmap | None:
    """The picture at ``path``, or None (with a warning) when it is refused or unreadable."""
    reader = QImageReader(path)
    reader.setAllocationLimit(IMAGE_ALLOCATION_LIMIT_MB)
    kind = bytes(reader.format().data()).lower()
    if kind in REFUSED_FORMATS:
        log.warning("picture %s is an SVG, which the kiosk does not draw", path)
        return None
    size = reader.size()
    if size.isValid() and size.width() * size.height() > IMAGE_PIXEL_BUDGET:
        log.warning("picture %s declares %d×%d pixels, over the budget of %d: not decoded",
                    path, size.width(), size.height(), IMAGE_PIXEL_BUDGET)
        return None
    image = reader.read()
    if image.isNull():
        log.warning("could not read the picture %s: %s", path, reader.errorString())
        return None
    return QPixmap.fromImage(image)
