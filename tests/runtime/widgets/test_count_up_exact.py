"""The big counting figure lands on the number as written, rounded half up (issue 21, 6)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from kiosk.core.content.model import Theme
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.count_up import CountUpLabel


@pytest.mark.parametrize(("value", "language", "decimals", "compact", "shown"), [
    (1.25e12, "en", 1, True, "RMB 1.3 trillion"),
    (1.25e12, "zh", 1, True, "RMB 1.3万亿"),
    (2.675, "en", 2, False, "RMB 2.68"),
    (1.005, "en", 2, False, "RMB 1.01"),
])
def test_the_counter_lands_on_the_figure_rounded_half_up(qtbot, value, language, decimals,
                                                        compact, shown):
    look = Look(Theme(), QSize(1280, 720))
    counter = CountUpLabel(value, language, decimals=decimals, compact=compact, lead="RMB ",
                           number_font=look.font("number", bold=True),
                           unit_font=look.font("body", bold=True),
                           color=look.color("accent"), unit_color=look.color("accent"))
    qtbot.addWidget(counter)
    counter.progress = 1.0
    assert counter.text() == counter.final_text() == shown
    counter.progress = 0.5  # half way: the final's unit and decimals, never "-0" or "e+"
    assert counter.parts()[2].startswith(counter.format.word)
