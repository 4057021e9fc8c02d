"""The staff PIN pad: digits, delete, OK and cancel on an opaque card over a dimmed slide.

It only collects digits and shows messages; checking the PIN (and the lockout) is
:class:`kiosk.core.pin.PinGuard`'s job, wired in by :mod:`kiosk.runtime.input.staff`.

With no PIN set (a fresh install), the same card shows a staff-only notice and an exit that
asks for a confirmation (:meth:`PinPad.open_without_pin`), so whoever installed the kiosk can
always get back to the desktop — except in the locked session, where there is no desktop: there
the notice asks visitors to call staff and tells IT how to set a PIN, and offers no exit
(:meth:`PinPad.open_locked_without_pin`). The card has one fixed size whatever it says: a longer
message wraps inside its reserved lines and never moves the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import strings
from kiosk.runtime.theme import set_text_color

MAX_DIGITS = 8
MESSAGE_LINES = 3
"""Lines reserved for the message: the longest (the lockout, in both languages) fits."""
SCRIM_ALPHA = 0.88
CARD_KEY_ROWS = 7.6
"""The card's height in keys: the entry, four rows, cancel, and the gaps and margins between."""
NO_PIN_NOTICE = (f"{strings.NO_PIN_YET.joined(chr(10))}\n\n"
                 f"{strings.TO_LOCK_IT.joined()}:\n{strings.SET_PIN_COMMAND}")
"""What the pad says on a first run, before any PIN is set."""


class Key(QAbstractButton):
    """A rounded, touch-sized key drawn by hand; its text may hold two lines (en, zh)."""

    def __init__(self, parent: QWidget, text: str, width: int, height: int, font: QFont,
                 color: QColor, fill: QColor, *, outline: QColor | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setFixedSize(width, height)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._font, self._color, self._fill = font, color, fill
        self._outline = outline

    @property
    def outline(self) -> QColor | None:
        """The colour the key is ringed in, or None when it is not ringed."""
        return self._outline

    def set_outline(self, outline: QColor | None) -> None:
        """Ring the key in ``outline`` (the current slide, the exit), or not."""
        self._outline = outline
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        fill = QColor(self._fill)
        if self.isDown():
            fill = fill.lighter(140)
        radius = min(rect.height(), rect.width()) / 5
        if self._outline is not None:
            pen = painter.pen()
            pen.setColor(self._outline)
            pen.setWidthF(max(2.0, rect.height() / 30))
            painter.setPen(pen)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setPen(self._color)
        painter.setFont(self._font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text())


class Card(QWidget):
    """An opaque rounded panel: nothing of the slide behind shows through it."""

    def __init__(self, parent: QWidget, fill: QColor, edge: QColor, radius: int) -> None:
        super().__init__(parent)
        self._fill, self._edge, self._radius = QColor(fill), QColor(edge), radius
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = painter.pen()
        pen.setColor(self._edge)
        pen.setWidthF(2.0)
        painter.setPen(pen)
        painter.setBrush(self._fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), self._radius,
                                self._radius)


