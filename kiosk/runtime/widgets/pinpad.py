"""The staff PIN pad: digits, delete, OK and cancel, over a dimmed slide.

It only collects digits and shows messages; checking the PIN (and the lockout) is
:class:`kiosk.core.pin.PinGuard`'s job, wired in by :mod:`kiosk.runtime.input.staff`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.strings import CANCEL, STAFF

MAX_DIGITS = 8


class _Key(QAbstractButton):
    def __init__(self, parent: QWidget, text: str, side: int, font: QFont, color: QColor,
                 fill: QColor) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setFixedSize(side, side)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._font, self._color, self._fill = font, color, fill

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        fill = QColor(self._fill)
        if self.isDown():
            fill = fill.lighter(140)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, rect.height() / 5, rect.height() / 5)
        painter.setPen(self._color)
        painter.setFont(self._font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text())


class PinPad(QWidget):
    """Full-window overlay; emits :attr:`submitted` with the digits, :attr:`cancelled`."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, key_side: int, font: QFont, small_font: QFont,
                 color: QColor, fill: QColor, shade: QColor) -> None:
        super().__init__(parent)
        self._shade = QColor(shade)
        self._shade.setAlphaF(0.9)
        self._digits = ""
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setSpacing(key_side // 5)
        title = QLabel(STAFF.joined(), panel)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setFont(small_font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet(f"color: {color.name()}")
        self._entry = QLabel("", panel)
        self._entry.setTextFormat(Qt.TextFormat.PlainText)
        self._entry.setFont(font)
        self._entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._entry.setMinimumHeight(key_side)
        self._entry.setStyleSheet(f"color: {color.name()}")
        self._message = QLabel("", panel)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setFont(small_font)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setStyleSheet(f"color: {color.name()}")
        grid = QGridLayout()
        grid.setSpacing(key_side // 8)
        self.keys: dict[str, _Key] = {}
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Del", "0", "OK"]
        for position, label in enumerate(layout):
            key = _Key(panel, label, key_side, font if label.isdigit() else small_font, color,
                       fill)
            key.clicked.connect(lambda _=False, lab=label: self.press(lab))
            grid.addWidget(key, position // 3, position % 3)
            self.keys[label] = key
        cancel = _Key(panel, CANCEL.joined(), key_side, small_font, color, fill)
        cancel.setFixedWidth(key_side * 3 + grid.spacing() * 2)
        cancel.clicked.connect(self.cancel)
        self.keys["cancel"] = cancel
        column.addWidget(title)
        column.addWidget(self._entry)
        column.addWidget(self._message)
        column.addLayout(grid)
        column.addWidget(cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        self._panel = panel
        self.hide()

    @property
    def digits(self) -> str:
        return self._digits

    @property
    def message(self) -> str:
        return self._message.text()

    def open(self, message: str = "") -> None:
        """Show the pad, empty, over everything."""
        self._digits = ""
        self._refresh()
        self.show_message(message)
        self.setGeometry(self.parentWidget().rect())
        self._panel.adjustSize()
        panel = self._panel.size()
        self._panel.move((self.width() - panel.width()) // 2,
                         (self.height() - panel.height()) // 2)
        self.raise_()
        self.show()

    def close_pad(self) -> None:
        """Hide the pad and forget the digits."""
        self._digits = ""
        self._refresh()
        self.hide()

    def show_message(self, text: str) -> None:
        self._message.setText(text)

    def press(self, label: str) -> None:
        """Act as if key ``label`` were tapped (0-9, Del, OK)."""
        if label == "OK":
            if self._digits:
                self.submitted.emit(self._digits)
            return
        if label == "Del":
            self._digits = self._digits[:-1]
        elif len(label) == 1 and "0" <= label <= "9" and len(self._digits) < MAX_DIGITS:
            self._digits += label
        self._refresh()

    def cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    def _refresh(self) -> None:
        self._entry.setText("●" * len(self._digits) if self._digits else "–")

    def paintEvent(self, event) -> None:
        QPainter(self).fillRect(event.rect(), self._shade)
