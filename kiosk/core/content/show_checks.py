"""The checks on a slide's ``show:`` window that its field types do not make (real dates,
their order, hours that are a span, a window that can match), and on the deck's windows as
a whole. What a window means at run time is :mod:`kiosk.core.showing`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from kiosk.core.content.model import WEEKDAYS, Show, SlideBase
from kiosk.core.content.problems import Problem
from kiosk.core.content.yaml_tree import Node


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date, or None when it is not one (``2026-02-30`` is not)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


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
        covered = {WEEKDAYS[(first + timedelta(days=n)).weekday()]
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
