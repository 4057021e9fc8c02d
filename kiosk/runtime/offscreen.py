"""The one offscreen renderer of slides, for ``export`` (pictures) and ``check`` (layout).

A slide is laid out exactly as the kiosk lays it out (same view, same fonts, same word breaks,
same picture sizes), settled (its entrance at its end) and never shown on a screen. Neither
tool runs an event loop, so a view is let go explicitly (:func:`release`) and the deck is
gone through one slide at a time (:func:`one_slide_at_a_time`, :func:`let_go`): memory stays
that of one slide, whatever the deck's length.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core.content.model import Deck, Slide
from kiosk.runtime import pictures
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look
from kiosk.runtime.wordbreak import deck_terms, segment_in_process, use_terms


def prepare(deck: Deck, screens: Iterable[str]) -> None:
    """Fonts, word breaks and picture sizes as the running kiosk has them for ``deck``:
    the bundled fonts, the deck's names and terms kept whole, Chinese word breaks worked out
    in this process, pictures decoded as sharp as the largest of ``screens`` (``WxH``) needs.
    Needs a QApplication (:func:`kiosk.runtime.application.make_application`)."""
    load_bundled_fonts()
    use_terms(deck_terms(deck))
    segment_in_process()
    pictures.set_screens(screens)


def lay_out(slide: Slide, look: Look, language: str) -> SlideView:
    """A view of ``slide`` laid out exactly as on screen (not shown), settled."""
    view = create_slide_view(slide, look, language)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.show()  # lays out children exactly as on screen, and fits the texts
    QApplication.processEvents()
    view.settle()
    QApplication.processEvents()
    return view


def render_slide(slide: Slide, look: Look, language: str) -> QImage:
    """``slide`` drawn at ``look``'s size in its settled state."""
    view = lay_out(slide, look, language)
    image = QImage(look.size, QImage.Format.Format_RGB32)
    image.fill(look.color("background"))
    painter = QPainter(image)
    view.render(painter, QPoint(0, 0))
    painter.end()
    release(view)
    return image


_cycles_left = False


def release(view: QWidget) -> None:
    """Close ``view`` and delete it now, with its children and pictures: ``check`` and
    ``export`` run no event loop, so a plain ``deleteLater`` would keep every slide's views
    until the end (tens of megabytes a slide). A chart's plot holds itself in a reference
    cycle (pyqtgraph's menus), which only the cycle collector frees: see :func:`let_go`."""
    global _cycles_left
    _cycles_left = _cycles_left or getattr(view, "plot", None) is not None
    view.close()
    view.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def let_go() -> None:
    """Between two slides: drop the scaled pictures kept in memory and free the reference
    cycles of released views (call it once the caller let go of them too). The collection
    costs about 30 ms in :func:`one_slide_at_a_time`, so it runs only when a chart was
    released since."""
    global _cycles_left
    pictures.forget_all()
    if _cycles_left:
        _cycles_left = False
        gc.collect()


@contextmanager
def one_slide_at_a_time() -> Iterator[None]:
    """Around a walk through the slides: what is loaded so far (fonts, dictionaries) is
    frozen, so the collection after each slide (:func:`let_go`) skips it and stays fast."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
