"""``star-kiosk report``: what visitors did, from the event log.

Reads ``events.jsonl`` and its rotated files (``events.jsonl.1`` is the newest of them) from
the data folder and summarises:

* **visitor sessions** — from the first interaction after the attract loop to the idle
  reset that returned to it (cut short at a restart, a staff exit or closing time), their
  number, length and interactions;
* **interactions per hour of day** (the kiosk's local time, as written in the log);
* **views and mean dwell per slide** — dwell is the time until the next slide came, and
  "visitor" views are those during a session (what people chose, not the attract loop);
* **triggers** (swipes versus taps...), **language** changes, **restarts** by cause and
  **content** reloads and rejections.

The computation (:func:`summarise`) is pure and works on a list of event dicts; the
printing and the charts (pyqtgraph, exported offscreen) sit on top of it.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import logging
import os
import statistics
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.deck.commands import USER_TRIGGERS
from kiosk.core.events import EVENTS_FILE

log = logging.getLogger(__name__)

_SYSTEM_LANGUAGE_WINDOW = 2.0
"""A language change this soon after an idle reset or a start is the kiosk's, not a visitor's."""


# ----------------------------------------------------------------------------- reading


def event_files(folder: Path) -> list[Path]:
    """``events.jsonl`` and its rotated files, oldest first."""
    rotated = []
    for path in folder.glob(EVENTS_FILE + ".*"):
        suffix = path.name[len(EVENTS_FILE) + 1:]
        if suffix.isdigit():
            rotated.append((int(suffix), path))
    files = [path for _, path in sorted(rotated, reverse=True)]
    if (folder / EVENTS_FILE).exists():
        files.append(folder / EVENTS_FILE)
    return files


@dataclass
class Events:
    """Events read from files, in time order, with the time parsed into ``_time``."""

    records: list[dict[str, Any]]
    files: list[Path] = field(default_factory=list)
    bad_lines: int = 0


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    # Naive times (none are written, but be lenient) count as the local zone.
    return moment if moment.tzinfo is not None else moment.astimezone()


def parse_lines(lines: Iterable[str]) -> Iterator[dict[str, Any] | None]:
    """Each line as an event dict with ``_time``, or None for a line that is not one."""
    for line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:  # e.g. a line cut by a power cut
            yield None
            continue
        moment = _parse_time(record.get("time")) if isinstance(record, dict) else None
        if moment is None or not isinstance(record.get("event"), str):
            yield None
            continue
        record["_time"] = moment
        yield record


def read_events(folder: Path) -> Events:
    """Every event in the data folder's event files, sorted by time."""
    events = Events([], event_files(folder))
    for path in events.files:
        try:
            with open(path, encoding="utf-8", errors="replace") as stream:
                for record in parse_lines(stream):
                    if record is None:
                        events.bad_lines += 1
                    else:
                        events.records.append(record)
        except OSError as error:
            log.warning("cannot read %s: %s", path, error)
    # The supervisor and the kiosk both append: sort (stable) so the order is the clock's.
    events.records.sort(key=lambda record: record["_time"])
    return events


# ----------------------------------------------------------------------------- summary


@dataclass
class Session:
    """One visitor's visit: first interaction to the idle reset (or what cut it short)."""

    start: datetime
    end: datetime
    interactions: int
    ended_by: str
    """``idle_reset``, ``staff_exit``, ``stopped``, ``restart``, ``started``, ``closed`` or
    ``end of log``."""

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass
class SlideStats:
    """Views and dwell of one slide."""

    slide: str
    index: int | None = None
    views: int = 0
    visitor_views: int = 0
    dwell: list[float] = field(default_factory=list)
    visitor_dwell: list[float] = field(default_factory=list)

    @property
    def mean_dwell(self) -> float | None:
        return statistics.fmean(self.dwell) if self.dwell else None

    @property
    def mean_visitor_dwell(self) -> float | None:
        return statistics.fmean(self.visitor_dwell) if self.visitor_dwell else None


