"""Cards with room to spare draw their icons big, as illustrations above the names; crowded
cards keep them small beside the names. Always all of a slide's cards, or none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from kiosk.core.content.model import Card, CardsSlide, Text, Theme
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.slides.cards import BIG_ICON, CARD_ICON
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.icon import IconLabel

T = Text.of


def cards(count: int, headline: str = "A domestic GPU maker files for a listing") -> CardsSlide:
    return CardsSlide(id="c", title=T(en="Companies", zh="企业"), cards=tuple(
        Card(name=T(en=f"Company {i}", zh=f"企业{i}"), headline=T(en=headline, zh="申请上市"),
             icon="fa6s.microchip", detail=T(en="More.", zh="详情。"))
        for i in range(count)))


def icon_sides(qtbot, slide: CardsSlide, size: QSize) -> tuple[set[int], Look]:
    load_bundled_fonts()
    look = Look(Theme(), size)
    view = create_slide_view(slide, look, "en")
    qtbot.addWidget(view)
    view.resize(size)
    view.show()
    view.settle()
    return {icon.width() for icon in view.findChildren(IconLabel)}, look


@pytest.mark.parametrize("size", [QSize(1920, 1080), QSize(1080, 1920)],
                         ids=["landscape", "portrait"])
def test_three_cards_draw_their_icons_big(qtbot, size):
    sides, look = icon_sides(qtbot, cards(3), size)
    assert sides == {look.px(BIG_ICON)}


def test_crowded_cards_keep_their_icons_small_all_of_them(qtbot):
    long_headline = " ".join(["A domestic GPU maker files for a listing on the board"] * 2)
    sides, look = icon_sides(qtbot, cards(8, long_headline), QSize(1920, 1080))
    assert sides == {look.px(CARD_ICON)}
