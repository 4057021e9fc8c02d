"""The hero slide: kicker, title at hero size, subtitle and the invitation to touch, with a ring
motif that sweeps in.

With a hero figure the rings frame it: the number, as big as the title or bigger, counts up in
the rings' empty middle with its words under it, the whole beside the texts (landscape) or above
them (portrait). Without one the rings are decoration, placed in the space the texts leave free.
Either way they never cross a text (:mod:`kiosk.core.decoration`)."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEasingCurve, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

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
from kiosk.runtime.text_fit import FITTED_PROPERTY, avoid_orphan, plain_text, widest_line
from kiosk.runtime.theme import DESIGNED_PROPERTY, Look, make_label, set_designed_size
from kiosk.runtime.widgets.count_up import CountUpLabel, figure_counter
from kiosk.runtime.widgets.drawn import ProgressDrawn

log = logging.getLogger(__name__)

RING_STEP = 0.17
"""Each ring inside the outer one is this share of the outer radius smaller."""
TITLE_SCALE = 1.2
"""The exhibition's title on its hero slide, against the theme's hero size."""
COUNT_MS = 1700
"""How long the hero figure takes to count up."""
FRAME_INNER = 0.8
"""Rings framing the hero figure: the innermost ring's radius against the outer one's (a band
of rings round a wide empty middle, where the figure sits)."""
NUMBER_SCALE_LANDSCAPE = 1.45
"""The hero figure's number against the title's size, on a landscape screen."""
NUMBER_WIDTH_PORTRAIT = 0.17
"""The hero figure's number on a portrait screen, as a share of the screen's width."""
NUMBER_GIVES = (1.0, 0.85, 0.7)
"""The hero number's sizes against its designed one, tried in turn when its words do not fit
the rings' middle even at the legible floor."""
TEXT_SHARE = 0.54
"""The texts' share of the content width in landscape when the rings frame a figure beside."""
FRAME_LIMIT = 0.46
"""The framing rings' largest radius, as a share of the content's width (portrait) or height
(landscape): a frame, not a wall."""
FRAME_LEAST = 0.3
"""Their smallest radius in portrait, as a share of the content's width: long texts under
them shrink rather than squeeze the hero figure out."""


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

    def stroke_width(self) -> int:
        """The outer ring's stroke, the widest: what a text inside keeps clear of."""
        return self._stroke(0)

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


