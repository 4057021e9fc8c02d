"""What every slide view offers the stage: entrance, settling, language, details.

:class:`SlideView` is the contract the stage and the tools rely on, and the short API a slide
type builds with. Each job behind that API lives in a part of its own:

- :mod:`~kiosk.runtime.slides.entrance`: the entrance animation (:class:`Entrance`);
- :mod:`~kiosk.runtime.slides.layout`: the margins, safe area, content column and header
  (:class:`SlideLayout`);
- :mod:`~kiosk.runtime.slides.extras`: the sources line and the QR code (:class:`Extras`);
- :mod:`~kiosk.runtime.slides.fitting`: fitting the texts and the fit report the tools read
  (:class:`TextFitter`, :class:`FitNote`); :mod:`~kiosk.runtime.slides.boxes` reports every
  box drawn, for the layout audit (a view adds what it paints itself through
  :meth:`SlideView.drawn_boxes`, :meth:`SlideView.photo_under_texts` and
  :meth:`SlideView.scrim_rects`);
- :mod:`~kiosk.runtime.slides.background`: the background, drawn once per size.

The detail overlay (a card's, a milestone's explanation) stays here: opening and closing it
is what the view tells the stage, through :attr:`SlideView.detail_opened`.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QObject,
    QParallelAnimationGroup,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QPaintEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Slide, Text
from kiosk.core.layout_audit import Box
from kiosk.runtime.slides.background import SlideBackground
from kiosk.runtime.slides.entrance import RISE_MS, Entrance
from kiosk.runtime.slides.extras import Extras
from kiosk.runtime.slides.fitting import FitNote, TextFitter
from kiosk.runtime.slides.layout import SlideLayout
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.detail_panel import DetailPanel
from kiosk.runtime.widgets.qr import QrBlock
from kiosk.runtime.widgets.reveal import Rise


class SlideView(QWidget):
    """A slide drawn from the model. Views show; they never change the deck.

    Subclasses build their widgets in :meth:`build` (called by the constructor and again
    on a language change) and register their entrance with :meth:`rise` and
    :meth:`animate`; :meth:`enter` replays it and :meth:`settle` jumps to its end. A view is
    built in its settled state, so it is never blank before :meth:`enter` is called.
    """

    detail_opened = Signal(bool)
    """True while a detail (a card, a milestone, a reform) is open: auto-advance pauses."""
    touched = Signal()
    """A visitor interacted with something inside the slide (counts as input)."""

    def __init__(
        self,
        slide: Slide,
        look: Look,
        language: str,
        parent: QWidget | None = None,
        *,
        reduce_motion: bool = False,
    ):
        super().__init__(parent)
        self.slide = slide
        self.look = look
        self.language = language
        self.reduce_motion = reduce_motion
        """Movement becomes short fades (deck.settings.reduce_motion)."""
        self.resize(look.size)
        self.setAutoFillBackground(False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.background = SlideBackground(slide, look)
        self._entrance = Entrance(self, look, reduce_motion=reduce_motion)
        self._detail: DetailPanel | None = None
        self.fit_report: list[FitNote] = []
        """Every content text once laid out: cut, shrunk or fine (filled when first shown)."""
        self.qr_block: QrBlock | None = None
        """The slide's QR code and its caption (None without one)."""
        self.sources_label: QLabel | None = None
        """The slide's sources line (None when it shows none)."""
        self._build_parts()

    def _build_parts(self) -> None:
        """The per-language parts, then the slide type's widgets, then the extras."""
        self._extras = Extras(self.slide, self.look, self.language)
        self._layout = SlideLayout(self, self.look, self._extras, self._entrance)
        self._fitter = TextFitter(self, self.look)
        self.build()
        self.qr_block, self.sources_label = self._extras.place(self, self.outer_rect())

    def text(self, value: Text | None) -> str:
        """A model :class:`~kiosk.core.content.model.Text` in this view's language ('' for None)."""
        return value.get(self.language) if value is not None else ""

    # ------------------------------------------------- what a slide type implements

    def build(self) -> None:
        """Create the child widgets for :attr:`slide` in :attr:`language`."""

    def after_fit(self) -> None:
        """Adjust the layout once the texts have their final sizes, before any is cut (a
        card's picture gives its texts the height they now need)."""

    # What the box report (kiosk/runtime/slides/boxes.py) cannot find among the widgets: a
    # slide type that paints content itself says so here.

    def drawn_boxes(self) -> list[Box]:
        """What the view paints itself rather than as widgets (a chart's bars and value
        labels), as boxes for the layout audit; none by default."""
        return []

    def photo_under_texts(self) -> bool:
        """Whether the view paints a photo across the whole slide, under its texts (a
        full-bleed picture); not by default."""
        return False

    def scrim_rects(self) -> list[QRect]:
        """Where that photo lies under the gradients painted to keep text readable: texts
        may sit on the photo there and nowhere else; none by default."""
        return []

    # ------------------------------------------------------ what the stage calls

    def set_language(self, language: str) -> None:
        """Show the slide in another language, in its settled state."""
        if language == self.language:
            return
        self.close_detail()
        self.language = language
        self._entrance.clear()
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.hide()
            child.setParent(None)
            child.deleteLater()
        self._detail = None
        self._build_parts()
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.show()
        if self.isVisible():
            self.fit_texts()
        self.settle()

    def enter(self) -> None:
        """Play the entrance animation from the start (each time the slide comes on)."""
        self.close_detail()
        self._entrance.play()

    def prepare_entrance(self) -> None:
        """Put everything at the start of the entrance without playing it (a slide sliding in
        waits like this until it lands; :meth:`enter` then plays from here)."""
        self.close_detail()
        self._entrance.rewind()

    def settle(self) -> None:
        """Jump to the end of the entrance: counters at their values, everything in place."""
        self._entrance.settle()

    @property
    def entrance(self) -> QParallelAnimationGroup:
        """The whole entrance; its ``finished`` signal says it has settled."""
        return self._entrance.group

    def close_detail(self) -> bool:
        """Close an open detail; True if one was open."""
        if self._detail is not None and self._detail.is_open:
            self._detail.dismiss()
            return True
        return False

    # ----------------------------------------------- building blocks for build()

    def animate(
        self,
        target: QObject,
        prop: bytes,
        *,
        delay: int = 0,
        duration: int = RISE_MS,
        start: float = 0.0,
        end: float = 1.0,
        easing: QEasingCurve.Type = QEasingCurve.Type.OutCubic,
        movement: bool = True,
    ) -> None:
        """Add ``target.prop`` going ``start`` → ``end`` after ``delay`` ms to the entrance
        (see :meth:`Entrance.animate <kiosk.runtime.slides.entrance.Entrance.animate>`)."""
        self._entrance.animate(target, prop, delay=delay, duration=duration, start=start,
                               end=end, easing=easing, movement=movement)

    def rise(self, widget: QWidget, delay: int = 0, *, distance: float = 1.5) -> Rise:
        """Wrap ``widget`` so it rises ``distance`` grid units and fades in after ``delay``."""
        return self._entrance.rise(widget, delay, distance=distance)

    def outer_rect(self) -> QRect:
        """Inside the margins and above the chrome: where the sources line and QR code go."""
        return self._layout.outer_rect()

    def safe_rect(self) -> QRect:
        """Where content goes: inside the margins, above the chrome, clear of the sources
        line and QR code."""
        return self._layout.safe_rect()

    def centred_rect(self) -> QRect:
        """:meth:`safe_rect` made symmetric, for content centred on the screen."""
        return self._layout.centred_rect()

    def sources_text(self) -> str:
        """The slide's sources line as shown ('' when it shows none)."""
        return self._extras.sources_text

    def content_column(self, area: QRect | None = None) -> tuple[QWidget, QVBoxLayout]:
        """A full-slide container with a vertical layout over ``area`` (default:
        :meth:`safe_rect`)."""
        return self._layout.content_column(area)

    def header(self, column: QVBoxLayout, title: str, subtitle: str = "",
               *, delay: int = 0) -> list[QLabel]:
        """The slide's title (wrapping, clear of the top-right corner) and subtitle."""
        return self._layout.header(column, title, subtitle, delay=delay)

    def area_below_header(self, title: str) -> QRect:
        """Put the title at the top and return the free rectangle below it, for a diagram
        that places its own widgets (the timeline's track, the reforms' hub)."""
        return self._layout.area_below_header(title)

    def fit_group(self, labels: list[QLabel]) -> None:
        """Shrink these labels, all to the same size, until each fits the box it is given.

        Runs when the view is first shown (only then do nested widgets have their final
        sizes); never below the caption size, so text stays legible.
        """
        self._fitter.add_group(labels)

    # ------------------------------------------------------------------ fitting

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitter.done:
            self.fit_texts()

    def fit_texts(self) -> None:
        """Fit every text and fill :attr:`fit_report` (when first shown, and again after a
        language change). A slide type that places things by the texts' final sizes (the
        metrics' rows) extends this."""
        self.fit_report = self._fitter.fit(self.after_fit)

    # ------------------------------------------------------------------ detail

    def show_detail(self, title: str, body: str, *, figure: str = "", source: str = "",
                    kicker: str = "", image: str = "", headline: str = "") -> None:
        """Open the detail overlay; emits ``detail_opened(True)`` (and False on closing)."""
        self.touched.emit()
        if self._detail is None:
            self._detail = DetailPanel(self.look, self)
            self._detail.closed.connect(self._on_detail_closed)
        was_open = self._detail.is_open
        self._detail.show_detail(title, body, figure=figure, source=source, kicker=kicker,
                                 image=image, headline=headline)
        if not was_open:
            self.detail_opened.emit(True)

    @property
    def detail(self) -> DetailPanel | None:
        """The detail overlay, once one has been opened."""
        return self._detail

    def _on_detail_closed(self) -> None:
        self.touched.emit()
        self.detail_opened.emit(False)

    # ---------------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        self.background.blit(self, event.rect())
