"""Two to six big numbers that count up as the slide enters, each with its label."""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QSpacerItem, QVBoxLayout

from kiosk.core.content.model import Figure, MetricsSlide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.theme import make_label, without_emphasis
from kiosk.runtime.widgets.count_up import CountUpLabel
from kiosk.runtime.widgets.panel import Panel

COUNT_MS = 1700
"""How long a number takes to count up."""


def grid_shape(count: int, portrait: bool) -> tuple[int, int]:
    """(rows, columns) for ``count`` tiles: one row of up to three in landscape."""
    if portrait:
        columns = 1 if count <= 3 else 2
    else:
        columns = count if count <= 3 else (2 if count == 4 else 3)
    return math.ceil(count / columns), columns


class View(SlideView):
    """The metrics slide."""

    slide: MetricsSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.counters: list[CountUpLabel] = []
        self.labels: list[QLabel] = []
        self._tops: list[tuple[int, Panel, QVBoxLayout, QSpacerItem]] = []
        root, column = self.content_column()
        self.header(column, self.text(slide.title), self.text(slide.subtitle))
        column.addSpacing(look.grid(1))

        rows, columns = grid_shape(len(slide.metrics), look.portrait)
        grid = QGridLayout()
        grid.setSpacing(look.grid(1.5))
        for i, figure in enumerate(slide.metrics):
            tile = self._tile(figure, rows, columns, 250 + i * STAGGER_MS * 2, i // columns)
            grid.addWidget(self.rise(tile, 200 + i * STAGGER_MS * 2), i // columns, i % columns)
        for r in range(rows):
            grid.setRowStretch(r, 1)
        for c in range(columns):
            grid.setColumnStretch(c, 1)
        column.addLayout(grid, 1)
        if slide.footnote is not None:
            note = make_label(look, self.text(slide.footnote), "caption", color="muted")
            column.addWidget(self.rise(note, 200 + len(slide.metrics) * STAGGER_MS * 2))

    def _tile(self, figure: Figure, rows: int, columns: int, delay: int, row: int) -> Panel:
        look, language = self.look, self.language
        tile = Panel(look.color("surface"), look.grid(0.8), accent=look.color("accent"),
                     accent_height=max(3, look.px(0.006)))
        tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        box = QVBoxLayout(tile)
        pad = look.grid(1.2)
        box.setContentsMargins(pad, pad, pad, pad)
        box.setSpacing(look.grid(0.5))

        # The figure is all accent already: *emphasis* in its words just loses its asterisks.
        qualifier = without_emphasis(self.text(figure.qualifier))
        prefix = without_emphasis(self.text(figure.prefix))
        joiner = " " if qualifier and language == "en" and not qualifier.endswith(" ") else ""
        number_font = look.font("number", bold=True)
        if rows > 1 and not look.portrait:
            # Two rows of tiles share the height: numbers a little smaller, still the biggest.
            number_font.setPixelSize(round(number_font.pixelSize() * 0.85))
        unit_font = look.font("number", bold=True)
        unit_font.setPixelSize(round(number_font.pixelSize() * 0.42))
        counter = CountUpLabel(
            figure.value, language, decimals=figure.decimals, compact=figure.compact,
            lead=qualifier + joiner + prefix, trail=without_emphasis(self.text(figure.suffix)),
            number_font=number_font, unit_font=unit_font,
            color=look.color("accent"), unit_color=look.color("accent"),
        )
        self.counters.append(counter)
        self.animate(counter, b"progress", delay=delay, duration=COUNT_MS,
                     easing=QEasingCurve.Type.OutCubic)
        # The space above the number is set once laid out (see fit_texts), the same for
        # every tile in a row, so the numbers of a row line up.
        top = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        box.addItem(top)
        self._tops.append((row, tile, box, top))
        box.addWidget(counter)
        label = make_label(look, self.text(figure.label), "body")
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.labels.append(label)
        box.addWidget(label)
        if figure.detail is not None:
            detail = make_label(look, self.text(figure.detail), "caption", color="muted")
            detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.labels.append(detail)
            box.addWidget(detail)
        box.addStretch(1)
        return tile

    def fit_texts(self) -> None:
        super().fit_texts()
        # Centre each row's tallest tile content; the others start at the same height.
        for row in {row for row, _tile, _box, _top in self._tops}:
            members = [(tile, box, top) for r, tile, box, top in self._tops if r == row]
            needed = 0
            for tile, box, top in members:
                top.changeSize(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
                box.invalidate()
                needed = max(needed, box.totalHeightForWidth(tile.width()))
            spare = min(tile.height() for tile, _box, _top in members) - needed
            for _tile, box, top in members:
                top.changeSize(0, max(0, spare // 2), QSizePolicy.Policy.Minimum,
                               QSizePolicy.Policy.Fixed)
                box.invalidate()
                box.activate()