class HeroFigure(QWidget):
    """The hero figure's number and, under it, its words: both centred, placed by the view
    inside the rings' empty middle (:meth:`View.place_hero`)."""

    def __init__(self, counter: CountUpLabel, label: QLabel) -> None:
        super().__init__()
        self.counter = counter
        self.label = label
        counter.setParent(self)
        label.setParent(self)


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
        self.rings = Rings(look, self, rings=4 if slide.decorations else 0,
                           inner_share=FRAME_INNER if slide.figure is not None else None)
        self.animate(self.rings, b"progress", duration=1800, movement=True)

        root, column = self.content_column()
        self.stage: QWidget | None = None
        """Where the rings frame the hero figure (None without a figure)."""
        self.hero: HeroFigure | None = None
        if slide.figure is not None:
            self.stage = QWidget()
            self.stage.setSizePolicy(QSizePolicy.Policy.Expanding,
                                     QSizePolicy.Policy.Expanding)
        if self.stage is not None and look.portrait:
            # The framed figure in the upper part, the words under it.
            self.stage.setMaximumHeight(round(2 * FRAME_LIMIT * root.width()))
            self.stage.setMinimumHeight(round(2 * FRAME_LEAST * root.width()))
            column.addStretch(1)
            column.addWidget(self.stage, 12)
            column.addSpacing(look.grid(1))
            right = title_right = 0
            text_room = root.width()
        elif self.stage is not None:
            # The words on the left, the framed figure on the right.
            texts = QWidget()
            text_room = round(root.width() * TEXT_SHARE)
            texts.setFixedWidth(text_room)
            row = QHBoxLayout()
            row.setSpacing(look.grid(2))
            row.addWidget(texts)
            row.addWidget(self.stage, 1)
            column.addLayout(row, 1)
            column = QVBoxLayout(texts)
            column.setContentsMargins(0, 0, 0, 0)
            right = title_right = 0
        else:
            # The text block sits in the left part (landscape) or lower part (portrait); the
            # rings take what the texts leave free once laid out (see after_fit).
            text_width = root.width() if look.portrait else round(root.width() * 0.62)
            right = root.width() - text_width
            title_right = max(right, round(width * LANGUAGE_CORNER) if look.portrait else 0)
            text_room = root.width()
        # A landscape screen is short for five lines of text: tighter steps between them.
        column.setSpacing(look.grid(1.5 if look.portrait else 1))
        gap = look.grid(1 if look.portrait else 0.5)
        if self.stage is None:
            # Portrait: the words in the lower part, the upper band left to the rings.
            column.addStretch(5 if look.portrait else 2)
        elif not look.portrait:
            column.addStretch(2)
        delay = 150
        if slide.kicker is not None:
            kicker = make_label(look, self.text(slide.kicker), "body", color="accent", bold=True)
            column.addWidget(self.rise(inset(kicker, right=right), delay))
            delay += STAGGER_MS
        # The exhibition's name, bigger than any other slide's hero text; a long one shrinks
        # to fit (and check reports one that would need to go below the legible size).
        title = make_label(look, self.text(slide.title), "hero", bold=True)
        set_designed_size(title, round(title.font().pixelSize() * TITLE_SCALE))
        avoid_orphan(title, text_room - title_right)
        column.addWidget(self.rise(inset(title, right=title_right), delay, distance=2.5))
        self.fit_group([title])
        delay += STAGGER_MS * 2
        if slide.subtitle is not None:
            subtitle = make_label(look, self.text(slide.subtitle), "body", color="text",
                                  display=False)
            set_designed_size(subtitle, round(subtitle.font().pixelSize() * 1.25))
            column.addWidget(self.rise(inset(subtitle, top=look.grid(0.5), right=right), delay))
            self.fit_group([subtitle])
            delay += STAGGER_MS
        if slide.figure is not None:
            self.hero = self._hero_figure(title.font().pixelSize(), delay)
            delay += STAGGER_MS * 2
        if slide.cue:
            column.addSpacing(gap)
            # Both languages, the slide's own first: a Chinese screen invites in Chinese.
            words = make_label(look, TOUCH_TO_EXPLORE.joined("  ·  ", first=self.language),
                               "body", color="accent", wrap=False)
            row = QHBoxLayout()
            row.addWidget(self.rise(Pill(look, words), delay + STAGGER_MS * 3))
            row.addStretch(1)
            column.addLayout(row)
        column.addStretch(1 if look.portrait else 2)
        if slide.footer is not None:
            footer = make_label(look, self.text(slide.footer), "caption", color="muted")
            column.addWidget(self.rise(footer, delay))
        self.place_rings()

    def _hero_figure(self, title_px: int, delay: int) -> HeroFigure:
        """The one strongest number, big in the accent colour, its words centred under it;
        :meth:`place_hero` puts them in the rings' empty middle."""
        look, figure, language = self.look, self.slide.figure, self.language
        assert figure is not None
        number_font = look.font("number", bold=True)
        number_font.setPixelSize(
            round(self.width() * NUMBER_WIDTH_PORTRAIT) if look.portrait
            else round(title_px * NUMBER_SCALE_LANDSCAPE))
        counter = figure_counter(figure, look, language, number_font)
        self.counter = counter
        self.animate(counter, b"progress", delay=delay, duration=COUNT_MS,
                     easing=QEasingCurve.Type.OutCubic)
        label = make_label(look, self.text(figure.label), "body",
                           align=Qt.AlignmentFlag.AlignHCenter)
        set_designed_size(label, round(label.font().pixelSize() * 1.15))
        hero = HeroFigure(counter, label)
        holder = self.rise(hero, delay)
        holder.setParent(self)
        return hero

    def after_fit(self) -> None:
        settle_layouts(self)
        self.place_rings()

    def place_rings(self) -> None:
        """The largest rings, up to their designed size, clear of every text: off the right
        edge (landscape) or in the top right (portrait), wherever leaves them more room; with a
        hero figure, the rings that frame it (:meth:`place_hero`)."""
        if self.stage is not None:
            self.place_hero()
            return
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

    def place_hero(self) -> None:
        """The framing rings as big as the stage the texts leave them (up to
        :data:`FRAME_LIMIT`), and the hero figure in their empty middle: its words as large as
        fits, down to the legible floor (below it they are cut, and check says so)."""
        settle_layouts(self)
        assert self.stage is not None and self.hero is not None
        look = self.look
        area = QRect(self.stage.mapTo(self, QPoint(0, 0)), self.stage.size())
        limit = FRAME_LIMIT * (self.safe_rect().width() if look.portrait
                               else self.safe_rect().height())
        outer = min(area.width() / 2, area.height() / 2, limit)
        centre = area.center()
        frame = decoration.Rings(centre.x(), centre.y(), outer, outer * FRAME_INNER)
        self.rings.place(frame if self.slide.decorations and outer > 0 else None)
        # Clear of the innermost ring's stroke by a little air.
        room = frame.inner - self.rings.stroke_width() - look.grid(0.5)
        self._fit_figure(frame.x, frame.y, max(0.0, room))

    def _fit_figure(self, x: float, y: float, radius: float) -> None:
        """Put the counter and its words, stacked and centred on (x, y), inside ``radius``."""
        assert self.hero is not None
        look, counter, label = self.look, self.hero.counter, self.hero.label
        gap = look.grid(0.3)
        designed = int(label.property(DESIGNED_PROPERTY) or label.font().pixelSize())
        floor = min(designed, look.px(look.theme.type_scale.caption))
        words = plain_text(label)
        rows: list[Rect] | None = None
        # Long words first take a smaller size, down to the legible floor, then the number
        # gives up a little of its size too (drawn smaller in a smaller box).
        for scale in NUMBER_GIVES:
            number_height = round(counter.sizeHint().height() * scale)
            size = designed
            while True:
                font = label.font()
                font.setPixelSize(size)
                label.setFont(font)
                rows = self._figure_rows(x, y, radius, number_height, gap, words)
                if rows is not None or size <= floor:
                    break
                size = max(floor, size - max(1, round(size * 0.05)))
            if rows is not None:
                break
        label.setProperty(FITTED_PROPERTY, size)
        fitted = rows is not None
        if rows is None:
            # Even at the floor the words do not fit: they get what room there is and are
            # cut after their last whole line (the fit check reports it to the curator).
            rows = self._cut_rows(x, y, radius, number_height, gap)
        natural = counter.sizeHint().width()
        if fitted and rows[0].width < natural * scale:
            # A wide figure ("over RMB 1.1 trillion") is drawn smaller to fit its row's
            # width: its row takes only the height it then needs, the words move up.
            scale = max(0.1, rows[0].width / natural)
            rows = self._figure_rows(x, y, radius, round(counter.sizeHint().height() * scale),
                                     gap, words) or rows
        number_row, words_row = rows
        number_width = min(round(natural * scale), number_row.width)
        number_rect = QRect(round(x - number_width / 2), number_row.y, number_width,
                            number_row.height)
        words_rect = QRect(words_row.x, words_row.y, words_row.width, words_row.height)
        if not words:
            words_rect = QRect(number_rect.x(), number_rect.bottom(), 0, 0)
        whole = number_rect.united(words_rect)
        holder = self.hero.parentWidget()
        assert holder is not None
        holder.setGeometry(whole)
        counter.setGeometry(number_rect.translated(-whole.topLeft()))
        label.setGeometry(words_rect.translated(-whole.topLeft()))
        label.setVisible(bool(words))

    def _cut_rows(self, x: float, y: float, radius: float, number_height: int,
                  gap: int) -> list[Rect]:
        """The number's row and the lines of its words that show the most of them (lines
        times their width) inside the circle."""
        assert self.hero is not None
        spacing = max(1, self.hero.label.fontMetrics().lineSpacing())
        best = decoration.stack_in_circle(x, y, radius, [number_height, 0], 0)
        room = 0
        for lines in range(1, max(1, math.floor(2 * radius / spacing)) + 1):
            rows = decoration.stack_in_circle(x, y, radius, [number_height, lines * spacing],
                                              gap)
            if rows is not None and lines * rows[1].width > room:
                best, room = rows, lines * rows[1].width
        return best or [Rect(round(x), round(y), 0, 0)] * 2

    def _figure_rows(self, x: float, y: float, radius: float, number_height: int, gap: int,
                     words: str) -> list[Rect] | None:
        """The number's row and its words' row inside the circle, the words as narrow as
        their lines allow at the label's current size; None when they do not fit."""
        assert self.hero is not None
        label = self.hero.label
        if not words:
            return decoration.stack_in_circle(x, y, radius, [number_height, 0], 0)
        metrics = QFontMetrics(label.font())
        width = min(math.floor(2 * radius), metrics.horizontalAdvance(words) + metrics.height())
        for _attempt in range(16):
            height = label.heightForWidth(width)
            rows = decoration.stack_in_circle(x, y, radius, [number_height, height], gap)
            if rows is None or rows[1].width <= 0 or widest_line(label, width) > width:
                return None  # too tall, or a word wider than the room
            if rows[1].width >= width:
                # Fits: now as narrow as keeps the same lines, so the box hugs the words.
                low, high = 1, width
                while low < high:
                    middle = (low + high) // 2
                    if (label.heightForWidth(middle) <= height
                            and widest_line(label, middle) <= middle):
                        high = middle
                    else:
                        low = middle + 1
                narrow = decoration.stack_in_circle(x, y, radius, [number_height, height], gap)
                assert narrow is not None
                row = narrow[1]
                return [narrow[0], Rect(round(x - high / 2), row.y, high, row.height)]
            width = rows[1].width
        return None

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
