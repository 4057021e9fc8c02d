"""A photo with its caption and credit: framed (whole, never cropped) or full-bleed."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import QSizePolicy

from kiosk.core.content.model import PictureSlide
from kiosk.runtime.pictures import picture
from kiosk.runtime.slides.base import STAGGER_MS, SlideView
from kiosk.runtime.theme import make_label
from kiosk.runtime.widgets.picture_box import PictureBox


class View(SlideView):
    """The picture slide.

    ``framed``: the title on top, the whole photo in the space left (letterboxed, never
    cropped), the caption and credit below it. ``full-bleed``: the photo fills the screen
    (cropped centrally) and the texts sit at the bottom over a dark gradient.
    """

    slide: PictureSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.picture_box: PictureBox | None = None
        full = slide.fit == "full-bleed"
        # Full-bleed: scaled to the screen once here, drawn under the texts in paintEvent.
        self._photo = picture(slide.image.resolved, look.size, "cover") if full else None
        root, column = self.content_column()
        if slide.title is not None:
            self.header(column, self.text(slide.title))
        if full:
            column.addStretch(1)
        else:
            self.picture_box = PictureBox(slide.image.resolved, fit="contain")
            self.picture_box.setSizePolicy(QSizePolicy.Policy.Expanding,
                                           QSizePolicy.Policy.Expanding)
            column.addWidget(self.rise(self.picture_box, 120), 1)
        delay = 240
        if slide.caption is not None:
            caption = make_label(look, self.text(slide.caption), "body")
            column.addWidget(self.rise(caption, delay))
            delay += STAGGER_MS
        if slide.credit is not None:
            credit = make_label(look, self.text(slide.credit), "caption", color="muted")
            column.addWidget(self.rise(credit, delay))

    def scrim_rects(self) -> list[QRect]:
        """Where a full-bleed photo lies under the dark gradients painted for text (the
        layout audit lets texts sit on the photo there, and nowhere else)."""
        if self._photo is None:
            return []
        width, height = self.width(), self.height()
        top, bottom = round(height * 0.3), round(height * 0.45)
        return [QRect(0, 0, width, top), QRect(0, bottom, width, height - bottom)]

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._photo is None:
            return
        # Over a full-bleed photo the texts need a dark ground: top for the title, bottom
        # for the caption, the middle of the photo left clear.
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._photo)
        dark = QColor(self.look.color("background"))
        for top, bottom in ((0.0, 0.3), (1.0, 0.45)):
            gradient = QLinearGradient(QPointF(0, self.height() * top),
                                       QPointF(0, self.height() * bottom))
            dark.setAlphaF(0.85)
            gradient.setColorAt(0.0, dark)
            dark.setAlphaF(0.0)
            gradient.setColorAt(1.0, dark)
            painter.fillRect(self.rect(), gradient)
        painter.end()
