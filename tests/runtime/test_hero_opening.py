"""The opening catches a visitor from across the room: the title bigger than any hero text, one
hero figure, and the invitation to touch; a long title shrinks to fit rather than being cut."""

from __future__ import annotations

import pytest

from kiosk.core.strings import TOUCH_TO_EXPLORE
from tests.layout_support import audited, laid_out, text, write_deck

SHORT = text("Six Years of the STAR Market", "科创板开市六周年")
LONG = text("Six Years of the STAR Market: from a Testing Ground for Reform to the Home of "
            "Hard Tech in China",
            "科创板开市六周年：从资本市场改革试验田到中国硬科技企业上市的首选之地")


def _deck(tmp_path, title, **extra):
    slide = {"type": "title", "id": "opening", "kicker": text("22 July 2019", "2019年7月22日"),
             "title": title, "subtitle": text("From a reform testing ground to the preferred "
                                              "market for *hard tech* listings",
                                              "从资本市场改革“试验田”，到*硬科技*企业上市首选地"),
             **extra}
    return write_deck(tmp_path / "deck", [slide])


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_title_is_bigger_than_hero_size_and_the_figure_and_cue_show(qtbot, tmp_path, size,
                                                                        language):
    result = _deck(tmp_path, SHORT, cue=True, figure={
        "value": 589, "label": text("companies listed", "家企业上市"), "source": "Xinhua"})
    view = laid_out(result, *size, language)
    boxes, violations = audited(view, language)
    assert violations == [], [v.message for v in violations]
    title = next(box for box in boxes if box.content == SHORT[language])
    assert title.px > view.look.px(view.look.theme.type_scale.hero)
    assert view.counter.shown_value() == 589 and view.counter.isVisibleTo(view)
    cue = [box for box in boxes if box.content == TOUCH_TO_EXPLORE.joined("  ·  ")]
    assert len(cue) == 1 and cue[0].px >= view.look.px(view.look.theme.type_scale.body)
    # The figure's source is cited on the slide.
    assert "Xinhua" in view.sources_text()


def test_without_figure_or_cue_the_slide_shows_neither(qtbot, tmp_path):
    view = laid_out(_deck(tmp_path, SHORT), 1920, 1080, "en")
    boxes, _violations = audited(view, "en")
    assert not hasattr(view, "counter")
    assert not [box for box in boxes if box.content.startswith(TOUCH_TO_EXPLORE.en)]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 1024)])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_long_title_shrinks_to_fit_and_is_never_cut(qtbot, tmp_path, size, language):
    result = _deck(tmp_path, LONG, cue=True, figure={
        "value": 589, "label": text("companies listed", "家企业上市")})
    view = laid_out(result, *size, language)
    _boxes, violations = audited(view, language)
    assert [v for v in violations if v.rule in ("cut", "decoration", "overlap")] == []
