"""Company stories as cards; tapping one opens its detail over the slide."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from kiosk.core.content.model import Card, CardsSlide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.theme import make_label
from kiosk.runtime.widgets.icon import IconLabel
from kiosk.runtime.widgets.panel import Panel
from kiosk.runtime.widgets.picture_box import PictureBox

TOP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
CARD_ICON = 0.035
"""A card's icon beside its name, as a share of the screen's shorter side."""
BIG_ICON = 0.075
"""A card's icon drawn as its illustration, above its name, when every card has room."""


def grid_columns(count: int, portrait: bool) -> int:
    """How many cards side by side: at most four across a landscape screen, two in portrait."""
    if portrait:
        # Three stacked cards fill the tall screen; three in two columns would leave a hole.
        return 1 if count <= 3 else 2
    if count <= 4:
        return count
    return 3 if count <= 6 else 4


class CardPanel(Panel):
    """A card: its picture and texts stand in :attr:`column`."""

    column: QVBoxLayout


class View(SlideView):
    """The cards slide."""

    slide: CardsSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.cards: list[CardPanel] = []
        self._fits: list[QLabel] = []
        self._names: list[QLabel] = []
        self._figures: list[QLabel] = []
        root, column = self.content_column()
        heading = self.header(column, self.text(slide.title), self.text(slide.subtitle))
        column.addSpacing(look.grid(0.5))
        # The height the grid gets: what the header's wrapped lines leave of the column.
        header_height = sum(label.heightForWidth(root.width()) for label in heading)
        grid_height = (root.height() - header_height - column.spacing() * len(heading)
                       - look.grid(0.5))
        columns = grid_columns(len(slide.cards), look.portrait)
        rows = math.ceil(len(slide.cards) / columns)
        grid = QGridLayout()
        grid.setSpacing(look.grid(1.5))
        spacing = look.grid(1.5)
        card_width = (root.width() - (columns - 1) * spacing) // columns
        row_height = (grid_height - (rows - 1) * spacing) // rows
        # Few cards on a big screen leave room: their icons become their illustrations,
        # drawn big above the names — on every card or none, so the slide stays consistent.
        panels = self._cards(card_width, row_height, big_icons=True)
        needed = max(panel.column.totalHeightForWidth(card_width) for panel in panels)
        if needed + look.grid(1) > row_height:
            for panel in panels:
                panel.deleteLater()
            panels = self._cards(card_width, row_height, big_icons=False)
            needed = max(panel.column.totalHeightForWidth(card_width) for panel in panels)
        # Cards holding a few lines each would stretch into tall, mostly empty boxes: they
        # grow no taller than their text needs plus some air, and the grid sits centred.
        tallest = max(needed + look.grid(3), look.px(0.28))
        for i, panel in enumerate(panels):
            holder = self.rise(panel, 200 + i * STAGGER_MS)
            holder.setMaximumHeight(tallest)
            grid.addWidget(holder, i // columns, i % columns)
        for r in range(rows):
            grid.setRowStretch(r, 1)
        for c in range(columns):
            grid.setColumnStretch(c, 1)
        # Spare height goes a third above the cards, two thirds below: the optical centre.
        column.addStretch(1)
        column.addLayout(grid, 100)
        column.addStretch(2)
        # Long texts in small cards shrink a little rather than being cut off: the names
        # together, the figures together, the headlines together.
        self.fit_group(self._names)
        self.fit_group(self._figures)
        self.fit_group(self._fits)

    def _cards(self, card_width: int, row_height: int, *, big_icons: bool) -> list[CardPanel]:
        """The slide's cards, built afresh (with big icons only where every card has an
        icon and none a picture), their pictures sized to the room they leave."""
        self.cards, self._names, self._figures, self._fits = [], [], [], []
        big_icons = big_icons and all(card.icon is not None and card.image is None
                                      for card in self.slide.cards)
        panels = [self._card(card, big_icon=big_icons) for card in self.slide.cards]
        for panel in panels:
            self._size_picture(panel, card_width, row_height)
        return panels

    def after_fit(self) -> None:
        # The texts now have their final sizes: each picture takes what they leave.
        for panel in self.cards:
            self._size_picture(panel, panel.width(), panel.height(), least=0.03)

    def _size_picture(self, panel: CardPanel, card_width: int, row_height: int,
                      least: float = 0.05) -> None:
        """Give the card's picture the height its texts leave (at most a wide band, at least
        ``least`` of the screen's shorter side): the texts come first, so they are never
        drawn over the picture; what still does not fit is cut and reported."""
        picture = panel.findChild(PictureBox, "card-picture")
        if picture is None:
            return
        look, box = self.look, panel.column
        margins = box.contentsMargins()
        inner = card_width - margins.left() - margins.right()
        texts = [label for label in panel.findChildren(QLabel)]
        needed = sum(label.heightForWidth(inner) for label in texts)
        spare = (row_height - margins.top() - margins.bottom() - needed
                 - box.spacing() * len(texts))
        height = max(look.px(least), min(look.px(0.16), spare))
        picture.setFixedHeight(height)

    def _card(self, card: Card, *, big_icon: bool = False) -> CardPanel:
        look = self.look
        tappable = card.detail is not None
        panel = CardPanel(look.color("surface"), look.grid(0.8), accent=look.color("accent"),
                      accent_height=max(3, look.px(0.006)),
                      tap_slop=look.px(0.03) if tappable else 0,
                      hint=look.color("accent_2") if tappable else None)
        panel.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        box = panel.column = QVBoxLayout(panel)
        pad = look.grid(1.2)
        box.setContentsMargins(pad, pad, pad, pad)
        box.setSpacing(look.grid(0.5))
        if card.image is not None and card.image.resolved:
            # The card's picture across its top, cropped to a 16:9 band (never stretched).
            picture = PictureBox(card.image.resolved, radius=look.grid(0.5))
            picture.setObjectName("card-picture")
            picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            picture.setFixedHeight(look.px(0.16))  # until the build knows the room it has
            box.addWidget(picture)
        name = make_label(look, self.text(card.name), "body", bold=True, display=True)
        name.setAlignment(TOP)
        if card.icon is not None and big_icon:
            box.addWidget(IconLabel(card.icon, look.color("accent_2"), look.px(BIG_ICON)), 0,
                          TOP)
            box.addSpacing(look.grid(0.3))
            box.addWidget(name)
        elif card.icon is not None:
            # The icon stands at the name's first line; the name wraps beside it.
            row = QHBoxLayout()
            row.setSpacing(look.grid(0.5))
            row.addWidget(IconLabel(card.icon, look.color("accent_2"), look.px(CARD_ICON)), 0,
                          TOP)
            row.addWidget(name, 1)
            box.addLayout(row)
        else:
            box.addWidget(name)
        self._names.append(name)
        if card.figure is not None:
            figure = make_label(look, self.text(card.figure), "body", color="accent", bold=True,
                                display=True)
            figure.setAlignment(TOP)
            box.addWidget(figure)
            self._figures.append(figure)
        headline = make_label(look, self.text(card.headline), "body", color="text")
        headline.setAlignment(TOP)
        if tappable:
            # Leave the bottom-right corner to the "+" that says the card opens.
            headline.setContentsMargins(0, 0, look.grid(2.2), 0)
        headline.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        box.addWidget(headline, 1)
        self._fits.append(headline)
        # Squeezed, a text gives up height (and is cut, and reported) rather than being
        # drawn over the text or picture above it, as a layout below its minimum would.
        for label in panel.findChildren(QLabel):
            label.setMinimumHeight(1)
        if tappable:
            panel.tapped.connect(lambda card=card: self.open_card(card))
        self.cards.append(panel)
        return panel

    def open_card(self, card: Card) -> None:
        """Show ``card``'s detail over the slide."""
        self.show_detail(self.text(card.name), self.text(card.detail),
                         figure=self.text(card.figure), headline=self.text(card.headline),
                         source=self.text(card.source),
                         image=card.image.resolved if card.image is not None else "")
