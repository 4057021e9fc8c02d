"""The sources line stays unless the slide's own words cite a source (issue 21, item 9)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from kiosk.core.content.model import Figure, MetricsSlide, Text, Theme
from kiosk.core.strings import cites_a_source
from kiosk.runtime.offscreen import lay_out
from kiosk.runtime.theme import Look

T = Text.of


def _metrics(title: str) -> MetricsSlide:
    return MetricsSlide(id="m", title=T(en=title, zh=title), metrics=(
        Figure(value=12, label=T(en="tanks", zh="展缸"), source="Made-up Daily, 3 March 2024"),
        Figure(value=212, label=T(en="species", zh="物种")),
    ))


@pytest.mark.parametrize("title", ["Human resources", "Resource allocation", "Outsourced chips",
                                   "Open-source hardware", "Sourcing talent", "资源配置"])
def test_a_word_holding_source_keeps_the_sources_line(qtbot, title):
    view = lay_out(_metrics(title), Look(Theme(), QSize(1920, 1080)), "en")
    qtbot.addWidget(view)
    assert view.sources_text() == "Source: Made-up Daily, 3 March 2024"


@pytest.mark.parametrize("cited", ["Source: Made-up Daily", "Data sources: the exchange",
                                   "SOURCE：虚构日报", "资料来源：虚构日报", "Sources : Xinhua"])
def test_a_citation_label_in_the_slides_words_replaces_the_sources_line(qtbot, cited):
    assert cites_a_source(cited)
    view = lay_out(_metrics(cited), Look(Theme(), QSize(1920, 1080)), "en")
    qtbot.addWidget(view)
    assert view.sources_text() == ""