@dataclass
class Summary:
    """Everything the report shows."""

    first: datetime | None = None
    last: datetime | None = None
    events: int = 0
    sessions: list[Session] = field(default_factory=list)
    interactions_by_hour: list[int] = field(default_factory=lambda: [0] * 24)
    slides: dict[str, SlideStats] = field(default_factory=dict)
    triggers: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    """Language changes made by visitors (not the idle reset's return to the default)."""
    language_views: Counter[str] = field(default_factory=Counter)
    """Visitor views (slides shown during a session) by the language they were shown in."""
    restarts: Counter[str] = field(default_factory=Counter)
    touch_only_visits: int = 0
    """Idle resets with no navigation before them: visitors who touched but did not swipe."""
    starts: int = 0
    staff_exits: int = 0
    stops: int = 0
    """The supervisor stopped with the kiosk (a logout or shutdown): not restarts."""
    reloads: int = 0
    rejections: int = 0
    closings: int = 0
    unavailable: int = 0

    @property
    def interactions(self) -> int:
        return sum(self.interactions_by_hour)

    @property
    def mean_session(self) -> float | None:
        return statistics.fmean(s.seconds for s in self.sessions) if self.sessions else None

    @property
    def median_session(self) -> float | None:
        return statistics.median(s.seconds for s in self.sessions) if self.sessions else None

    def slides_in_order(self) -> list[SlideStats]:
        """Slides by their index in the deck (as last shown), then by id."""
        return sorted(self.slides.values(),
                      key=lambda s: (s.index is None, s.index or 0, s.slide))


def summarise(records: Iterable[dict[str, Any]]) -> Summary:
    """Compute the report from events in time order (dicts with ``event`` and ``_time``)."""
    summary = Summary()
    session: Session | None = None
    last_interaction: datetime | None = None
    showing: tuple[SlideStats, datetime, bool] | None = None  # slide, since, in a session
    last_slide: SlideStats | None = None
    last_system_reset: datetime | None = None
    language = "?"  # until a start or a change names it

    def end_dwell(now: datetime) -> None:
        nonlocal showing
        if showing is not None:
            stats, since, visitor = showing
            seconds = (now - since).total_seconds()
            stats.dwell.append(seconds)
            if visitor:
                stats.visitor_dwell.append(seconds)
        showing = None

    def end_session(end: datetime, why: str) -> None:
        nonlocal session
        if session is not None:
            session.end, session.ended_by = end, why
            summary.sessions.append(session)
        session = None

    def interaction(now: datetime) -> None:
        nonlocal session, last_interaction
        if session is None:
            session = Session(now, now, 0, "")
        session.interactions += 1
        last_interaction = now
        summary.interactions_by_hour[now.hour] += 1

    for record in records:
        now: datetime = record["_time"]
        kind = record["event"]
        summary.events += 1
        summary.first = summary.first or now
        summary.last = now
        if kind == "slide_shown":
            trigger = str(record.get("trigger", ""))
            summary.triggers[trigger] += 1
            end_dwell(now)
            if trigger == "idle_reset":
                end_session(now, "idle_reset")
                last_system_reset = now
            elif trigger in USER_TRIGGERS:
                interaction(now)
            slide = str(record.get("slide", "?"))
            stats = summary.slides.setdefault(slide, SlideStats(slide))
            if isinstance(record.get("index"), int):
                stats.index = record["index"]
            stats.views += 1
            if session is not None:
                stats.visitor_views += 1
                summary.language_views[language] += 1
            showing = (stats, now, session is not None)
            last_slide = stats
        elif kind == "language_changed":
            language = str(record.get("language", "?"))
            system = (last_system_reset is not None and session is None
                      and (now - last_system_reset).total_seconds() <= _SYSTEM_LANGUAGE_WINDOW)
            if not system:
                summary.languages[language] += 1
                interaction(now)
        elif kind == "idle_reset":
            if session is None:  # someone touched (the deck left the loop) but never navigated
                summary.touch_only_visits += 1
            end_session(now, "idle_reset")
            last_system_reset = now
        elif kind in ("staff_exit", "closed", "stopped"):
            end_dwell(now)
            end_session(last_interaction or now, kind)
            if kind == "staff_exit":
                summary.staff_exits += 1
            elif kind == "stopped":  # the supervisor was stopped (logout, shutdown)
                summary.stops += 1
            else:
                summary.closings += 1
        elif kind in ("started", "restart", "unavailable"):
            showing = None  # the slide's end is unknown: the process died
            end_session(last_interaction or now, kind)
            if kind == "started":
                summary.starts += 1
                language = str(record.get("language") or "?")
                last_system_reset = now
            elif kind == "restart":
                summary.restarts[str(record.get("cause", "?"))] += 1
            else:
                summary.unavailable += 1
        elif kind == "opened":
            if last_slide is not None:  # the slide under the closed screen shows again
                showing = (last_slide, now, False)
        elif kind == "content_reloaded":
            summary.reloads += 1
        elif kind == "content_rejected":
            summary.rejections += 1
    if session is not None:
        end_session(last_interaction or now, "end of log")
    return summary


