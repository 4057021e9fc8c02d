"""PictureBox: a content picture in a box of the layout, cropped or fitted, never stretched."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.runtime.pictures import Fit, picture


class PictureBox(QWidget):
    """Shows the picture at ``path`` filling its box (``cover``) or whole (``contain``).

    The picture is scaled when the box gets its size (a layout pass), never while painting.
    ``radius`` rounds the corners; ``round`` clips it to a circle (a speaker's portrait).
    """

    def __init__(self, path: str, *, fit: Fit = "cover", radius: int = 0, round: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.path = path
        self.fit: Fit = fit
        self._radius = radius
        self._round = round
        self._pixmap: QPixmap | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def pixmap(self) -> QPixmap | None:
        """The scaled picture as drawn, or None when it could not be read."""
        return self._pixmap

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._pixmap = picture(self.path, self.size(), self.fit) if not self.size().isEmpty() \
            else None

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        x = (self.width() - self._pixmap.width()) / 2
        y = (self.height() - self._pixmap.height()) / 2
        target = QRectF(x, y, self._pixmap.width(), self._pixmap.height())
        if self._round or self._radius:
            clip = QPainterPath()
            if self._round:
                clip.addEllipse(target)
            else:
                clip.addRoundedRect(target, self._radius, self._radius)
            painter.setClipPath(clip)
        painter.drawPixmap(target.topLeft(), self._pixmap)
        painter.end()
