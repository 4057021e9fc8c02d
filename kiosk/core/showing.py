"""When a slide shows: its ``show:`` window (dates, weekdays, hours), in pure Python.

A slide without ``show`` always shows. With it, every part given must match the kiosk's local
wall-clock time: ``first_day``/``last_day`` (both included), ``weekdays`` and ``hours``. Hours
whose ``end`` is at or before their ``start`` run past midnight, and the early-morning part
belongs to the day they started on (a Saturday 20:00–02:00 window also covers Sunday 01:00,
not Saturday 01:00), as opening hours do in :mod:`kiosk.core.schedule`.

The attract loop, the visitors' navigation and the progress dots use :func:`showing_indices`;
``validate`` uses :func:`check_show`; ``check``/``export`` and proof of play use
:func:`describe`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from kiosk.core.content.model import Deck, Show, SlideBase
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""``show.weekdays`` names in :meth:`datetime.weekday` order."""

_SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date, or None when it is not one (``2026-02-30`` is not)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


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


# ------------------------------------------------------------------------------ validation


def _at(node: Node, key: str) -> Node:
    return node.entries[key][1] if node.kind == "map" and key in node.entries else node


def check_show(show: Show, node: Node, where: str, today: date | None = None) -> list[Problem]:
    """What is wrong with a slide's ``show`` window beyond its field types (read by the
    generic reader): real dates, their order, hours that are a span, and a window that can
    never (again) match. ``node`` is the ``show:`` mapping; ``today`` is for the "has ended"
    warning (the local date by default)."""
    problems: list[Problem] = []
    days: dict[str, date] = {}
    for key in ("first_day", "last_day"):
        text = getattr(show, key)
        if text is None:
            continue
        day = parse_day(text)
        if day is None:
            problems.append(_at(node, key).problem(
                f"{where}.{key}: '{text}' is not a date",
                "write it as YYYY-MM-DD, e.g. 2026-07-20 (a day that exists)"))
        else:
            days[key] = day
    first, last = days.get("first_day"), days.get("last_day")
    if first is not None and last is not None and last < first:
        problems.append(_at(node, "last_day").problem(
            f"{where}: last_day {show.last_day} is before first_day {show.first_day}",
            "swap them, or correct the year"))
        return problems
    if len(set(show.weekdays)) != len(show.weekdays):
        problems.append(_at(node, "weekdays").problem(
            f"{where}.weekdays names a day twice", "name each day once"))
    if show.hours is not None and show.hours.start == show.hours.end:
        problems.append(_at(node, "hours").problem(
            f"{where}.hours start and end at {show.hours.start}: that is no time at all",
            "give the hours it shows, e.g. {start: \"10:00\", end: \"16:00\"}; leave 'hours' "
            "out to show it all day"))
    if first is not None and last is not None and show.weekdays and (last - first).days < 7:
        covered = {WEEKDAY_NAMES[(first + timedelta(days=n)).weekday()]
                   for n in range((last - first).days + 1)}
        if not covered & set(show.weekdays):
            problems.append(_at(node, "weekdays").problem(
                f"{where}: none of its weekdays falls between {show.first_day} and "
                f"{show.last_day}, so the slide would never show",
                "check the dates and the weekdays"))
    today = today or date.today()
    if last is not None and last < today and not problems:
        problems.append(_at(node, "last_day").problem(
            f"{where}: its last day {show.last_day} has passed; the slide no longer shows",
            "remove the slide or its 'show', or give a new last_day", severity="warning"))
    return problems


def check_deck_windows(slides: Sequence[tuple[SlideBase | None, Node]]) -> list[Problem]:
    """A deck whose every slide has a ``show`` window could be left with none to show: one
    slide without a window keeps the loop from going empty. ``slides`` are the read slides
    with their nodes (None: a slide that could not be read)."""
    windows = [(slide, node) for slide, node in slides if slide is not None and slide.show]
    if not slides or len(windows) < len(slides):
        return []
    _, node = windows[0]
    return [_at(node, "show").problem(
        "every slide has a 'show' window, so at some hours the kiosk could have no slide",
        "leave at least one slide without 'show' (e.g. the title slide)")]