# ----------------------------------------------------------------------------- text


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows,
                                                                         strict=False)]
    def line(cells: list[str]) -> str:
        first = f"{cells[0]:<{widths[0]}}"
        rest = [f"{cell:>{width}}" for cell, width in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()
    return [line(headers), line(["-" * width for width in widths]),
            *(line(row) for row in rows)]


def format_summary(summary: Summary, events: Events | None = None) -> str:
    """The report as plain text tables."""
    out: list[str] = []
    if summary.first is None or summary.last is None:
        return "No events yet: the event log is empty.\n"
    out.append(f"STAR Kiosk report: {summary.events} events from "
               f"{summary.first:%Y-%m-%d %H:%M} to {summary.last:%Y-%m-%d %H:%M}")
    if events is not None:
        out.append(f"read {len(events.files)} file(s)"
                   + (f", skipped {events.bad_lines} unreadable line(s)" if events.bad_lines
                      else ""))
    sessions = summary.sessions
    out += ["", "Visitor sessions"]
    out += _table(["", "value"], [
        ["sessions", str(len(sessions))],
        ["mean length", _duration(summary.mean_session)],
        ["median length", _duration(summary.median_session)],
        ["longest", _duration(max((s.seconds for s in sessions), default=None))],
        ["touch-only visits (not in sessions)", str(summary.touch_only_visits)],
        ["interactions per session",
         f"{statistics.fmean(s.interactions for s in sessions):.1f}" if sessions else "—"],
    ])
    out += ["", "Interactions per hour of day"]
    hours = [[f"{hour:02d}:00", str(count)]
             for hour, count in enumerate(summary.interactions_by_hour) if count]
    out += _table(["hour", "interactions"], hours) if hours else ["(none)"]
    out += ["", "Slides"]
    out += _table(["slide", "views", "visitor views", "mean dwell", "visitor dwell"], [
        [s.slide, str(s.views), str(s.visitor_views), _duration(s.mean_dwell),
         _duration(s.mean_visitor_dwell)] for s in summary.slides_in_order()])
    out += ["", "How slides changed"]
    out += _table(["trigger", "count"], [[k, str(v)] for k, v in summary.triggers.most_common()])
    out += ["", "Language changes"]
    out += _table(["language", "count"], [[k, str(v)] for k, v in
                                          summary.languages.most_common()]) \
        if summary.languages else ["(none)"]
    out += ["", "Visitor views by language"]
    total = sum(summary.language_views.values())
    out += _table(["language", "views", "share"], [
        [k, str(v), f"{100 * v / total:.0f} %"] for k, v in summary.language_views.most_common()]) \
        if total else ["(none)"]
    out += ["", "Operations"]
    out += _table(["", "count"], [
        ["starts", str(summary.starts)],
        ["restarts", str(sum(summary.restarts.values()))
         + (" (" + ", ".join(f"{k}: {v}" for k, v in summary.restarts.most_common()) + ")"
            if summary.restarts else "")],
        ["unavailable periods", str(summary.unavailable)],
        ["content reloads", str(summary.reloads)],
        ["content rejections", str(summary.rejections)],
        ["closings (opening hours)", str(summary.closings)],
        ["staff exits", str(summary.staff_exits)],
        ["stops (logout, shutdown)", str(summary.stops)],
    ])
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- charts

NAVY, GOLD, TEXT = "#07162C", "#F5B942", "#F4F7FB"


def _chart_specs(summary: Summary) -> list[tuple[str, list[str], list[float], bool]]:
    """(title, labels, values, horizontal) for each chart."""
    slides = summary.slides_in_order()
    session_bins = [("< 30 s", 0, 30), ("30–60 s", 30, 60), ("1–2 min", 60, 120),
                    ("2–5 min", 120, 300), ("5–10 min", 300, 600), ("≥ 10 min", 600, 1e18)]
    return [
        ("Interactions per hour of day", [f"{h:02d}" if h % 3 == 0 else "" for h in range(24)],
         [float(v) for v in summary.interactions_by_hour], False),
        ("Visitor sessions by length", [b[0] for b in session_bins],
         [float(sum(1 for s in summary.sessions if lo <= s.seconds < hi))
          for _, lo, hi in session_bins], False),
        ("Views per slide (visitor views)", [s.slide for s in slides],
         [float(s.visitor_views) for s in slides], True),
        ("Mean dwell per slide, s (all views)", [s.slide for s in slides],
         [s.mean_dwell or 0.0 for s in slides], True),
        ("How slides changed", list(summary.triggers), [float(v) for v in
                                                        summary.triggers.values()], False),
        ("Language changes", list(summary.languages) or ["—"],
         [float(v) for v in summary.languages.values()] or [0.0], False),
        ("Visitor views by language", list(summary.language_views) or ["—"],
         [float(v) for v in summary.language_views.values()] or [0.0], False),
    ]


def _ensure_app() -> object:
    """A Qt application for offscreen rendering (none is shown)."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg

    return pg.mkQApp()


MAX_LABEL_WIDTH = 360
"""Pixels at most for the slide names left of a chart (a longer id is elided, not dropped)."""


def _fit_labels(labels: list[str], font: Any) -> tuple[list[str], int]:
    """``labels`` (elided to :data:`MAX_LABEL_WIDTH`) and the pixels the widest needs."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(font)
    fitted = [metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, MAX_LABEL_WIDTH)
              for label in labels]
    widest = max((metrics.horizontalAdvance(label) for label in fitted), default=0)
    return fitted, widest + 8  # pyqtgraph's text rects run a little wider than the advance


