"""A photo with its caption and credit: framed (whole, never cropped) or full-bleed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect
from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy

from kiosk.core.content.model import PictureSlide
from kiosk.runtime.pictures import picture
from kiosk.runtime.scrim import text_colors, veil_opacity
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.theme import make_label
from kiosk.runtime.widgets.picture_box import PictureBox
from kiosk.runtime.widgets.reveal import Rise

MEASURE_SCALE = 4
"""The veils over a full-bleed photo are measured on a copy this many times smaller."""


class View(SlideView):
    """The picture slide.

    ``framed``: the title on top, the whole photo in the space left (letterboxed, never
    cropped), the caption and credit below it. ``full-bleed``: the photo fills the screen
    (cropped centrally) and the texts sit at the bottom over a dark gradient; where the
    photo is so light that a text would fall below 4.5:1 even so, a veil measured on the
    pixels behind it (:mod:`kiosk.runtime.scrim`) darkens its band.
    """

    slide: PictureSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.picture_box: PictureBox | None = None
        full = slide.fit == "full-bleed"
        # Full-bleed: scaled to the screen once here, drawn under the texts in paintEvent.
        self._photo = picture(slide.image.resolved, look.size, "cover") if full else None
        self._ground: QImage | None = None
        self._scrim_key: object = None
        self._scrim_list: list[tuple[QRect, float, bool]] = []
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

    def photo_under_texts(self) -> bool:
        return self._photo is not None

    def scrim_rects(self) -> list[QRect]:
        """Where a full-bleed photo lies under the dark gradients painted for text (the
        layout audit lets texts sit on the photo there, and nowhere else)."""
        if self._photo is None:
            return []
        width, height = self.width(), self.height()
        top, bottom = round(height * 0.3), round(height * 0.45)
        return [QRect(0, 0, width, top), QRect(0, bottom, width, height - bottom)]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._photo is None:
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._photo)
        self._paint_gradients(painter, self.height())
        for band, opacity, at_top in self._scrims():
            self._paint_scrim(painter, band, opacity, at_top)
        painter.end()

    def _paint_gradients(self, painter: QPainter, height: int) -> None:
        """The designed dark ground over the photo: top for the title, bottom for the
        caption, the middle of the photo left clear."""
        dark = QColor(self.look.color("background"))
        for top, bottom in ((0.0, 0.3), (1.0, 0.45)):
            gradient = QLinearGradient(QPointF(0, height * top), QPointF(0, height * bottom))
            dark.setAlphaF(0.85)
            gradient.setColorAt(0.0, dark)
            dark.setAlphaF(0.0)
            gradient.setColorAt(1.0, dark)
            painter.fillRect(painter.window(), gradient)

    def _measured_ground(self) -> QImage:
        """The photo under the designed gradients at a quarter of the size, what the veils
        are measured on (the measure samples coarser than that anyway)."""
        size = self.size() / MEASURE_SCALE
        if self._ground is not None and self._ground.size() == size:
            return self._ground
        assert self._photo is not None
        ground = QImage(size, QImage.Format.Format_RGB32)
        ground.fill(self.look.color("background"))
        painter = QPainter(ground)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(ground.rect(), self._photo)
        self._paint_gradients(painter, size.height())
        painter.end()
        self._ground = ground
        return ground

    def text_bands(self) -> list[tuple[QRect, bool]]:
        """Where text sits over the photo: (the rectangle around the texts in the top half,
        True) and (those in the bottom half, False), as laid out (where each text's holder
        keeps its place, whatever its entrance is doing)."""
        top, bottom = QRect(), QRect()
        for label in self.findChildren(QLabel):
            if not label.text() or not label.isVisibleTo(self):
                continue
            holder = label.parentWidget()
            place = holder if isinstance(holder, Rise) else label
            rect = QRect(place.mapTo(self, QPoint(0, 0)), place.size())
            if rect.center().y() < self.height() / 2:
                top = top.united(rect)
            else:
                bottom = bottom.united(rect)
        pad = self.look.grid(0.5)
        return [(band.adjusted(-pad, -pad, pad, pad).intersected(self.rect()), at_top)
                for band, at_top in ((top, True), (bottom, False)) if not band.isEmpty()]

    def _scrims(self) -> list[tuple[QRect, float, bool]]:
        """The veil each text band needs beyond the designed gradients for 4.5:1, measured
        on the photo behind it (kiosk.runtime.scrim): none over a dark photo."""
        bands = self.text_bands()
        key = (self.size().width(), self.size().height(),
               tuple((band.getRect(), at_top) for band, at_top in bands))
        if key != self._scrim_key:
            ground, look = self._measured_ground(), self.look
            self._scrim_key = key
            self._scrim_list = []
            for band, at_top in bands:
                region = QRect(band.x() // MEASURE_SCALE, band.y() // MEASURE_SCALE,
                               -(-band.width() // MEASURE_SCALE),
                               -(-band.height() // MEASURE_SCALE))
                opacity = veil_opacity(ground, text_colors(look),
                                       look.color("background").name(), region=region)
                self._scrim_list.append((band, opacity, at_top))
        return [scrim for scrim in self._scrim_list if scrim[1] > 0]

    def _paint_scrim(self, painter: QPainter, band: QRect, opacity: float,
                     at_top: bool) -> None:
        """A veil of ``opacity`` from the screen's edge across ``band``, fading out beyond it
        so no hard line crosses the photo."""
        veil = QColor(self.look.color("background"))
        veil.setAlphaF(opacity)
        fade = self.look.grid(6)
        if at_top:
            painter.fillRect(QRect(0, 0, self.width(), band.bottom() + 1), veil)
            start, end = band.bottom() + 1, band.bottom() + 1 + fade
        else:
            painter.fillRect(QRect(0, band.top(), self.width(), self.height() - band.top()),
                             veil)
            start, end = band.top(), band.top() - fade
        gradient = QLinearGradient(QPointF(0, start), QPointF(0, end))
        gradient.setColorAt(0.0, veil)
        veil.setAlphaF(0.0)
        gradient.setColorAt(1.0, veil)
        painter.fillRect(QRect(0, min(start, end), self.width(), fade), gradient)
