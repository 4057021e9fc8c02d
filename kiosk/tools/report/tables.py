"""The report's tables and heading, built once from a :class:`Summary` (pure, no Qt).

The same tables feed the printed text, the CSV files (raw numbers, for a spreadsheet) and
the HTML page (formatted), so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from kiosk.core.logs import EVENTS_KEPT_DAYS
from kiosk.tools.report.summary import Summary

HISTORY_SLACK = timedelta(hours=1)
"""A period may begin this long before the oldest event without a note (a quiet hour)."""

LANGUAGE_NAMES = {"en": "English", "zh": "中文", "?": "unknown"}


def duration(seconds: float | None) -> str:
    """``42.5 s``, ``3 min 05 s``, ``5 h 20 min``; ``—`` for no value."""
    if seconds is None:
        return "—"
    if seconds == 0:
        return "0 s"
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest:02d} s"
    hours, rest = divmod(round(seconds / 60), 60)
    if hours < 48:
        return f"{hours} h {rest:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def percent(share: float | None) -> str:
    """``37 %``; ``—`` for no value; never rounds a small non-zero share to 0."""
    if share is None:
        return "—"
    if 0 < share < 0.005:
        return "< 1 %"
    return f"{100 * share:.0f} %"


def _text(value: object) -> str:
    return "—" if value is None else str(value)


@dataclass(frozen=True)
class Table:
    """Rows of raw values (numbers stay numbers for CSV) and how to show each column."""

    name: str
    """File-name friendly: the CSV is ``<name>.csv``."""
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    formats: tuple[Callable[[object], str], ...] = ()
    empty: str = "(none)"
    """Said instead of the rows when there are none."""

    def shown(self) -> list[list[str]]:
        """The rows as text, each column in its format."""
        formats = self.formats or tuple(_text for _ in self.headers)
        return [[fmt(cell) for fmt, cell in zip(formats, row, strict=True)] for row in self.rows]


def _seconds(value: object) -> str:
    return duration(value if isinstance(value, float | int) else None)


def _count_or_duration(value: object) -> str:
    """Counts are ints; durations are floats (seconds, as the CSV keeps them)."""
    return duration(value) if isinstance(value, float) else _text(value)


def _share(value: object) -> str:
    return percent(value if isinstance(value, float | int) else None)


@dataclass(frozen=True)
class Heading:
    """What the top of the report says: whose, when, and the four headline figures."""

    title: str
    kiosk: str
    since: datetime | None
    until: datetime | None
    figures: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def period(self) -> str:
        """``3 Jun 2025 09:00 – 9 Jun 2025 18:30``, or ``no events`` without any."""
        if self.since is None or self.until is None:
            return "no events in this period"
        start, end = self.since, self.until
        if start.time() == end.time() == time() and end > start:  # whole days
            last = end - timedelta(days=1)
            if last.date() == start.date():
                return _day(start)
            return f"{_day(start)} – {_day(last)}"
        if start.date() == end.date():
            return f"{_day(start)}, {start:%H:%M} – {end:%H:%M}"
        return f"{_day(start)} {start:%H:%M} – {_day(end)} {end:%H:%M}"


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}"


def heading(summary: Summary, *, title: str, kiosk: str, since: datetime | None,
            until: datetime | None, bad_lines: int = 0, now: datetime | None = None,
            log_starts: datetime | None = None) -> Heading:
    """The heading: the period is ``since``..``until`` where given, else the log's span
    (``--since`` alone runs to ``now``). ``log_starts``: the oldest event kept; a period
    that begins well before it says so, rather than report a shorter period silently."""
    start = since or summary.first
    end = until or summary.last
    if since is not None and until is None:
        now = now or datetime.now().astimezone()
        end = max(now, summary.last) if summary.last else max(now, since)
    restarts = sum(summary.restarts.values())
    figures = (
        ("visitor sessions", str(summary.sessions)),
        ("median visit, first to last touch", duration(summary.median_session)),
        ("of the open time with a visitor", percent(summary.visitor_share)),
        ("restarts", str(restarts)),
    )
    notes = (f"{bad_lines} unreadable line(s) in the log were skipped",) if bad_lines else ()
    if since is not None and log_starts is not None and log_starts - since > HISTORY_SLACK:
        notes += (f"the event log reaches back only to {log_starts:%Y-%m-%d %H:%M}: nothing "
                  f"earlier can be counted (older events were rotated away, or the kiosk is "
                  f"newer; it keeps {EVENTS_KEPT_DAYS} days of a busy kiosk's events)",)
    return Heading(title, kiosk, start, end, figures, notes)


def build_tables(summary: Summary) -> list[Table]:
    """Every table of the report, in the order it is shown."""
    slides = summary.slides_in_order()
    sessions = summary.session_seconds
    visits = Table("visits", "Visitor sessions", ("", "value"), (
        ("sessions", summary.sessions),
        ("mean length (first to last touch)", duration(summary.mean_session)),
        ("median length", duration(summary.median_session)),
        ("longest", duration(max(sessions, default=None))),
        ("interactions per session",
         f"{summary.session_interactions / len(sessions):.1f}" if sessions else "—"),
        ("touch-only visits (touched, never navigated)", summary.touch_only_visits),
    ))
    slide_table = Table(
        "slides", "Slides, in deck order",
        ("slide", "position", "visitor views", "mean visitor dwell (s)",
         "visitors left here", "all views", "mean dwell, all views (s)"),
        tuple((s.slide, None if s.index is None else s.index + 1, s.visitor_views,
               _round(s.mean_visitor_dwell), s.sessions_ended, s.views, _round(s.mean_dwell))
              for s in slides),
        (_text, _text, _text, _seconds, _text, _text, _seconds))
    hours = Table("hours", "When visitors come, by hour of day",
                  ("hour", "sessions started", "interactions"),
                  tuple((f"{hour:02d}:00", summary.sessions_by_hour[hour],
                         summary.interactions_by_hour[hour]) for hour in range(24)
                        if summary.sessions_by_hour[hour] or summary.interactions_by_hour[hour]))
    days = Table("days", "When visitors come, by day", ("date", "weekday", "sessions"),
                 tuple((day.isoformat(), f"{day:%a}", count)
                       for day, count in sorted(summary.sessions_by_day.items())))
    total_views = sum(summary.language_views.values())
    languages = Table(
        "languages", "Which language visitors read",
        ("language", "visitor views", "share", "switched to by visitors"),
        tuple((LANGUAGE_NAMES.get(code, code), views, views / total_views,
               summary.languages.get(code, 0))
              for code, views in summary.language_views.most_common()),
        (_text, _text, _share, _text))
    triggers = Table("triggers", "How slides changed", ("trigger", "count"),
                     tuple(summary.triggers.most_common()))
    operations = Table("operations", "How the kiosk behaved", ("", "value"),
                       tuple(operations_rows(summary)), (_text, _count_or_duration))
    return [visits, slide_table, hours, days, languages, triggers, operations]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def operations_rows(summary: Summary) -> list[tuple[str, object]]:
    """Uptime, restarts by cause, content, schedule: the rows of "How the kiosk behaved".

    Durations are floats (seconds), counts ints."""
    rows: list[tuple[str, object]] = [
        ("uptime", round(summary.uptime, 1)),
        ("  open to visitors", round(summary.open_seconds, 1)),
        ("  closed by the schedule", round(summary.closed_seconds, 1)),
        ("starts", summary.starts),
        ("restarts", sum(summary.restarts.values())),
    ]
    rows += [(f"  restarts: {cause}", count) for cause, count in summary.restarts.most_common()]
    rows += [("'unavailable' screens", sum(summary.unavailable.values()))]
    rows += [(f"  unavailable: {cause}", count)
             for cause, count in summary.unavailable.most_common()]
    rows += [
        ("content reloads", summary.reloads),
        ("content rejections (last good content kept)", summary.rejections),
        ("closings (opening hours)", summary.closings),
        ("staff exits", summary.staff_exits),
        ("stops (logout, shutdown)", summary.stops),
    ]
    return rows


def format_text(head: Heading, tables: Sequence[Table], files: int | None = None) -> str:
    """The report as plain-text tables, for the terminal."""
    out = [f"{head.title} — {head.kiosk}", f"{head.period}"]
    out.append("   ".join(f"{label}: {value}" for label, value in head.figures))
    if files is not None:
        out.append(f"read {files} file(s)")
    out += list(head.notes)
    for table in tables:
        out += ["", table.title]
        shown = table.shown()
        out += _columns(list(table.headers), shown) if shown else [table.empty]
    return "\n".join(out) + "\n"


def _columns(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [line(headers), line(["-" * width for width in widths]), *(line(r) for r in rows)]


