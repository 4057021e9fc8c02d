"""Veils strong enough for text over pictures: the picture measured, the veil computed.

Where text sits over a photo (a slide's background picture, a title slide's picture, the
title, caption and credit of a full-bleed picture slide) the veil of the theme's background
colour under it is made as strong as the photo requires for 4.5:1
(:func:`kiosk.core.contrast.veil_for_contrast`), measured on the pixels really behind the
text, scaled down so the measure costs a millisecond or two, once per picture and size.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPixmap

from kiosk.core.contrast import veil_for_contrast
from kiosk.runtime.theme import Look

TEXT_OVER_PICTURES = ("text", "muted", "accent")
"""The palette colours text over a picture is drawn in (body, secondary lines, *emphasis*)."""
SAMPLE_SIDE = 128
"""The measured region is scaled to at most this many pixels a side: fine enough to keep a
bright patch the size of a word, coarse enough to cost little."""

_measured: OrderedDict[tuple[object, ...], float] = OrderedDict()


def pixels(picture: QPixmap | QImage, region: QRect | None = None) -> npt.NDArray[np.uint8]:
    """The (N, 3) RGB pixels of ``picture`` within ``region`` (all of it by default),
    scaled down to at most :data:`SAMPLE_SIDE` a side (each sample the average it covers)."""
    image = picture.toImage() if isinstance(picture, QPixmap) else picture
    if region is not None:
        image = image.copy(region.intersected(image.rect()))
    if image.isNull() or image.width() == 0 or image.height() == 0:
        return np.zeros((0, 3), dtype=np.uint8)
    if max(image.width(), image.height()) > SAMPLE_SIDE:
        image = image.scaled(SAMPLE_SIDE, SAMPLE_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return raw.reshape(height, stride)[:, : width * 3].reshape(-1, 3).copy()


def veil_opacity(picture: QPixmap | QImage, text_colors: tuple[str, ...], veil: str, *,
                 region: QRect | None = None, at_least: float = 0.0) -> float:
    """How opaque a veil of ``veil`` over ``picture`` must be (at least ``at_least``) for
    text in ``text_colors`` (``#RRGGBB``) within ``region`` to keep 4.5:1. Remembered per
    picture, region and colours."""
    key = (picture.cacheKey(), region and region.getRect(), text_colors, veil, at_least)
    known = _measured.get(key)
    if known is None:
        known = veil_for_contrast(text_colors, veil, pixels(picture, region), at_least=at_least)
        _measured[key] = known
        while len(_measured) > 256:
            _measured.popitem(last=False)
    return known


def text_colors(look: Look) -> tuple[str, ...]:
    """The ``#rrggbb`` of :data:`TEXT_OVER_PICTURES` in ``look``'s palette."""
    return tuple(look.color(name).name() for name in TEXT_OVER_PICTURES)


def backdrop_veil(picture: QPixmap, look: Look, at_least: float) -> float:
    """The opacity of the background-coloured veil over a whole-slide ``picture``: at least
    ``at_least`` (the designed look), more where the picture is light."""
    return veil_opacity(picture, text_colors(look), look.color("background").name(),
                        at_least=at_least)
