"""``star-kiosk report``: read the log once (streamed), then print, draw and export."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.tools.report.reading import Period, parse_moment, read_events
from kiosk.tools.report.summary import Limits, SlideStats, Summariser, Summary
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
    """Slide id → its English title (slides without a title, such as quotes, are absent)."""


def deck_facts(folder: str | None) -> DeckFacts:
    """The deck's title (English · 中文), slides and limits; defaults if it can't be read."""
    from kiosk.core.content.validate import load_deck

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
    titles = {slide.id: text.get("en") for slide in deck.slides
              if (text := getattr(slide, "title", None)) is not None}
    return DeckFacts(title, tuple(slide.id for slide in deck.slides),
                     Limits.for_deck(settings.idle_timeout, settings.idle_warning, longest),
                     titles)


def _period(options: argparse.Namespace) -> Period:
    since = getattr(options, "since", None)
    until = getattr(options, "until", None)
    return Period(parse_moment(since) if since else None,
                  parse_moment(until, end_of_day=True) if until else None)


def report_command(options: argparse.Namespace) -> int:
    """``star-kiosk report [--data-dir DIR] [--out FILE.html|FILE.png] [--csv DIR]
    [--since WHEN] [--until WHEN] [--name KIOSK] [--content DIR]``."""
    from kiosk.core.paths import data_dir

    out = getattr(options, "out", None)
    path = Path(out) if out else None
    # Refuse a wrong option before printing anything: not a whole table and then an error.
    if path is not None and path.suffix.lower() not in (".html", ".htm", ".png"):
        print(f"star-kiosk: --out must end in .html or .png, not '{path.name}'",
              file=sys.stderr)
        return 2
    try:
        period = _period(options)
    except ValueError as error:
        print(f"star-kiosk: --since/--until: {error}", file=sys.stderr)
        return 2
    if period.since and period.until and period.since >= period.until:
        print("star-kiosk: --since must come before --until", file=sys.stderr)
        return 2
    folder = data_dir(getattr(options, "data_dir", None))
    events = read_events(folder, period)
    if not events.files:
        print(f"star-kiosk: no event log in {folder} yet (is this the kiosk's data folder? "
              f"see --data-dir)", file=sys.stderr)
        return 1
    content = getattr(options, "content", None)
    facts = deck_facts(content)
    summariser = Summariser(facts.limits)
    for record in events:
        summariser.add(record)
    summary = summariser.finish()
    if content:  # the deck the kiosk shows: slides nobody reached belong in the picture too
        add_unseen_slides(summary, facts.slide_ids)
    kiosk = getattr(options, "name", None) or socket.gethostname()
    head = heading(summary, title=facts.title, kiosk=kiosk, since=period.since,
                   until=_until_shown(period, summary), bad_lines=events.bad_lines,
                   log_starts=events.earliest)
    tables = build_tables(summary)
    done: list[str] = []
    try:  # the files first: a closed terminal (report | head) must not cost the report
        if getattr(options, "csv", None):
            from kiosk.tools.report.page import write_csv

            written = write_csv(tables, Path(options.csv))
            done.append(f"{len(written)} CSV files written to {options.csv}")
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            render(summary, head, tables, path, facts.slide_titles)
            done.append(f"report written to {path}")
    except OSError as error:
        print(f"star-kiosk: cannot write the report: {error}", file=sys.stderr)
        return 1
    try:
        print(format_text(head, tables, len(events.files)), end="")
        for line in done:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early: fine, and no traceback at exit
        sys.stdout = open(os.devnull, "w")  # replaces stdout until exit
    return 0


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
           slide_titles: dict[str, str] | None = None) -> None:
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
                     if head.since and head.until else None)
    if out.suffix.lower() == ".png":
        placed, width, height = png_layout(head, charts, measure)
        save_png(placed, width, height, out)
    else:
        out.write_text(html_page(head, charts, tables), encoding="utf-8")
