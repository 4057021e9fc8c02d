"""The ring motif on the opening and closing slides never crosses a text, whatever the text's
length, language or the screen's shape; and the audit would say so if it did."""

from __future__ import annotations

import pytest

from kiosk.core.decoration import farthest, nearest
from kiosk.core.layout_audit import TEXT_KINDS, Rect
from tests.layout_support import audited, laid_out, text, write_deck

SCREENS = [(1920, 1080), (1080, 1920), (3840, 2160), (1280, 1024)]
WORDS = {
    "short": text("Six years", "六年"),
    "usual": text("Six years are just the beginning", "六年，只是开始"),
    "long": text("Six years of the STAR Market, from a testing ground for reform to the home "
                 "of hard tech", "科创板开市六周年：从资本市场改革试验田到硬科技企业上市首选地"),
}
MESSAGE = text("Many expect the STAR Market to grow ever more inclusive and draw more capital "
               "into *hard tech* companies.",
               "市场普遍期待科创板持续提升包容性，吸引更多社会资本投向*硬科技*企业。")


def _slides(words):
    return [
        {"type": "title", "id": "opening", "kicker": text("22 July 2019", "2019年7月22日"),
         "title": words, "subtitle": MESSAGE,
         "figure": {"value": 589, "label": text("companies listed", "家企业上市")},
         "cue": True},
        {"type": "closing", "id": "closing", "title": words, "message": MESSAGE,
         "footer": text("Source: Xinhua, July 2025", "资料来源：新华社，2025年7月")},
    ]


def _rings(boxes):
    return [box for box in boxes if box.kind == "decoration" and box.motif]


@pytest.mark.parametrize("length", sorted(WORDS))
@pytest.mark.parametrize("size", SCREENS)
def test_rings_keep_clear_of_every_text(qtbot, tmp_path, size, length):
    result = write_deck(tmp_path / "deck", _slides(WORDS[length]))
    screen = Rect(0, 0, *size)
    for language in ("en", "zh"):
        for index in (0, 1):
            view = laid_out(result, *size, language, index)
            boxes, violations = audited(view, language)
            assert not [v for v in violations if v.rule == "decoration"], (size, language, index)
            texts = [box.rect for box in boxes if box.kind in TEXT_KINDS]
            rings = _rings(boxes)
            if index == 0 and rings:
                # The opening's rings frame its hero figure beside the words: every text lies
                # either in their empty middle (the figure and its label) or outside them.
                (box,) = rings
                x, y = box.rect.x + box.rect.width / 2, box.rect.y + box.rect.height / 2
                for rect in texts:
                    assert (farthest(rect, x, y) < box.inner
                            or nearest(rect, x, y) > box.rect.width / 2), (size, language, rect)
            if index == 1:
                # The closing's rings go round the words: every text inside the innermost
                # ring, and some of the rings on the screen.
                (box,) = rings
                x, y = box.rect.x + box.rect.width / 2, box.rect.y + box.rect.height / 2
                assert max(farthest(rect, x, y) for rect in texts) < box.inner
                assert box.rect.meets(screen)


def test_the_usual_opening_shows_its_rings(qtbot, tmp_path):
    result = write_deck(tmp_path / "deck", _slides(WORDS["usual"]))
    for size in SCREENS[:2]:
        boxes, _violations = audited(laid_out(result, *size, "en", 0), "en")
        assert len(_rings(boxes)) == 1, size


def test_rings_drawn_across_the_words_are_reported(qtbot, tmp_path):
    result = write_deck(tmp_path / "deck", _slides(WORDS["usual"]))
    view = laid_out(result, 1920, 1080, "en", 1)
    # Put the rings right on the words: the audit must name the crossing.
    view.rings.setGeometry(view.width() // 2 - 300, view.height() // 2 - 300, 600, 600)
    view.rings.setProperty("inner_radius", 250)
    _boxes, violations = audited(view, "en")
    assert "decoration" in {v.rule for v in violations}
