"""Opening hours: open/closed at weekday boundaries, closed days, past midnight."""

from __future__ import annotations

from datetime import datetime

from kiosk.core.content.model import OpeningHours, Schedule
from kiosk.core.schedule import has_hours, is_open, next_change

NINE_TO_FIVE = OpeningHours("09:00", "17:00")
# 2025-06-02 is a Monday.
WEEK = Schedule(monday=None, tuesday=NINE_TO_FIVE, wednesday=NINE_TO_FIVE,
                thursday=NINE_TO_FIVE, friday=OpeningHours("09:00", "21:30"),
                saturday=OpeningHours("10:00", "00:00"), sunday=None)


def at(day: int, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(2025, 6, day, hh, mm, ss)


def test_no_schedule_is_always_open() -> None:
    assert is_open(None, at(2, 3))
    assert next_change(None, at(2, 3)) is None


def test_boundaries_of_a_day() -> None:
    assert not is_open(WEEK, at(3, 8, 59, 59))
    assert is_open(WEEK, at(3, 9))  # opening minute is open
    assert is_open(WEEK, at(3, 16, 59, 59))
    assert not is_open(WEEK, at(3, 17))  # closing minute is closed


def test_closed_day() -> None:
    assert not is_open(WEEK, at(2, 12))  # Monday has no hours
    assert next_change(WEEK, at(2, 12)) == at(3, 9)  # opens Tuesday 09:00


def test_next_change_while_open_and_closed() -> None:
    assert next_change(WEEK, at(3, 10)) == at(3, 17)
    assert next_change(WEEK, at(3, 17)) == at(4, 9)
    assert next_change(WEEK, at(6, 21, 29)) == at(6, 21, 30)  # Friday late opening


def test_close_at_midnight_runs_to_the_end_of_the_day() -> None:
    assert is_open(WEEK, at(7, 23, 59))  # Saturday 10:00–00:00
    assert not is_open(WEEK, at(8, 0))  # Sunday has no hours
    assert next_change(WEEK, at(7, 12)) == at(8, 0)
    # Closed from Saturday midnight over Sunday and Monday, open again Tuesday.
    assert next_change(WEEK, at(8, 0)) == at(10, 9)


def test_overnight_hours_and_merged_stretches() -> None:
    late = Schedule(friday=OpeningHours("18:00", "02:00"), saturday=OpeningHours("02:00", "04:00"))
    assert is_open(late, at(6, 23))
    assert is_open(late, at(7, 1, 30))  # Friday's hours continue into Saturday
    assert is_open(late, at(7, 3))
    assert next_change(late, at(6, 23)) == at(7, 4)  # one stretch: no flicker at 02:00
    assert not is_open(late, at(7, 4))


def test_schedule_without_hours() -> None:
    empty = Schedule()
    assert not has_hours(empty)
    assert has_hours(WEEK)
    assert next_change(empty, at(2, 12)) is None
