"""Two to six big numbers that count up as the slide enters, each with its label."""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.figure_graphics import bar_fractions, share_of_whole
from kiosk.core.content.model import Figure, MetricsSlide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.slides.fitting import settle_layouts
from kiosk.runtime.text_fit import overflows
from kiosk.runtime.theme import make_label
from kiosk.runtime.widgets.count_up import CountUpLabel, figure_counter
from kiosk.runtime.widgets.figure_graphic import FigureGraphic
from kiosk.runtime.widgets.icon import IconLabel
from kiosk.runtime.widgets.panel import Panel

COUNT_MS = 1700
"""How long a number takes to count up."""
ICON_SIDE = 0.06
"""A figure's icon, as a share of the screen's shorter side."""
PORTRAIT_HERO = 1.45
"""How much bigger a figure is drawn in a full-width portrait tile than in landscape."""
HERO = 1.7
"""How much bigger the slide's hero figure (``hero: true``) is drawn."""
GROWTH_STEPS = (2.0, 1.7, 1.45, 1.2)
"""How much bigger a slide's numbers may grow into tiles with room to spare, largest first."""
SMALLER_GRAPHIC = 0.55
"""The share of its designed size a ring or grid tries before it steps aside for the words."""


def grid_shape(count: int, portrait: bool) -> tuple[int, int]:
    """(rows, columns) for ``count`` tiles: one row of up to three in landscape."""
    if portrait:
        columns = 1 if count <= 3 else 2
    else:
        columns = count if count <= 3 else (2 if count == 4 else 3)
    return math.ceil(count / columns), columns


def hero_shape(others: int, portrait: bool) -> tuple[int, int]:
    """(rows, columns) for the ``others`` tiles beside a hero: in portrait the rows under it;
    in landscape the columns to its right, two tiles high at most."""
    if portrait:
        columns = 1 if others <= 2 else 2
        return math.ceil(others / columns), columns
    rows = min(2, others)
    return rows, math.ceil(others / rows)


