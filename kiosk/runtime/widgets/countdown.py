"""The idle warning: "Still there? Back to start in 10 s — touch to stay", in both languages.

Museum accessibility guidance asks for a warning before a reset, so a slow reader can stay.
The overlay dims the slide and shows the seconds left; any touch dismisses it (the deck state
cancels the countdown through the input choke point).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.strings import BACK_TO_START, STILL_THERE


def messages(seconds: int) -> tuple[str, str, str, str]:
    """The English and Chinese title and line for ``seconds`` left."""
    line = BACK_TO_START.format(seconds=seconds)
    return (STILL_THERE.en, line.en, STILL_THERE.zh, line.zh)


class IdleCountdown(QWidget):
    """Full-window dim overlay with the countdown; :meth:`set_seconds` (None hides it)."""

    def __init__(self, parent: QWidget, title_font: QFont, body_font: QFont,
                 color: QColor, accent: QColor, shade: QColor) -> None:
        super().__init__(parent)
        self._title_font = title_font
        self._body_font = body_font
        self._color = color
        self._accent = accent
        self._shade = QColor(shade)
        self._shade.setAlphaF(0.78)
        self.seconds: int | None = None
        self.hide()

    def set_seconds(self, seconds: int | None) -> None:
        """Show ``seconds`` left, or hide when None."""
        self.seconds = seconds
        if seconds is None:
            self.hide()
            return
        window = self.parentWidget()
        assert window is not None, "the countdown is made on the kiosk's window"
        self.setGeometry(window.rect())
        self.raise_()
        self.show()
        self.update()

    def text(self) -> str:
        """What the overlay says now (for tests and logs)."""
        return "\n".join(messages(self.seconds or 0)) if self.seconds is not None else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.seconds is None:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._shade)
        en_title, en_line, zh_title, zh_line = messages(self.seconds)
        height = self.height()
        band = QRectF(0, height * 0.28, self.width(), height * 0.11)
        painter.setPen(self._accent)
        painter.setFont(self._title_font)
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, en_title)
        painter.setPen(self._color)
        painter.setFont(self._body_font)
        painter.drawText(band.translated(0, band.height()), Qt.AlignmentFlag.AlignCenter, en_line)
        painter.setPen(self._accent)
        painter.setFont(self._title_font)
        painter.drawText(band.translated(0, band.height() * 2.4), Qt.AlignmentFlag.AlignCenter,
                         zh_title)
        painter.setPen(self._color)
        painter.setFont(self._body_font)
        painter.drawText(band.translated(0, band.height() * 3.4), Qt.AlignmentFlag.AlignCenter,
                         zh_line)
