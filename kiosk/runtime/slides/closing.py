"""The last slide: a title, a message and a footer, centred, the ring motif around them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core import decoration
from kiosk.core.content.model import ClosingSlide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.slides.fitting import settle_layouts
from kiosk.runtime.slides.title import Rings, inset, text_rects
from kiosk.runtime.text_fit import avoid_orphan, plain_text
from kiosk.runtime.theme import make_label, set_designed_size

CENTRED = Qt.AlignmentFlag.AlignHCenter
RING_SPREAD = 1.3
"""The outer ring's radius against the innermost one's."""
PORTRAIT_GROWTH = 1.3
"""How much bigger the title and message are drawn on a portrait screen."""


def hug(holder: QWidget, label: QLabel, room: int) -> None:
    """Keep a short centred label (in its ``holder``) no wider than its one line, up to
    ``room``, so the box it reports (and the rings keep clear of) is the text, not the whole
    column."""
    metrics = QFontMetrics(label.font())
    holder.setFixedWidth(min(room, metrics.horizontalAdvance(plain_text(label))
                             + metrics.height()))


class View(SlideView):
    """The closing slide."""

    slide: ClosingSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        # Fainter arcs than the opening's: the motif closes the loop the title slide opened.
        self.rings = Rings(look, self, rings=3 if slide.decorations else 0, strength=0.6)
        self.animate(self.rings, b"progress", duration=1800, movement=True)
        area = self.centred_rect()
        root, column = self.content_column(area)
        # A narrower block in landscape keeps the words inside rings that still show.
        inset_px = round(root.width() * (0.04 if look.portrait else 0.2))
        column.addStretch(1)
        title = make_label(look, self.text(slide.title), "hero", bold=True, align=CENTRED)
        # A tall screen has the height for the last words to be read from across the room.
        grow = PORTRAIT_GROWTH if look.portrait else 1.0
        set_designed_size(title, round(title.font().pixelSize() * grow))
        avoid_orphan(title, root.width() - 2 * inset_px)
        column.addWidget(self.rise(inset(title, inset_px, 0, inset_px), 150, distance=2.5))
        if slide.message is not None:
            message = make_label(look, self.text(slide.message), "body", align=CENTRED)
            set_designed_size(message, round(message.font().pixelSize() * 1.2 * grow))
            self.fit_group([message])
            column.addWidget(self.rise(inset(message, inset_px, look.grid(1), inset_px),
                                       150 + STAGGER_MS * 3))
        if slide.footer is not None:
            footer = make_label(look, self.text(slide.footer), "caption", color="muted",
                                align=CENTRED)
            holder = self.rise(footer, 150 + STAGGER_MS * 5)
            hug(holder, footer, root.width())
            column.addSpacing(look.grid(1))
            column.addWidget(holder, 0, CENTRED)
        column.addStretch(1)
        self.place_rings()

    def after_fit(self) -> None:
        self.place_rings()

    def place_rings(self) -> None:
        """Rings centred on the words, the innermost clear of every text's farthest corner
        (they may run off the screen's edges: only their arcs on the screen show)."""
        settle_layouts(self)
        texts = text_rects(self)
        if not self.slide.decorations or not texts:
            self.rings.place(None)
            return
        left = min(r.x for r in texts)
        right = max(r.right for r in texts)
        top = min(r.y for r in texts)
        bottom = max(r.bottom for r in texts)
        self.rings.place(decoration.rings_around(
            texts, (left + right) / 2, (top + bottom) / 2, spread=RING_SPREAD,
            gap=self.look.grid(1.5)))
