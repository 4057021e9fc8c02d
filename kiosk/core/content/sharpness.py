"""Pictures blown up past their pixels: a photo drawn much larger than it is looks blurred.

A curator sees this only on the kiosk's big screen, never in a small preview, so the tools
say it: ``validate`` for what it can know without a layout (a slide's background fills the
whole screen), ``check`` for every picture as the slide lays it out.
"""

from __future__ import annotations

from kiosk.core.content.model import Asset, PictureSlide, SlideBase, TitleSlide

UPSCALE_LIMIT = 2.0
"""Drawn more than this many times its own pixels (across or down), a picture looks soft."""


def upscale(picture: tuple[int, int], box: tuple[int, int], fit: str = "cover") -> float:
    """How many times larger than its pixels a ``picture`` (width, height) is drawn into a
    ``box`` (width, height): ``cover`` fills the box (cropping), ``contain`` fits inside it."""
    width, height = picture
    if width <= 0 or height <= 0 or box[0] <= 0 or box[1] <= 0:
        return 1.0
    across, down = box[0] / width, box[1] / height
    return max(across, down) if fit == "cover" else min(across, down)


def upscale_message(shown_path: str, picture: tuple[int, int], box: tuple[int, int],
                    fit: str, where: str) -> tuple[str, str] | None:
    """(problem, hint) when ``picture`` drawn into ``box`` is blown up past
    :data:`UPSCALE_LIMIT`; None when it is sharp enough. ``where`` says where it is drawn
    ("as slide hello's background at 1920×1080")."""
    factor = upscale(picture, box, fit)
    if factor <= UPSCALE_LIMIT:
        return None
    sharpest = (round(picture[0] * factor), round(picture[1] * factor))
    least = (round(sharpest[0] / UPSCALE_LIMIT), round(sharpest[1] / UPSCALE_LIMIT))
    return (f"'{shown_path}' is {picture[0]}×{picture[1]} pixels but is drawn about "
            f"{factor:.1f}× larger {where}, so it will look blurred",
            f"use a picture of at least {least[0]}×{least[1]} pixels "
            f"({sharpest[0]}×{sharpest[1]} is sharp)")


def screen_pictures(slide: SlideBase) -> list[tuple[Asset, str]]:
    """The pictures of ``slide`` that fill the whole screen, each with what it is: a slide's
    ``background``, a title slide's ``image``, a full-bleed picture slide's ``image``."""
    found: list[tuple[Asset, str]] = []
    if slide.background is not None:
        found.append((slide.background, "background"))
    if isinstance(slide, TitleSlide) and slide.image is not None:
        found.append((slide.image, "background"))
    if isinstance(slide, PictureSlide) and slide.fit == "full-bleed":
        found.append((slide.image, "full-bleed picture"))
    return found
