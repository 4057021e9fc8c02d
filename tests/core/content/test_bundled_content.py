"""The bundled exhibition in content/: valid, complete in both languages, sourced, on theme.

No Qt: this checks the content model the views are built from. Every number on screen must be
traceable to the Xinhua article or shared/facts.md, so the key figures are pinned here with
their exact values.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest

from kiosk.core.content.loader import LoadResult, load_deck
from kiosk.core.content.model import (
    SLIDE_TYPES,
    Bar,
    Card,
    Figure,
    Milestone,
    QuoteSlide,
    Safeguards,
    Spoke,
    Text,
    compact_source,
    slide_sources,
)
from kiosk.core.numbers import format_number

XINHUA = ("Xinhua, “Accelerating Innovation—Six Years of the STAR Market and Its Role in"
          " Advancing ‘Hard Tech’”, July 2025")
XINHUA_ZH = "新华社，2025年7月"


@pytest.fixture(scope="module")
def result() -> LoadResult:
    return load_deck()  # the bundled content folder


@pytest.fixture(scope="module")
def deck(result):
    assert result.deck is not None, "\n".join(str(p) for p in result.problems)
    return result.deck


def _walk(value: object, where: str) -> Iterator[tuple[str, object]]:
    """Every model object and Text inside ``value``, with a readable path."""
    yield where, value
    if isinstance(value, Text):
        return
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _walk(item, f"{where}[{i}]")


def _everything(deck) -> Iterator[tuple[str, object]]:
    for slide in deck.slides:
        yield from _walk(slide, slide.id)


def _texts(value: object) -> Iterator[Text]:
    return (item for _, item in _walk(value, "") if isinstance(item, Text))


def _figures(deck) -> list[Figure]:
    return [item for _, item in _everything(deck) if isinstance(item, Figure)]


def test_the_bundled_deck_loads_without_errors_or_warnings(result):
    assert result.problems == (), "\n".join(str(p) for p in result.problems)
    assert result.deck is not None


def test_one_file_per_section(result):
    names = sorted(path.rsplit("/", 1)[-1] for path in result.files)
    assert names[-1] == "deck.yaml"
    sections = names[:-1]
    assert len(sections) >= 6
    assert all(re.fullmatch(r"\d\d-[a-z-]+\.yaml", name) for name in sections), sections
    # Numbered in the deck's order, with no gap a curator would wonder about.
    assert [int(name[:2]) for name in sections] == list(range(1, len(sections) + 1)), sections


def test_at_least_twelve_slides_of_every_type_but_picture(deck):
    assert len(deck.slides) >= 12
    # The seed material has no photographs we may show, so the bundled deck has no picture
    # slide; tests/decks/harbour shows every type.
    assert {slide.type for slide in deck.slides} == set(SLIDE_TYPES) - {"picture"}
    assert deck.slides[0].type == "title"
    assert deck.slides[-1].type == "closing"


def test_settings_and_timing(deck):
    settings = deck.settings
    assert settings.languages == ("en", "zh")
    assert settings.default_language == "en"
    assert 10 <= settings.slide_duration <= 14
    assert settings.idle_timeout == 90
    assert settings.idle_warning == 10
    assert settings.transition == "push"
    dense = {slide.id: deck.duration_of(i) for i, slide in enumerate(deck.slides)
             if slide.type in ("chart", "cards", "timeline", "reforms")}
    assert all(seconds > settings.slide_duration for seconds in dense.values()), dense


def test_every_text_is_plain_or_in_both_languages(deck):
    for where, item in _everything(deck):
        if isinstance(item, Text) and not item.is_plain:
            assert sorted(item.languages()) == ["en", "zh"], where
            for _, value in item.by_language:
                # "" (nothing in this language) only where a number is framed: RMB … / …元
                assert value.strip() or where.endswith((".prefix", ".suffix")), where


def test_chinese_texts_are_chinese_and_english_texts_are_not(deck):
    han = re.compile(r"[\u4e00-\u9fff]")
    for where, item in _everything(deck):
        if isinstance(item, Text) and not item.is_plain:
            assert han.search(item.get("zh")) or item.get("zh") == "", f"{where}: no Chinese"
            if where != "opening.footer":  # the attract hint is bilingual on purpose
                assert not han.search(item.get("en")), f"{where}: Chinese in en"


def test_english_uses_typographic_quotes_and_apostrophes(deck):
    """English is set like print ("China’s", “1+6”): the views draw these marks narrow in
    English and full-width in Chinese, so no straight typewriter marks are left."""
    for where, item in _everything(deck):
        if isinstance(item, Text):
            assert not set("\"'") & set(item.get("en")), (where, item.get("en"))
        elif isinstance(getattr(item, "source", None), Text):
            assert not set("\"'") & set(item.source.get("en")), (where, item.source)


def test_the_bundled_deck_has_no_warnings(result):
    assert [str(p) for p in result.problems] == []


def _shows_number(item: object) -> bool:
    if isinstance(item, (Figure, Bar)):
        return True
    return any(re.search(r"\d", value) for text in _texts(item) for _, value in text.by_language)


def _cited(item: object) -> bool:
    """Whether ``item`` names its source, in every language."""
    source = getattr(item, "source", None)
    return source is not None and all(source.get(lang).strip() for lang in ("en", "zh"))


def test_sources_are_cited_in_each_language_in_one_style(deck):
    """Chinese citations are written in Chinese (新华社, 科技日报, 新京报, 上交所…), with
    full-width commas, and English ones in English."""
    han = re.compile(r"[\u4e00-\u9fff]")
    for where, item in _everything(deck):
        source = getattr(item, "source", None)
        if source is None or isinstance(item, Text):
            continue
        for one in re.split(r"；", source.get("zh")):
            assert han.match(one), (where, one)
            assert ", " not in one, (where, one)
        assert not han.search(source.get("en")), (where, source.get("en"))


def test_everything_that_shows_a_number_has_a_source(deck):
    kinds = (Figure, Bar, Card, Milestone, Spoke, Safeguards, QuoteSlide)
    checked = 0
    for where, item in _everything(deck):
        if isinstance(item, kinds) and _shows_number(item):
            checked += 1
            assert _cited(item), f"{where} shows a number but has no source"
    assert checked >= 40


def test_every_chart_bar_and_figure_is_sourced(deck):
    for where, item in _everything(deck):
        if isinstance(item, (Figure, Bar)):
            assert _cited(item), where


def test_quotes_name_speaker_role_and_source(deck):
    quotes = [slide for slide in deck.slides if slide.type == "quote"]
    assert quotes
    for quote in quotes:
        assert quote.role is not None and quote.source is not None, quote.id
        assert quote.source.get("en") == XINHUA and quote.source.get("zh") == XINHUA_ZH, quote.id
        assert len(quote.text.get("en").split()) <= 40, quote.id
        assert len(quote.text.get("zh")) <= 80, quote.id


# value → what the figure says in English, as the sources give it
KEY_FIGURES = {
    589: None,  # companies listed
    1.1e12: "over",  # yuan raised through IPOs and follow-ons
    168.1e9: None,  # yuan of R&D in 2024
    240_000: "about",  # R&D staff
    120_000: "over",  # invention patents granted
    216: None,  # invention patents per company
    35: None,  # companies first in the world in a niche
    124: None,  # companies first in China
    138: None,  # national S&T awards
    21.1e9: None,  # BeiGene, December 2021
    1.796e9: None,  # Dizal placement, April 2025
    14: None,  # investors in it
    450e9: "about",  # primary-market investment before listing
    930e6: "about",  # per company
    54: None,  # unprofitable companies listed by mid-2025
    174.479e9: "about",  # their 2024 revenue, rounded for the eye
    26: None,  # of them over 1 billion yuan
}


@pytest.mark.parametrize("value", list(KEY_FIGURES), ids=lambda v: f"{v:g}")
def test_key_figures_are_present_with_exact_values(deck, value):
    matches = [f for f in _figures(deck) if f.value == value]
    assert matches, f"no figure with value {value!r}"
    qualifier = KEY_FIGURES[value]
    if qualifier is not None:
        assert any(f.qualifier is not None and f.qualifier.get("en") == qualifier
                   for f in matches), f"{value:g} should say '{qualifier}'"


def test_percentages_are_qualified_as_the_source_says(deck):
    """Every share the article gives is shown once with its own qualifier, whether as a
    metric, a chart bar's label or a card's figure."""
    shown = set()
    for _, item in _everything(deck):
        if isinstance(item, Figure) and item.suffix and item.suffix.get("en") == "%":
            qualifier = item.qualifier.get("en") if item.qualifier else ""
            shown.add(f"{qualifier} {item.value:g}%".strip())
        elif isinstance(item, Bar) and isinstance(item.value_label, Text):
            shown.add(item.value_label.get("en"))
        elif isinstance(item, Card) and item.figure is not None:
            shown.add(item.figure.get("en").split(" of ")[0].lower())
    assert {"over 10%", "nearly 30%", "around 30%", "over 80%", "90%",
            "over 60%", "over 70%", "about 40%"} <= shown, shown


def test_money_reads_naturally_in_both_languages(deck):
    def written(value: float, language: str) -> str:
        figure = next(f for f in _figures(deck) if f.value == value)
        parts = [
            figure.qualifier.get(language) + (" " if language == "en" else "")
            if figure.qualifier else "",
            figure.prefix.get(language) if figure.prefix else "",
            format_number(value, language, decimals=figure.decimals, compact=figure.compact),
            figure.suffix.get(language) if figure.suffix else "",
        ]
        return "".join(parts)

    assert written(1.1e12, "en") == "over RMB 1.1 trillion"
    assert written(1.1e12, "zh") == "超1.1万亿元"
    assert written(168.1e9, "zh") == "1681亿元"
    assert written(240_000, "en") == "about 240,000"
    assert written(240_000, "zh") == "约24万"
    assert written(120_000, "zh") == "超12万"
    assert written(1.796e9, "en") == "RMB 1.796 billion"
    assert written(1.796e9, "zh") == "17.96亿元"
    assert written(930e6, "zh") == "约9.3亿元"


def test_the_chart_labels_lower_bounds_and_approximations_in_words(deck):
    chart = next(slide for slide in deck.slides if slide.type == "chart")
    assert chart.scale == "percent"  # shares of all STAR companies: each bar on a 100 % track
    assert not any(bar.highlight for bar in chart.bars)  # no bar is the story more than another
    labels = {language: [bar.value_label.get(language) for bar in chart.bars
                         if bar.value_label] for language in ("en", "zh")}
    assert {"over 80%", "over 70%", "over 60%", "around 30%", "nearly 30%"} <= set(labels["en"])
    assert {"超80%", "超70%", "超60%", "约30%", "近30%"} <= set(labels["zh"])
    assert not any(mark in label for label in labels["en"] for mark in "+~")
    assert "drawn at 80%" in chart.caption.get("en")  # says how a qualified share is drawn


def test_the_reforms_slide_has_the_one_and_the_six(deck):
    reforms = next(slide for slide in deck.slides if slide.type == "reforms")
    assert "Growth Tier" in reforms.hub.label.get("en")
    assert "fifth set of listing standards" in reforms.hub.detail.get("en")
    assert len(reforms.measures) == 6
    assert reforms.safeguards is not None and len(reforms.safeguards.items) == 3


def test_the_timeline_runs_from_2019_to_2025_in_order(deck):
    timeline = next(slide for slide in deck.slides if slide.type == "timeline")
    years = [int(re.search(r"\d{4}", m.date.get("en")).group()) for m in timeline.milestones]
    assert years[0] == 2019 and years[-1] == 2025
    assert years == sorted(years)
    assert [m.date.get("en") for m in timeline.milestones][-1] == "22 July 2025"


def test_every_company_in_the_brief_has_a_card(deck):
    names = {item.name.get("en") for _, item in _everything(deck) if isinstance(item, Card)}
    for company in ("Biokin", "Dizal", "AMEC", "BeiGene", "Hygon", "HYC", "Moore Threads",
                    "MetaX", "Healthgen"):
        assert any(company in name for name in names), company


def test_on_screen_text_is_short_enough_to_read_from_two_metres(deck):
    for slide in deck.slides:
        title = getattr(slide, "title", None)
        if title is not None:
            assert len(title.get("en").split()) <= 8, slide.id
            assert len(title.get("zh")) <= 16, slide.id
        for text in _texts(slide):
            assert len(text.get("en").split()) <= 40, (slide.id, text.get("en"))
            assert len(text.get("zh")) <= 80, (slide.id, text.get("zh"))


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_helper_is_right():
    assert _contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert _contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("ink", ["text", "muted", "accent", "accent_2", "positive"])
@pytest.mark.parametrize("ground", ["background", "surface"])
def test_text_colours_contrast_at_least_4_5_to_1(deck, ink, ground):
    colors = deck.settings.theme.colors
    assert _contrast(getattr(colors, ink), getattr(colors, ground)) >= 4.5


def test_body_text_is_legible_from_two_metres(deck):
    assert deck.settings.theme.type_scale.body >= 0.03


def test_chinese_quotes_that_are_our_translations_say_so(deck):
    """The article is in English: a Chinese quote is our back-translation, and the visitor
    must not read it as the speaker's own Chinese words."""
    for slide in deck.slides:
        if slide.type == "quote":
            assert slide.speaker.get("zh").strip(), slide.id
            assert "译文" in slide.role.get("zh"), slide.id


def test_the_reforms_slide_cites_each_release_once(deck):
    reforms = next(slide for slide in deck.slides if slide.type == "reforms")
    shown = [compact_source(source) for source in slide_sources(reforms, "en")]
    eighteenth_june_sse = [s for s in shown if s.startswith("SSE") and "18 June" in s]
    assert len(eighteenth_june_sse) == 1, shown


def test_rankings_say_niche_sector_in_the_figure_itself(deck):
    """35 first worldwide and 124 first in China are rankings in niche sectors or specific
    products: the big line must say so, not only the small print."""
    leaders = next(slide for slide in deck.slides if slide.id == "market-leaders")
    for figure in leaders.metrics[:2]:
        assert figure.value in (35, 124)
        assert "niche" in figure.label.get("en"), figure.label
        assert "细分领域" in figure.label.get("zh"), figure.label
