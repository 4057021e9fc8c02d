"""A quotation is shown as an exhibition piece: its words at display size when short, filling
the space when long, its opening mark hanging in the margin left of a straight text edge."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.runtime.slides.quote import OPENING_MARKS
from tests.layout_support import audited, laid_out, text, write_deck

SHORT = text("Open and inclusive.", "开放包容。")
USUAL = text("The STAR Market provides sci-tech enterprises with a more open, inclusive and "
             "efficient capital market environment.",
             "科创板为科技企业提供了更加开放、包容、高效的资本市场环境。")
LONG = text(" ".join([USUAL["en"]] * 4), "".join([USUAL["zh"]] * 4))
SCREENS = [(1920, 1080), (1080, 1920), (3840, 2160)]


def _deck(tmp_path, words):
    return write_deck(tmp_path / "deck", [{
        "type": "quote", "id": "q", "text": words, "speaker": text("Sha Chaoqun", "沙超群"),
        "role": text("General Manager, Hygon Information Technology", "海光信息总经理")}])


def _body_px(view) -> int:
    return view.look.px(view.look.theme.type_scale.body)


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_short_quote_is_far_larger_than_body_text(qtbot, tmp_path, size, language):
    view = laid_out(_deck(tmp_path, SHORT), *size, language)
    assert view.words.font().pixelSize() >= 2.5 * _body_px(view)


@pytest.mark.parametrize("size", SCREENS[:2])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_longer_words_shrink_to_fit_but_stay_above_body_size(qtbot, tmp_path, size, language):
    usual = laid_out(_deck(tmp_path / "usual", USUAL), *size, language)
    long = laid_out(_deck(tmp_path / "long", LONG), *size, language)
    assert usual.words.font().pixelSize() > _body_px(usual)
    assert long.words.font().pixelSize() < usual.words.font().pixelSize()
    for view in (usual, long):
        _boxes, violations = audited(view, language)
        assert violations == [], [v.message for v in violations]


@pytest.mark.parametrize("size", SCREENS[:2])
def test_the_words_fill_the_screen_in_portrait_too(qtbot, tmp_path, size):
    view = laid_out(_deck(tmp_path, USUAL), *size, "en")
    words = view.words
    # The words take at least a third of the slide's height, and most of its width.
    assert words.height() > view.height() / 3 - 1
    assert words.width() > view.width() * 0.6


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("words", [SHORT, USUAL, LONG])
def test_the_mark_hangs_left_of_the_words_level_with_the_first_line(qtbot, tmp_path, size,
                                                                     language, words):
    view = laid_out(_deck(tmp_path, words), *size, language)
    mark = view.mark.geometry()
    words_left = view.words.mapTo(view, view.words.contentsRect().topLeft())
    first_line = view.words.fontMetrics().lineSpacing()
    assert mark.right() < words_left.x()  # in the margin: the text keeps its straight edge
    assert mark.left() >= 0 and mark.height() > 0
    assert words_left.y() <= mark.top() < words_left.y() + first_line
    assert view.mark.mark == OPENING_MARKS[language]


def test_the_speaker_is_set_apart_below_the_words(qtbot, tmp_path):
    view = laid_out(_deck(tmp_path, USUAL), 1920, 1080, "en")
    speaker = view.findChild(QLabel, "speaker")
    rule = view.findChild(QWidget, "rule")
    words_bottom = view.words.mapTo(view, view.words.rect().bottomLeft()).y()
    speaker_top = speaker.mapTo(view, speaker.rect().topLeft()).y()
    assert speaker_top - words_bottom >= view.look.grid(2)
    assert rule is not None and rule.isVisibleTo(view)
    assert speaker.font().bold()
