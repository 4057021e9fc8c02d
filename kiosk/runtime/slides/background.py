"""A slide's background: its colour, its picture under a veil, or the navy with a faint glow.

The background never changes for a size, so it is drawn once into a picture shared by every
view with the same look (:data:`~kiosk.runtime.widgets.static_pixmaps.SHARED`), and a repaint
copies only the part it needs, instead of refilling the gradient or re-blending the picture
on every frame.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QSize
from PySide6.QtGui import QColor, QPainter, QPixmap, QRadialGradient
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Slide
from kiosk.runtime.pictures import picture
from kiosk.runtime.scrim import backdrop_veil
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.static_pixmaps import SHARED, blit

BACKDROP_VEIL = 0.72
"""Least opacity of the background-coloured veil over a slide's background picture (a light
picture gets a stronger one: :func:`kiosk.runtime.scrim.backdrop_veil`)."""


class SlideBackground:
    """The background of ``slide`` at ``look``'s size."""

    def __init__(self, slide: Slide, look: Look) -> None:
        self.slide = slide
        self.look = look
        self.backdrop: QPixmap | None = None
        """The slide's background picture, scaled to the screen (None without one)."""
        if slide.background is not None and slide.background.resolved:
            # Scaled once to the screen here, never while painting (see runtime/pictures.py).
            self.backdrop = picture(slide.background.resolved, look.size, "cover")

    def blit(self, widget: QWidget, rect: QRect) -> None:
        """Copy the ``rect`` part of the background onto ``widget`` (from its paintEvent)."""
        look = self.look
        backdrop = self.backdrop.cacheKey() if self.backdrop is not None else None
        key = ("slide-background", self.slide.background_color or "", backdrop,
               look.color("background").rgba(), look.color("surface").rgba(), look.unit)
        drawn = SHARED.picture(key, widget.size(), widget.devicePixelRatioF(), self.paint,
                               opaque=True)
        painter = QPainter(widget)
        blit(painter, rect, drawn)
        painter.end()

    def paint(self, painter: QPainter, size: QSize) -> None:
        """Draw the whole background, ``size`` large, with ``painter`` (uncached)."""
        look = self.look
        whole = QRect(0, 0, size.width(), size.height())
        painter.fillRect(whole, QColor(self.slide.background_color)
                         if self.slide.background_color else look.color("background"))
        if self.backdrop is not None:
            painter.drawPixmap(0, 0, self.backdrop)
            # A dark veil keeps the text's contrast whatever the picture: the designed one,
            # stronger where the picture is so light that text would fall below 4.5:1.
            veil = QColor(look.color("background"))
            veil.setAlphaF(backdrop_veil(self.backdrop, look, BACKDROP_VEIL))
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