def plain_label(parent: QWidget, text: str, font: QFont, color: QColor, *,
                wrap: bool = False,
                align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QLabel:
    """A plain-text label in ``font`` and ``color``."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFont(font)
    label.setAlignment(align)
    label.setWordWrap(wrap)
    set_text_color(label, color)
    return label


class PinPad(QWidget):
    """Full-window overlay; emits :attr:`submitted` with the digits, :attr:`cancelled`, and —
    with no PIN set — :attr:`exit_without_pin` once the exit is confirmed."""

    submitted = Signal(str)
    cancelled = Signal()
    exit_without_pin = Signal()

    def __init__(self, parent: QWidget, key_side: int, font: QFont, small_font: QFont,
                 color: QColor, fill: QColor, shade: QColor, *,
                 card: QColor | None = None, accent: QColor | None = None) -> None:
        super().__init__(parent)
        self._shade = QColor(shade)
        self._shade.setAlphaF(SCRIM_ALPHA)
        self._digits = ""
        card_fill = QColor(card) if card is not None else QColor(shade)
        key_fill = QColor(fill).lighter(125) if card is not None else QColor(fill)
        accent = QColor(accent) if accent is not None else QColor(color)
        edge = QColor(color)
        edge.setAlphaF(0.18)
        # A key holds "Delete" and a digit comfortably, whatever the theme's type scale.
        small_metrics, metrics = QFontMetrics(small_font), QFontMetrics(font)
        key_side = max(key_side, small_metrics.horizontalAdvance(strings.DELETE.en) + key_side // 3,
                       round(metrics.height() * 1.25), small_metrics.lineSpacing() * 2 + 12)
        # ... but the card fits the screen: on a short one (1280×720) the keys give way.
        text = small_metrics.lineSpacing() * (MESSAGE_LINES + 1) + 4
        fits = (parent.height() * 0.94 - text) / CARD_KEY_ROWS
        key_side = max(min(key_side, int(fits)), 1)
        gap = max(6, key_side // 8)
        grid_width = key_side * 3 + gap * 2
        width = max(grid_width, round(key_side * 4.6),
                    small_metrics.horizontalAdvance(strings.STAFF_ONLY.joined()) + key_side // 2)
        margin = max(12, key_side // 4)
        panel = Card(self, card_fill, edge, margin)
        column = QVBoxLayout(panel)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(gap)
        title = plain_label(panel, strings.STAFF.joined(), small_font, accent)
        self._entry = plain_label(panel, "", font, color)
        self._entry.setFixedSize(width, key_side)
        self._message = plain_label(panel, "", small_font, color, wrap=True)
        # Reserved lines: the keys below stay put whatever the message says.
        self._message.setFixedSize(width, QFontMetrics(small_font).lineSpacing() * MESSAGE_LINES
                                   + 4)

        self._pages = QStackedWidget(panel)
        keys_page = QWidget(self._pages)
        keys_column = QVBoxLayout(keys_page)
        keys_column.setContentsMargins(0, 0, 0, 0)
        keys_column.setSpacing(gap)
        grid = QGridLayout()
        grid.setSpacing(gap)
        self.keys: dict[str, Key] = {}
        faces = {"Del": strings.DELETE.joined("\n"), "OK": strings.OK.joined("\n")}
        for position, label in enumerate(
                ["1", "2", "3", "4", "5", "6", "7", "8", "9", "Del", "0", "OK"]):
            key = Key(keys_page, faces.get(label, label), key_side, key_side,
                      font if label.isdigit() else small_font, color, key_fill)
            key.clicked.connect(lambda _=False, lab=label: self.press(lab))
            grid.addWidget(key, position // 3, position % 3)
            self.keys[label] = key
        keys_column.addLayout(grid)
        cancel = Key(keys_page, strings.CANCEL.joined(), grid_width, key_side, small_font, color,
                     key_fill)
        cancel.clicked.connect(self.cancel)
        self.keys["cancel"] = cancel
        keys_column.addWidget(cancel, 0, Qt.AlignmentFlag.AlignHCenter)
        self._pages.addWidget(keys_page)

        # No PIN set: the notice, an exit and a way back.
        no_pin = QWidget(self._pages)
        no_pin_column = QVBoxLayout(no_pin)
        no_pin_column.setContentsMargins(0, 0, 0, 0)
        no_pin_column.setSpacing(gap)
        notice = plain_label(no_pin, NO_PIN_NOTICE, small_font, color, wrap=True)
        notice.setFixedWidth(width)
        self._notice = notice
        tall = round(key_side * 1.2)  # two lines of text
        self.exit_button = Key(no_pin, strings.EXIT_TO_DESKTOP.joined("\n"), width, tall,
                               small_font, color, key_fill, outline=accent)
        self.exit_button.clicked.connect(self._ask_to_confirm)
        self.no_pin_cancel = Key(no_pin, strings.CANCEL.joined(), width, key_side, small_font,
                                 color, key_fill)
        self.no_pin_cancel.clicked.connect(self.cancel)
        no_pin_column.addWidget(notice, 1)
        no_pin_column.addWidget(self.exit_button)
        no_pin_column.addWidget(self.no_pin_cancel)
        self._pages.addWidget(no_pin)

        # The confirmation: "Exit" sits where no earlier button was, so a double tap on
        # "Exit to the desktop" cannot confirm by accident.
        confirm = QWidget(self._pages)
        confirm_column = QVBoxLayout(confirm)
        confirm_column.setContentsMargins(0, 0, 0, 0)
        confirm_column.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(gap)
        half = (width - gap) // 2
        self.back_button = Key(confirm, strings.BACK.joined("\n"), half, tall, small_font, color,
                               key_fill)
        self.back_button.clicked.connect(self._back_to_notice)
        self.confirm_button = Key(confirm, strings.EXIT.joined("\n"), half, tall, small_font, color,
                                  key_fill, outline=accent)
        self.confirm_button.clicked.connect(self._confirmed)
        row.addWidget(self.back_button)
        row.addWidget(self.confirm_button)
        confirm_column.addLayout(row)
        self._pages.addWidget(confirm)

        column.addWidget(title)
        column.addWidget(self._entry, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self._message, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self._pages, 0, Qt.AlignmentFlag.AlignHCenter)
        self._panel = panel
        panel.adjustSize()
        panel.setFixedSize(panel.sizeHint())
        self.hide()

    @property
    def digits(self) -> str:
        return self._digits

    @property
    def message(self) -> str:
        return self._message.text()

    @property
    def page(self) -> str:
        """What the card shows: ``keys``, ``no_pin`` or ``confirm``."""
        return ("keys", "no_pin", "confirm")[self._pages.currentIndex()]

    @property
    def card(self) -> QWidget:
        """The opaque card (for layout checks)."""
        return self._panel

    def open(self, message: str = "") -> None:
        """Show the keypad, empty, over everything, with ``message`` above the keys."""
        self._digits = ""
        self._refresh()
        self._pages.setCurrentIndex(0)
        self.show_message(message)
        self._show()

    def open_without_pin(self) -> None:
        """No PIN is set: show the staff-only notice and the (confirmed) exit."""
        self._digits = ""
        self._entry.setText("")
        self._notice.setText(NO_PIN_NOTICE)
        self.exit_button.show()
        self._pages.setCurrentIndex(1)
        self.show_message(strings.STAFF_ONLY.joined())
        self._show()

    def open_locked_without_pin(self, set_pin_command: str) -> None:
        """No PIN is set in the locked session: ask visitors to call staff, tell IT the command
        that sets a PIN, and offer no way out."""
        self._digits = ""
        self._entry.setText("")
        self._notice.setText(f"{strings.NO_PIN_LOCKED.joined(chr(10))}\n\n{set_pin_command}")
        self.exit_button.hide()
        self._pages.setCurrentIndex(1)
        self.show_message(strings.CALL_STAFF.joined("\n"))
        self._show()

    @property
    def notice(self) -> str:
        """The text of the no-PIN page's notice (the first-run exit's, or how to set a PIN)."""
        return self._notice.text()

    @property
    def exit_offered(self) -> bool:
        """Whether the card shows a way out without a PIN (the first-run exit)."""
        return self.isVisible() and self._pages.currentIndex() == 1 and \
            self.exit_button.isVisibleTo(self)

    def _show(self) -> None:
        window = self.parentWidget()
        assert window is not None, "the PIN pad is made on the kiosk's window"
        self.setGeometry(window.rect())
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
        if self._pages.currentIndex() != 0:
            return
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

    def _ask_to_confirm(self) -> None:
        if self.exit_button.isHidden():
            return  # the locked session: never
        self._pages.setCurrentIndex(2)
        self.show_message(strings.LEAVE_NOW.joined("\n"))

    def _back_to_notice(self) -> None:
        self.open_without_pin()

    def _confirmed(self) -> None:
        self.close_pad()
        self.exit_without_pin.emit()

    def _refresh(self) -> None:
        self._entry.setText("●" * len(self._digits) if self._digits else "–")

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(event.rect(), self._shade)
