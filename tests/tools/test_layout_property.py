"""Generated decks across the whole range the manual documents: for every one, whatever is
drawn overlapping, off the screen or cut is reported by ``check`` — nothing is silent.

Each example is one slide of any type, from its fewest to its most items, with texts from one
character to the manual's guide length in English, Chinese and both mixed, pictures of
extreme shapes (drawn here), QR codes and sources, on one of the five screens issue 20 names.
What the layout did wrong is found twice: on the widgets as drawn (independently of the box
report) and on the reported boxes; each finding must be among ``check``'s problems, at the
text's own place in the deck.

A handful of examples run in the suite; ``bench/layout_property.py`` runs many more.
"""

from __future__ import annotations

import os
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.layout_audit import CONTENT_KINDS, Rect
from kiosk.runtime.slides.boxes import slide_boxes
from kiosk.runtime.theme import CONTENT_PROPERTY, ELLIPSIS, Look
from kiosk.runtime.widgets.count_up import CountUpLabel
from kiosk.runtime.widgets.picture_box import PictureBox
from kiosk.runtime.widgets.qr import QrCode
from kiosk.runtime.widgets.rotated_text import RotatedText
from kiosk.tools.fitcheck import Screen, check_deck, lay_out, named_texts
from tests.layout_support import draw_picture, write_deck

EXAMPLES = int(os.environ.get("LAYOUT_EXAMPLES", "12"))
SCREENS = [(1920, 1080), (1080, 1920), (3840, 2160), (1280, 800), (1024, 768)]
PICTURES = {"wide.png": (3000, 30), "tall.png": (30, 3000), "square.png": (400, 400),
            "photo.png": (1600, 900), "tiny.png": (24, 16)}

EN_WORDS = ["STAR", "Market", "companies", "listed", "innovation", "hard", "tech", "capital",
            "reform", "Electromagnetic", "semiconductor", "biopharmaceutical", "RMB", "1.1",
            "trillion", "2019", "Gongchen", "Bridge", "(拱宸桥)", "the", "of", "in", "growth",
            "tier", "canal’s", "“first”", "R&D", "A", "—", "IPO"]
ZH_WORDS = ["科创板", "企业", "上市", "创新", "硬科技", "资本市场", "改革", "百济神州", "中微公司",
            "两千五百年", "17.96亿元", "再来吧", "科创成长层", "AI", "IPO", "2025年", "的", "了",
            "，", "。", "“试验田”", "STAR Market", "5G"]
# The manual's guide lengths (content/README.md, "Text in two languages" and the chart).
LIMITS = {"title": (60, 15), "line": (240, 80), "label": (24, 10), "short": (40, 16)}


@st.composite
def texts(draw, kind: str = "line") -> dict[str, str]:
    """A text in both languages, from one character to the guide length for ``kind``."""
    en_max, zh_max = LIMITS[kind]
    one = st.sampled_from(["A", "7", "字", "“"])
    en = draw(one | st.lists(st.sampled_from(EN_WORDS), min_size=1, max_size=40).map(" ".join))
    zh = draw(one | st.lists(st.sampled_from(ZH_WORDS), min_size=1, max_size=30).map("".join))
    return {"en": en[:en_max].strip() or "A", "zh": zh[:zh_max].strip() or "字"}


def maybe(draw, strategy):
    return draw(st.none() | strategy)


SOURCE = st.sampled_from(["Xinhua, July 2025", "SSE news release, 18 June 2025",
                          "Xinhua, \"Accelerating Innovation\", July 2025; SSE, 2025"])
IMAGE = st.sampled_from([f"images/{name}" for name in PICTURES])


