"""Metric tiles with room to spare get bigger numbers: two figures on a wide screen, or
full-width tiles on a tall one, do not sit small in half-empty boxes. A full slide keeps its
designed sizes, and the numbers of one slide always grow together."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from kiosk.core.content.model import Figure, MetricsSlide, Text, Theme
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.theme import Look

T = Text.of
SIZES = [QSize(1920, 1080), QSize(1080, 1920), QSize(3840, 2160)]

ROOMY = MetricsSlide(id="two", title=T(en="Leaders", zh="领跑者"), metrics=(
    Figure(value=35, label=T(en="rank first worldwide", zh="全球第一")),
    Figure(value=124, label=T(en="rank first in China", zh="全国第一")),
))

LONG = ("companies whose founding teams are made up of scientists, engineers and other "
        "research professionals or industry experts, by the count the article gives, which "
        "holds for every year since the market opened in July 2019")
LONG_ZH = "家企业的创始团队由科学家、工程师等科研人员或行业专家组成"
FULL = MetricsSlide(id="six", title=T(en="Everything at once", zh="全部"), metrics=tuple(
    Figure(value=value, label=T(en=LONG, zh=LONG_ZH), detail=T(en=LONG, zh=LONG_ZH))
    for value in (589, 120_000, 216, 138, 35, 124)))


@pytest.fixture(autouse=True)
def bundled_fonts(qapp):
    load_bundled_fonts()  # the deck's faces, whatever ran before


def settled(qtbot, slide, size, language):
    view = create_slide_view(slide, Look(Theme(), size), language)
    qtbot.addWidget(view)
    view.resize(size)
    view.show()
    view.settle()
    qtbot.waitUntil(lambda: view.fit_report is not None)
    return view


def designed(size: QSize) -> int:
    return Look(Theme(), size).font("number", bold=True).pixelSize()


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait", "4k"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_two_figures_grow_into_their_tiles_and_stay_whole(qtbot, size, language):
    view = settled(qtbot, ROOMY, size, language)
    sizes = [counter.number_pixel_size() for counter in view.counters]
    assert len(set(sizes)) == 1, sizes  # grown together
    assert sizes[0] >= 1.4 * designed(size), (sizes, designed(size))
    assert all(counter.fits_its_width() for counter in view.counters)
    assert not [note for note in view.fit_report if note.cut_lines], view.fit_report


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait", "4k"])
def test_a_full_slide_keeps_its_designed_sizes(qtbot, size):
    view = settled(qtbot, FULL, size, "en")
    sizes = [counter.number_pixel_size() for counter in view.counters]
    assert max(sizes) <= designed(size), (sizes, designed(size))
