"""The opening catches a visitor from across the room: the title bigger than any hero text, one
hero figure drawn big inside the rings that frame it, and the invitation to touch; a long title
shrinks to fit rather than being cut, and no text ever crosses the rings."""

from __future__ import annotations

import pytest

from kiosk.core.decoration import farthest, nearest
from kiosk.core.layout_audit import TEXT_KINDS
from kiosk.core.strings import TOUCH_TO_EXPLORE
from tests.layout_support import audited, laid_out, text, unreported_faults, write_deck

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
    # The invitation in both languages, the screen's own first.
    first = TOUCH_TO_EXPLORE.zh if language == "zh" else TOUCH_TO_EXPLORE.en
    cue = [box for box in boxes if box.content == TOUCH_TO_EXPLORE.joined("  ·  ",
                                                                          first=language)]
    assert len(cue) == 1 and cue[0].px >= view.look.px(view.look.theme.type_scale.body)
    assert cue[0].content.startswith(first)
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


LABEL = text("companies listed, raising over RMB 1.1 trillion", "家企业上市，累计募资超1.1万亿元")
LONG_LABEL = text("companies listed on the STAR Market since it opened, raising more than "
                  "RMB 1.1 trillion through IPOs and follow-on financing",
                  "家企业在科创板上市，通过首发和再融资累计募集资金超过1.1万亿元人民币")
SCREENS = [(1920, 1080), (1080, 1920), (3840, 2160), (1280, 800)]


def _frame(boxes):
    """The rings' centre, outer and inner radius, as the audit sees them."""
    (ring,) = [box for box in boxes if box.kind == "decoration" and box.motif]
    rect = ring.rect
    return rect.x + rect.width / 2, rect.y + rect.height / 2, rect.width / 2, ring.inner


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_hero_figure_is_big_and_framed_by_the_rings(qtbot, tmp_path, size, language):
    result = _deck(tmp_path, SHORT, cue=True, figure={"value": 589, "label": LABEL})
    view = laid_out(result, *size, language)
    boxes, violations = audited(view, language)
    assert violations == [], [v.message for v in violations]
    look = view.look
    x, y, outer, inner = _frame(boxes)
    number = view.counter.number_pixel_size()
    # Bigger than any body text, and a hero: as big as the title or more on a wide screen,
    # about a sixth of a tall screen's width.
    assert number > 2 * look.px(look.theme.type_scale.body)
    title = next(box for box in boxes if box.content == SHORT[language])
    if look.portrait:
        assert 0.15 <= number / view.width() <= 0.2
    else:
        assert number >= title.px
    # The number and its words sit in the rings' empty middle, the rings big on the screen.
    figure = next(box for box in boxes if box.kind == "figure")
    label = next(box for box in boxes if box.content == LABEL[language])
    assert label.px >= look.px(look.theme.type_scale.body)
    for rect in (figure.rect, label.rect):
        assert farthest(rect, x, y) < inner, (rect, x, y, inner)
    assert 2 * outer >= 0.55 * min(view.width(), view.height())
    # No text crosses the rings: each is inside their middle or clear of the outer ring.
    for box in boxes:
        if box.kind in TEXT_KINDS:
            assert (farthest(box.rect, x, y) < inner
                    or nearest(box.rect, x, y) > outer), box.content
    # Beside the words in landscape, above them in portrait.
    if look.portrait:
        assert y + outer <= title.rect.y
    else:
        assert x - outer >= title.rect.right


@pytest.mark.parametrize("size", [(1080, 1920), (1280, 800)])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_long_words_in_the_frame_shrink_or_are_reported_never_cross_it(qtbot, tmp_path, size,
                                                                       language):
    result = _deck(tmp_path, LONG, cue=True, figure={"value": 589, "label": LONG_LABEL})
    view = laid_out(result, *size, language)
    boxes, violations = audited(view, language)
    assert not [v for v in violations if v.rule in ("decoration", "overlap", "outside")]
    x, y, outer, inner = _frame(boxes)
    figure = next(box for box in boxes if box.kind == "figure")
    assert farthest(figure.rect, x, y) < inner and view.counter.isVisibleTo(view)
    # Whatever does not fit is cut and reported to the curator, never silently lost.
    assert unreported_faults(result, 0, size, language) == []


def test_without_a_figure_the_rings_stay_decoration_beside_the_words(qtbot, tmp_path):
    view = laid_out(_deck(tmp_path, SHORT, cue=True), 1920, 1080, "en")
    boxes, violations = audited(view, "en")
    assert violations == []
    x, y, outer, _inner = _frame(boxes)
    assert all(nearest(box.rect, x, y) > outer for box in boxes if box.kind in TEXT_KINDS)


def test_with_decorations_off_the_figure_keeps_its_place_and_no_ring_is_drawn(qtbot, tmp_path):
    figure = {"value": 589, "label": LABEL}
    framed = laid_out(_deck(tmp_path / "a", SHORT, figure=figure), 1920, 1080, "en")
    plain = laid_out(_deck(tmp_path / "b", SHORT, figure=figure, decorations=False),
                     1920, 1080, "en")
    boxes, violations = audited(plain, "en")
    assert violations == []
    assert not [box for box in boxes if box.kind == "decoration" and not box.rect.empty()]
    assert plain.counter.geometry() == framed.counter.geometry()
