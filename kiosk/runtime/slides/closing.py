"""The last slide: a title, a message and a footer, centred inside the ring motif."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.core.content.model import ClosingSlide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.slides.title import Rings
from kiosk.runtime.text_fit import avoid_orphan
from kiosk.runtime.theme import make_label

CENTRED = Qt.AlignmentFlag.AlignHCenter


class View(SlideView):
    """The closing slide."""

    slide: ClosingSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        # The message runs across the rings (wider than they are): fainter arcs keep the
        # words clean while the motif still closes the loop opened by the title slide.
        rings = Rings(look, self, rings=3 if slide.decorations else 0, strength=0.5)
        side = round(min(self.width(), self.height()) * 0.92)
        area = self.centred_rect()
        rings.setGeometry(area.center().x() - side // 2, area.center().y() - side // 2, side, side)
        self.animate(rings, b"progress", duration=1800, movement=True)
        root, column = self.content_column(area)
        inset = round(root.width() * (0.04 if look.portrait else 0.12))
        column.addStretch(1)
        title = make_label(look, self.text(slide.title), "hero", bold=True, align=CENTRED)
        title.setContentsMargins(inset, 0, inset, 0)
        avoid_orphan(title, root.width() - 2 * inset)
        column.addWidget(self.rise(title, 150, distance=2.5))
        if slide.message is not None:
            message = make_label(look, self.text(slide.message), "body", align=CENTRED)
            font = message.font()
            font.setPixelSize(round(font.pixelSize() * 1.2))
            message.setFont(font)
            message.setContentsMargins(inset, look.grid(1), inset, 0)
            column.addWidget(self.rise(message, 150 + STAGGER_MS * 3))
        column.addStretch(1)
        if slide.footer is not None:
            footer = make_label(look, self.text(slide.footer), "caption", color="muted",
                                align=CENTRED)
            column.addWidget(self.rise(footer, 150 + STAGGER_MS * 5))
