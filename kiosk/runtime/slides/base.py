"""What every slide view offers the stage: entrance, settling, language, details.

Besides the contract (:class:`SlideView`), this module holds what all views share: the safe
area of the screen, the header (title and subtitle), the entrance timeline, the background
and the detail overlay.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QObject,
    QParallelAnimationGroup,
    QPoint,
    QPointF,
    QPropertyAnimation,
    QRect,
    QSequentialAnimationGroup,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QRadialGradient
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Slide, compact_source, slide_sources, slide_texts
from kiosk.core.strings import SOURCE, SOURCES, cites_a_source
from kiosk.runtime.pictures import picture
from kiosk.runtime.scrim import backdrop_veil
from kiosk.runtime.text_fit import (
    FITTED_PROPERTY,
    avoid_orphan,
    balance_lines,
    elide_label,
    fit_label,
)
from kiosk.runtime.theme import CONTENT_PROPERTY, DESIGNED_PROPERTY, Look, make_label
from kiosk.runtime.widgets.detail_panel import DetailPanel
from kiosk.runtime.widgets.qr import QrBlock, qr_block_size
from kiosk.runtime.widgets.reveal import Rise
from kiosk.runtime.widgets.static_pixmaps import SHARED, blit

log = logging.getLogger(__name__)

STAGGER_MS = 90
"""Delay between one entering element and the next."""
RISE_MS = 650
"""How long one element takes to rise into place."""
REDUCED_MS = 260
"""With reduce_motion, every entrance is a short fade of this length, without movement."""
CHROME = 0.10
"""Bottom fraction of the screen that belongs to the runtime (progress dots, buttons)."""
BACKDROP_VEIL = 0.72
"""Least opacity of the background-coloured veil over a slide's background picture (a light
picture gets a stronger one: :func:`kiosk.runtime.scrim.backdrop_veil`)."""
CORNER = 0.12
"""Width fraction of the top-right corner kept free of titles (the language toggle)."""


@dataclass
class FitNote:
    """How one content text fared on a laid-out slide (what the fit check reports)."""

    label: QLabel
    content: str
    """The text as the curator wrote it."""
    cut_lines: int
    """Lines that did not fit, even at the smallest size (then it ends in an ellipsis)."""
    designed_px: int
    final_px: int
    """The size the text itself needed (its fit group may show it smaller, to match)."""
    floor_px: int
    """The smallest legible size: texts are never shrunk below it."""

    @property
    def shrunk_to_floor(self) -> bool:
        return self.final_px <= self.floor_px < self.designed_px


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
        self._entrance = QParallelAnimationGroup(self)
        self._tracks: list[tuple[QObject, bytes, float, float]] = []
        self._detail: DetailPanel | None = None
        self._fit_groups: list[list[QLabel]] = []
        self._fitted = False
        self.fit_report: list[FitNote] = []
        """Every content text once laid out: cut, shrunk or fine (filled when first shown)."""
        self._sources_heights: dict[str, int] = {}
        self._backdrop = None
        if slide.background is not None and slide.background.resolved:
            # Scaled once to the screen here, never while painting (see runtime/pictures.py).
            self._backdrop = picture(slide.background.resolved, look.size, "cover")
        self.build()
        self._add_extras()

    def text(self, value) -> str:
        """A model :class:`~kiosk.core.content.model.Text` in this view's language ('' for None)."""
        return value.get(self.language) if value is not None else ""

    def build(self) -> None:
        """Create the child widgets for :attr:`slide` in :attr:`language`."""

    def set_language(self, language: str) -> None:
        """Show the slide in another language, in its settled state."""
        if language == self.language:
            return
        self.close_detail()
        self.language = language
        self._entrance.stop()
        # Taken out one by one: QAnimationGroup.clear() warns "index is out of bounds" in Qt 6.
        while self._entrance.animationCount():
            self._entrance.takeAnimation(0).deleteLater()
        self._tracks.clear()
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.hide()
            child.setParent(None)
            child.deleteLater()
        self._detail = None
        self._fit_groups = []
        self._fitted = False
        self.build()
        self._add_extras()
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            child.show()
        if self.isVisible():
            self._fit_texts()
        self.settle()

    def enter(self) -> None:
        """Play the entrance animation from the start (each time the slide comes on)."""
        self.close_detail()
        self._entrance.stop()
        for target, prop, start, _end in self._tracks:
            target.setProperty(prop.decode(), start)
        self._entrance.start()

    def prepare_entrance(self) -> None:
        """Put everything at the start of the entrance without playing it (a slide sliding in
        waits like this until it lands; :meth:`enter` then plays from here)."""
        self.close_detail()
        self._entrance.stop()
        for target, prop, start, _end in self._tracks:
            target.setProperty(prop.decode(), start)

    def settle(self) -> None:
        """Jump to the end of the entrance: counters at their values, everything in place."""
        self._entrance.stop()
        for target, prop, _start, end in self._tracks:
            target.setProperty(prop.decode(), end)

    @property
    def entrance(self) -> QParallelAnimationGroup:
        """The whole entrance; its ``finished`` signal says it has settled."""
        return self._entrance

    def close_detail(self) -> bool:
        """Close an open detail; True if one was open."""
        if self._detail is not None and self._detail.is_open:
            self._detail.dismiss()
            return True
        return False

    # ----------------------------------------------------------------- entrance

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
        """Add ``target.prop`` going ``start`` → ``end`` after ``delay`` ms to the entrance.

        With reduce_motion a ``movement`` (a count, a growing bar, a line drawing) does not
        play at all, and everything else is a short fade starting nearly together.
        """
        if self.reduce_motion:
            if movement:
                start = end
            delay, duration = delay // 4, REDUCED_MS
            easing = QEasingCurve.Type.Linear
        sequence = QSequentialAnimationGroup(self._entrance)
        if delay:
            sequence.addPause(delay)
        animation = QPropertyAnimation(target, prop, sequence)
        animation.setStartValue(float(start))
        animation.setEndValue(float(end))
        animation.setDuration(duration)
        animation.setEasingCurve(easing)
        sequence.addAnimation(animation)
        self._entrance.addAnimation(sequence)
        self._tracks.append((target, prop, float(start), float(end)))

    def rise(self, widget: QWidget, delay: int = 0, *, distance: float = 1.5) -> Rise:
        """Wrap ``widget`` so it rises ``distance`` grid units and fades in after ``delay``."""
        holder = Rise(widget, 0 if self.reduce_motion else self.look.grid(distance))
        self.animate(holder, b"progress", delay=delay, movement=False)
        return holder

    # ------------------------------------------------------------------ layout

    def safe_rect(self) -> QRect:
        """Where content goes: inside the margins, above the runtime's chrome at the bottom,
        clear of the slide's sources line and QR code."""
        area = self.outer_rect()
        bottom = self._sources_height()
        if self.slide.qr:
            qr = qr_block_size(self.look)
            if self.look.portrait:
                bottom = max(bottom, qr.height()) + self.look.grid(1)
            else:
                area.setRight(area.right() - qr.width() - self.look.grid(2))
        return area.adjusted(0, 0, 0, -bottom - (self.look.grid(1) if bottom else 0))

    def centred_rect(self) -> QRect:
        """:meth:`safe_rect` made symmetric about the middle of :meth:`outer_rect`: what the
        QR code and sources line take on one side is left free on the other too, so centred
        text sits in the middle of the screen with or without them."""
        outer, safe = self.outer_rect(), self.safe_rect()
        side = max(safe.left() - outer.left(), outer.right() - safe.right())
        end = max(safe.top() - outer.top(), outer.bottom() - safe.bottom())
        return outer.adjusted(side, end, -side, -end)

    def outer_rect(self) -> QRect:
        """Inside the margins and above the chrome: where the sources line and QR code go."""
        look, width, height = self.look, self.width(), self.height()
        side = max(look.grid(4), round(width * 0.055))
        top = look.grid(3.5)
        bottom = round(height * CHROME) + look.grid(1)
        return QRect(side, top, width - 2 * side, height - top - bottom)

    def sources_text(self) -> str:
        """The slide's sources line: each source once, compact (publisher and date), after
        "Source:" in the visitor's language; empty when the slide has no source, or when its
        own words already cite one (a text holding "Source" or "来源")."""
        written = " ".join(text.get(self.language) for text in slide_texts(self.slide))
        if cites_a_source(written):
            return ""
        sources = list(dict.fromkeys(compact_source(s) for s in slide_sources(self.slide)))
        if not sources:
            return ""
        label = SOURCES if len(sources) > 1 else SOURCE
        return getattr(label, self.language) + "; ".join(sources)

    def _sources_height(self) -> int:
        # safe_rect() asks often while a slide is built: measure once per language.
        known = self._sources_heights.get(self.language)
        if known is not None:
            return known
        text = self.sources_text()
        if not text:
            self._sources_heights[self.language] = 0
            return 0
        probe = make_label(self.look, text, "caption", color="muted")
        width = self.outer_rect().width()
        if self.slide.qr:
            width -= qr_block_size(self.look).width() + self.look.grid(2)
        self._sources_heights[self.language] = probe.heightForWidth(width)
        return self._sources_heights[self.language]

    def _add_extras(self) -> None:
        """The slide-wide extras every type may carry: its sources line and its QR code."""
        area = self.outer_rect()
        qr_width = 0
        if self.slide.qr:
            size = qr_block_size(self.look)
            qr_width = size.width() + self.look.grid(2)
            block = QrBlock(self.look, self.slide.qr, self.text(self.slide.qr_caption),
                            self.language, self)
            block.setGeometry(area.right() - size.width() + 1, area.bottom() - size.height() + 1,
                              size.width(), size.height())
            self.qr_block = block
        text = self.sources_text()
        if text:
            label = make_label(self.look, text, "caption", color="muted", parent=self)
            label.setObjectName("sources")
            width = area.width() - qr_width  # left of the QR code, if there is one
            height = label.heightForWidth(width)
            label.setGeometry(area.left(), area.bottom() - height + 1, width, height)
            self.sources_label = label

    def content_column(self, area: QRect | None = None) -> tuple[QWidget, QVBoxLayout]:
        """A full-slide container with a vertical layout over ``area`` (default:
        :meth:`safe_rect`)."""
        root = QWidget(self)
        root.setGeometry(area if area is not None else self.safe_rect())
        column = QVBoxLayout(root)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.look.grid(1.5))
        return root, column

    def header(self, column: QVBoxLayout, title: str, subtitle: str = "",
               *, delay: int = 0) -> list[QLabel]:
        """The slide's title (wrapping, clear of the top-right corner) and subtitle."""
        look = self.look
        labels = []
        title_label = make_label(look, title, "title", bold=True)
        labels.append(title_label)
        # Keep the title out of the top-right corner, where the language toggle sits.
        title_label.setContentsMargins(0, 0, round(self.width() * CORNER), 0)
        avoid_orphan(title_label, self.safe_rect().width() - round(self.width() * CORNER))
        column.addWidget(self.rise(title_label, delay))
        if subtitle:
            sub = make_label(look, subtitle, "body", color="muted")
            sub.setContentsMargins(0, 0, round(self.width() * CORNER), 0)
            labels.append(sub)
            column.addWidget(self.rise(sub, delay + STAGGER_MS))
        return labels

    def area_below_header(self, title: str) -> QRect:
        """Put the title at the top and return the free rectangle below it, for a diagram
        that places its own widgets (the timeline's track, the reforms' hub)."""
        root, column = self.content_column()
        self.header(column, title)
        column.addStretch(1)
        root.layout().activate()
        header_bottom = max(w.geometry().bottom() for w in root.findChildren(QWidget)
                            if w.parent() is root)
        return root.geometry().adjusted(0, header_bottom + self.look.grid(2), 0, 0)

    def fit_group(self, labels: list[QLabel]) -> None:
        """Shrink these labels, all to the same size, until each fits the box it is given.

        Runs when the view is first shown (only then do nested widgets have their final
        sizes); never below the caption size, so text stays legible.
        """
        if labels:
            self._fit_groups.append(labels)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fit_texts()

    def _fit_texts(self) -> None:
        # Measure every text where it settles, even when the slide is first shown
        # mid-entrance (a rising text, lowered or parked, would seem clipped and be cut).
        with ExitStack() as stack:
            for holder in self.findChildren(Rise):
                stack.enter_context(holder.at_rest())
            self._fit_texts_at_rest()

    def _fit_texts_at_rest(self) -> None:
        self._fitted = True
        self._settle_layouts()
        minimum = self.look.px(self.look.theme.type_scale.caption)
        # Twice: a shrunk text changes its layout's shares, so a neighbour may then get
        # less height than it was fitted to (a card's name under a shrunk headline).
        for _round in range(2):
            for labels in self._fit_groups:
                for label in labels:
                    fit_label(label, label.width(), label.height(), minimum)
                    # The size this text needs on its own; the group then shares the smallest.
                    label.setProperty(FITTED_PROPERTY, label.font().pixelSize())
                smallest = min(label.font().pixelSize() for label in labels)
                for label in labels:
                    if label.font().pixelSize() != smallest:
                        font = label.font()
                        font.setPixelSize(smallest)
                        label.setFont(font)
            self._settle_layouts()
        self.after_fit()
        self._settle_layouts()
        # A text that still does not fit is cut after its last whole line, with an ellipsis,
        # and recorded for the fit check; then every wrapping text breaks into even lines.
        self.fit_report = []
        for label in self.findChildren(QLabel):
            if not label.isVisibleTo(self) or label.property(CONTENT_PROPERTY) is None:
                continue
            room = self._room(label)
            cut = elide_label(label, label.width(), room.height())
            size = label.font().pixelSize()
            self.fit_report.append(FitNote(
                label, label.property(CONTENT_PROPERTY), cut,
                int(label.property(DESIGNED_PROPERTY) or size),
                int(label.property(FITTED_PROPERTY) or size), minimum))
        for label in self.findChildren(QLabel):
            if label.isVisibleTo(self):
                balance_lines(label)

    def after_fit(self) -> None:
        """Adjust the layout once the texts have their final sizes, before any is cut (a
        card's picture gives its texts the height they now need)."""

    def _settle_layouts(self) -> None:
        """Let every nested layout take its final sizes (they settle through posted events)."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        for child in self.findChildren(QWidget):
            if child.layout() is not None:
                child.layout().activate()

    def _room(self, label: QLabel) -> QRect:
        """The part of ``label`` its parents (and the slide) leave visible, in slide pixels."""
        room = QRect(label.mapTo(self, QPoint(0, 0)), label.size())
        parent = label.parentWidget()
        while parent is not None and parent is not self:
            room &= QRect(parent.mapTo(self, QPoint(0, 0)), parent.size())
            parent = parent.parentWidget()
        return room & self.rect()

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

    def paintEvent(self, event) -> None:
        # The background never changes for a size: draw it once (shared by every view with
        # the same look) and copy only the repainted part, instead of refilling the gradient
        # or re-blending the backdrop on every frame.
        look = self.look
        backdrop = self._backdrop.cacheKey() if self._backdrop is not None else None
        key = ("slide-background", self.slide.background_color or "", backdrop,
               look.color("background").rgba(), look.color("surface").rgba(), look.unit)
        picture = SHARED.picture(key, self.size(), self.devicePixelRatioF(),
                                 self._paint_background, opaque=True)
        painter = QPainter(self)
        blit(painter, event.rect(), picture)
        painter.end()

    def _paint_background(self, painter: QPainter, size: QSize) -> None:
        look = self.look
        whole = QRect(0, 0, size.width(), size.height())
        painter.fillRect(whole, QColor(self.slide.background_color)
                         if self.slide.background_color else look.color("background"))
        if self._backdrop is not None:
            painter.drawPixmap(0, 0, self._backdrop)
            # A dark veil keeps the text's contrast whatever the picture: the designed one,
            # stronger where the picture is so light that text would fall below 4.5:1.
            veil = QColor(look.color("background"))
            veil.setAlphaF(backdrop_veil(self._backdrop, look, BACKDROP_VEIL))
            painter.fillRect(whole, veil)
            return
        # A faint glow of the surface colour, top left, gives the navy some depth.
        glow = QRadialGradient(QPointF(size.width() * 0.15, 0), look.unit * 1.1)
        surface = QColor(look.color("surface"))
        surface.setAlphaF(0.55)
        glow.setColorAt(0.0, surface)
        surface.setAlphaF(0.0)
        glow.setColorAt(1.0, surface)
        painter.fillRect(whole, glow)
