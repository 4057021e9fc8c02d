"""Issue 22: the timeline spaced by real dates, the "1+6" hub with its "1", and one tap sign
drawn the same way on everything a visitor can tap."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations, pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, QRect, QSize
from PySide6.QtWidgets import QLabel

from kiosk.core.content.loader import load_deck
from kiosk.core.content.model import (
    Card,
    CardsSlide,
    Milestone,
    ReformsSlide,
    Spoke,
    Text,
    Theme,
    TimelineSlide,
)
from kiosk.core.timeline_axis import when_day
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.offscreen import lay_out
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets import panel as panel_module
from kiosk.runtime.widgets import tap_sign as tap_sign_module
from tests.layout_support import audited, unreported_faults, write_deck
from tests.runtime.test_slides import shown_texts

T = Text.of
SIZES = [QSize(1920, 1080), QSize(1080, 1920)]


def _rect(widget, view) -> QRect:
    return QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())


def _assert_laid_out_cleanly(view, size: QSize) -> None:
    """Texts apart and on the screen, in date order on each side; each joined to its own dot
    by a connector square to the line; dots in order, never closer than the minimum."""
    boxes = [_rect(block, view) for block in view.milestones]
    for one, other in combinations(boxes, 2):
        assert not one.intersects(other), (one, other)
    screen = QRect(QPoint(0, 0), size)
    assert all(screen.contains(box) for box in boxes)
    portrait = size.height() > size.width()
    for dot, (near, far), box in zip(view.dot_points, view.leaders, boxes, strict=True):
        assert near == dot
        # The connector ends on the card's edge facing the line ...
        assert box.adjusted(-2, -2, 2, 2).contains(far.toPoint()), (far, box)
        assert not box.adjusted(2, 2, -2, -2).contains(far.toPoint()), (far, box)
        # ... square to the line: level in portrait, upright in landscape.
        if portrait:
            assert abs(far.y() - near.y()) < 1 and box.top() <= dot.y() <= box.bottom()
        else:
            assert abs(far.x() - near.x()) < 1 and box.left() <= dot.x() <= box.right()
    line = [box.top() if portrait else box.left() for box in boxes]
    sides = [card.side for card in view.placement.cards]
    for side in set(sides):
        mine = [at for at, s in zip(line, sides, strict=True) if s == side]
        assert mine == sorted(mine)
    along = [p.y() if portrait else p.x() for p in view.dot_points]
    least = min(6 * view.look.px(0.014), (along[-1] - along[0]) / max(1, len(along) - 1))
    assert all(b - a >= least - 1.5 for a, b in pairwise(along)), along


@pytest.fixture(scope="module")
def bundled(qapp):
    load_bundled_fonts()  # laid out in the deck's own faces, whatever ran before
    return load_deck().deck


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_bundled_timeline_gives_july_2025_the_room(qtbot, bundled, size, language):
    slide = next(s for s in bundled.slides if s.id == "milestones")
    view = lay_out(slide, Look(bundled.settings.theme, size), language)
    qtbot.addWidget(view)
    landscape = size.width() > size.height()
    along = [p.x() if landscape else p.y() for p in view.dot_points]
    if landscape:
        # 2019 → 2021 → April 2025 are drawn broken ("//")...
        assert {0, 1} <= set(view.axis.breaks)
        # ... so April → 22 July 2025 takes more of the line than the three fifths it took
        # evenly spaced (less than it could: the broken gaps widen so that the cards of
        # 2019, 2021 and April 2025 can each face their dot), drawn to scale: 18 June → 13
        # July (25 days) is wider than 13 → 22 July (9).
        assert along[5] - along[2] > 0.7 * (along[5] - along[0])
        assert along[4] - along[3] > along[5] - along[4]
        # The three crowded dates of mid-2025 take turns above and below the line.
        sides = [card.side for card in view.placement.cards]
        assert sides[3] != sides[4] != sides[5]
    else:
        # A portrait card is a whole row tall, so nine days take a row and the two months
        # before them seven: true dates would leave a hole of empty line. The rows go
        # evenly, each dot level with its own date, no "//" claiming a scale.
        steps = [b - a for a, b in pairwise(along)]
        assert max(steps) - min(steps) <= 2, steps
        assert view.axis.breaks == ()
        assert all(card.straight for card in view.placement.cards)
    _assert_laid_out_cleanly(view, size)


def test_a_portrait_timeline_keeps_true_dates_where_they_leave_no_hole(qtbot):
    """Many milestones a year or two apart fill a tall column by date: no fallback."""
    slide = TimelineSlide(id="l", title=T(en="Years", zh="年"), milestones=tuple(
        Milestone(date=T(en=str(year), zh=f"{year}年"), label=T(en="Step", zh="步"),
                  when=str(year)) for year in (2015, 2016, 2017, 2018, 2019, 2020, 2022, 2024)))
    size = QSize(1080, 1920)
    view = lay_out(slide, Look(Theme(), size), "en")
    qtbot.addWidget(view)
    along = [p.y() for p in view.dot_points]
    steps = [b - a for a, b in pairwise(along)]
    assert steps[-1] > 1.5 * steps[0], steps  # 2022 → 2024 drawn wider than 2015 → 2016


def test_a_timeline_without_dates_is_spaced_evenly(qtbot):
    slide = TimelineSlide(id="l", title=T(en="Years", zh="年"), milestones=tuple(
        Milestone(date=T(en=f"{2019 + i}", zh=f"{2019 + i}年"), label=T(en="Step", zh="步"))
        for i in range(4)))
    view = lay_out(slide, Look(Theme(), SIZES[0]), "en")
    qtbot.addWidget(view)
    assert view.axis.breaks == ()
    steps = [b.x() - a.x() for a, b in pairwise(view.dot_points)]
    assert max(steps) - min(steps) <= 1


@st.composite
def dated_timelines(draw) -> TimelineSlide:
    count = draw(st.integers(2, 10))
    offsets = sorted(draw(st.lists(st.integers(0, 20 * 365), min_size=count, max_size=count)))
    words = st.sampled_from(["STAR Market opens", "BeiGene raises RMB 21.1 billion", "Rules",
                             "Two GPU makers’ IPO applications accepted", "A"])
    milestones = []
    for offset in offsets:
        day = date(2005, 1, 1) + timedelta(days=offset)
        precision = draw(st.sampled_from(["day", "month", "year"]))
        when = {"day": day.isoformat(), "month": day.isoformat()[:7],
                "year": str(day.year)}[precision]
        milestones.append(Milestone(date=T(en=when, zh=when), label=T(en=draw(words), zh="里程碑"),
                                    detail=draw(st.none() | st.just(T(en="More", zh="更多"))),
                                    when=when))
    # A year sits at its middle, a month at its middle: the deck must be in that order.
    milestones.sort(key=lambda m: when_day(m.when))
    return TimelineSlide(id="l", title=T(en="Dates", zh="日期"), milestones=tuple(milestones))


@settings(max_examples=16, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(slide=dated_timelines(),
       size=st.sampled_from([*SIZES, QSize(1280, 800), QSize(3840, 2160)]),
       language=st.sampled_from(["en", "zh"]))
def test_any_dated_timeline_keeps_its_dots_apart_and_its_texts_clear(qtbot, slide, size,
                                                                      language):
    view = lay_out(slide, Look(Theme(), size), language)
    qtbot.addWidget(view)
    assert len(view.axis.positions) == len(slide.milestones)
    _assert_laid_out_cleanly(view, size)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(slide=dated_timelines(), screen=st.sampled_from([(1920, 1080), (1080, 1920), (1024, 768)]),
       language=st.sampled_from(["en", "zh"]))
def test_check_reports_whatever_a_dated_timeline_gets_wrong(qtbot, tmp_path_factory, slide,
                                                             screen, language):
    def as_yaml(text: Text) -> dict[str, str]:
        return dict(text.by_language)

    written = {"type": "timeline", "id": "dated", "title": as_yaml(slide.title),
               "milestones": [{"date": as_yaml(m.date), "label": as_yaml(m.label),
                               "when": m.when} for m in slide.milestones]}
    result = write_deck(tmp_path_factory.mktemp("dated"), [written])
    assert not result.problems, [str(p) for p in result.problems]
    assert unreported_faults(result, 0, screen, language) == []


REFORMS = ReformsSlide(
    id="r", title=T(en="The “1+6” reforms", zh="“1+6”改革"),
    hub=Spoke(label=T(en="Growth Tier", zh="成长层"), detail=T(en="The 1", zh="一"),
              mark=Text.plain("1")),
    measures=tuple(Spoke(label=T(en=f"Measure {i}", zh=f"措施{i}"), detail=T(en="d", zh="详"),
                         mark=Text.plain("+")) for i in range(6)),
)


def test_the_hub_carries_its_1_and_the_measures_their_plus(qtbot):
    view = lay_out(REFORMS, Look(Theme(), SIZES[0]), "en")
    qtbot.addWidget(view)
    assert view.hub.mark.text() == "1"
    hub_labels = view.hub.findChildren(QLabel)
    assert max(label.font().pixelSize() for label in hub_labels) == view.hub.mark.font().pixelSize()
    assert view.hub.mark.font().pixelSize() > view.hub.label.font().pixelSize()
    assert [measure.badge.text() for measure in view.measures] == ["+"] * 6


def test_without_marks_the_measures_keep_their_numbers(qtbot):
    slide = ReformsSlide(id="r", title=T(en="Reforms", zh="改革"),
                         hub=Spoke(label=T(en="Hub", zh="中心")),
                         measures=(Spoke(label=T(en="One", zh="一")),
                                   Spoke(label=T(en="Two", zh="二"))))
    view = lay_out(slide, Look(Theme(), SIZES[0]), "en")
    qtbot.addWidget(view)
    assert view.hub.mark is None and view.hub.sign is None
    assert [measure.badge.text() for measure in view.measures] == ["1", "2"]


def _tap_signs_drawn(monkeypatch, widgets) -> int:
    drawn: list[object] = []
    original = tap_sign_module.paint_tap_sign

    def counting(painter, box, color):
        drawn.append(box)
        original(painter, box, color)

    monkeypatch.setattr(panel_module, "paint_tap_sign", counting)
    monkeypatch.setattr(tap_sign_module, "paint_tap_sign", counting)
    for widget in widgets:
        widget.grab()
    return len(drawn)


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
def test_everything_tappable_shows_the_one_tap_sign(qtbot, monkeypatch, size):
    look = Look(Theme(), size)
    reforms = lay_out(REFORMS, look, "en")
    qtbot.addWidget(reforms)
    # The hub and each of the six measures draw the sign, with the one shared painter...
    assert _tap_signs_drawn(monkeypatch, [reforms.hub]) == 1
    assert [_tap_signs_drawn(monkeypatch, [m]) for m in reforms.measures] == [1] * 6
    assert _tap_signs_drawn(monkeypatch, [reforms]) == 7
    # ... as cards and milestones do; what opens nothing shows none.
    cards = lay_out(CardsSlide(id="k", title=T(en="Cards", zh="卡片"), cards=(
        Card(name=T(en="AMEC", zh="中微"), headline=T(en="Etching", zh="刻蚀"),
             detail=T(en="More", zh="更多")),
        Card(name=T(en="Hygon", zh="海光"), headline=T(en="Chips", zh="芯片")))), look, "en")
    qtbot.addWidget(cards)
    assert _tap_signs_drawn(monkeypatch, [cards]) == 1
    timeline = lay_out(TimelineSlide(id="l", title=T(en="Years", zh="年"), milestones=(
        Milestone(date=T(en="2019", zh="2019年"), label=T(en="Opens", zh="开市"),
                  detail=T(en="More", zh="更多"), when="2019"),
        Milestone(date=T(en="2025", zh="2025年"), label=T(en="Six", zh="六年"), when="2025"))),
        look, "en")
    qtbot.addWidget(timeline)
    assert _tap_signs_drawn(monkeypatch, [timeline]) == 1
    plain = ReformsSlide(id="p", title=T(en="Reforms", zh="改革"),
                         hub=Spoke(label=T(en="Hub", zh="中心")),
                         measures=(Spoke(label=T(en="One", zh="一")),
                                   Spoke(label=T(en="Two", zh="二"))))
    untappable = lay_out(plain, look, "en")
    qtbot.addWidget(untappable)
    assert _tap_signs_drawn(monkeypatch, [untappable]) == 0


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
def test_the_layout_audit_sees_every_connector_and_none_crosses_a_text(qtbot, bundled, size):
    slide = next(s for s in bundled.slides if s.id == "milestones")
    view = lay_out(slide, Look(bundled.settings.theme, size), "en")
    qtbot.addWidget(view)
    boxes, violations = audited(view, "en")
    connectors = [box for box in boxes if box.name.endswith("connector")]
    assert len(connectors) == len(slide.milestones)
    assert all(box.kind == "decoration" and box.motif for box in connectors)
    assert violations == []
    # A connector moved onto a text is reported: the audit really checks them.
    label = _rect(view.milestones[0].label, view)
    view.leaders[0] = (view.leaders[0][0], QPointF(label.center()))
    _boxes, violations = audited(view, "en")
    assert any(v.rule == "decoration" for v in violations)


@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
def test_a_touch_on_any_bundled_card_opens_that_milestone(qtbot, bundled, size):
    slide = next(s for s in bundled.slides if s.id == "milestones")
    view = lay_out(slide, Look(bundled.settings.theme, size), "en")
    qtbot.addWidget(view)
    view.show()
    for block, milestone in zip(view.milestones, slide.milestones, strict=True):
        # What a finger on the card's middle reaches is this card, not a neighbour or a line.
        touched = view.childAt(_rect(block, view).center())
        while touched is not None and touched is not block:
            touched = touched.parentWidget()
        assert touched is block
        with qtbot.waitSignal(view.detail_opened):
            block.tap()
        shown = shown_texts(view.detail)
        assert milestone.date.get("en") in shown and milestone.label.get("en") in shown
        view.close_detail()


def test_portrait_milestones_are_drawn_bigger_than_body_text(qtbot, bundled):
    """A tall screen gives each milestone a wide row: its date and words are drawn bigger
    than the body size (and still fit: the layout is clean)."""
    slide = next(s for s in bundled.slides if s.id == "milestones")
    size = QSize(1080, 1920)
    look = Look(bundled.settings.theme, size)
    view = lay_out(slide, look, "en")
    qtbot.addWidget(view)
    body = look.font("body").pixelSize()
    for block in view.milestones:
        assert block.label.font().pixelSize() >= 1.15 * body
        assert block.date.font().pixelSize() >= 1.15 * body
    _assert_laid_out_cleanly(view, size)
