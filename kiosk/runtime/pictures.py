"""Content pictures, decoded once in a limited child, scaled once, cached.

Every picture a slide shows comes through :func:`picture`. The picture file itself is never
decoded here: :func:`~kiosk.core.content.picture_proof.prove` decodes it in a child process
with a time and memory limit (``validate`` has normally done so already, and its result is
on disk by content hash), scaled to cover the largest screen at most. This module reads that
decoded copy, scales it once to the box it is drawn in and keeps the result, so painting
only ever blits a ready pixmap. A picture that does not decode is left out of its slide (and
logged once); the slide shows without it.

The cropping rule, never a distortion:

* ``cover`` (backgrounds, full-bleed photos, card pictures, portraits): the picture is scaled
  until it fills the box, keeping its proportions, and what overhangs is cut off equally on
  both sides, so the middle of the picture is always what is seen. The cut is made before
  scaling, so only the box's pixels are ever allocated, whatever the picture's shape.
* ``contain`` (framed photos): the whole picture is scaled to fit inside the box, keeping its
  proportions; the box's spare width or height stays empty.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import OrderedDict
from collections.abc import Iterable
from typing import Literal

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap

from kiosk.core.content.images import IMAGE_ALLOCATION_LIMIT_MB
from kiosk.core.content.picture_proof import DEFAULT_BOX, decode_box, decode_seconds, prove

log = logging.getLogger(__name__)

Fit = Literal["cover", "contain"]

CACHE_BYTES = 192 * 1024 * 1024
"""Most bytes of scaled pictures kept in memory (about 24 full-HD screens' worth; least
recently used dropped first). The kiosk's memory is bounded by this, not by the deck."""

RUNTIME_DECODE_SECONDS = 3.0
"""Limit on decoding a picture that ``validate`` did not prepare (its cache was emptied, or
the screen is larger than the deck's screens): less than the supervisor's hang timeout."""

_cache: OrderedDict[tuple[str, int, int, int, str], QPixmap] = OrderedDict()
_cache_bytes = 0
_failed: set[tuple[str, int]] = set()
_decode_box: tuple[int, int] = DEFAULT_BOX


REFUSED_FORMATS = frozenset({b"svg", b"svgz"})
"""Never drawn, whatever the file is called: an SVG can pull in files from outside the
content folder, and nested ``<use>`` elements hang the renderer on the GUI thread."""


def set_screens(screens: Iterable[str]) -> None:
    """Scale pictures for the largest of the deck's ``screens`` (``WxH``): the box
    ``validate`` prepared them for, so its decoded copies are used and nothing is decoded
    here. (A kiosk screen larger than every declared screen shows them slightly enlarged:
    declare it in ``screens``.)"""
    global _decode_box
    _decode_box = decode_box(screens)


def read_image(path: str) -> QImage | None:
    """``path`` decoded (in a limited child, once, cached on disk) for the screen, upright,
    or None (logged once)."""
    version = _version(path)
    if (path, version) in _failed:
        return None
    seconds = min(decode_seconds(), RUNTIME_DECODE_SECONDS)
    proof = prove(path, _decode_box, seconds)
    if proof.ok and proof.decoded:
        reader = QImageReader(proof.decoded, b"png")  # our own copy, sized for the screen
        reader.setAllocationLimit(IMAGE_ALLOCATION_LIMIT_MB)
        image = reader.read()
        if not image.isNull():
            return image
        with contextlib.suppress(OSError):  # damaged in the cache: decoded again
            os.unlink(proof.decoded)
        proof = prove(path, _decode_box, seconds)
        image = QImage(proof.decoded, format=b"png") if proof.ok and proof.decoded else QImage()
        if not image.isNull():
            return image
    _failed.add((path, version))
    log.warning("could not show the picture %s: it %s; the slide is shown without it",
                path, proof.problem or "could not be read back from the picture cache")
    return None


def scaled(image: QImage, box: QSize, fit: Fit) -> QImage:
    """``image`` scaled (never stretched) for ``box``: cropped centrally to fill it
    (``cover``), or whole inside it (``contain``)."""
    if box.isEmpty():
        return QImage()
    if fit == "contain":
        return image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)
    # The part of the picture with the box's proportions, centred, then scaled to the box.
    scale = max(box.width() / image.width(), box.height() / image.height())
    width = max(1, min(image.width(), round(box.width() / scale)))
    height = max(1, min(image.height(), round(box.height() / scale)))
    middle = image.copy(QRect((image.width() - width) // 2, (image.height() - height) // 2,
                              width, height))
    return middle.scaled(box, Qt.AspectRatioMode.IgnoreAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def picture(path: str, box: QSize, fit: Fit = "cover") -> QPixmap | None:
    """The picture at ``path`` ready to draw in ``box``; None if it cannot be read.

    Decoded and scaled on the first call for this path, box and fit; later calls (the same
    slide rebuilt for another language, shown again) return the cached pixmap.
    """
    global _cache_bytes
    key = (path, _version(path), box.width(), box.height(), fit)
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    image = read_image(path)
    if image is None:
        return None
    pixmap = QPixmap.fromImage(scaled(image, box, fit))
    del image  # the screen-sized copy goes at once; only the box-sized pixmap is kept
    _cache[key] = pixmap
    _cache_bytes += _bytes(pixmap)
    while _cache_bytes > CACHE_BYTES and len(_cache) > 1:
        _cache_bytes -= _bytes(_cache.popitem(last=False)[1])
    return pixmap


def cached_count() -> int:
    """How many scaled pictures the cache holds now."""
    return len(_cache)


def forget_all() -> None:
    """Drop every scaled picture kept in memory (``check`` and ``export`` between slides)."""
    global _cache_bytes
    _cache.clear()
    _cache_bytes = 0


def _bytes(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(1, pixmap.depth() // 8)


def _version(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns  # an edited picture is decoded afresh
    except OSError:
        return 0

