"""Every slide type renders from a minimal example, shows its content in both languages,
counts to exact values, grows bars to their data and opens details when tapped."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel

from kiosk.core.content.model import (
    Bar,
    Card,
    CardsSlide,
    ChartSlide,
    ClosingSlide,
    Figure,
    MetricsSlide,
    Milestone,
    QuoteSlide,
    ReformsSlide,
    Safeguards,
    Spoke,
    Text,
    Theme,
    TimelineSlide,
    TitleSlide,
)
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.count_up import CountUpLabel

T = Text.of

SLIDES = {
    "title": TitleSlide(id="t", title=T(en="Six years", zh="六年"),
                        subtitle=T(en="22 July 2019 to 2025", zh="2019年至2025年")),
    "metrics": MetricsSlide(id="m", title=T(en="At a glance", zh="概览"), metrics=(
        Figure(value=589, label=T(en="companies", zh="家公司")),
        Figure(value=1.1e12, compact=True, label=T(en="raised", zh="募资"),
               prefix=T(en="RMB ", zh="人民币"), suffix=T(en=" yuan", zh="元"),
               qualifier=T(en="over", zh="超")),
        Figure(value=240000, compact=True, label=T(en="R&D staff", zh="研发人员")),
    )),
    "chart": ChartSlide(id="c", title=T(en="R&D", zh="研发"), bars=(
        Bar(label=T(en="R&D", zh="研发投入"), value=168.1, highlight=True),
        Bar(label=T(en="Profit", zh="净利润"), value=52.0),
    ), decimals=1, caption=T(en="Three times", zh="三倍"), source=T(en="Xinhua", zh="新华社")),
    "cards": CardsSlide(id="k", title=T(en="Breakthroughs", zh="突破"), cards=(
        Card(name=T(en="AMEC", zh="中微公司"), headline=T(en="Etching", zh="刻蚀"),
             figure=T(en="2,941 patents", zh="2941项专利"),
             detail=T(en="More than 80% inventions", zh="八成以上为发明专利")),
        Card(name=T(en="Hygon", zh="海光信息"), headline=T(en="Processors", zh="处理器")),
    )),
    "timeline": TimelineSlide(id="l", title=T(en="Timeline", zh="历程"), milestones=(
        Milestone(date=T(en="22 July 2019", zh="2019年7月22日"),
                  label=T(en="Opening", zh="开市"), detail=T(en="25 companies", zh="25家")),
        Milestone(date=T(en="18 June 2025", zh="2025年6月18日"),
                  label=T(en="1+6 reforms", zh="1+6改革")),
    )),
    "reforms": ReformsSlide(
        id="r", title=T(en="Reforms", zh="改革"),
        hub=Spoke(label=T(en="Growth Tier", zh="成长层"), detail=T(en="The 1", zh="一")),
        measures=(Spoke(label=T(en="Pre-review", zh="预先审阅"), detail=T(en="d", zh="详")),
                  Spoke(label=T(en="Refinancing", zh="再融资"))),
        safeguards=Safeguards(title=T(en="Safeguards", zh="保障"),
                              items=(T(en="Risk warnings", zh="风险揭示"),)),
    ),
    "quote": QuoteSlide(id="q", text=T(en="Open and inclusive", zh="开放包容"),
                        speaker=T(en="Sha Chaoqun", zh="沙超群")),
    "closing": ClosingSlide(id="z", title=T(en="Thank you", zh="谢谢"),
                            message=T(en="See you again", zh="欢迎再来"),
                            footer=T(en="Touch to start", zh="触摸开始")),
}

SIZES = [QSize(1920, 1080), QSize(1080, 1920)]


LANDSCAPE = QSize(1920, 1080)


def make_view(qtbot, slide, language="en", size=LANDSCAPE, **kwargs):
    view = create_slide_view(slide, Look(Theme(), size), language, **kwargs)
    qtbot.addWidget(view)
    return view


def shown_texts(view) -> str:
    texts = [label.text() for label in view.findChildren(QLabel)]
    texts += [counter.text() for counter in view.findChildren(CountUpLabel)]
    # Chinese words are held together by invisible word joiners (runtime/wordbreak.py).
    return "\n".join(texts).replace("\u2060", "")


@pytest.mark.parametrize("kind", sorted(SLIDES))
@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
def test_every_type_renders_settles_and_replays(qtbot, kind, size):
    view = make_view(qtbot, SLIDES[kind], size=size)
    view.show()
    view.enter()
    view.settle()
    image = view.grab()
    assert image.size() == size
    view.enter()  # replays from the start
    assert view.entrance.state() == view.entrance.State.Running
    view.settle()


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("kind", ["title", "cards", "timeline", "reforms", "quote", "closing"])
def test_texts_on_screen_match_the_content(qtbot, kind, language):
    slide = SLIDES[kind]
    view = make_view(qtbot, slide, language)
    shown = shown_texts(view)
    for name in ("title", "subtitle", "text", "speaker", "footer"):
        value = getattr(slide, name, None)
        if value is not None:
            assert value.get(language) in shown
    for card in getattr(slide, "cards", ()):
        assert card.name.get(language) in shown and card.headline.get(language) in shown
    for milestone in getattr(slide, "milestones", ()):
        assert milestone.date.get(language) in shown and milestone.label.get(language) in shown
    if kind == "reforms":
        for spoke in (slide.hub, *slide.measures):
            assert spoke.label.get(language) in shown


def test_language_switch_rebuilds_in_the_other_language(qtbot):
    view = make_view(qtbot, SLIDES["cards"])
    view.show()
    view.set_language("zh")
    qtbot.waitUntil(lambda: "AMEC" not in shown_texts(view), timeout=2000)
    assert "中微公司" in shown_texts(view)


@pytest.mark.slow
@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["589", "over RMB 1.1 trillion yuan", "240,000"]),
    ("zh", ["589", "超人民币1.1万亿元", "24万"]),
])
def test_counters_land_exactly_on_their_values(qtbot, language, expected):
    view = make_view(qtbot, SLIDES["metrics"], language)
    view.settle()
    assert [c.text() for c in view.counters] == expected
    view.enter()
    assert all(c.shown_value() == 0 for c in view.counters)
    with qtbot.waitSignal(view.entrance.finished, timeout=5000):
        pass
    assert [c.text() for c in view.counters] == expected
    assert [c.shown_value() for c in view.counters] == [589, 1.1e12, 240000]


def test_counter_keeps_the_final_unit_while_counting(qtbot):
    view = make_view(qtbot, SLIDES["metrics"])
    counter = view.counters[1]
    counter.setProperty("progress", 0.3)
    assert counter.text().endswith(" trillion yuan")
    assert counter.text() == "over RMB 0.3 trillion yuan"


def test_reduce_motion_shows_final_numbers_at_once(qtbot):
    view = make_view(qtbot, SLIDES["metrics"], reduce_motion=True)
    view.enter()
    assert view.counters[0].text() == "589"


@pytest.mark.slow
def test_chart_bars_match_their_data(qtbot):
    slide = SLIDES["chart"]
    view = make_view(qtbot, slide)
    view.show()
    view.settle()
    assert list(view.bar_item.opts["width"]) == [168.1, 52.0]
    assert [item.toPlainText() for item in view.value_items] == ["168.1", "52.0"]
    assert [label.text() for label in view.category_labels] == ["R&D", "Profit"]
    view.enter()
    assert list(view.bar_item.opts["width"]) == [0.0, 0.0]
    with qtbot.waitSignal(view.entrance.finished, timeout=5000):
        pass
    assert list(view.bar_item.opts["width"]) == [168.1, 52.0]


def test_chart_columns_and_no_default_pyqtgraph_look(qtbot):
    bars = SLIDES["chart"].bars
    slide = ChartSlide(id="c", title=T(en="Shares", zh="占比"), orientation="column",
                       bars=bars, suffix=Text.plain("%"), decimals=0)
    view = make_view(qtbot, slide, "zh")
    view.settle()
    assert list(view.bar_item.opts["height"]) == [168.1, 52.0]
    assert view.value_items[0].toPlainText() == "168%"  # the slide asks for 0 decimals
    plot = view.plot.getPlotItem()
    assert not plot.getViewBox().state["mouseEnabled"][0]
    assert not plot.getViewBox().menuEnabled()
    assert not plot.getAxis("left").isVisible()


def test_a_chart_without_decimals_never_writes_a_half_as_zero(qtbot):
    """Issue 10, point 8: 0.5 was labelled "0". Without 'decimals' every bar gets the fewest
    decimals that write all of them exactly."""
    slide = ChartSlide(id="c", title=T(en="Shares", zh="占比"), suffix=Text.plain("%"),
                       bars=(Bar(label=T(en="a", zh="甲"), value=0.5),
                             Bar(label=T(en="b", zh="乙"), value=12.0)))
    view = make_view(qtbot, slide)
    view.settle()
    assert [item.toPlainText() for item in view.value_items] == ["0.5%", "12.0%"]


def test_emphasis_in_a_figure_or_value_label_never_shows_its_asterisks(qtbot):
    figure = Figure(value=1.1e12, label=T(en="raised", zh="募资"), compact=True,
                    qualifier=Text.plain("*over*"), prefix=Text.plain("*RMB* "),
                    suffix=Text.plain("*!*"))
    slide = MetricsSlide(id="m", title=T(en="A", zh="甲"), metrics=(figure, figure))
    view = make_view(qtbot, slide)
    view.settle()
    assert "*" not in view.counters[0].text()
    assert view.counters[0].text() == "over RMB 1.1 trillion!"
    chart = ChartSlide(id="c", title=T(en="A", zh="甲"), bars=(
        Bar(label=T(en="a", zh="甲"), value=80, value_label=Text.plain("*80%+*")),))
    chart_view = make_view(qtbot, chart)
    chart_view.settle()
    assert chart_view.value_items[0].toPlainText() == "80%+"


def test_a_charts_source_is_cited_once(qtbot):
    slide = dataclasses.replace(SLIDES["chart"],
                                source=Text.plain('Xinhua, "R&D keeps rising on the STAR '
                                                  'Market", July 2025'))
    view = make_view(qtbot, slide)
    view.show()
    view.settle()
    shown = shown_texts(view)
    assert shown.count("Xinhua") == 1, shown  # on the slide's sources line, compact
    assert "Xinhua, July 2025" in view.sources_label.text().replace("\u2060", "")


def test_tapping_a_card_opens_its_detail(qtbot):
    view = make_view(qtbot, SLIDES["cards"])
    view.show()
    tappable, plain = view.cards
    assert tappable.tappable and not plain.tappable
    with qtbot.waitSignal(view.detail_opened) as opened:
        tappable.tap()
    assert opened.args == [True]
    assert view.detail.is_open
    assert "More than 80% inventions" in shown_texts(view.detail)
    # The headline a small card may have to shorten is shown in full in its detail.
    assert "Etching" in shown_texts(view.detail)
    assert view.detail.close_button.width() >= 64
    with qtbot.waitSignal(view.detail_opened) as closed:
        view.detail.close_button.click()
    assert closed.args == [False]
    with qtbot.waitSignal(view.detail_opened):
        tappable.tap()
    assert view.close_detail() is True
    assert view.close_detail() is False


def test_tapping_a_milestone_and_a_reform_opens_details(qtbot):
    timeline = make_view(qtbot, SLIDES["timeline"])
    timeline.show()
    with qtbot.waitSignal(timeline.detail_opened):
        timeline.milestones[0].tap()
    assert "25 companies" in shown_texts(timeline.detail)
    reforms = make_view(qtbot, SLIDES["reforms"], "zh")
    reforms.show()
    with qtbot.waitSignal(reforms.detail_opened):
        reforms.measures[0].tap()
    assert "详" in shown_texts(reforms.detail)


def test_content_text_stays_plain(qtbot):
    slide = QuoteSlide(id="q", text=Text.plain("<b>not bold</b> and *this* stands out"),
                       speaker=Text.plain("X"))
    view = make_view(qtbot, slide)
    label = next(lb for lb in view.findChildren(QLabel) if "stands out" in lb.text())
    assert "&lt;b&gt;" in label.text()  # escaped, never interpreted


def test_a_portrait_closing_draws_its_last_words_bigger(qtbot):
    """The tall screen has the height: the closing's title and message are drawn bigger
    there than on a landscape screen of the same width class (1080 px short side)."""
    def sizes(size):
        view = make_view(qtbot, SLIDES["closing"], size=size)
        view.resize(size)
        view.show()
        view.settle()
        return sorted(label.font().pixelSize() for label in view.findChildren(QLabel)
                      if label.property("content_text") in ("Thank you", "See you again"))

    landscape, portrait = sizes(LANDSCAPE), sizes(QSize(1080, 1920))
    assert portrait and len(portrait) == len(landscape)
    assert all(p >= 1.2 * w for p, w in zip(portrait, landscape, strict=True)), \
        (portrait, landscape)
