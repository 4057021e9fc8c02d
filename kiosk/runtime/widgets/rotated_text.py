"""RotatedText: a short label turned a quarter turn, reading upwards, for a column chart's
categories when they are too wide to stand side by side (years under 12 columns)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ELLIPSIS = "\u2026"


class RotatedText(QWidget):
    """``text`` drawn upwards, ending at the top edge (by the axis), centred across.

    A text longer than the widget is tall is cut with an ellipsis; :attr:`cut` says so, and
    the layout audit reports it.
    """

    def __init__(self, text: str, font: QFont, color: QColor, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = text
        self._font = QFont(font)
        self._color = QColor(color)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def font_size(self) -> int:
        """The pixel size the text is drawn at."""
        return self._font.pixelSize()

    def length(self) -> float:
        """The text's natural length along its (upward) line."""
        return QFontMetricsF(self._font).horizontalAdvance(self.text)

    def thickness(self) -> float:
        """The height of one line: how wide the turned text is across."""
        return QFontMetricsF(self._font).height()

    @property
    def cut(self) -> bool:
        """Whether the text is longer than the widget is tall (it ends in an ellipsis)."""
        return self.length() > self.height() + 0.5

    def shown(self) -> str:
        """The text as drawn: whole, or cut with an ellipsis to the widget's height."""
        return QFontMetricsF(self._font).elidedText(self.text, Qt.TextElideMode.ElideRight,
                                                    max(1, self.height()))

    def drawn_rect(self) -> QRectF:
        """Where the glyphs are, in the widget's pixels."""
        across = min(self.thickness(), self.width())
        along = min(self.length(), self.height())
        return QRectF((self.width() - across) / 2, 0, across, along)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(self._font)
        painter.setPen(self._color)
        # Turned a quarter turn anticlockwise about the bottom-left corner: the rotated
        # frame's x runs up the widget, its y across it.
        painter.translate(0, self.height())
        painter.rotate(-90)
        frame = QRectF(0, 0, self.height(), self.width())
        painter.drawText(frame, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         self.shown())
        painter.end()
