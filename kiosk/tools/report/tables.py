"""The report's tables and heading, built once from a :class:`Summary` (pure, no Qt).

The same tables feed the printed text, the CSV files (raw numbers, for a spreadsheet) and
the HTML page (formatted), so the three can never disagree.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from kiosk.core.logs import EVENTS_KEPT_DAYS
from kiosk.tools.report.summary import DOWN_CAUSES, SlideStats, Summary

if TYPE_CHECKING:
    from kiosk.tools.report.fleet import Fleet

LANGUAGE_NAMES = {"en": "English", "zh": "中文", "?": "unknown"}
_UNIT_SUFFIX = re.compile(r" \((?:s|%)\)$")


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
    """Rows of raw values (numbers stay numbers for CSV) and how to show each column.

    CSV files get the raw rows in plain units: seconds as numbers, shares as percentages
    rounded to 0.1, counts as whole numbers. The text and the HTML show ``display`` (or each
    column in its format); columns past ``shown_columns`` (such as a slide's id) are for the
    CSV only.
    """

    name: str
    """File-name friendly: the CSV is ``<name>.csv``."""
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    formats: tuple[Callable[[object], str], ...] = ()
    empty: str = "(none)"
    """Said instead of the rows when there are none."""
    display: tuple[tuple[str, ...], ...] = ()
    """The rows as shown, when a column's cells differ in unit (a measure/value table)."""
    shown_columns: int | None = None
    """How many columns the text and HTML show (None: all)."""

    @property
    def shown_headers(self) -> tuple[str, ...]:
        """The headers as shown: the cells carry their units ("12.5 s", "13 %"), so the
        CSV's " (s)" and " (%)" are left off."""
        return tuple(_UNIT_SUFFIX.sub("", header) for header in self.headers[:self.shown_columns])

    def shown(self) -> list[list[str]]:
        """The rows as text, each column in its format."""
        if self.display:
            return [list(row[:self.shown_columns]) for row in self.display]
        formats = self.formats or tuple(_text for _ in self.headers)
        return [[fmt(cell) for fmt, cell in zip(formats, row, strict=True)][:self.shown_columns]
                for row in self.rows]


def _seconds(value: object) -> str:
    return duration(value if isinstance(value, float | int) else None)


def _share(value: object) -> str:
    """A share already in percent (as the CSV keeps it): ``53.6 %``."""
    if not isinstance(value, float | int):
        return "—"
    return f"{value:.1f} %" if value < 10 and value != 0 else f"{value:.0f} %"


def _count(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else _text(value)


def _change(value: object) -> str:
    if not isinstance(value, float | int):
        return "—"
    return f"{value:+.0f} %" if abs(value) >= 1 or value == 0 else f"{value:+.1f} %"


def pct(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` in percent rounded to 0.1 (None when ``whole`` is 0)."""
    return round(100 * part / whole, 1) if whole else None


def change(now: float | None, before: float | None) -> float | None:
    """The change from ``before`` to ``now`` in percent, rounded to 0.1 (None without both,
    or from nothing)."""
    if now is None or before is None or before == 0:
        return None
    return round(100 * (now - before) / before, 1)


UNIT_FORMATS: dict[str, Callable[[object], str]] = {
    "count": _count, "seconds": _seconds, "%": _share, "text": _text}


def _measures(name: str, title: str, rows: list[tuple[str, object, str]],
              previous: list[tuple[str, object, str]] | None = None) -> Table:
    """A table of (measure, value, unit) rows, with the previous period and the change
    beside them when there is one."""
    if previous is None:
        headers: tuple[str, ...] = ("measure", "value", "unit")
        raw = tuple((label, value, unit) for label, value, unit in rows)
        display = tuple((label, UNIT_FORMATS[unit](value), "") for label, value, unit in rows)
        return Table(name, title, headers, raw, display=display, shown_columns=2)
    headers = ("measure", "value", "previous period", "change (%)", "unit")
    raw_rows, shown = [], []
    for (label, value, unit), (_, before, _) in zip(rows, previous, strict=True):
        delta = (change(float(value), float(before))
                 if isinstance(value, int | float) and isinstance(before, int | float)
                 and unit != "text" else None)
        raw_rows.append((label, value, before, delta, unit))
        shown.append((label, UNIT_FORMATS[unit](value), UNIT_FORMATS[unit](before),
                      _change(delta), ""))
    return Table(name, title, headers, tuple(raw_rows), display=tuple(shown), shown_columns=4)


@dataclass(frozen=True)
class Heading:
    """What the top of the report says: whose, when, and the headline figures."""

    title: str
    kiosk: str
    since: datetime | None
    until: datetime | None
    figures: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = field(default=())
    zone: str = ""
    """The time zone every time is in, named (the kiosk's)."""

    @property
    def period(self) -> str:
        """``3 Jun 2025 09:00 – 9 Jun 2025 18:30``, or ``no events`` without any."""
        if self.since is None or self.until is None:
            return "no events in this period"
        return period_text(self.since, self.until)


def period_text(start: datetime, end: datetime) -> str:
    """A period as a manager reads it: whole days as dates, else with the times."""
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


LOWER_BOUND_NOTE = ("Times with visitors are at least what is shown: the kiosk sees touches, "
                    "not eyes, so a visit counts from the first touch to the last.")


@dataclass(frozen=True)
class Headline:
    """The figures a manager compares: per kiosk, for the total, and against last period."""

    visits: int
    median_visit: float | None
    """Seconds, a lower bound."""
    visitor_share: float | None
    """Percent of the open time with a visitor at the screen, a lower bound."""
    reached_last: int
    reached_last_share: float | None
    """Percent of visits."""
    uptime: float
    open_seconds: float
    restarts: int
    refused: int

    @classmethod
    def of(cls, summary: Summary) -> Headline:
        visits = summary.sessions
        share = summary.visitor_share
        median = summary.median_session
        return cls(visits, None if median is None else round(median, 1),
                   None if share is None else round(100 * share, 1),
                   summary.sessions_reached_last, pct(summary.sessions_reached_last, visits),
                   round(summary.uptime, 1), round(summary.open_seconds, 1),
                   sum(summary.restarts.values()), summary.rejections)


def heading(summary: Summary, *, title: str, kiosk: str, since: datetime | None,
            until: datetime | None, bad_lines: int = 0, now: datetime | None = None,
            zone: str = "", previous: Summary | None = None, previous_label: str = "",
            downtime: tuple[float, int] | None = None, hours_known: bool = True,
            log_starts: datetime | None = None) -> Heading:
    """The heading: the period is ``since``..``until`` where given, else the log's span
    (``--since`` alone runs to ``now``). ``downtime``: seconds down in opening hours and how
    many times; ``previous``: the period of the same length before, for the changes.
    ``log_starts``: where the kept event history begins (the latest of the kiosks'); a period
    that begins well before it says so, rather than report a shorter period silently."""
    start = since or summary.first
    end = until or summary.last
    if since is not None and until is None:
        now = now or datetime.now().astimezone()
        end = max(now, summary.last) if summary.last else max(now, since)
    figures_now = Headline.of(summary)
    before = Headline.of(previous) if previous is not None else None
    reached = (f"{figures_now.reached_last_share:.0f} %"
               if figures_now.reached_last_share is not None else "—")
    figures = [("visits (people who touched the screen)", f"{figures_now.visits:,}")]
    if before is not None:
        delta = change(figures_now.visits, before.visits)
        figures.append((f"visits vs {previous_label} ({before.visits:,})",
                        _change(delta) if delta is not None else "new"))
    figures += [
        ("a typical visit (median) lasted at least", duration(figures_now.median_visit)),
        ("of opening time with a visitor, at least", _share(figures_now.visitor_share)),
        (f"of visits reached the last slide ({figures_now.reached_last} of "
         f"{figures_now.visits})", reached),
    ]
    if downtime is not None:
        seconds, times = downtime
        when = "in opening hours" if hours_known else "(no opening hours set)"
        figures.append((f"down {when} ({times} time{'s' * (times != 1)})", duration(seconds)))
    figures.append(("restarts", str(figures_now.restarts)))
    notes = [LOWER_BOUND_NOTE]
    if bad_lines:
        notes.append(f"{bad_lines} unreadable line(s) in the log were skipped.")
    if since is not None and log_starts is not None and log_starts - since > HISTORY_SLACK:
        notes.append(f"The event log reaches back only to {log_starts:%Y-%m-%d %H:%M}: nothing "
                     "earlier can be counted (older events were rotated away, or the kiosk is "
                     f"newer; it keeps {EVENTS_KEPT_DAYS} days of a busy kiosk's events).")
    return Heading(title, kiosk, start, end, tuple(figures), tuple(notes), zone)


HISTORY_SLACK = timedelta(hours=1)
"""A period may begin this long before the oldest event kept without a note."""


def slide_label(stats: SlideStats, names: Mapping[str, str] | None) -> str:
    """``3. Research at the core``: the slide's position and title (its id when the deck
    does not name it)."""
    shown = (names or {}).get(stats.slide) or stats.slide
    return shown if stats.index is None else f"{stats.index + 1}. {shown}"


def build_tables(summary: Summary, *, names: Mapping[str, str] | None = None,
                 previous: Summary | None = None, fleet: Fleet | None = None) -> list[Table]:
    """Every table of the report, in the order it is shown. ``names``: slide id → title;
    ``previous``: the period before, for the changes; ``fleet``: the kiosks, for the side by
    side table, downtime and refused edits by kiosk."""
    slides = summary.slides_in_order()
    tables: list[Table] = []
    if fleet is not None and len(fleet.kiosks) > 1:
        tables.append(kiosks_table(fleet))
    tables.append(_measures("visits", "Visits", visit_rows(summary),
                            visit_rows(previous) if previous is not None else None))
    slide_table = Table(
        "slides", "Slides, in deck order",
        ("slide", "visitor views", "mean time a visitor stayed (s)",
         "exit rate: views that ended the visit (%)", "visits ended here", "all views",
         "mean time on screen, all views (s)", "slide id"),
        tuple((slide_label(s, names), s.visitor_views, _round(s.mean_visitor_dwell),
               None if s.exit_rate is None else round(100 * s.exit_rate, 1),
               s.sessions_ended, s.views,
               _round(s.mean_dwell), s.slide)
              for s in slides),
        (_text, _count, _seconds, _share, _count, _count, _seconds, _text),
        shown_columns=7)
    hours = Table("hours", "When visitors come, by hour of day (the kiosk's time)",
                  ("hour", "visits started", "interactions"),
                  tuple((f"{hour:02d}:00", summary.sessions_by_hour[hour],
                         summary.interactions_by_hour[hour]) for hour in range(24)
                        if summary.sessions_by_hour[hour] or summary.interactions_by_hour[hour]))
    days = Table("days", "When visitors come, by day", ("date", "weekday", "visits"),
                 tuple((day.isoformat(), f"{day:%a}", count)
                       for day, count in sorted(summary.sessions_by_day.items())))
    tables += [slide_table, hours, days, languages_table(summary)]
    if fleet is not None:
        tables.append(downtime_table(fleet))
    tables.append(rejections_table(summary, fleet))
    tables.append(Table("triggers", "How slides changed", ("trigger", "count"),
                        tuple(summary.triggers.most_common())))
    tables.append(_measures("operations", "How the kiosk behaved", operations_rows(summary),
                            operations_rows(previous) if previous is not None else None))
    return tables


def visit_rows(summary: Summary) -> list[tuple[str, object, str]]:
    """The visits table's (measure, value, unit) rows."""
    sessions = summary.session_seconds
    return [
        ("visits", summary.sessions, "count"),
        ("typical visit (median), at least", _round(summary.median_session), "seconds"),
        ("mean visit, at least", _round(summary.mean_session), "seconds"),
        ("longest visit, at least", _round(max(sessions, default=None)), "seconds"),
        ("reached the last slide", summary.sessions_reached_last, "count"),
        ("reached the last slide, share of visits",
         pct(summary.sessions_reached_last, summary.sessions), "%"),
        ("opening time with someone at the screen, at least",
         None if summary.visitor_share is None else round(100 * summary.visitor_share, 1),
         "%"),
        ("interactions per visit",
         round(summary.session_interactions / len(sessions), 1) if sessions else None, "text"),
        ("touched but never changed the slide", summary.touch_only_visits, "count"),
    ]


def languages_table(summary: Summary) -> Table:
    """Which language visitors read, and how long they stay in it."""
    total_views = sum(summary.language_views.values())
    codes = sorted(set(summary.language_views) | set(summary.session_seconds_by_language),
                   key=lambda code: -summary.language_views.get(code, 0))
    rows = []
    for code in codes:
        views = summary.language_views.get(code, 0)
        lengths = summary.session_seconds_by_language.get(code)
        dwell_views = summary.visitor_dwell_views_by_language.get(code, 0)
        rows.append((LANGUAGE_NAMES.get(code, code), views, pct(views, total_views),
                     summary.languages.get(code, 0), len(lengths or ()),
                     _round(statistics.median(lengths)) if lengths else None,
                     _round(summary.visitor_dwell_by_language[code] / dwell_views)
                     if dwell_views else None))
    return Table("languages", "Which language visitors read, and how long they stay",
                 ("language", "visitor views", "share of views (%)", "switched to by visitors",
                  "visits that ended in it", "typical visit, at least (s)",
                  "mean time a visitor stayed on a slide (s)"),
                 tuple(rows), (_text, _count, _share, _count, _count, _seconds, _seconds))


def kiosks_table(fleet: Fleet) -> Table:
    """The kiosks side by side, and all of them together."""
    down_by_kiosk: dict[str, float] = {}
    for down in fleet.downtime:
        down_by_kiosk[down.kiosk] = down_by_kiosk.get(down.kiosk, 0.0) + down.seconds_in_hours
    rows = []
    for name, summary, previous in [
            *((k.name, k.current, k.previous) for k in fleet.kiosks),
            ("All kiosks", fleet.total, fleet.previous_total)]:
        now = Headline.of(summary)
        before = Headline.of(previous) if previous is not None else None
        down_seconds = (sum(down_by_kiosk.values()) if name == "All kiosks"
                        else down_by_kiosk.get(name, 0.0))
        rows.append((name, now.visits, change(now.visits, before.visits) if before else None,
                     now.median_visit, now.visitor_share, now.reached_last_share,
                     round(down_seconds, 1), now.restarts, now.refused))
    return Table("kiosks", "The kiosks side by side",
                 ("kiosk", "visits", "change on the previous period (%)",
                  "typical visit, at least (s)", "opening time with a visitor, at least (%)",
                  "reached the last slide (% of visits)", "down in opening hours (s)",
                  "restarts", "refused edits"),
                 tuple(rows),
                 (_text, _count, _change, _seconds, _share, _share, _seconds, _count, _count))


def downtime_table(fleet: Fleet) -> Table:
    """When a kiosk was down in opening hours, and why."""
    rows = tuple((down.kiosk, down.start.strftime("%Y-%m-%d %H:%M"),
                  down.end.strftime("%Y-%m-%d %H:%M"), round(down.seconds_in_hours, 1),
                  DOWN_CAUSES.get(down.cause, down.cause)) for down in fleet.downtime)
    hours = ("during opening hours" if fleet.schedule_known
             else "(the deck sets no opening hours: at any time)")
    return Table("downtime", f"When a kiosk was down {hours}",
                 ("kiosk", "from", "until", "down in opening hours (s)", "why"), rows,
                 (_text, _text, _text, _seconds, _text),
                 empty="(never: every kiosk ran through its opening hours)")


def rejections_table(summary: Summary, fleet: Fleet | None = None) -> Table:
    """What the refused content edits said: one row per problem, newest edit last."""
    rows: list[tuple[object, ...]] = []
    sources: list[tuple[str, Summary]] = ([(k.name, k.current) for k in fleet.kiosks]
                                          if fleet is not None else [("", summary)])
    zone = fleet.zone.tz if fleet is not None else None
    found = sorted(((name, rejection) for name, part in sources for rejection in part.rejected),
                   key=lambda item: item[1].time)
    for name, rejection in found:
        moment = rejection.time.astimezone(zone) if zone is not None else rejection.time
        for problem in rejection.problems or ("(no problems recorded)",):
            rows.append((name, moment.strftime("%Y-%m-%d %H:%M"), problem))
    note = (f" (the last {len(found)} of {summary.rejections})"
            if summary.rejections > len(found) else "")
    return Table("refused_edits", "What the refused content edits said" + note,
                 ("kiosk", "when", "problem"), tuple(rows),
                 empty="(none: every content edit was taken)")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def operations_rows(summary: Summary) -> list[tuple[str, object, str]]:
    """Uptime, restarts by cause, content, schedule: the rows of "How the kiosk behaved",
    as (measure, value, unit)."""
    rows: list[tuple[str, object, str]] = [
        ("running", round(summary.uptime, 1), "seconds"),
        ("  open to visitors", round(summary.open_seconds, 1), "seconds"),
        ("  closed by the schedule", round(summary.closed_seconds, 1), "seconds"),
        ("starts", summary.starts, "count"),
        ("restarts", sum(summary.restarts.values()), "count"),
    ]
    for cause in ("exit", "signal", "hang"):
        rows.append((f"  restarts: {cause}", summary.restarts.get(cause, 0), "count"))
    rows += [("'unavailable' screens", sum(summary.unavailable.values()), "count")]
    rows += [
        ("content updates taken", summary.reloads, "count"),
        ("content edits refused (last good content kept)", summary.rejections, "count"),
        ("closings (opening hours)", summary.closings, "count"),
        ("staff exits", summary.staff_exits, "count"),
        ("staff PINs refused", summary.pin_refusals, "count"),
        ("  of which locked the pad", summary.pin_lockouts, "count"),
        ("events counted, not written (over the per-minute limit)",
         sum(summary.suppressed.values()), "count"),
        ("stops (logout, shutdown)", summary.stops, "count"),
    ]
    return rows


def format_text(head: Heading, tables: Sequence[Table], files: int | None = None) -> str:
    """The report as plain-text tables, for the terminal."""
    out = [f"{head.title} — {head.kiosk}",
           f"{head.period}" + (f" · times in {head.zone}" if head.zone else "")]
    width = max((len(value) for _, value in head.figures), default=0)
    out += [f"  {value:>{width}}  {label}" for label, value in head.figures]
    if files is not None:
        out.append(f"read {files} file(s)")
    out += list(head.notes)
    for table in tables:
        out += ["", table.title]
        shown = table.shown()
        out += _columns(list(table.shown_headers), shown) if shown else [table.empty]
    return "\n".join(out) + "\n"


def _columns(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [line(headers), line(["-" * width for width in widths]), *(line(r) for r in rows)]