@st.composite
def slides(draw) -> dict:
    """One slide of any type, from its fewest to its most items."""
    kind = draw(st.sampled_from(["title", "metrics", "chart", "cards", "timeline", "reforms",
                                 "quote", "picture", "closing"]))
    slide: dict = {"type": kind, "id": "generated"}
    if kind == "title":
        slide |= {"title": draw(texts("title")), "kicker": maybe(draw, texts("short")),
                  "subtitle": maybe(draw, texts()), "footer": maybe(draw, texts("short")),
                  "image": maybe(draw, IMAGE)}
    elif kind == "metrics":
        count = draw(st.integers(2, 6))
        slide |= {"title": draw(texts("title")), "subtitle": maybe(draw, texts()),
                  "metrics": [{"value": draw(st.integers(1, 10**12)), "label": draw(texts()),
                               "compact": draw(st.booleans()),
                               "detail": maybe(draw, texts()), "source": maybe(draw, SOURCE)}
                              for _ in range(count)],
                  "footnote": maybe(draw, texts())}
    elif kind == "chart":
        count = draw(st.integers(1, 12))
        slide |= {"title": draw(texts("title")),
                  "orientation": draw(st.sampled_from(["bar", "column"])),
                  "axis_label": maybe(draw, texts("short")),
                  "bars": [{"label": draw(texts("label")), "value": draw(st.integers(1, 10**6)),
                            "highlight": draw(st.booleans()), "source": maybe(draw, SOURCE)}
                           for _ in range(count)],
                  "caption": maybe(draw, texts())}
    elif kind == "cards":
        count = draw(st.integers(1, 8))
        slide |= {"title": draw(texts("title")), "subtitle": maybe(draw, texts("short")),
                  "cards": [{"name": draw(texts("short")), "headline": draw(texts()),
                             "figure": maybe(draw, texts("short")),
                             "detail": maybe(draw, texts()), "image": maybe(draw, IMAGE),
                             "source": maybe(draw, SOURCE)} for _ in range(count)]}
    elif kind == "timeline":
        count = draw(st.integers(2, 10))
        slide |= {"title": draw(texts("title")),
                  "milestones": [{"date": draw(texts("short")), "label": draw(texts()),
                                  "detail": maybe(draw, texts()),
                                  "source": maybe(draw, SOURCE)} for _ in range(count)]}
    elif kind == "reforms":
        count = draw(st.integers(2, 8))
        safeguards = maybe(draw, st.integers(1, 6))
        slide |= {"title": draw(texts("title")),
                  "hub": {"label": draw(texts("short")), "detail": maybe(draw, texts())},
                  "measures": [{"label": draw(texts("short")), "detail": maybe(draw, texts()),
                                "source": maybe(draw, SOURCE)} for _ in range(count)],
                  "safeguards": None if safeguards is None else {
                      "title": draw(texts("short")),
                      "items": [draw(texts()) for _ in range(safeguards)]}}
    elif kind == "quote":
        slide |= {"text": draw(texts()), "speaker": draw(texts("short")),
                  "role": maybe(draw, texts()), "source": maybe(draw, SOURCE),
                  "portrait": maybe(draw, IMAGE)}
    elif kind == "picture":
        slide |= {"image": draw(IMAGE), "fit": draw(st.sampled_from(["framed", "full-bleed"])),
                  "title": maybe(draw, texts("title")), "caption": maybe(draw, texts()),
                  "credit": maybe(draw, texts("short"))}
    else:
        slide |= {"title": draw(texts("title")), "message": maybe(draw, texts()),
                  "footer": maybe(draw, texts("short"))}
    if draw(st.booleans()):
        slide["qr"] = "https://www.sse.com.cn/"
        slide["qr_caption"] = maybe(draw, texts("short"))
    return _without_none(slide)


def _without_none(value):
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated-deck")
    for name, (width, height) in PICTURES.items():
        draw_picture(folder / "images" / name, width, height)
    return folder


def _leaves(view: QWidget) -> list[tuple[QWidget, QRect]]:
    """What the slide drew, straight from its widgets: texts (their text area), pictures,
    the QR code, figures, turned labels; each with where it is on the slide, as clipped by
    its parents."""
    found = []
    for widget in view.findChildren(QWidget):
        if not widget.isVisibleTo(view):
            continue
        if isinstance(widget, QLabel) and widget.property(CONTENT_PROPERTY) is not None:
            rect = widget.contentsRect()
        elif isinstance(widget, (PictureBox, QrCode, CountUpLabel)):
            rect = widget.rect()
        elif isinstance(widget, RotatedText):
            rect = widget.drawn_rect().toAlignedRect()
        else:
            continue
        room = QRect(widget.mapTo(view, rect.topLeft()), rect.size())
        parent = widget.parentWidget()
        while parent is not None and parent is not view:
            room &= QRect(parent.mapTo(view, QPoint(0, 0)), parent.size())
            parent = parent.parentWidget()
        if not room.isEmpty():
            found.append((widget, room))
    return found


