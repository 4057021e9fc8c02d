"""Slides with a ``show:`` window: the pure rules, validation, and the deck state's loop.

No Qt: the deck state is driven by a ManualClock for its timers and a settable wall clock for
the windows.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from kiosk.core.content.loader import load_deck
from kiosk.core.content.model import Show, ShowHours
from kiosk.core.deck import commands as c
from kiosk.core.deck.clock import ManualClock
from kiosk.core.deck.state import DeckState
from kiosk.core.showing import describe, is_showing, showing_indices
from tests.core.deck.helpers import make_deck

WEEKEND = Show(weekdays=("saturday", "sunday"))
EVENT_WEEK = Show(first_day="2026-07-20", last_day="2026-07-26")
EVENINGS = Show(hours=ShowHours(start="20:00", end="02:00"))
# 2026-07-18 is a Saturday, 2026-07-20 a Monday.
SATURDAY_NOON = datetime(2026, 7, 18, 12, 0)
MONDAY_NOON = datetime(2026, 7, 20, 12, 0)


def test_a_weekend_slide_shows_on_saturday_and_sunday_only():
    days = [SATURDAY_NOON + timedelta(days=n) for n in range(7)]
    assert [is_showing(WEEKEND, day) for day in days] == [True, True] + [False] * 5


def test_an_event_week_includes_its_first_and_last_day_whole():
    assert not is_showing(EVENT_WEEK, datetime(2026, 7, 19, 23, 59))
    assert is_showing(EVENT_WEEK, datetime(2026, 7, 20, 0, 0))
    assert is_showing(EVENT_WEEK, datetime(2026, 7, 26, 23, 59))
    assert not is_showing(EVENT_WEEK, datetime(2026, 7, 27, 0, 0))


def test_hours_past_midnight_belong_to_the_day_they_start():
    friday_evenings = replace(EVENINGS, weekdays=("friday",))
    assert is_showing(friday_evenings, datetime(2026, 7, 17, 21, 0))  # Friday 21:00
    assert is_showing(friday_evenings, datetime(2026, 7, 18, 1, 30))  # the night goes on
    assert not is_showing(friday_evenings, datetime(2026, 7, 18, 2, 0))  # end not included
    assert not is_showing(friday_evenings, datetime(2026, 7, 17, 1, 30))  # Thursday's night


def test_describe_says_the_window_in_words():
    window = Show(first_day="2026-07-20", last_day="2026-07-26", weekdays=("sunday", "saturday"),
                  hours=ShowHours(start="10:00", end="16:00"))
    assert describe(window) == "2026-07-20 to 2026-07-26, Sat Sun, 10:00–16:00"
    assert describe(None) == "always"
    assert describe(EVENINGS) == "20:00–02:00 (past midnight)"


def _deck_with_windows():
    deck = make_deck(5, slide_duration=10, idle_timeout=60, idle_warning=10)
    slides = list(deck.slides)
    slides[1] = replace(slides[1], show=WEEKEND)
    slides[3] = replace(slides[3], show=EVENT_WEEK)
    return replace(deck, slides=tuple(slides))


class Wall:
    """A settable wall clock for the deck's show: windows."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _run(state: DeckState, clock: ManualClock, seconds: float) -> None:
    end = clock.now() + seconds
    while (deadline := state.next_deadline()) is not None and deadline <= end:
        clock.set(max(clock.now(), deadline))
        state.tick()
    clock.set(end)
    state.tick()


def test_the_attract_loop_skips_slides_outside_their_window():
    deck = _deck_with_windows()
    clock, wall = ManualClock(), Wall(MONDAY_NOON - timedelta(days=7))  # a plain Monday
    state = DeckState(deck, clock, wall=wall)
    shown: list[str] = []
    state.slide_changed.connect(lambda change: shown.append(change.slide_id))
    state.start()
    _run(state, clock, 45)
    assert shown == ["s0", "s2", "s4", "s0", "s2"]
    assert state.showing == (0, 2, 4)


def test_a_window_that_opens_while_running_joins_the_loop_and_the_dots():
    deck = _deck_with_windows()
    clock, wall = ManualClock(), Wall(datetime(2026, 7, 19, 23, 59, 30))  # Sunday night
    state = DeckState(deck, clock, wall=wall)
    counts: list[tuple[int, ...]] = []
    state.showing_changed.connect(counts.append)
    state.start()
    assert state.showing == (0, 1, 2, 4)  # the weekend slide, not yet the event week
    wall.now = MONDAY_NOON.replace(hour=0, minute=0, second=1)  # midnight passes
    clock.advance(31)
    state.tick()
    assert counts == [(0, 2, 3, 4)]
    assert state.showing == (0, 2, 3, 4)


def test_visitors_swipe_and_jump_to_the_ends_only_among_showing_slides():
    deck = _deck_with_windows()
    clock, wall = ManualClock(), Wall(SATURDAY_NOON)
    state = DeckState(deck, clock, wall=wall, start_index=0)
    state.start()
    state.dispatch(c.next_slide("swipe"))
    assert state.index == 1  # the weekend slide on a Saturday
    state.dispatch(c.next_slide("swipe"))
    assert state.index == 2
    state.dispatch(c.next_slide("swipe"))
    assert state.index == 4  # the event week is not on
    state.dispatch(c.next_slide("swipe"))
    assert state.index == 0  # wrap
    state.dispatch(c.prev_slide("swipe"))
    assert state.index == 4
    state.dispatch(c.first("key"))
    assert state.index == 0
    state.dispatch(c.last("key"))
    assert state.index == 4


