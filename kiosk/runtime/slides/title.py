"""The hero slide: kicker, big title, subtitle and footer beside a ring motif that sweeps in."""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import TitleSlide
from kiosk.runtime.pictures import picture
from kiosk.runtime.screen_regions import LANGUAGE_CORNER
from kiosk.runtime.scrim import backdrop_veil
from kiosk.runtime.slides.background import BACKDROP_VEIL
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.text_fit import avoid_orphan
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.drawn import ProgressDrawn

log = logging.getLogger(__name__)


class Rings(ProgressDrawn):
    """Concentric arcs in the accent colours; ``progress`` sweeps them in one after another."""

    def __init__(self, look: Look, parent: QWidget | None = None, *, rings: int = 4,
                 strength: float = 1.0):
        super().__init__(parent)
        self._look = look
        self._rings = rings
        self._strength = strength
        """Multiplies the arcs' opacity: below 1 where text runs across them."""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        center = QPointF(self.width() / 2, self.height() / 2)
        for i in range(self._rings):
            share = min(1.0, max(0.0, self._progress * 1.6 - i * 0.2))
            if share <= 0:
                continue
            radius = side / 2 * (1.0 - i * 0.17)
            color = QColor(self._look.color("accent" if i == 0 else "accent_2"))
            color.setAlphaF((0.55 if i == 0 else 0.28) * self._strength)
            width = self._look.px(0.006 if i == 0 else 0.003)
            painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            box = QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius)
            start = 90 + i * 40
            painter.drawArc(box, int(start * 16), int(-300 * share * 16))
        painter.end()


class View(SlideView):
    """The title slide."""

    slide: TitleSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        width, height = self.width(), self.height()
        self._picture = None
        if slide.image is not None and slide.image.resolved:
            # Decoded and scaled to the screen once, never while painting.
            self._picture = picture(slide.image.resolved, look.size, "cover")
        # decorations: false keeps the layout and draws no arcs (the slide's text stays put).
        rings = Rings(look, self, rings=4 if slide.decorations else 0)
        if look.portrait:
            side = round(width * 0.95)
            rings.setGeometry(round(width * 0.55), round(height * 0.08), side, side)
        else:
            side = round(height * 0.95)
            # Mostly off the right edge, clear of a long title or subtitle.
            rings.setGeometry(round(width * 0.74), round(height * 0.45 - side / 2), side, side)
        self.animate(rings, b"progress", duration=1800, movement=True)

        root, column = self.content_column()
        # The text block sits in the left part (landscape) or lower half (portrait).
        text_width = root.width() if look.portrait else round(root.width() * 0.6)
        right = root.width() - text_width
        column.addStretch(3 if look.portrait else 2)
        delay = 150
        if slide.kicker is not None:
            kicker = make_label(look, self.text(slide.kicker), "body", color="accent", bold=True)
            kicker.setContentsMargins(0, 0, right, 0)
            column.addWidget(self.rise(kicker, delay))
            delay += STAGGER_MS
        title = make_label(look, self.text(slide.title), "hero", bold=True)
        corner = round(width * LANGUAGE_CORNER) if look.portrait else 0
        title.setContentsMargins(0, 0, max(right, corner), 0)
        avoid_orphan(title, root.width() - title.contentsMargins().right())
        column.addWidget(self.rise(title, delay, distance=2.5))
        delay += STAGGER_MS * 2
        if slide.subtitle is not None:
            subtitle = make_label(look, self.text(slide.subtitle), "title", color="text",
                                  display=False)
            subtitle.setFont(look.font("body"))
            font = subtitle.font()
            font.setPixelSize(round(font.pixelSize() * 1.25))
            subtitle.setFont(font)
            subtitle.setContentsMargins(0, look.grid(0.5), right, 0)
            column.addWidget(self.rise(subtitle, delay))
            delay += STAGGER_MS
        column.addStretch(2)
        if slide.footer is not None:
            footer = make_label(look, self.text(slide.footer), "caption", color="muted")
            column.addWidget(self.rise(footer, delay))

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
