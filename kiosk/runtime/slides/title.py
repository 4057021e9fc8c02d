"""The hero slide: kicker, title at hero size, subtitle, one hero figure and the invitation to
touch, beside a ring motif that sweeps in, placed in the space the texts leave free."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.core import decoration
from kiosk.core.content.model import TitleSlide
from kiosk.core.layout_audit import TEXT_KINDS, Rect
from kiosk.core.strings import TOUCH_TO_EXPLORE
from kiosk.runtime.pictures import picture
from kiosk.runtime.screen_regions import LANGUAGE_CORNER
from kiosk.runtime.scrim import backdrop_veil
from kiosk.runtime.slides.background import BACKDROP_VEIL
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.boxes import slide_boxes
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.slides.fitting import settle_layouts
from kiosk.runtime.text_fit import avoid_orphan
from kiosk.runtime.theme import DESIGNED_PROPERTY, Look, make_label
from kiosk.runtime.widgets.count_up import figure_counter
from kiosk.runtime.widgets.drawn import ProgressDrawn

log = logging.getLogger(__name__)

RING_STEP = 0.17
"""Each ring inside the outer one is this share of the outer radius smaller."""
TITLE_SCALE = 1.2
"""The exhibition's title on its hero slide, against the theme's hero size."""
COUNT_MS = 1700
"""How long the hero figure takes to count up."""


class Rings(ProgressDrawn):
    """Concentric arcs in the accent colours; ``progress`` sweeps them in one after another.

    :meth:`place` sets where they go, from :mod:`kiosk.core.decoration`; the widget tells the
    layout audit its geometry (round, with an empty middle) through its properties.
    """

    def __init__(self, look: Look, parent: QWidget | None = None, *, rings: int = 4,
                 strength: float = 1.0, inner_share: float | None = None):
        super().__init__(parent)
        self._look = look
        self._rings = rings
        self._strength = strength
        """Multiplies the arcs' opacity."""
        self._inner_share = (1.0 - RING_STEP * (rings - 1)) if inner_share is None \
            else inner_share
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setProperty("round", True)
        self.setProperty("motif", True)

    @property
    def inner_share(self) -> float:
        """The innermost ring's radius as a share of the outer one."""
        return self._inner_share

    def place(self, rings: decoration.Rings | None) -> None:
        """Put the rings where ``rings`` says; None (no room clear of the texts) leaves them
        no room at all, so nothing is drawn (whether the widget is shown stays the caller's)."""
        if rings is None or self._rings == 0:
            self.setGeometry(0, 0, 0, 0)
            return
        box = rings.box
        self.setGeometry(box.x, box.y, box.width, box.height)
        self._inner_share = rings.inner / rings.outer if rings.outer else 1.0
        self.setProperty("inner_radius", int(rings.inner))

    def _stroke(self, index: int) -> int:
        return self._look.px(0.006 if index == 0 else 0.003)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # The strokes lie inside the widget: between the inner radius and its edge.
        outer = min(self.width(), self.height()) / 2 - self._stroke(0) / 2
        inner = outer * self._inner_share + self._stroke(0)
        center = QPointF(self.width() / 2, self.height() / 2)
        for i in range(self._rings):
            share = min(1.0, max(0.0, self._progress * 1.6 - i * 0.2))
            if share <= 0:
                continue
            step = (outer - inner) / (self._rings - 1) if self._rings > 1 else 0
            radius = outer - i * step
            color = QColor(self._look.color("accent" if i == 0 else "accent_2"))
            color.setAlphaF((0.55 if i == 0 else 0.28) * self._strength)
            painter.setPen(QPen(color, self._stroke(i), Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            box = QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius)
            start = 90 + i * 40
            painter.drawArc(box, int(start * 16), int(-300 * share * 16))
        painter.end()


def inset(widget: QWidget, left: int = 0, top: int = 0, right: int = 0,
          bottom: int = 0) -> QWidget:
    """``widget`` in a holder with these margins around it.

    A label's own contents margins do not survive being added to a layout (Qt resets them
    then), so the room kept free beside a text is the holder's layout margin instead.
    """
    holder = QWidget()
    box = QVBoxLayout(holder)
    box.setContentsMargins(left, top, right, bottom)
    box.setSpacing(0)
    box.addWidget(widget)
    holder.setSizePolicy(widget.sizePolicy())
    return holder


def text_rects(view: SlideView) -> list[Rect]:
    """Every text the view shows, as the layout audit sees it (a ring motif keeps clear)."""
    return [box.rect for box in slide_boxes(view) if box.kind in TEXT_KINDS]


class Pill(QWidget):
    """A rounded outline around one label: the invitation to touch."""

    def __init__(self, look: Look, child: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        row = QHBoxLayout(self)
        pad = look.grid(0.6)
        row.setContentsMargins(pad * 2, pad, pad * 2, pad)
        row.addWidget(child)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(2, self._look.px(0.003))
        painter.setPen(QPen(self._look.color("accent"), width))
        rect = QRectF(self.rect()).adjusted(width, width, -width, -width)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.end()


class View(SlideView):
    """The title slide."""

    slide: TitleSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        width = self.width()
        self._picture = None
        if slide.image is not None and slide.image.resolved:
            # Decoded and scaled to the screen once, never while painting.
            self._picture = picture(slide.image.resolved, look.size, "cover")
        # decorations: false keeps the layout and draws no arcs (the slide's text stays put).
        self.rings = Rings(look, self, rings=4 if slide.decorations else 0)
        self.animate(self.rings, b"progress", duration=1800, movement=True)

        root, column = self.content_column()
        # The text block sits in the left part (landscape) or lower part (portrait); the
        # rings take what the texts leave free once laid out (see after_fit).
        text_width = root.width() if look.portrait else round(root.width() * 0.62)
        right = root.width() - text_width
        # A landscape screen is short for five lines of text: tighter steps between them.
        column.setSpacing(look.grid(1.5 if look.portrait else 1))
        gap = look.grid(1 if look.portrait else 0.5)
        # Portrait: the words in the lower part, the upper band left to the rings.
        column.addStretch(5 if look.portrait else 2)
        delay = 150
        if slide.kicker is not None:
            kicker = make_label(look, self.text(slide.kicker), "body", color="accent", bold=True)
            column.addWidget(self.rise(inset(kicker, right=right), delay))
            delay += STAGGER_MS
        # The exhibition's name, bigger than any other slide's hero text; a long one shrinks
        # to fit (and check reports one that would need to go below the legible size).
        title = make_label(look, self.text(slide.title), "hero", bold=True)
        font = title.font()
        font.setPixelSize(round(font.pixelSize() * TITLE_SCALE))
        title.setFont(font)
        title.setProperty(DESIGNED_PROPERTY, font.pixelSize())
        title_right = max(right, round(width * LANGUAGE_CORNER) if look.portrait else 0)
        avoid_orphan(title, root.width() - title_right)
        column.addWidget(self.rise(inset(title, right=title_right), delay, distance=2.5))
        self.fit_group([title])
        delay += STAGGER_MS * 2
        if slide.subtitle is not None:
            subtitle = make_label(look, self.text(slide.subtitle), "body", color="text",
                                  display=False)
            font = subtitle.font()
            font.setPixelSize(round(font.pixelSize() * 1.25))
            subtitle.setFont(font)
            subtitle.setProperty(DESIGNED_PROPERTY, font.pixelSize())
            column.addWidget(self.rise(inset(subtitle, top=look.grid(0.5), right=right), delay))
            self.fit_group([subtitle])
            delay += STAGGER_MS
        if slide.figure is not None:
            column.addSpacing(gap)
            column.addWidget(self.rise(self._hero_figure(right, delay), delay))
            delay += STAGGER_MS * 2
        if slide.cue:
            column.addSpacing(gap)
            words = make_label(look, TOUCH_TO_EXPLORE.joined("  ·  "), "body", color="accent",
                               wrap=False)
            row = QHBoxLayout()
            row.addWidget(self.rise(Pill(look, words), delay + STAGGER_MS * 3))
            row.addStretch(1)
            column.addLayout(row)
        column.addStretch(1 if look.portrait else 2)
        if slide.footer is not None:
            footer = make_label(look, self.text(slide.footer), "caption", color="muted")
            column.addWidget(self.rise(footer, delay))
        self.place_rings()

    def _hero_figure(self, right: int, delay: int) -> QWidget:
        """The one strongest number, big in the accent colour, its words beside it."""
        look, figure, language = self.look, self.slide.figure, self.language
        assert figure is not None
        number_font = look.font("number", bold=True)
        number_font.setPixelSize(round(number_font.pixelSize() * 1.25))
        counter = figure_counter(figure, look, language, number_font)
        counter.setFixedWidth(counter.sizeHint().width())
        self.counter = counter
        self.animate(counter, b"progress", delay=delay, duration=COUNT_MS,
                     easing=QEasingCurve.Type.OutCubic)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, right, 0)
        row.setSpacing(look.grid(1.2))
        row.addWidget(counter, 0, Qt.AlignmentFlag.AlignVCenter)
        words = QVBoxLayout()
        words.setSpacing(0)
        label = make_label(look, self.text(figure.label), "body")
        font = label.font()
        font.setPixelSize(round(font.pixelSize() * 1.15))
        label.setFont(font)
        words.addStretch(1)
        words.addWidget(label)
        words.addStretch(1)
        row.addLayout(words, 1)
        return holder

    def after_fit(self) -> None:
        settle_layouts(self)
        self.place_rings()

    def place_rings(self) -> None:
        """The largest rings, up to their designed size, clear of every text: off the right
        edge (landscape) or in the top right (portrait), wherever leaves them more room."""
        if not self.slide.decorations:
            self.rings.place(None)
            return
        settle_layouts(self)
        look, width, height = self.look, self.width(), self.height()
        if look.portrait:
            outer = width * 0.475
            centres = [(width * 1.025, height * 0.08 + outer), (width * 0.7, height * 0.17),
                       (width * 0.85, outer * 0.6), (width * 0.5, outer * 0.25)]
        else:
            outer = height * 0.475
            centres = [(width * 0.74 + outer, height * 0.45), (width * 0.8 + outer, height * 0.45),
                       (width * 0.92, height * 0.2), (width, height * 0.5)]
        placed = decoration.rings_beside(
            text_rects(self), centres, outer=outer, inner_share=self.rings.inner_share,
            gap=look.grid(1.5), least=look.unit * 0.3)
        self.rings.place(placed)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._picture is None:
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._picture)
        # A dark veil keeps the text's contrast whatever the picture (stronger over a light
        # one, so that text keeps 4.5:1).
        veil = QColor(self.look.color("background"))
        veil.setAlphaF(backdrop_veil(self._picture, self.look, BACKDROP_VEIL))
        painter.fillRect(self.rect(), veil)
        painter.end()