def test_the_idle_reset_and_a_resume_go_to_the_first_slide_showing():
    deck = _deck_with_windows()
    slides = list(deck.slides)
    slides[0] = replace(slides[0], show=EVENT_WEEK)
    slides[1] = replace(slides[1], show=None)
    deck = replace(deck, slides=tuple(slides))
    clock, wall = ManualClock(), Wall(SATURDAY_NOON)
    state = DeckState(deck, clock, wall=wall, start_index=3)  # resume on the event week's
    state.start()
    assert state.index == 4  # its window is not open: the next slide showing
    state.dispatch(c.prev_slide("swipe"))
    _run(state, clock, 61)
    assert state.index == 1  # the idle reset: the first showing, not slide 0


def _folder(tmp_path: Path, slides: str) -> Path:
    (tmp_path / "deck.yaml").write_text(textwrap.dedent("""\
        settings:
          title: Test
        slides:
        """) + textwrap.indent(textwrap.dedent(slides), "  "), encoding="utf-8")
    return tmp_path


def test_validate_reads_a_show_window(tmp_path):
    result = load_deck(_folder(tmp_path, """\
        - {type: title, id: always, title: Hello}
        - type: title
          id: weekend
          title: Weekend
          show:
            first_day: 2099-07-20
            last_day: 2099-08-20
            weekdays: [saturday, sunday]
            hours: {start: "10:00", end: "16:00"}
        """))
    assert result.deck is not None, [str(p) for p in result.problems]
    assert result.deck.slides[1].show == Show(first_day="2099-07-20", last_day="2099-08-20",
                                              weekdays=("saturday", "sunday"),
                                              hours=ShowHours(start="10:00", end="16:00"))


def _problems(tmp_path: Path, slides: str) -> list[str]:
    return [str(p) for p in load_deck(_folder(tmp_path, slides)).problems]


def test_validate_points_at_each_wrong_part_of_a_window(tmp_path):
    problems = _problems(tmp_path, """\
        - {type: title, id: always, title: Hello}
        - type: title
          id: a
          title: A
          show: {first_day: 2099-02-30}
        - type: title
          id: b
          title: B
          show: {first_day: 2099-07-26, last_day: 2099-07-20}
        - type: title
          id: c
          title: C
          show: {weekdays: [saturday, sundy]}
        - type: title
          id: d
          title: D
          show: {hours: {start: "10:00", end: "10:00"}}
        - type: title
          id: e
          title: E
          show: {first_day: 2099-07-20, last_day: 2099-07-22, weekdays: [sunday]}
        - type: title
          id: f
          title: F
          show: {when: weekends}
        """)
    text = "\n".join(problems)
    assert "deck.yaml:8:23: slide a.show.first_day: '2099-02-30' is not a date — write" in text
    assert "deck.yaml:12:45: slide b.show: last_day 2099-07-20 is before first_day" in text
    assert "deck.yaml:16:33: slide c.show.weekdays[2]: 'sundy' is not allowed — did you " \
           "mean 'sunday'?" in text
    assert "deck.yaml:20:19: slide d.show.hours start and end at 10:00" in text
    assert "deck.yaml:24:67: slide e.show: none of its weekdays falls between" in text
    assert "deck.yaml:28:12: unknown field 'when' in slide f.show" in text
    assert len(problems) == 6, text


def test_a_deck_where_every_slide_has_a_window_is_refused(tmp_path):
    problems = _problems(tmp_path, """\
        - {type: title, id: a, title: A, show: {weekdays: [monday]}}
        - {type: title, id: b, title: B, show: {weekdays: [tuesday]}}
        """)
    assert any("every slide has a 'show' window" in p and "deck.yaml:4:" in p
               for p in problems), problems


def test_a_window_that_has_ended_is_a_warning(tmp_path):
    problems = _problems(tmp_path, """\
        - {type: title, id: a, title: A}
        - {type: title, id: b, title: B, show: {last_day: 2001-01-01}}
        """)
    assert [p.split("deck.yaml:")[1] for p in problems] == [
        "5:53: warning: slide b.show: its last day 2001-01-01 has passed; the slide no longer "
        "shows — remove the slide or its 'show', or give a new last_day"]


def test_showing_indices_never_leaves_a_deck_empty():
    deck = make_deck(2)
    deck = replace(deck, slides=tuple(replace(s, show=EVENT_WEEK) for s in deck.slides))
    assert showing_indices(deck, MONDAY_NOON) == (0, 1)
    assert showing_indices(deck, datetime.combine(date(2026, 1, 1), MONDAY_NOON.time())) == (0, 1)


def test_the_curators_manual_example_loads_and_shows_on_weekend_days_only(tmp_path):
    from kiosk.core.paths import BUNDLED_CONTENT

    manual = (BUNDLED_CONTENT / "README.md").read_text(encoding="utf-8")
    section = manual[manual.index("### When a slide shows: `show`"):]
    start = section.index("```yaml\n") + 8
    example = section[start:section.index("\n```", start)]
    deck = load_deck(_folder(tmp_path, "- {type: title, id: always, title: Hello}\n"
                             + textwrap.dedent(example) + "\n")).deck
    assert deck is not None
    show = deck.slides[1].show
    assert is_showing(show, SATURDAY_NOON) and not is_showing(show, MONDAY_NOON)
    assert not is_showing(show, SATURDAY_NOON.replace(hour=17))
