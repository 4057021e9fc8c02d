"""Text contrast over pictures: how strong a veil must be for text to stay readable.

The README's rule is WCAG AA, 4.5:1, for every text against what is behind it. Over a flat
colour that is a check of two colours (the validator does it); over a photograph it depends on
the pixels, so the runtime measures the picture region behind the text and asks
:func:`veil_for_contrast` how opaque a veil of the theme's background colour must be for the
worst pixel there to reach 4.5:1. A dark photo needs no more than the usual veil; a white one
gets a stronger one. Pure numpy, no Qt: the runtime hands over the pixels.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

MIN_CONTRAST = 4.5
"""WCAG AA for text (the README's rule)."""
_STEPS = 100
"""Veil opacities tried, in hundredths."""
_MARGIN = 0.02
"""Added to the opacity found: painting rounds each channel to a whole 8-bit step."""


def luminance(rgb: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """WCAG relative luminance of sRGB colours (0-255 channels, last axis R, G, B)."""
    channels = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(channels <= 0.04045, channels / 12.92,
                      ((channels + 0.055) / 1.055) ** 2.4)
    weighted: npt.NDArray[np.float64] = linear @ np.array([0.2126, 0.7152, 0.0722])
    return weighted


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as (r, g, b)."""
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _ratio(first: npt.NDArray[np.float64],
           second: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    light, dark = np.maximum(first, second), np.minimum(first, second)
    ratio: npt.NDArray[np.float64] = (light + 0.05) / (dark + 0.05)
    return ratio


def worst_contrast(text: str, veil: str, opacity: float, pixels: npt.ArrayLike) -> float:
    """The lowest contrast of ``text`` over ``pixels`` under a veil of ``veil`` at
    ``opacity`` (0: no veil, 1: the veil colour alone), as painting blends it."""
    ground = np.asarray(pixels, dtype=np.float64).reshape(-1, 3)
    if ground.size == 0:
        return float(_ratio(luminance(hex_rgb(text)), luminance(hex_rgb(veil))))
    blended = np.round(opacity * np.asarray(hex_rgb(veil)) + (1 - opacity) * ground)
    return float(_ratio(luminance(hex_rgb(text)), luminance(blended)).min())


def _linear_table() -> npt.NDArray[np.float64]:
    channels = np.arange(256, dtype=np.float64) / 255.0
    table: npt.NDArray[np.float64] = np.where(channels <= 0.04045, channels / 12.92,
                                              ((channels + 0.055) / 1.055) ** 2.4)
    return table


_LINEAR = _linear_table()
"""Each 8-bit sRGB channel value, linearised: a painted pixel is whole 8-bit steps."""
_WEIGHTS = np.array([0.2126, 0.7152, 0.0722])


def _worst(texts: list[float], ground: npt.NDArray[np.float64], veil: npt.NDArray[np.float64],
           opacity: float) -> float:
    """The lowest contrast of any of ``texts`` (luminances) over ``ground`` veiled so."""
    blended = np.rint(opacity * veil + (1 - opacity) * ground).astype(np.intp)
    lum = _LINEAR[blended] @ _WEIGHTS
    worst = np.inf
    for text in texts:
        # The lowest ratio is against the luminance nearest the text's, from either side.
        darker, lighter = lum[lum <= text], lum[lum >= text]
        if darker.size:
            worst = min(worst, (text + 0.05) / (darker.max() + 0.05))
        if lighter.size:
            worst = min(worst, (lighter.min() + 0.05) / (text + 0.05))
    return float(worst)


def veil_for_contrast(texts: Iterable[str], veil: str, pixels: npt.ArrayLike, *,
                      at_least: float = 0.0, target: float = MIN_CONTRAST) -> float:
    """The least veil opacity (from ``at_least`` up to 1) at which every colour of
    ``texts`` keeps ``target`` contrast over every one of ``pixels`` ((N, 3), 0-255).

    Opacities are tried from 1 downwards, coarsely and then to the hundredth: the contrast
    need not rise steadily with the veil (a light text over a white pixel first loses
    contrast as the veil greys the pixel towards the text), so the answer is the lowest
    opacity from which on every stronger veil is enough, not any opacity that is. When even
    the veil colour alone is not enough (a theme the validator refused), it is 1.
    """
    ground = np.unique(np.asarray(pixels, dtype=np.int64).reshape(-1, 3), axis=0)
    if ground.size == 0:
        return at_least
    ground_f = ground.astype(np.float64)
    veil_rgb = np.asarray(hex_rgb(veil), dtype=np.float64)
    lums = [float(luminance(hex_rgb(text))) for text in texts]

    def enough(opacity: float) -> bool:
        return _worst(lums, ground_f, veil_rgb, opacity) >= target

    if not enough(1.0):
        return 1.0
    # Down in twentieths to the highest that fails (none down to ``at_least``: done)...
    floor = math.ceil(at_least * 20)
    twentieths = 19
    while twentieths > floor and enough(twentieths / 20):
        twentieths -= 1
    if twentieths == floor and enough(floor / 20):
        if enough(at_least):
            return at_least
        failing, enough_at = math.floor(at_least * _STEPS), floor * 5
    else:
        failing, enough_at = twentieths * 5, twentieths * 5 + 5
    # ...then up in hundredths from there to the first that is enough.
    hundredths = failing + 1
    while hundredths < enough_at and not enough(hundredths / _STEPS):
        hundredths += 1
    return max(at_least, min(1.0, hundredths / _STEPS + _MARGIN))