def _plot(layout: Any, title: str, labels: list[str], values: list[float],
          horizontal: bool) -> Any:
    import pyqtgraph as pg
    from PySide6.QtGui import QFont

    plot = layout.addPlot(title=f"<span style='color:{TEXT}'>{html.escape(title)}</span>")
    plot.setMenuEnabled(False)
    plot.hideButtons()
    font = QFont()
    for name in ("left", "bottom"):
        plot.getAxis(name).setStyle(tickFont=font)
    positions = list(range(len(values)))
    brush = pg.mkBrush(GOLD)
    if horizontal:
        bars = pg.BarGraphItem(x0=0, y=positions, height=0.6, width=values, brush=brush,
                               pen=pg.mkPen(None))
        axis = plot.getAxis("left")
        labels, width = _fit_labels(labels, font)
        axis.setTicks([list(zip(positions, labels, strict=True))])
        # An exported chart is painted once: pyqtgraph's own widening of the axis comes after
        # that paint, and a label wider than the reserved 30 px is silently dropped. So make
        # room for the longest label up front, measured in the font the axis draws with.
        axis.setStyle(tickFont=font, autoExpandTextSpace=False,
                      tickTextWidth=width)
        axis.setWidth(None)  # recompute from the style: text + offset + tick length
        plot.invertY(True)  # first slide at the top
    else:
        bars = pg.BarGraphItem(x=positions, height=values, width=0.7, brush=brush,
                               pen=pg.mkPen(None))
        plot.getAxis("bottom").setTicks([list(zip(positions, labels, strict=True))])
        # A chart of one or two bars keeps bar-shaped bars, not a wall of gold.
        plot.setXRange(-0.6, max(len(values), 4) - 0.4, padding=0)
    plot.addItem(bars)
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTextPen(TEXT)
        plot.getAxis(axis).setPen(TEXT)
    return plot