def _cut(widget: QWidget) -> bool:
    """Whether a text shows less than was written: an ellipsis it was not given, or more
    lines than its label has room for."""
    if isinstance(widget, RotatedText):
        return widget.cut
    if not isinstance(widget, QLabel):
        return False
    content = str(widget.property(CONTENT_PROPERTY))
    if ELLIPSIS in widget.text() and ELLIPSIS not in content:
        return True
    line = widget.fontMetrics().lineSpacing()
    return widget.wordWrap() and widget.heightForWidth(widget.width()) > widget.height() + line // 2


def _meet(one: QRect, other: QRect) -> bool:
    shared = one & other
    return shared.width() > 1 and shared.height() > 1


@settings(max_examples=EXAMPLES, deadline=None, derandomize="LAYOUT_SEED" not in os.environ,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(slide=slides(), screen=st.sampled_from(SCREENS), language=st.sampled_from(["en", "zh"]))
def test_every_fault_in_a_generated_deck_is_reported(qtbot, folder, slide, screen, language):
    result = write_deck(folder, [slide])
    deck = result.deck
    problems = check_deck(deck, result.places, [Screen(*screen)], [language])
    errors = [p for p in problems if p.severity == "error"]
    places = {(p.file, p.line, p.column) for p in errors}

    def reported_at(content: str) -> bool:
        """Whether an error names the place of the text written ``content``, or, for a text
        the deck does not hold (a default caption, the sources line), any error at all."""
        written = [result.places.get(id(text)) for _, text in named_texts(deck.slides[0])
                   if text.get(language) == content]
        if not written:
            return bool(errors)
        return any(place in places for place in written)

    view = lay_out(deck.slides[0], Look(deck.settings.theme, QSize(*screen)), language)
    leaves = _leaves(view)
    whole = QRect(0, 0, *screen)
    for widget, rect in leaves:
        content = (str(widget.property(CONTENT_PROPERTY)) if isinstance(widget, QLabel)
                   else getattr(widget, "text", ""))
        if _cut(widget):
            assert reported_at(content), (f"{content!r} is cut on screen but not reported",
                                          problems)
        if not whole.contains(rect):
            assert errors, (f"{type(widget).__name__} {rect} runs off {screen} unreported",
                            problems)
    drawn_on = [p for p in errors if "drawn on" in p.message]
    for (one, one_rect), (other, other_rect) in combinations(leaves, 2):
        if one.isAncestorOf(other) or other.isAncestorOf(one):
            continue
        if _meet(one_rect, other_rect):
            assert drawn_on, (f"{type(one).__name__} {one_rect} and {type(other).__name__} "
                              f"{other_rect} overlap unreported", problems)
    # The same on the boxes the view reports: any two content boxes that collide (neither
    # drawn in the other, neither on a scrim) must be reported, as must any off the screen.
    boxes = [b for b in slide_boxes(view, language=language) if b.kind in CONTENT_KINDS]
    family = {b.ident: b.owner for b in boxes}

    def holds(owner: int, box) -> bool:
        current = box.owner
        while current is not None:
            if current == owner:
                return True
            current = family.get(current)
        return False

    screen_rect = Rect(0, 0, *screen)
    for one, other in combinations(boxes, 2):
        if holds(one.ident, other) or holds(other.ident, one) or one.scrim or other.scrim:
            continue
        if one.rect.meets(other.rect) and not (one.round or other.round):
            assert drawn_on, (f"{one.name or one.kind} {one.rect} and {other.name or other.kind}"
                              f" {other.rect} collide unreported", problems)
    for box in boxes:
        if not box.rect.inside(screen_rect):
            assert errors, (f"{box.kind} {box.rect} off the screen unreported", problems)
    view.close()
    view.deleteLater()
