"""Opening hours: is the kiosk open at a given moment, and when does that next change?

Pure logic on the content model's :class:`~kiosk.core.content.model.Schedule`, no Qt, so it is
tested with plain datetimes. Times are the kiosk's local wall-clock time (naive datetimes,
or aware ones, as long as the caller is consistent).

A day's hours run from ``open`` to ``close``. A ``close`` at or before ``open`` means the
hours run past midnight into the next day (``close: "00:00"`` is "until midnight"). A day
without hours is a closed day.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from kiosk.core.content.model import WEEKDAYS, OpeningHours, Schedule

log = logging.getLogger(__name__)

_HORIZON_DAYS = 8
"""How far ahead to look for the next change: one week plus the day in progress."""


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def hours_on(schedule: Schedule, day: date) -> OpeningHours | None:
    """The opening hours that start on ``day``, or None on a closed day."""
    hours: OpeningHours | None = getattr(schedule, WEEKDAYS[day.weekday()])
    return hours


def _intervals(schedule: Schedule, first: date, days: int, tz: object) -> list[tuple[datetime,
                                                                                      datetime]]:
    """Open intervals starting on ``days`` consecutive days from ``first``, merged and sorted."""
    spans: list[tuple[datetime, datetime]] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        hours = hours_on(schedule, day)
        if hours is None:
            continue
        start = datetime.combine(day, _clock(hours.open), tzinfo=tz)  # type: ignore[arg-type]
        end = datetime.combine(day, _clock(hours.close), tzinfo=tz)  # type: ignore[arg-type]
        if end <= start:  # past midnight: closes on the following day
            end += timedelta(days=1)
        spans.append((start, end))
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:  # touching or overlapping hours are one stretch
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_open(schedule: Schedule | None, now: datetime) -> bool:
    """Whether the kiosk should be showing its deck at ``now`` (always, without a schedule)."""
    if schedule is None:
        return True
    # Yesterday's hours may run past midnight into today.
    for start, end in _intervals(schedule, now.date() - timedelta(days=1), 2, now.tzinfo):
        if start <= now < end:
            return True
    return False


def next_change(schedule: Schedule | None, now: datetime) -> datetime | None:
    """When :func:`is_open` next flips after ``now``: the next closing while open, the next
    opening while closed. None when it never changes (no schedule, or no opening hours)."""
    if schedule is None:
        return None
    spans = _intervals(schedule, now.date() - timedelta(days=1), _HORIZON_DAYS + 1, now.tzinfo)
    for start, end in spans:
        if start <= now < end:
            return end
        if start > now:
            return start
    return None


def has_hours(schedule: Schedule | None) -> bool:
    """Whether the schedule names any opening hours at all. ``validate`` refuses a schedule
    without them (it would keep the kiosk closed for ever), so a loaded deck always has some;
    callers still treat one without hours as open rather than go dark on a deck built in code."""
    return schedule is not None and any(getattr(schedule, day) for day in WEEKDAYS)
