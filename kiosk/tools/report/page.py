"""The report's pages: which figure answers which question, and the HTML and PNG around them.

One figure per question staff ask, in this order:

0. How the kiosks compare — visits per kiosk and the change on the period before (with more
   than one kiosk).
1. Which slides hold visitors — mean visitor dwell per slide, in deck order.
2. Where visits end — the exit rate of each slide: of the visitors who saw it, how many left
   there (so a late slide few reach is not blamed for the visits it never had).
3. When visitors come — visits started by hour of day; and by day when the period spans
   days (by week past :data:`MAX_DAY_BARS` days).
4. Which language visitors read — visitor views per language; how long visits in each last.
5. How the kiosk behaved — uptime, restarts by cause, content rejections, time closed; when
   it was down in opening hours; what the refused edits said.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.tools.report.charts import (
    ACCENT,
    BACKGROUND,
    BAR,
    INK,
    MUTED,
    NO_VISITORS,
    SURFACE,
    SVG_FONTS,
    Figure,
    Measure,
    heading_figure,
    horizontal_bars,
    key_values,
    seconds_tick,
    to_svg,
    two_columns,
    vertical_bars,
)
from kiosk.tools.report.summary import DOWN_CAUSES, Summary
from kiosk.tools.report.tables import (
    LANGUAGE_NAMES,
    Heading,
    Headline,
    Table,
    change,
    duration,
    percent,
    slide_label,
)
from kiosk.tools.report.webfont import font_face_css

if TYPE_CHECKING:
    from kiosk.tools.report.fleet import Fleet
    from kiosk.tools.report.summary import SlideStats

NO_DWELL = "Every visitor left on the slide they first touched: no time per slide yet"
"""Visits, but none moved on from a slide (the last slide's time is unknown, see summary)."""
NO_WALKAWAY = "Every visit was cut short (closing time, a restart or staff), none walked away"
NO_VISITOR_VIEWS = "Visitors touched, but opened no slide"
MAX_DAY_BARS = 62
"""Beyond about two months, one bar per day gets too thin to read: bars become weeks."""
PAGE_WIDTH = 1500.0
"""The PNG's width in pixels (two charts side by side)."""


def figures(summary: Summary, *, width: float, measure: Measure,
            since: date | None = None, until: date | None = None,
            names: Mapping[str, str] | None = None,
            period_seconds: float | None = None, fleet: Fleet | None = None) -> list[Figure]:
    """The figures answering staff's questions, each ``width`` pixels wide.

    ``period_seconds`` is the length of the period the heading names, times the number of
    kiosks (uptime is shown as a share of it); by default, the span of the events.

    ``names`` maps slide ids to what staff know them by (the deck's English titles); a
    slide is shown as its position and that name, else its id.
    """
    slides = summary.slides_in_order()

    def name(stats: SlideStats) -> str:
        return slide_label(stats, names)

    any_visitor = summary.sessions > 0
    out: list[Figure] = []
    if fleet is not None and len(fleet.kiosks) > 1:
        out.append(_kiosks(fleet, width, measure))
    dwell_rows = [(name(s), s.mean_visitor_dwell or 0.0,
                   f"{duration(s.mean_visitor_dwell)} · {s.visitor_views} view"
                   + ("" if s.visitor_views == 1 else "s") if s.visitor_views else "—")
                  for s in slides]
    end_rows = [(name(s), 100.0 * (s.exit_rate or 0.0),
                 f"{percent(s.exit_rate)} of {s.visitor_views + s.start_views} "
                 f"view{'s' * (s.visitor_views + s.start_views != 1)}"
                 if s.exit_rate is not None else "no visitor saw it")
                for s in slides]
    ended = sum(s.sessions_ended for s in slides)
    out += [
        horizontal_bars("Which slides hold visitors",
                        "Mean time a visitor stayed on each slide before moving on, in deck "
                        "order",
                        dwell_rows if any_visitor else [], width=width, measure=measure,
                        whole_numbers=False, tick_text=seconds_tick,
                        empty=NO_DWELL if any_visitor else NO_VISITORS),
        horizontal_bars("Where visits end: exit rate per slide",
                        "Of the visitors who saw each slide, the share who walked away there",
                        end_rows if any_visitor and ended else [], width=width,
                        measure=measure, whole_numbers=False, tick_text=_percent_tick,
                        empty=NO_WALKAWAY if any_visitor else NO_VISITORS),
        vertical_bars("When visitors come: hour of day",
                      "Visits started in each hour (the kiosk's local time)",
                      [(f"{hour:02d}", float(count))
                       for hour, count in enumerate(summary.sessions_by_hour)],
                      width=width, measure=measure),
    ]
    first = since or (summary.first.date() if summary.first else None)
    last = until or (summary.last.date() if summary.last else None)
    if first is not None and last is not None and last > first:
        out.append(_by_day(summary.sessions_by_day, first, last, width, measure))
    views = sum(summary.language_views.values())
    out.append(horizontal_bars(
        "Which language visitors read", "Slides visitors viewed, by the language shown",
        [(LANGUAGE_NAMES.get(code, code), float(count), f"{percent(count / views)} ({count})")
         for code, count in sorted(summary.language_views.items())] if views else [],
        width=width, measure=measure, whole_numbers=True,
        empty=NO_VISITOR_VIEWS if any_visitor else NO_VISITORS))
    by_language = sorted(summary.session_seconds_by_language.items())
    out.append(horizontal_bars(
        "How long visits last, by language",
        "Typical visit (median) in the language the visit ended in — at least this long",
        [(LANGUAGE_NAMES.get(code, code), statistics.median(lengths),
          f"{duration(statistics.median(lengths))} · {len(lengths)} visit"
          + "s" * (len(lengths) != 1)) for code, lengths in by_language if lengths],
        width=width, measure=measure, whole_numbers=False, tick_text=seconds_tick,
        empty=NO_VISITORS))
    out.append(behaviour(summary, width=width, measure=measure, period_seconds=period_seconds))
    if fleet is not None:
        out.append(_downtime(fleet, width, measure))
    out.append(_refused(summary, fleet, width, measure))
    return out


def _percent_tick(value: float) -> str:
    return f"{value:g} %"


def _kiosks(fleet: Fleet, width: float, measure: Measure) -> Figure:
    """Visits per kiosk, with the change on the period before."""
    rows = []
    for kiosk in fleet.kiosks:
        now = Headline.of(kiosk.current)
        before = Headline.of(kiosk.previous) if kiosk.previous is not None else None
        delta = change(now.visits, before.visits) if before is not None else None
        shown = f"{now.visits:,}" + (f" · {delta:+.0f} %" if delta is not None else "")
        rows.append((kiosk.name, float(now.visits), shown))
    return horizontal_bars("How the kiosks compare", "Visits per kiosk"
                           + (" · change on the period before" if fleet.previous else ""),
                           rows, width=width, measure=measure, whole_numbers=True,
                           empty=NO_VISITORS)


MAX_LISTED = 12
"""Rows a list figure shows (the HTML's tables and the CSVs have them all)."""


def _downtime(fleet: Fleet, width: float, measure: Measure) -> Figure:
    many = len(fleet.kiosks) > 1
    rows = [(f"{d.kiosk} · " * many + f"{d.start:%a %d %b %H:%M} – "
             + (f"{d.end:%H:%M}" if d.end.date() == d.start.date() else f"{d.end:%a %d %b %H:%M}")
             + f" · {DOWN_CAUSES.get(d.cause, d.cause)}", duration(d.seconds_in_hours))
            for d in fleet.downtime[-MAX_LISTED:]]
    total = sum(d.seconds_in_hours for d in fleet.downtime)
    hours = ("during opening hours" if fleet.schedule_known
             else "(no opening hours are set: at any time)")
    subtitle = (f"{duration(total)} in all, {len(fleet.downtime)} time"
                + "s" * (len(fleet.downtime) != 1) + f" · in {fleet.zone.name}")
    if not rows:
        rows = [("The kiosk ran through all its opening hours", "—")]
    return key_values(f"When the kiosk was down {hours}", subtitle, rows, width=width,
                      measure=measure)


def _refused(summary: Summary, fleet: Fleet | None, width: float, measure: Measure) -> Figure:
    rows = []
    zone = fleet.zone.tz if fleet is not None else None
    for rejection in list(summary.rejected)[-MAX_LISTED:]:
        moment = rejection.time.astimezone(zone) if zone is not None else rejection.time
        first = rejection.problems[0] if rejection.problems else "(no problems recorded)"
        more = f" (+{len(rejection.problems) - 1} more)" if len(rejection.problems) > 1 else ""
        rows.append((first + more, f"{moment:%d %b %H:%M}"))
    if not rows:
        rows = [("None: every content edit was taken", "—")]
    return key_values("What the refused content edits said",
                      f"{summary.rejections} edit(s) refused; the last good content stayed on "
                      "screen each time", rows, width=width, measure=measure)


def _by_day(by_day: Counter[date], first: date, last: date, width: float,
            measure: Measure) -> Figure:
    """Visits per day from ``first`` to ``last`` — days without a visit included, as zero."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    if len(days) <= MAX_DAY_BARS:
        columns = [(f"{day:%a} {day.day}" if len(days) <= 14 else f"{day.day} {day:%b}",
                    float(by_day.get(day, 0))) for day in days]
        return vertical_bars("When visitors come: by day", "Visits started each day",
                             columns, width=width, measure=measure)
    weeks: Counter[date] = Counter()
    for day in days:
        weeks[day - timedelta(days=day.weekday())] += by_day.get(day, 0)
    columns = [(f"{week.day} {week:%b}", float(count)) for week, count in sorted(weeks.items())]
    return vertical_bars("When visitors come: by week", "Visits started each week (from Monday)",
                         columns, width=width, measure=measure)


def behaviour(summary: Summary, *, width: float, measure: Measure,
              period_seconds: float | None = None) -> Figure:
    """How the kiosk behaved, as a small table (a chart of six different units would lie)."""
    period = period_seconds if period_seconds is not None else (
        (summary.last - summary.first).total_seconds() if summary.first and summary.last
        else 0.0)
    share = f" ({percent(min(summary.uptime / period, 1.0))} of the period)" if period > 0 else ""
    rows = [("uptime", duration(summary.uptime) + share),
            ("  open to visitors", duration(summary.open_seconds)),
            ("  closed by the schedule", duration(summary.closed_seconds)),
            ("slides shown", f"{sum(s.views for s in summary.slides.values()):,}"),
            ("restarts", str(sum(summary.restarts.values())))]
    rows += [(f"  {_cause(cause)}", str(count)) for cause, count in summary.restarts.most_common()]
    unavailable = sum(summary.unavailable.values())
    if unavailable:
        rows.append(("'temporarily unavailable' screens", str(unavailable)))
    rows += [("content updates taken", str(summary.reloads)),
             ("content edits refused (last good kept)", str(summary.rejections)),
             ("staff exits", str(summary.staff_exits)),
             ("staff PINs refused (lockouts)",
              f"{summary.pin_refusals} ({summary.pin_lockouts})")]
    held_back = sum(summary.suppressed.values())
    if held_back:
        rows.append(("events counted, not written (flood)", f"{held_back:,}"))
    return key_values("How the kiosk behaved", "From the kiosk's own log", rows, width=width,
                      measure=measure)


_CAUSES = {"signal": "crashed (killed by a signal)", "exit": "crashed (exited with an error)",
           "hang": "froze (no heartbeat) and was restarted"}
"""The ``restart`` event's causes (see :data:`kiosk.core.events.SCHEMA`) in staff's words."""


def _cause(cause: str) -> str:
    return _CAUSES.get(cause, cause)


def heading_lines(head: Heading) -> list[str]:
    """The lines under the title: the kiosk and the period, then any notes."""
    zone = f"   ·   times in {head.zone}, the kiosk's time zone" if head.zone else ""
    who = head.kiosk if "kiosks" in head.kiosk else f"Kiosk: {head.kiosk}"
    return [f"{who}   ·   {head.period}{zone}", *head.notes]


# ----------------------------------------------------------------------------- PNG


def png_layout(head: Heading, charts: Sequence[Figure], measure: Measure
               ) -> tuple[list[tuple[float, float, Figure]], float, float]:
    """The heading across the top, then the figures two to a row: (placed, width, height)."""
    top = heading_figure(head.title, heading_lines(head), head.figures, width=PAGE_WIDTH,
                         measure=measure)
    placed, height = two_columns(charts, PAGE_WIDTH)
    return ([(0.0, 0.0, top), *((x, y + top.height, f) for x, y, f in placed)],
            PAGE_WIDTH, top.height + height + 10)


# ----------------------------------------------------------------------------- HTML


def html_page(head: Heading, charts: Sequence[Figure], tables: Sequence[Table]) -> str:
    """A self-contained page: heading, figures as inline SVG, then every table."""
    cards = "\n".join(f'<div class="card"><b>{escape(value)}</b><span>{escape(label)}</span>'
                      f"</div>" for label, value in head.figures)
    notes = "".join(f"<p class='note'>{escape(note)}</p>" for note in head.notes)
    svgs = "\n".join(f"<figure>{to_svg(figure)}</figure>" for figure in charts)
    sections = "\n".join(_html_table(table) for table in tables)
    page = _HTML.format(
        title=escape(head.title), kiosk=escape(head.kiosk), period=escape(head.period),
        zone=escape(head.zone or "the kiosk's local time"),
        notes=notes, cards=cards, svgs=svgs, sections=sections, BACKGROUND=BACKGROUND, INK=INK,
        MUTED=MUTED, SURFACE=SURFACE, ACCENT=ACCENT, BAR=BAR, SVG_FONTS=SVG_FONTS)
    # Only now is every character known: embed just those glyphs of the bundled font.
    return page.replace("/*FONTS*/", font_face_css(page))


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — visitor report, {kiosk}</title>
<style>
/*FONTS*/
body {{ background: {BACKGROUND}; color: {INK}; font-family: {SVG_FONTS};
       margin: 2em auto; max-width: 1500px; padding: 0 1em; }}
h1 {{ margin-bottom: .2em; }} .sub {{ color: {MUTED}; font-size: 1.1em; margin-top: 0; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(12em, 1fr));
         gap: 14px; margin: 1.5em 0; }}
.card {{ background: {SURFACE}; border-left: 5px solid {ACCENT}; padding: .8em 1.1em; }}
.card b {{ display: block; font-size: 2em; }} .card span {{ color: {MUTED}; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(620px, 1fr)); }}
figure {{ margin: 0 0 1.5em 0; }}
table {{ border-collapse: collapse; margin: .5em 0 2em 0; }}
th, td {{ padding: .3em .9em; border-bottom: 1px solid #DCE3EC; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
th {{ color: {MUTED}; font-weight: normal; }}
.note {{ color: {BAR}; }}
</style></head><body>
<h1>{title}</h1>
<p class="sub">Visitor report · <b>{kiosk}</b> · {period} · times in {zone}</p>
{notes}
<div class="cards">
{cards}
</div>
<div class="charts">
{svgs}
</div>
<h2>Tables</h2>
{sections}
</body></html>
"""
"""The page; ``str.format`` fields are filled by :func:`html_page`."""


def _html_table(table: Table) -> str:
    shown = table.shown()
    if not shown:
        return f"<h3>{escape(table.title)}</h3>\n<p>{escape(table.empty)}</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in table.shown_headers)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
                     for row in shown)
    return f"<h3>{escape(table.title)}</h3>\n<table><tr>{head}</tr>\n{body}</table>"


def write_csv(tables: Sequence[Table], folder: Path) -> list[Path]:
    """One ``<name>.csv`` per table (raw numbers; UTF-8 with BOM so Excel reads 中文)."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(table.headers)
            for row in table.rows:
                writer.writerow("" if cell is None else
                                cell.strip() if isinstance(cell, str) else cell
                                for cell in row)
        written.append(path)
    return written
