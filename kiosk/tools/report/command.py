"""``star-kiosk report``: read the log once (streamed), then print, draw and export."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from kiosk.core.content.model import Schedule
from kiosk.tools.options import ReportOptions
from kiosk.tools.report.fleet import (
    Fleet,
    Source,
    Zone,
    downtime_in_hours,
    gather_sources,
    kiosk_zone,
    merge,
    summarise_source,
)
from kiosk.tools.report.reading import Period, parse_moment, read_events
from kiosk.tools.report.summary import Limits, SlideStats, Summary
from kiosk.tools.report.tables import Heading, Table, build_tables, format_text, heading

log = logging.getLogger(__name__)

DEFAULT_TITLE = "STAR Kiosk"
"""The heading's title when no deck can be read."""


@dataclass(frozen=True)
class DeckFacts:
    """What the report takes from the content: the title, the slide order, the dwell bounds."""

    title: str
    slide_ids: tuple[str, ...]
    limits: Limits
    slide_titles: dict[str, str]
    """Slide id → what visitors read on it (its title; a quote's speaker), in English."""
    schedule: Schedule | None = None
    """The opening hours (None: always open)."""
    read: bool = False
    """Whether the deck could be read at all."""
    home_language: str | None = None
    """The deck's default language (what the attract loop shows)."""


def deck_facts(folder: str | None) -> DeckFacts:
    """The deck's title (English · 中文), slides and limits; defaults if it can't be read."""
    from kiosk.core.content.loader import load_deck
    from kiosk.core.slide_names import slide_names

    deck = load_deck(folder).deck
    if deck is None:
        log.warning("cannot read the content in %s; the report uses default limits",
                    folder or "the bundled folder")
        return DeckFacts(DEFAULT_TITLE, (), Limits(), {})
    settings = deck.settings
    titles = [settings.title.get(lang) for lang in settings.languages]
    title = " · ".join(dict.fromkeys(t for t in titles if t)) or DEFAULT_TITLE
    longest = max((deck.duration_of(n) for n in range(len(deck.slides))),
                  default=settings.slide_duration)
    return DeckFacts(title, tuple(slide.id for slide in deck.slides),
                     Limits.for_deck(settings.idle_timeout, settings.idle_warning, longest),
                     slide_names(deck, "en"), settings.schedule, True,
                     settings.default_language)


def _period(options: ReportOptions, zone: tzinfo | None = None) -> Period:
    since, until = options.since, options.until
    return Period(parse_moment(since, zone=zone) if since else None,
                  parse_moment(until, end_of_day=True, zone=zone) if until else None)


def report_command(options: ReportOptions) -> int:
    """``star-kiosk report [--data-dir DIR]... [--journal FILE]... [--name KIOSK]...
    [--out FILE.html|FILE.png] [--csv DIR] [--since WHEN] [--until WHEN] [--content DIR]``."""
    from kiosk.core.paths import data_dir

    path = Path(options.out) if options.out else None
    # Refuse a wrong option before printing anything: not a whole table and then an error.
    if path is not None and path.suffix.lower() not in (".html", ".htm", ".png"):
        print(f"star-kiosk: --out must end in .html or .png, not '{path.name}'",
              file=sys.stderr)
        return 2
    try:
        _period(options)  # the words of a wrong --since come before any reading
    except ValueError as error:
        print(f"star-kiosk: --since/--until: {error}", file=sys.stderr)
        return 2
    journals = [Path(p) for p in options.journals]
    folders = [Path(p) for p in options.data_dirs]
    if not folders and not journals:
        folders = [data_dir(None)]
    for journal in journals:
        if not journal.is_file():
            print(f"star-kiosk: --journal {journal}: no such file (export one with "
                  f"journalctl -t star-kiosk -o json > FILE)", file=sys.stderr)
            return 1
    for folder in folders:
        if not read_events(folder).files:
            print(f"star-kiosk: no event log in {folder} yet (is this the kiosk's data folder? "
                  f"see --data-dir)", file=sys.stderr)
            return 1
    sources = gather_sources(folders, journals, list(options.names))
    if not sources:
        print("star-kiosk: no kiosk events in the journal export(s) given", file=sys.stderr)
        return 1
    zone = kiosk_zone(sources)
    period = _period(options, zone.tz)
    if period.since and period.until and period.since >= period.until:
        print("star-kiosk: --since must come before --until", file=sys.stderr)
        return 2
    content = options.content
    facts = deck_facts(content)
    fleet = build_fleet(sources, period, zone, facts)
    summary = fleet.total
    if content:  # the deck the kiosk shows: slides nobody reached belong in the picture too
        add_unseen_slides(summary, facts.slide_ids)
    kiosk = (sources[0].name if len(sources) == 1
             else f"{len(sources)} kiosks: " + ", ".join(s.name for s in sources))
    down_seconds = sum(d.seconds_in_hours for d in fleet.downtime)
    head = heading(summary, title=facts.title, kiosk=kiosk, since=_shown(period.since, zone),
                   until=_shown(_until_shown(period, summary), zone),
                   bad_lines=sum(k.bad_lines for k in fleet.kiosks), zone=zone.name,
                   previous=fleet.previous_total, previous_label=_previous_label(fleet),
                   downtime=(down_seconds, len(fleet.downtime)),
                   hours_known=fleet.schedule_known,
                   log_starts=max((k.log_starts for k in fleet.kiosks if k.log_starts),
                                  default=None))
    if head.since is None and summary.first is not None:
        head = replace(head, since=summary.first.astimezone(zone.tz),
                       until=(head.until or summary.last or summary.first).astimezone(zone.tz))
    tables = build_tables(summary, names=facts.slide_titles, previous=fleet.previous_total,
                          fleet=fleet)
    done: list[str] = []
    try:  # the files first: a closed terminal (report | head) must not cost the report
        if options.csv:
            from kiosk.tools.report.page import write_csv

            written = write_csv(tables, Path(options.csv))
            done.append(f"{len(written)} CSV files written to {options.csv}")
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            render(summary, head, tables, path, facts.slide_titles, fleet)
            done.append(f"report written to {path}")
    except OSError as error:
        print(f"star-kiosk: cannot write the report: {error}", file=sys.stderr)
        return 1
    try:
        print(format_text(head, tables, sum(k.files for k in fleet.kiosks)), end="")
        for line in done:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early: fine, and no traceback at exit
        sys.stdout = open(os.devnull, "w")  # replaces stdout until exit
    return 0


