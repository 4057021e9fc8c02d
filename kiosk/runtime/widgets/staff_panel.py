"""The staff panel behind the PIN: close, reload, pause/resume, screenshot, exit, jump to a
slide, and a status card.

A view only: it shows what it is given and emits what was tapped (:attr:`StaffPanel.action`,
:attr:`StaffPanel.jump`); :class:`kiosk.runtime.staff_controls.StaffControls` acts on it,
logs it and closes the panel after a minute untouched. Every control is at least a finger
wide, every text is plain and bilingual, on an opaque card like the PIN pad's.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import strings
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.pinpad import SCRIM_ALPHA, Card, Key, plain_label

ACTIONS = ("close", "reload", "pause", "screenshot", "exit")
"""The panel's buttons, in order; ``pause`` reads "Resume" while the loop is paused. Close,
the harmless one, comes first and is ringed as the default; exit comes last, unmarked, so a
hurried tap never ends the kiosk."""
DEFAULT_ACTION = "close"
TILE_WIDTH, TILE_HEIGHT, TILE_HEIGHT_MAX = 3.4, 1.3, 1.7
"""Slide tiles, in touch targets: two lines of a slide's title, never below a finger."""
BUTTON_WIDTH, BUTTON_HEIGHT = 3.6, 1.5
"""Action buttons, in touch targets."""
TALL_CARD = 18
"""A landscape card at least this many touch targets high stacks its five buttons in a column
(a 1440-pixel screen); below that they sit two by two, leaving the slide tiles their room."""


