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
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.layout_support import draw_picture, unreported_faults, write_deck

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


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, derandomize="LAYOUT_SEED" not in os.environ,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(slide=slides(), screen=st.sampled_from(SCREENS), language=st.sampled_from(["en", "zh"]))
def test_every_fault_in_a_generated_deck_is_reported(qtbot, folder, slide, screen, language):
    result = write_deck(folder, [slide])
    assert unreported_faults(result, 0, screen, language) == []