def _shown(moment: datetime | None, zone: Zone) -> datetime | None:
    return moment.astimezone(zone.tz) if moment is not None else None


def _previous_label(fleet: Fleet) -> str:
    if fleet.previous is None or fleet.previous.since is None or fleet.previous.until is None:
        return ""
    days = (fleet.previous.until - fleet.previous.since).total_seconds() / 86400
    length = (f"{days:.0f} days" if days >= 1.5 else "day" if days >= 0.99
              else f"{days * 24:.0f} hours")
    return f"the {length} before"


def build_fleet(sources: list[Source], period: Period, zone: Zone, facts: DeckFacts) -> Fleet:
    """Every kiosk summarised on its own, the total, and the period before (same length)."""
    previous = None
    if period.since is not None:
        end = period.until or datetime.now().astimezone()
        previous = Period(period.since - (end - period.since), period.since)
    last_slide = facts.slide_ids[-1] if facts.slide_ids else None
    kiosks = [summarise_source(source, period, previous, facts.limits, last_slide,
                               facts.home_language) for source in sources]
    total = merge([k.current for k in kiosks])
    earlier = [k.previous for k in kiosks if k.previous is not None and k.previous.events]
    previous_total = merge(earlier) if earlier else None
    schedule = facts.schedule
    downtime = downtime_in_hours(kiosks, schedule, zone.tz)
    before = downtime_in_hours(kiosks, schedule, zone.tz, previous=True)
    return Fleet(kiosks, total, previous_total, zone, period.since, period.until,
                 previous if previous_total is not None else None, downtime,
                 sum(d.seconds_in_hours for d in before) if previous_total else None,
                 schedule is not None)


def _until_shown(period: Period, summary: Summary) -> datetime | None:
    """The end of the period as the heading shows it: never in the future."""
    if period.until is None:
        return None
    now = datetime.now().astimezone()
    if period.until <= now or (period.since is not None and period.since >= now):
        return period.until
    return max(now, summary.last or now)


def add_unseen_slides(summary: Summary, slide_ids: tuple[str, ...]) -> None:
    """Give every slide of the deck a row, in deck order, even one nobody saw; slides the log
    names that the deck no longer has go last."""
    order = {slide: index for index, slide in enumerate(slide_ids)}
    for slide in slide_ids:
        summary.slides.setdefault(slide, SlideStats(slide))
    for stats in summary.slides.values():
        stats.index = order.get(stats.slide)


def render(summary: Summary, head: Heading, tables: list[Table], out: Path,
           slide_titles: dict[str, str] | None = None, fleet: Fleet | None = None) -> None:
    """Write the PNG or the HTML page."""
    from kiosk.tools.report.draw import qt_measure, save_png
    from kiosk.tools.report.page import PAGE_WIDTH, figures, html_page, png_layout

    measure = qt_measure()
    # The period ends just before ``until``: --until 2025-06-03 ends at the 4th's midnight.
    last = head.until - timedelta(microseconds=1) if head.until else None
    charts = figures(summary, width=PAGE_WIDTH / 2, measure=measure,
                     since=head.since.date() if head.since else None,
                     until=last.date() if last else None, names=slide_titles,
                     period_seconds=(head.until - head.since).total_seconds()
                     * (len(fleet.kiosks) if fleet is not None else 1)
                     if head.since and head.until else None, fleet=fleet)
    if out.suffix.lower() == ".png":
        placed, width, height = png_layout(head, charts, measure)
        save_png(placed, width, height, out)
    else:
        out.write_text(html_page(head, charts, tables), encoding="utf-8")