class View(SlideView):
    """The metrics slide."""

    slide: MetricsSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.counters: list[CountUpLabel] = []
        self.labels: list[QLabel] = []
        self.graphics: list[FigureGraphic] = []
        self._bar_fractions = iter(bar_fractions(
            [figure.value for figure in slide.metrics if figure.graphic == "bar"]))
        self._tops: list[tuple[int, Panel, QBoxLayout, QSpacerItem]] = []
        """Each tile's row, the tile, its outer layout and the space above its number."""
        root, column = self.content_column()
        self.header(column, self.text(slide.title), self.text(slide.subtitle))
        column.addSpacing(look.grid(1))

        heroes = [figure for figure in slide.metrics if figure.hero][:1]
        others = [figure for figure in slide.metrics if figure not in heroes]
        rows, columns = (hero_shape(len(others), look.portrait) if heroes
                         else grid_shape(len(others), look.portrait))
        grid = QGridLayout()
        grid.setSpacing(look.grid(1.5))
        for i, figure in enumerate(heroes + others):
            n = i - len(heroes)
            if heroes and i == 0:
                # The hero has the first row of a tall screen, the first column of a wide one.
                place = (0, 0, 1, columns) if look.portrait else (0, 0, rows, 1)
                shape = (1, 1) if look.portrait else (1, 2)
            elif heroes and look.portrait:
                place, shape = (1 + n // columns, n % columns, 1, 1), (rows, columns)
            elif heroes:
                place, shape = (n % rows, 1 + n // rows, 1, 1), (rows, columns + 1)
            else:
                place, shape = (n // columns, n % columns, 1, 1), (rows, columns)
            tile = self._tile(figure, *shape, 250 + i * STAGGER_MS * 2, place[0])
            grid.addWidget(self.rise(tile, 200 + i * STAGGER_MS * 2), *place)
        if heroes and look.portrait:
            rows += 1
        elif heroes:
            grid.setColumnStretch(0, columns)
            columns += 1
        squares = [graphic for graphic in self.graphics if graphic.kind != "bar"]
        for graphic in squares:
            graphic.share_size_with(squares)
        for r in range(rows):
            grid.setRowStretch(r, 1)
        for c in range(1 if heroes and not look.portrait else 0, columns):
            grid.setColumnStretch(c, 1)
        column.addLayout(grid, 1)
        if slide.footnote is not None:
            note = make_label(look, self.text(slide.footnote), "caption", color="muted")
            column.addWidget(self.rise(note, 200 + len(slide.metrics) * STAGGER_MS * 2))

    def _tile(self, figure: Figure, rows: int, columns: int, delay: int, row: int) -> Panel:
        look = self.look
        tile = Panel(look.color("surface"), look.grid(0.8), accent=look.color("accent"),
                     accent_height=max(3, look.px(0.006)))
        tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        pad = look.grid(1.2)
        graphic = self._graphic(figure, delay)
        # Tiles wider than tall (one column in portrait, up to two in landscape) have the
        # room beside the words; narrow tiles have it below them.
        wide_tile = columns == 1 if look.portrait else columns <= 2
        beside = graphic is not None and graphic.kind != "bar" and wide_tile
        outer: QBoxLayout  # the tile's own layout: the row, or the column of words itself
        if beside and graphic is not None:
            # A wide, short tile: the ring or grid stands beside the words, not under them.
            row_layout = QHBoxLayout(tile)
            row_layout.setContentsMargins(pad, pad, pad, pad)
            row_layout.setSpacing(look.grid(1.5))
            box = QVBoxLayout()
            row_layout.addLayout(box, 1)
            row_layout.addWidget(graphic)
            outer = row_layout
        else:
            box = outer = QVBoxLayout(tile)
            box.setContentsMargins(pad, pad, pad, pad)
        box.setSpacing(look.grid(0.5))

        number_font = look.font("number", bold=True)
        if rows > 1 and not look.portrait and not figure.hero:
            # Two rows of tiles share the height: numbers a little smaller, still the biggest.
            number_font.setPixelSize(round(number_font.pixelSize() * 0.85))
        if figure.hero:
            number_font.setPixelSize(round(number_font.pixelSize() * HERO))
        elif look.portrait and columns == 1:
            # A tall screen stacks full-width tiles: the figure can be a hero, not a line.
            number_font.setPixelSize(round(number_font.pixelSize() * PORTRAIT_HERO))
        counter = figure_counter(figure, look, self.language, number_font)
        self.counters.append(counter)
        self.animate(counter, b"progress", delay=delay, duration=COUNT_MS,
                     easing=QEasingCurve.Type.OutCubic)
        # The space above the number is set once laid out (see fit_texts), the same for
        # every tile in a row, so the numbers of a row line up.
        top = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        box.addItem(top)
        self._tops.append((row, tile, outer, top))
        if figure.icon is not None:
            box.addWidget(IconLabel(figure.icon, look.color("accent_2"), look.px(ICON_SIDE)))
            box.addSpacing(look.grid(0.3))
        elif any(other.icon is not None for other in self.slide.metrics):
            # An empty stand-in keeps the icon's room, so the numbers of a row stay level.
            stand_in = QWidget()
            stand_in.setFixedSize(look.px(ICON_SIDE), look.px(ICON_SIDE))
            box.addWidget(stand_in)
            box.addSpacing(look.grid(0.3))
        box.addWidget(counter)
        if graphic is not None and graphic.kind == "bar":
            # Right under the number, so the bars of a row start level and compare at a glance.
            box.addWidget(graphic)
            box.addSpacing(look.grid(0.5))
        label = make_label(look, self.text(figure.label), "body")
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.labels.append(label)
        box.addWidget(label)
        if figure.detail is not None:
            detail = make_label(look, self.text(figure.detail), "caption", color="muted")
            detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.labels.append(detail)
            box.addWidget(detail)
        if graphic is not None and graphic.kind != "bar" and not beside:
            box.addSpacing(look.grid(0.5))
            box.addWidget(graphic, 1)
        if graphic is None or graphic.kind == "bar":
            box.addStretch(1)
        return tile

    def _graphic(self, figure: Figure, delay: int) -> FigureGraphic | None:
        """The figure drawn as data, growing with its count-up; None when it asks for none."""
        if figure.graphic is None:
            return None
        look = self.look
        if figure.graphic == "bar":
            fraction, side = next(self._bar_fractions), look.px(0.025)
        else:
            fraction, side = share_of_whole(figure.value), look.px(0.16)
        graphic = FigureGraphic(figure.graphic, fraction, color=look.color("accent"),
                                track=look.color("text"), side=side)
        self.graphics.append(graphic)
        self.animate(graphic, b"progress", delay=delay, duration=COUNT_MS,
                     easing=QEasingCurve.Type.OutCubic)
        return graphic

    def fit_texts(self) -> None:
        self._make_room_for_words()
        super().fit_texts()
        self._grow_into_spare_room()
        # Centre each row's tallest tile content; the others start at the same height.
        for row in {row for row, _tile, _outer, _top in self._tops}:
            members = [(tile, outer, top) for r, tile, outer, top in self._tops if r == row]
            needed = 0
            for tile, outer, top in members:
                top.changeSize(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
                outer.invalidate()
                needed = max(needed, outer.totalHeightForWidth(tile.width()))
            spare = min(tile.height() for tile, _outer, _top in members) - needed
            for _tile, outer, top in members:
                top.changeSize(0, max(0, spare // 2), QSizePolicy.Policy.Minimum,
                               QSizePolicy.Policy.Fixed)
                outer.invalidate()
                outer.activate()

    def _grow_into_spare_room(self) -> None:
        """A big tile with a small number in it looks unfinished (two figures on a wide
        screen, full-width tiles on a tall one): the slide's numbers grow together, by the
        largest of :data:`GROWTH_STEPS` at which every tile still holds all its content and
        every number its full width, so the slide stays consistent and the hero stays the
        biggest. A full slide keeps its designed sizes: one whose texts the fit had to
        shrink or cut."""
        if self.fit_report is None or any(note.cut_lines or note.final_px < note.designed_px
                                           for note in self.fit_report):
            return
        for factor in GROWTH_STEPS:
            for counter in self.counters:
                counter.set_growth(factor)
            settle_layouts(self)
            if self._everything_fits():
                return
        for counter in self.counters:
            counter.set_growth(1.0)
        settle_layouts(self)

    def _everything_fits(self) -> bool:
        """Whether every tile holds its content at its natural height, every number its
        full width and every label its words."""
        for _row, tile, outer, top in self._tops:
            top.changeSize(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            outer.invalidate()
            if outer.totalHeightForWidth(tile.width()) > tile.height():
                return False
        return (all(counter.fits_its_width() for counter in self.counters)
                and not any(overflows(label, label.width(), label.height())
                            for label in self.labels if label.isVisibleTo(self)))

    def _make_room_for_words(self) -> None:
        """Words come first: when a tile's words would not fit at their designed size beside
        or under a ring or grid (a small screen, a long label), the slide's rings and grids
        are drawn smaller, all of them, so the slide stays consistent; if the words still do
        not fit, they step aside. Bars are thin and stay."""
        squares = [graphic for graphic in self.graphics if graphic.kind != "bar"]
        if not squares or not any(graphic.isVisibleTo(self) for graphic in squares):
            return

        def words_overflow() -> bool:
            settle_layouts(self)
            return any(overflows(label, label.width(), label.height())
                       for label in self.labels)

        if not words_overflow():
            return
        # Smaller drawings first (they still show the share), then none.
        for graphic in squares:
            graphic.scale_preferred_side(SMALLER_GRAPHIC)
        if not words_overflow():
            return
        for graphic in squares:
            graphic.scale_preferred_side(1.0)
            graphic.hide()
        settle_layouts(self)
