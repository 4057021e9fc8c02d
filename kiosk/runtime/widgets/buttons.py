"""Finger-sized buttons for the runtime chrome: previous/next arrows and the language toggle.

Every touch target is at least 15 mm on the physical screen and never under 64 px at 1080p
(scaled with the screen's shorter side), whichever is larger: :func:`touch_target`.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QScreen,
)
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.core.content.model import LANGUAGE_NAMES
from kiosk.runtime.widgets.static_pixmaps import SHARED

MIN_MM = 15.0
MIN_PX_AT_1080 = 64


def touch_target(screen: QScreen | None, size: QSize) -> int:
    """The smallest side, in pixels, of anything a visitor touches on this screen."""
    short = max(1, min(size.width(), size.height()))
    floor_px = MIN_PX_AT_1080 * short / 1080
    dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
    if not 40.0 <= dpi <= 700.0:  # a screen reporting nonsense (0 mm wide) gets a common one
        dpi = 96.0
    mm_px = MIN_MM / 25.4 * dpi
    return round(min(max(floor_px, mm_px), short * 0.2))


class ChromeButton(QAbstractButton):
    """A round, translucent button drawn by hand (no style sheets: cheap to paint)."""

    def __init__(self, parent: QWidget, side: int, color: QColor, fill: QColor) -> None:
        super().__init__(parent)
        self.setFixedSize(side, side)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._color = color
        self._fill = fill

    def paintEvent(self, event: QPaintEvent) -> None:
        # The button is translucent, so it repaints whenever the slide under it does (every
        # frame of a push): copy a picture drawn once per look and state instead.
        key = (type(self).__name__, self.isDown(), self._color.rgba(), self._fill.rgba(),
               *self._face_key())
        picture = SHARED.picture(key, self.size(), self.devicePixelRatioF(), self._draw)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, picture)
        painter.end()

    def _face_key(self) -> tuple[object, ...]:
        """What, besides colours and state, makes this button's picture differ."""
        return ()

    def _draw(self, painter: QPainter, size: QSize) -> None:
        rect = QRectF(0, 0, size.width(), size.height()).adjusted(2, 2, -2, -2)
        self._paint_background(painter, rect)
        self._paint_face(painter, rect)

    def _paint_face(self, painter: QPainter, rect: QRectF) -> None:
        """Draw what is on the disc (subclasses)."""

    def _paint_background(self, painter: QPainter, rect: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(self._fill)
        fill.setAlphaF(0.85 if self.isDown() else 0.55)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        radius = min(rect.width(), rect.height()) / 2
        painter.drawRoundedRect(rect, radius, radius)


class ArrowButton(ChromeButton):
    """A previous (``direction`` -1) or next (+1) chevron."""

    def __init__(self, parent: QWidget, side: int, direction: int, color: QColor,
                 fill: QColor) -> None:
        super().__init__(parent, side, color, fill)
        self.direction = direction
        self.setAccessibleName("Next slide" if direction > 0 else "Previous slide")

    def _face_key(self) -> tuple[object, ...]:
        return (self.direction,)

    def _paint_face(self, painter: QPainter, rect: QRectF) -> None:
        pen = QPen(self._color, max(2.0, rect.width() * 0.07))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        c = rect.center()
        s = rect.width() * 0.16
        d = self.direction
        path = QPainterPath(QPointF(c.x() - d * s * 0.5, c.y() - s))
        path.lineTo(QPointF(c.x() + d * s * 0.5, c.y()))
        path.lineTo(QPointF(c.x() - d * s * 0.5, c.y() + s))
        painter.drawPath(path)


class LanguageButton(ChromeButton):
    """Names the language a tap switches to, in that language ("中文" / "English"), never a flag."""

    def __init__(self, parent: QWidget, side: int, font: QFont, color: QColor,
                 fill: QColor) -> None:
        super().__init__(parent, side, color, fill)
        self._font = font
        self._side = side
        self.set_languages("en", ("en", "zh"))

    def set_languages(self, current: str, languages: tuple[str, ...]) -> None:
        """Label the button with the language after ``current`` in ``languages``."""
        if len(languages) < 2:
            self.hide()
            return
        position = languages.index(current) if current in languages else -1
        target = languages[(position + 1) % len(languages)]
        self.target_language = target
        label = LANGUAGE_NAMES.get(target, target)
        self.setText(label)
        self.setAccessibleName(label)
        width = max(self._side, QFontMetrics(self._font).horizontalAdvance(label) + self._side // 2)
        self.setFixedSize(width, self._side)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # the disc, from its picture
        # The words are drawn live, onto the screen itself: text rendered into a transparent
        # picture may anti-alias differently (greyscale instead of subpixel) from text drawn
        # on the opaque window, and a few glyphs cost little.
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setPen(self._color)
        painter.setFont(self._font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()
