"""One module per slide type; :func:`create_slide_view` picks the right one.

Modules are imported on first use, so the first slide can paint before heavy modules
(pyqtgraph, for charts) are loaded.
"""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Slide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look


def view_class(slide_type: str) -> type[SlideView]:
    """The :class:`SlideView` subclass that draws slides of ``slide_type``."""
    module = importlib.import_module(f"kiosk.runtime.slides.{slide_type}")
    view = getattr(module, "View", None)
    if not (isinstance(view, type) and issubclass(view, SlideView)):
        raise TypeError(f"kiosk/runtime/slides/{slide_type}.py must define View, a SlideView")
    return view


def create_slide_view(
    slide: Slide,
    look: Look,
    language: str,
    parent: QWidget | None = None,
    *,
    reduce_motion: bool = False,
) -> SlideView:
    """A view of ``slide`` at ``look``'s size, in ``language``, in its settled state.

    Call ``enter()`` when it comes on screen to play its entrance.
    """
    return view_class(slide.type)(slide, look, language, parent, reduce_motion=reduce_motion)