def _layout_widget(width: int, height: int) -> Any:
    import pyqtgraph as pg
    from PySide6.QtCore import QRectF

    widget = pg.GraphicsLayoutWidget()
    widget.setBackground(NAVY)
    widget.resize(width, height)
    # Never shown, so no resize event lays the plots out: give the layout its size directly.
    widget.ci.setGeometry(QRectF(0, 0, width, height))
    widget.setSceneRect(QRectF(0, 0, width, height))
    return widget


def _export(widget: Any) -> Any:
    """The widget's scene as a QImage, laid out first.

    Never shown, the widget gets no event loop turn between building the plots and the
    export: lay out now, or an axis widened for its labels is still drawn at its old width.
    """
    import pyqtgraph.exporters
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return pyqtgraph.exporters.ImageExporter(widget.scene()).export(toBytes=True)


def _dispose(widget: Any) -> None:
    """Delete the widget now: left to interpreter exit, pyqtgraph's items crash Qt."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.clear()
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def render_charts(summary: Summary, out: Path) -> list[Path]:
    """Draw the charts: one PNG (``out`` ends in .png) or an HTML page with embedded PNGs."""
    _ensure_app()
    from PySide6.QtCore import QBuffer, QIODevice

    specs = _chart_specs(summary)
    if out.suffix.lower() == ".png":
        rows = (len(specs) + 1) // 2
        widget = _layout_widget(1600, 460 * rows)
        for number, spec in enumerate(specs):
            if number and number % 2 == 0:
                widget.nextRow()
            _plot(widget, *spec)
        if not _export(widget).save(str(out), "PNG"):
            _dispose(widget)
            raise OSError(f"cannot write {out}")
        _dispose(widget)
        return [out]
    images: list[tuple[str, str]] = []
    for spec in specs:
        tall = spec[3] and len(spec[1]) > 8
        widget = _layout_widget(900, 120 + 40 * len(spec[1]) if tall else 420)
        _plot(widget, *spec)
        image = _export(widget)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        images.append((spec[0], base64.b64encode(bytes(buffer.data())).decode("ascii")))
        _dispose(widget)
    text = format_summary(summary)
    figures = "\n".join(
        f"<figure><img alt='{html.escape(title)}' src='data:image/png;base64,{data}'>"
        f"<figcaption>{html.escape(title)}</figcaption></figure>" for title, data in images)
    out.write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>STAR Kiosk report</title>
<style>
body {{ background: {NAVY}; color: {TEXT}; font-family: "Noto Sans SC", sans-serif;
       margin: 2em auto; max-width: 960px; }}
figure {{ margin: 2em 0; }} img {{ max-width: 100%; }}
figcaption {{ color: #AFC0D8; }}
pre {{ background: #102A4C; padding: 1em; overflow-x: auto; }}
</style></head><body>
<h1>STAR Kiosk report</h1>
{figures}
<h2>Tables</h2>
<pre>{html.escape(text)}</pre>
</body></html>
""", encoding="utf-8")
    return [out]


# ----------------------------------------------------------------------------- command


def report_command(options: argparse.Namespace) -> int:
    """``star-kiosk report [--data-dir DIR] [--out FILE.html|FILE.png]``."""
    from kiosk.core.paths import data_dir

    out = getattr(options, "out", None)
    path = Path(out) if out else None
    # Refuse a wrong --out before printing anything: not a whole table and then an error.
    if path is not None and path.suffix.lower() not in (".html", ".htm", ".png"):
        print(f"star-kiosk: --out must end in .html or .png, not '{path.name}'",
              file=sys.stderr)
        return 2
    folder = data_dir(getattr(options, "data_dir", None))
    events = read_events(folder)
    if not events.files:
        print(f"star-kiosk: no event log in {folder} yet (is this the kiosk's data folder? "
              f"see --data-dir)", file=sys.stderr)
        return 1
    summary = summarise(events.records)
    print(format_summary(summary, events), end="")
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        render_charts(summary, path)
        print(f"charts written to {path}")
    return 0