def two_lines(metrics: QFontMetrics, text: str, width: int) -> str:
    """``text`` in at most two lines of ``width`` pixels: broken at the last space that lets
    the first line fit (anywhere in Chinese), the second cut with "…" when still too long."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    cut = len(text)
    while cut > 1 and metrics.horizontalAdvance(text[:cut]) > width:
        cut -= 1
    space = text.rfind(" ", 0, cut + 1)
    if space > 0:
        cut = space
    head, tail = text[:cut].rstrip(), text[cut:].strip()
    return f"{head}\n{metrics.elidedText(tail, Qt.TextElideMode.ElideRight, width)}"


class SlideGrid(QWidget):
    """Touch-sized tiles, one per slide (its number and title, as the visitors read it),
    placed to fill the space given; pages with previous/next tiles when they do not all
    fit."""

    jump = Signal(int)

    def __init__(self, parent: QWidget, tile: int, font: QFont, small_font: QFont,
                 color: QColor, fill: QColor, accent: QColor) -> None:
        super().__init__(parent)
        self._tile = tile
        self._font, self._small = font, small_font
        self._color, self._fill, self._accent = color, fill, accent
        self._ids: list[str] = []
        self._current = -1
        self._page = 0
        self.tiles: dict[int, Key] = {}
        """The slide tiles on the current page, by slide index."""
        self.turn: dict[int, Key] = {}
        """The previous-page (-1) and next-page (+1) tiles, when the slides need pages."""

    def set_slides(self, names: list[str], current: int) -> None:
        """A tile for each of ``names`` (the slides' titles, in deck order) with ``current``
        ringed, on the page that holds it."""
        self._ids = list(names)
        self._current = current
        per_page = self._per_page()
        self._page = current // per_page if per_page and current >= 0 else 0
        self._rebuild()

    def _columns_rows(self) -> tuple[int, int]:
        width = max(self._tile * 2, self.width())
        height = max(self._tile, self.height())
        gap = self._gap()
        columns = max(1, (width + gap) // (round(self._tile * TILE_WIDTH) + gap))
        rows = max(1, (height + gap) // (round(self._tile * TILE_HEIGHT) + gap))
        return columns, rows

    def _gap(self) -> int:
        return max(6, self._tile // 8)

    def _per_page(self) -> int:
        columns, rows = self._columns_rows()
        capacity = columns * rows
        if len(self._ids) <= capacity:
            return capacity
        return max(1, capacity - 2)  # two places for previous and next

    def _rebuild(self) -> None:
        for tile in [*self.tiles.values(), *self.turn.values()]:
            tile.hide()  # at once: deletion waits for the event loop
            tile.deleteLater()
        self.tiles, self.turn = {}, {}
        if not self._ids:
            return
        columns, rows = self._columns_rows()
        per_page = self._per_page()
        pages = math.ceil(len(self._ids) / per_page)
        self._page = min(self._page, pages - 1)
        first = self._page * per_page
        shown = list(range(first, min(len(self._ids), first + per_page)))
        gap = self._gap()
        used_rows = max(1, math.ceil((len(shown) + (2 if pages > 1 else 0)) / columns))
        width = (self.width() - gap * (columns - 1)) // columns
        height = min(round(self._tile * TILE_HEIGHT_MAX),
                     (self.height() - gap * (used_rows - 1)) // used_rows)
        height = max(height, min(round(self._tile * TILE_HEIGHT), self.height()))
        metrics = QFontMetrics(self._small)
        places = shown + ([-1, -2] if pages > 1 else [])
        for position, index in enumerate(places):
            if index >= 0:
                text = two_lines(metrics, f"{index + 1}. {self._ids[index]}", width - gap * 2)
                font = self._small
            else:
                turn = strings.PREVIOUS_PAGE if index == -1 else strings.NEXT_PAGE
                text, font = turn.joined("\n"), self._small
            tile = Key(self, text, width, height, font, self._color, self._fill,
                       outline=self._accent if index == self._current else None)
            row, column = divmod(position, columns)
            tile.move(column * (width + gap), row * (height + gap))
            if index >= 0:
                tile.clicked.connect(lambda _=False, i=index: self.jump.emit(i))
                self.tiles[index] = tile
            else:
                direction = -1 if index == -1 else 1
                tile.clicked.connect(lambda _=False, d=direction: self._turn(d))
                self.turn[direction] = tile
            tile.show()

    def _turn(self, direction: int) -> None:
        pages = math.ceil(len(self._ids) / self._per_page())
        self._page = (self._page + direction) % pages
        self._rebuild()

    def refresh(self) -> None:
        """Lay the tiles out again for the grid's current size."""
        self.set_slides(self._ids, self._current)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refresh()


class StaffPanel(QWidget):
    """Full-window overlay holding the staff card; hidden until :meth:`open`."""

    action = Signal(str)
    """A button was tapped: one of :data:`ACTIONS`."""
    jump = Signal(int)
    """A slide tile was tapped (its index)."""

    def __init__(self, parent: QWidget, look: Look, touch: int) -> None:
        """``touch``: the side of a finger-sized target on this screen, in pixels."""
        super().__init__(parent)
        heading_font = look.font("title", bold=True)
        font = look.font("caption", bold=True, display=False)
        small_font = look.font("caption", display=False)
        color, muted, accent = look.color("text"), look.color("muted"), look.color("accent")
        card = look.color("surface")
        fill = QColor(card).lighter(125)  # keys stand out from the card, like the PIN pad's
        self._shade = QColor(look.color("background"))
        self._shade.setAlphaF(SCRIM_ALPHA)
        self._touch = touch
        self._small = small_font
        edge = QColor(color)
        edge.setAlphaF(0.18)
        margin = max(12, touch // 4)
        gap = max(8, touch // 6)
        self._card = Card(self, card, edge, margin)
        column = self._column = QVBoxLayout(self._card)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(gap)
        # The title, and beside it what the last action did (its two lines reserved).
        header = self._header = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        header.setSpacing(gap * 2)
        header.addWidget(plain_label(self._card, strings.STAFF_PANEL.joined(), heading_font,
                                     accent, align=Qt.AlignmentFlag.AlignLeft))
        self._feedback = plain_label(self._card, "", small_font, color,
                                     align=Qt.AlignmentFlag.AlignRight
                                     | Qt.AlignmentFlag.AlignVCenter)
        self._feedback.setFixedHeight(QFontMetrics(small_font).lineSpacing() * 2 + 4)
        header.addWidget(self._feedback, 1)
        column.addLayout(header)

        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(gap * 2)
        self._actions = QGridLayout()
        self._actions.setSpacing(gap)
        self.buttons: dict[str, Key] = {}
        labels = {name: text.joined("\n") for name, text in (
            ("exit", strings.EXIT_KIOSK), ("reload", strings.RELOAD_NOW),
            ("pause", strings.PAUSE_LOOP), ("close", strings.CLOSE),
            ("screenshot", strings.SCREENSHOT))}
        metrics = QFontMetrics(font)
        widest = max(metrics.horizontalAdvance(line) for text in labels.values()
                     for line in text.split("\n"))
        self._button_width = max(round(touch * BUTTON_WIDTH), widest + touch // 2)
        self._gap = gap
        for name in ACTIONS:
            button = Key(self._card, labels[name], self._button_width,
                         round(touch * BUTTON_HEIGHT), font, color,
                         fill, outline=accent if name == DEFAULT_ACTION else None)
            button.clicked.connect(lambda _=False, n=name: self.action.emit(n))
            self.buttons[name] = button
        self._actions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._body.addLayout(self._actions)

        status = QVBoxLayout()
        status.setSpacing(gap)
        status.addWidget(plain_label(self._card, strings.STATUS.joined(), font, accent,
                                     align=Qt.AlignmentFlag.AlignLeft))
        self._status = QGridLayout()
        self._status.setHorizontalSpacing(gap * 2)
        self._status.setVerticalSpacing(gap // 2)
        self._status.setColumnStretch(1, 1)
        self._status_labels: list[QLabel] = []
        status.addLayout(self._status)
        status.addStretch(1)
        self._body.addLayout(status, 1)
        column.addLayout(self._body)
        # The slide tiles span the card's width below: room for a long deck on one page.
        column.addWidget(plain_label(self._card, strings.JUMP_TO_SLIDE.joined(), font, accent,
                                     align=Qt.AlignmentFlag.AlignLeft))
        self.slides = SlideGrid(self._card, touch, font, small_font, color, fill, accent)
        self.slides.setMinimumHeight(round(touch * TILE_HEIGHT))  # always one row of tiles
        self.slides.jump.connect(self.jump.emit)
        column.addWidget(self.slides, 1)
        note = plain_label(self._card, strings.CLOSES_BY_ITSELF.joined(), small_font, muted,
                           align=Qt.AlignmentFlag.AlignLeft)
        column.addWidget(note)
        self._muted = muted
        self._color = color
        self.hide()

    # ------------------------------------------------------------------ content

    @property
    def card(self) -> QWidget:
        """The opaque card holding everything (for layout checks)."""
        return self._card

    @property
    def feedback(self) -> str:
        """The line under the title (what the last action did)."""
        return self._feedback.text()

    def status_text(self) -> str:
        """The status card as text (for tests and the log)."""
        return "\n".join(label.text() for label in self._status_labels)

    def set_feedback(self, text: str) -> None:
        self._feedback.setText(text)

    def set_paused(self, paused: bool) -> None:
        """Label the pause button for what a tap will do."""
        button = self.buttons["pause"]
        button.setText((strings.RESUME_LOOP if paused else strings.PAUSE_LOOP).joined("\n"))

    def set_status(self, rows: list[tuple[str, str]]) -> None:
        """Fill the status card with ``(label, value)`` rows (the same rows again, with
        new values, only change the texts: the card updates every second while open)."""
        if [label.text() for label in self._status_labels[0::2]] == [name for name, _ in rows]:
            for label, (_, value) in zip(self._status_labels[1::2], rows, strict=True):
                shown = value.replace("/", "/\u200b").replace("\\", "\\\u200b")
                if label.text() != shown:
                    label.setText(shown)
            return
        for label in self._status_labels:
            self._status.removeWidget(label)
            label.hide()  # at once: deletion waits for the event loop
            label.deleteLater()
        self._status_labels = []
        for row, (name, value) in enumerate(rows):
            key = plain_label(self._card, name, self._small, self._muted,
                              align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            # Paths have no spaces: a zero-width space after each separator lets them wrap.
            shown = value.replace("/", "/\u200b").replace("\\", "\\\u200b")
            text = plain_label(self._card, shown, self._small, self._color, wrap=True,
                               align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self._status.addWidget(key, row, 0)
            self._status.addWidget(text, row, 1)
            self._status_labels += [key, text]

    def set_slides(self, names: list[str], current: int) -> None:
        """The jump tiles: each slide's title (deck order), ``current`` ringed."""
        self.slides.set_slides(names, current)

    # ------------------------------------------------------------------ showing

    def open(self) -> None:
        """Cover the window and show the card, laid out for the window's shape."""
        parent = self.parentWidget()
        assert parent is not None, "the staff panel is made on the kiosk's window"
        self.setGeometry(parent.rect())
        width, height = self.width(), self.height()
        portrait = height > width
        margin = round(min(width, height) * 0.04)
        self._card.setGeometry(QRect(margin, margin, width - 2 * margin, height - 2 * margin))
        self._arrange(portrait)
        self.raise_()
        self.show()
        self._column.activate()
        self.slides.refresh()

    def _arrange(self, portrait: bool) -> None:
        # Landscape: a column of buttons beside the status, or two by two on a short screen
        # so the slide tiles keep their height; portrait: two by two, full width, above it.
        inner = self._card.width() - self._column.contentsMargins().left() * 2
        width = (inner - self._gap) // 2 if portrait else self._button_width
        column = not portrait and self._card.height() >= self._touch * TALL_CARD
        for position, name in enumerate(ACTIONS):
            button = self.buttons[name]
            self._actions.removeWidget(button)
            button.setFixedWidth(max(1, width))
            self._actions.addWidget(button, *((position, 0) if column else divmod(position, 2)))
        direction = (QBoxLayout.Direction.TopToBottom if portrait
                     else QBoxLayout.Direction.LeftToRight)
        self._body.setDirection(direction)
        # Portrait: the feedback goes under the title, which leaves no room beside it.
        self._header.setDirection(direction)
        self._feedback.setAlignment((Qt.AlignmentFlag.AlignLeft if portrait
                                     else Qt.AlignmentFlag.AlignRight)
                                    | Qt.AlignmentFlag.AlignVCenter)

    def close_panel(self) -> None:
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(event.rect(), self._shade)
