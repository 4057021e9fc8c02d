"""When a slide shows: its ``show:`` window (dates, weekdays, hours), in pure Python.

A slide without ``show`` always shows. With it, every part given must match the kiosk's local
wall-clock time: ``first_day``/``last_day`` (both included), ``weekdays`` and ``hours``. Hours
whose ``end`` is at or before their ``start`` run past midnight, and the early-morning part
belongs to the day they started on (a Saturday 20:00–02:00 window also covers Sunday 01:00,
not Saturday 01:00), as opening hours do in :mod:`kiosk.core.schedule`.

The attract loop, the visitors' navigation and the progress dots use :func:`showing_indices`;
``check``/``export`` and proof of play use :func:`describe`. Validation is in
:mod:`kiosk.core.content.show_checks`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kiosk.core.content.model import WEEKDAYS as WEEKDAY_NAMES
from kiosk.core.content.model import Deck, Show
from kiosk.core.content.show_checks import parse_day

_SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _day_matches(show: Show, day: date) -> bool:
    first = parse_day(show.first_day) if show.first_day else None
    last = parse_day(show.last_day) if show.last_day else None
    if first is not None and day < first or last is not None and day > last:
        return False
    return not show.weekdays or WEEKDAY_NAMES[day.weekday()] in show.weekdays


def is_showing(show: Show | None, now: datetime) -> bool:
    """Whether a slide with this ``show`` window is in the deck at ``now`` (local time)."""
    if show is None:
        return True
    if show.hours is None:
        return _day_matches(show, now.date())
    start, end = _clock(show.hours.start), _clock(show.hours.end)
    moment = now.time().replace(second=0, microsecond=0, tzinfo=None)
    if start < end:
        return start <= moment < end and _day_matches(show, now.date())
    # Past midnight: the evening part today, or the morning part of yesterday's window.
    if moment >= start:
        return _day_matches(show, now.date())
    return moment < end and _day_matches(show, now.date() - timedelta(days=1))


def showing_indices(deck: Deck, now: datetime) -> tuple[int, ...]:
    """The positions of the slides showing at ``now``, in deck order.

    Never empty: ``validate`` requires one slide without ``show``, and a deck built in code
    that breaks that rule shows every slide rather than nothing.
    """
    shown = tuple(i for i, slide in enumerate(deck.slides) if is_showing(slide.show, now))
    return shown or tuple(range(len(deck.slides)))


def has_windows(deck: Deck) -> bool:
    """Whether any slide of ``deck`` carries a ``show`` window."""
    return any(slide.show is not None for slide in deck.slides)


def next_minute(now: datetime) -> datetime:
    """The next whole minute after ``now``: windows change only on minute boundaries."""
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


def describe(show: Show | None) -> str:
    """The window in words, e.g. ``2026-07-20 to 2026-07-26, Sat Sun, 10:00–16:00``
    (``always`` without one)."""
    if show is None:
        return "always"
    parts: list[str] = []
    if show.first_day and show.last_day:
        parts.append(show.first_day if show.first_day == show.last_day
                     else f"{show.first_day} to {show.last_day}")
    elif show.first_day:
        parts.append(f"from {show.first_day}")
    elif show.last_day:
        parts.append(f"until {show.last_day}")
    if show.weekdays:
        parts.append(" ".join(_SHORT_DAYS[WEEKDAY_NAMES.index(day)]
                              for day in WEEKDAY_NAMES if day in show.weekdays))
    if show.hours is not None:
        overnight = " (past midnight)" if show.hours.end <= show.hours.start else ""
        parts.append(f"{show.hours.start}–{show.hours.end}{overnight}")
    return ", ".join(parts) if parts else "always"


def schedule_lines(deck: Deck) -> list[str]:
    """What ``check`` and ``export`` print about ``show:`` windows: one line per slide that
    has one, ``slide N <id>: shows <window>``; nothing when every slide always shows."""
    if not has_windows(deck):
        return []
    lines = [f"slide {number} {slide.id}: shows {describe(slide.show)}"
             for number, slide in enumerate(deck.slides, start=1) if slide.show is not None]
    always = sum(slide.show is None for slide in deck.slides)
    lines.append(f"the other {always} slide(s) always show")
    return lines
