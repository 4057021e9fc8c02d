"""A calm, dark screen with a short bilingual message: "closed" and "temporarily unavailable".

Used as an overlay over the kiosk window outside opening hours (:class:`ClosedScreen`) and as
the whole window of the "temporarily unavailable" mode the supervisor shows after a crash
loop. Text is plain (never rich text) and sized relative to the screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.strings import CLOSED
from kiosk.runtime.theme import without_emphasis

log = logging.getLogger(__name__)

BACKGROUND = "#020409"
PRIMARY = "#9AA6B8"
SECONDARY = "#5E6A7D"
FONT_FAMILY = "Noto Sans SC"


class CalmScreen(QWidget):
    """Dark background, centred lines of plain text; the first line larger than the rest."""

    touched = Signal()
    """Any press, touch or key on the screen (the closed screen wakes on it)."""

    def __init__(self, lines: tuple[str, ...] = CLOSED.lines(), parent: QWidget | None = None,
                 *, detail: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("calm-screen")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
        self.setPalette(palette)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = self._column = QVBoxLayout(self)
        layout.addStretch(1)
        self._labels: list[QLabel] = []
        for _ in range(3):
            label = QLabel(self)
            label.setTextFormat(Qt.TextFormat.PlainText)  # content is never rich text
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
            self._labels.append(label)
        layout.addStretch(1)
        self.set_message(lines, detail)

    def set_message(self, lines: tuple[str, ...], detail: str = "") -> None:
        """Show ``lines`` (e.g. English and Chinese; duplicates once) and a smaller detail."""
        unique = tuple(dict.fromkeys(line for line in lines if line))[:2]
        texts = list(unique) + [""] * (2 - len(unique)) + [detail]
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(without_emphasis(text))  # plain text: never show the asterisks
            label.setVisible(bool(text))
        self._apply_sizes()

    def messages(self) -> list[str]:
        """The lines shown, for tests and logs."""
        return [label.text() for label in self._labels if label.text()]

    def _apply_sizes(self) -> None:
        unit = max(1, min(self.width(), self.height()))
        for index, label in enumerate(self._labels):
            font = QFont(FONT_FAMILY)
            font.setPixelSize(max(12, round(unit * (0.05 if index == 0 else 0.035))))
            label.setFont(font)
            color = PRIMARY if index < 2 else SECONDARY
            label.setStyleSheet(f"color: {color}; background: transparent;")
        margin = round(unit * 0.08)
        self._column.setContentsMargins(margin, margin, margin, margin)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_sizes()
        super().resizeEvent(event)

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                    QEvent.Type.KeyPress):
            self.touched.emit()
            event.accept()
            return True
        if kind in (QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.ContextMenu,
                    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick):
            event.accept()  # swallow: nothing reaches the slides underneath while closed
            return True
        return super().event(event)


class ClosedScreen(CalmScreen):
    """The "closed" overlay: a child of the kiosk window that always covers all of it."""

    def __init__(self, host: QWidget, lines: tuple[str, ...] = CLOSED.lines()) -> None:
        super().__init__(lines, host)
        self._host = host
        host.installEventFilter(self)
        self.setGeometry(host.rect())
        self.hide()

    def show_over(self) -> None:
        """Cover the host window and take the focus (so keys do not reach the deck)."""
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()
        self.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._host.rect())
        elif (watched is self._host and event.type() == QEvent.Type.ChildAdded
              and self.isVisible()):
            self.raise_()  # a view added above us (a new slide) must not cover the overlay
        return False
