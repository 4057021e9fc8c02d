"""QrBlock: a slide's "read more" web address as a QR code with a short caption beneath.

The code is encoded by segno (a maintained QR encoder) and drawn module by module as
whole-pixel squares, dark on a white quiet zone, so a phone reads it from the screen.
"""

from __future__ import annotations

import segno
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.strings import READ_MORE
from kiosk.runtime.theme import Look, make_label

QR_SIDE = 0.15
"""The code's side (quiet zone included), a fraction of the shorter side: 162 px at 1080."""
QUIET_ZONE = 2
"""Light modules around the code; scanners want some, the white tile gives the rest."""


def qr_matrix(url: str) -> list[list[bool]]:
    """The modules of ``url``'s QR code (True = dark), without a quiet zone."""
    code = segno.make(url, error="m", micro=False)
    return [[bool(cell) for cell in row] for row in code.matrix_iter(scale=1, border=0)]


def qr_block_size(look: Look) -> QSize:
    """The size of a QR code with its two-line caption beneath."""
    side = look.px(QR_SIDE)
    caption = look.font("caption")
    caption_height = round(caption.pixelSize() * 1.45 * 2)
    return QSize(round(side * 1.25), side + look.grid(0.6) + caption_height)


class QrCode(QWidget):
    """The code itself, square, crisp: every module a whole number of pixels."""

    def __init__(self, url: str, side: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.url = url
        self.matrix = qr_matrix(url)
        self.setFixedSize(side, side)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        count = len(self.matrix) + 2 * QUIET_ZONE
        module = max(1, self.width() // count)
        drawn = module * count
        left = (self.width() - drawn) // 2
        top = (self.height() - drawn) // 2
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        dark = QColor("#000000")
        for y, row in enumerate(self.matrix):
            for x, cell in enumerate(row):
                if cell:
                    painter.fillRect(QRect(left + (x + QUIET_ZONE) * module,
                                           top + (y + QUIET_ZONE) * module, module, module), dark)
        painter.end()


class QrBlock(QWidget):
    """The code and, under it, its caption (or "Scan to read more" in the visitor's language).

    Placed by hand, not by a layout: a layout squeezed below its contents' minimum draws
    them on each other, and a caption on the code's white quiet zone stops phones reading
    it. The caption gets the room under the code and no more; a longer one is cut (and the
    fit check reports it).
    """

    def __init__(self, look: Look, url: str, caption: str, language: str = "en",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._gap = look.grid(0.6)
        self.code = QrCode(url, look.px(QR_SIDE), self)
        self.caption = make_label(look, caption or getattr(READ_MORE, language), "caption",
                                  color="muted", align=Qt.AlignmentFlag.AlignHCenter,
                                  parent=self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        side = self.code.width()
        self.code.move((self.width() - side) // 2, 0)
        top = side + self._gap
        self.caption.setGeometry(0, top, self.width(), max(1, self.height() - top))
