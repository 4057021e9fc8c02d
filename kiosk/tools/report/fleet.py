"""Many kiosks in one report: where their events come from, one time zone, the previous
period, totals, and downtime within opening hours (pure, no Qt).

A kiosk's events come from its data folder (``events.jsonl`` and its rotated files, e.g. a
folder copied off each PC) or from the systemd journal: ``journalctl -t star-kiosk -o json``
exported on each PC, or once from a central journal that collects them all
(``systemd-journal-remote``), where each host is one kiosk. Every kiosk is summarised on its
own (its visits never mix with another's), then the summaries are added up for the total.
"""

from __future__ import annotations

import json
import socket
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from kiosk.core.content.model import Schedule
from kiosk.core.journal import FIELD_PREFIX
from kiosk.core.schedule import hours_on
from kiosk.tools.report.reading import EventStream, Period, parse_line, read_events
from kiosk.tools.report.summary import (
    MAX_REJECTIONS_KEPT,
    Limits,
    SlideStats,
    Summariser,
    Summary,
)

GENERIC_FOLDER_NAMES = frozenset({"star-kiosk", "data", "share", ".local"})
"""Folder names that say nothing about which kiosk it is: the name comes from further up."""


# ----------------------------------------------------------------------------- sources


@dataclass
class Source:
    """One kiosk's events: a name and a stream of them."""

    name: str
    stream: EventStream


class JournalEvents(EventStream):
    """The events of one host in a ``journalctl -o json`` export, as the report reads them."""

    def __init__(self, path: Path, host: str | None, period: Period | None = None) -> None:
        super().__init__([path], period or Period())
        self.host = host

    def _records(self) -> Iterator[dict[str, Any]]:
        try:
            with open(self.files[0], encoding="utf-8", errors="replace") as stream:
                for line in stream:
                    if not line.strip():
                        continue
                    try:
                        entry = json.loads(line)
                    except (ValueError, RecursionError):
                        self.bad_lines += 1
                        continue
                    if not isinstance(entry, dict) or f"{FIELD_PREFIX}EVENT" not in entry:
                        continue  # another program's entry in the export
                    if self.host is not None and entry.get("_HOSTNAME") != self.host:
                        continue
                    record = journal_record(entry)
                    if record is None:
                        self.bad_lines += 1
                    else:
                        yield record
        except OSError as error:
            self.bad_lines += 1
            raise SystemExit(f"star-kiosk: cannot read {self.files[0]}: {error}") from None


def _field_value(text: object) -> object:
    """A journal field as the event had it: strings as they are; what the kiosk wrote as
    JSON (numbers, true/false, lists) decoded."""
    if not isinstance(text, str):
        return text
    if text[:1] in "[{-0123456789" or text in ("true", "false", "null"):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):
            return text
    return text


def journal_record(entry: dict[str, Any]) -> dict[str, Any] | None:
    """One ``journalctl -o json`` entry of the kiosk as an event record (``_time`` set), or
    None when it has no usable time. The event's own local time (``STAR_KIOSK_TIME``) is
    used; an older entry without it takes the journal's UTC timestamp."""
    event = entry.get(f"{FIELD_PREFIX}EVENT")
    if not isinstance(event, str):
        return None
    moment = entry.get(f"{FIELD_PREFIX}TIME")
    if not isinstance(moment, str):
        try:
            micros = int(entry.get("__REALTIME_TIMESTAMP", ""))
        except ValueError:
            return None
        moment = datetime.fromtimestamp(micros / 1e6, UTC).isoformat()
    record: dict[str, Any] = {"time": moment, "event": event}
    for key, value in entry.items():
        if key.startswith(FIELD_PREFIX) and key not in (f"{FIELD_PREFIX}EVENT",
                                                        f"{FIELD_PREFIX}TIME"):
            record[key[len(FIELD_PREFIX):].lower()] = _field_value(value)
    return parse_line(json.dumps(record, ensure_ascii=False))


def journal_hosts(path: Path) -> list[str]:
    """The hosts (kiosks) with kiosk events in a journal export, in order of appearance."""
    hosts: dict[str, None] = {}
    with open(path, encoding="utf-8", errors="replace") as stream:
        for line in stream:
            if f'"{FIELD_PREFIX}EVENT"' not in line:
                continue
            try:
                entry = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(entry, dict):
                hosts.setdefault(str(entry.get("_HOSTNAME") or "unknown host"), None)
    return list(hosts)


def folder_name(folder: Path) -> str:
    """What to call the kiosk whose data folder this is: the first folder name, from the
    folder up, that is not a generic one (``/srv/hall-a/star-kiosk`` → ``hall-a``)."""
    for part in (folder.resolve(), *folder.resolve().parents):
        if part.name and part.name not in GENERIC_FOLDER_NAMES:
            return part.name
    return str(folder)


def gather_sources(folders: Sequence[Path], journals: Sequence[Path],
                   names: Sequence[str]) -> list[Source]:
    """Every kiosk to report on: each data folder (named by ``names`` in order, else by the
    host name when it is the only one, else by the folder), then each host of each journal
    export. Two sources with one name get a number."""
    sources: list[Source] = []
    for number, folder in enumerate(folders):
        if number < len(names):
            name = names[number]
        elif len(folders) == 1 and not journals:
            name = socket.gethostname()
        else:
            name = folder_name(folder)
        sources.append(Source(name, read_events(folder)))
    for path in journals:
        hosts = journal_hosts(path)
        for host in hosts:
            sources.append(Source(host, JournalEvents(path, host if len(hosts) > 1 else None)))
    seen: Counter[str] = Counter(source.name for source in sources)
    count: Counter[str] = Counter()
    for source in sources:
        if seen[source.name] > 1:
            count[source.name] += 1
            source.name = f"{source.name} ({count[source.name]})"
    return sources


# ----------------------------------------------------------------------------- time zone


@dataclass(frozen=True)
class Zone:
    """The one time zone the report is read in: the kiosk's."""

    tz: tzinfo
    name: str
    """How the report names it: ``Asia/Shanghai (UTC+08:00)`` or ``UTC+08:00``."""


def _offset_name(offset: timedelta | None) -> str:
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def kiosk_zone(sources: Sequence[Source], look_at: int = 2000) -> Zone:
    """The kiosks' time zone: the IANA zone a ``started`` event names (the first found in
    the first ``look_at`` events of each kiosk), else the UTC offset of the first event,
    else the zone of the machine the report runs on."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    first_offset: timedelta | None = None
    for source in sources:
        for number, record in enumerate(source.stream._records()):
            if first_offset is None:
                first_offset = record["_time"].utcoffset()
            name = record.get("timezone") if record["event"] == "started" else None
            if isinstance(name, str) and name:
                try:
                    zone = ZoneInfo(name)
                except (ZoneInfoNotFoundError, ValueError):
                    continue
                offset = datetime.now(zone).utcoffset()
                return Zone(zone, f"{name} ({_offset_name(offset)})")
            if number >= look_at:
                break
    if first_offset is not None:
        return Zone(timezone(first_offset), _offset_name(first_offset))
    local = datetime.now().astimezone().tzinfo
    assert local is not None
    return Zone(local, _offset_name(datetime.now().astimezone().utcoffset()))


# ----------------------------------------------------------------------------- summaries


@dataclass
class KioskResult:
    """One kiosk's figures for the period, and for the period of the same length before."""

    name: str
    current: Summary
    previous: Summary | None
    """None when there is no earlier period to compare with (no ``--since``)."""
    files: int = 0
    bad_lines: int = 0
    log_starts: datetime | None = None
    """The oldest event this kiosk's log still holds (where its kept history begins)."""


def summarise_source(source: Source, period: Period, previous: Period | None,
                     limits: Limits, last_slide: str | None,
                     home_language: str | None = None) -> KioskResult:
    """Read one kiosk's events once, splitting them between the period and the one before."""
    stream = source.stream
    start = previous.since if previous is not None else period.since
    stream.period = Period(start, period.until)
    now = Summariser(limits, last_slide=last_slide, home_language=home_language)
    before = (Summariser(limits, last_slide=last_slide, home_language=home_language)
              if previous is not None else None)
    boundary = period.since
    for record in stream:
        if before is not None and boundary is not None and record["_time"] < boundary:
            before.add(record)
        else:
            now.add(record)
    end = period.until or now.summary.last
    cap = datetime.now().astimezone()
    end = min(end, cap) if end is not None else None
    return KioskResult(source.name, now.finish(until=end),
                       before.finish(until=boundary) if before is not None else None,
                       files=len(stream.files), bad_lines=stream.bad_lines,
                       log_starts=stream.earliest)


def merge(summaries: Sequence[Summary]) -> Summary:
    """The total of several kiosks' summaries (each kiosk's visits stay its own)."""
    total = Summary()
    for part in summaries:
        if part.first is not None:
            total.first = part.first if total.first is None else min(total.first, part.first)
        if part.last is not None:
            total.last = part.last if total.last is None else max(total.last, part.last)
        total.events += part.events
        total.session_seconds.extend(part.session_seconds)
        total.session_furthest.extend(part.session_furthest)
        total.session_interactions += part.session_interactions
        total.sessions_reached_last += part.sessions_reached_last
        for name in ("sessions_ended_by", "sessions_by_day", "triggers", "languages",
                     "language_views", "restarts", "unavailable", "visitor_dwell_by_language",
                     "visitor_dwell_views_by_language", "suppressed"):
            getattr(total, name).update(getattr(part, name))
        for hour in range(24):
            total.sessions_by_hour[hour] += part.sessions_by_hour[hour]
            total.interactions_by_hour[hour] += part.interactions_by_hour[hour]
        for name in ("touch_only_visits", "starts", "staff_exits", "stops", "reloads",
                     "rejections", "pin_refusals", "pin_lockouts", "closings", "uptime",
                     "closed_seconds"):
            setattr(total, name, getattr(total, name) + getattr(part, name))
        for language, lengths in part.session_seconds_by_language.items():
            total.session_seconds_by_language.setdefault(language, array("d")).extend(lengths)
        for slide, stats in part.slides.items():
            into = total.slides.setdefault(slide, SlideStats(slide, stats.index))
            into.index = stats.index if stats.index is not None else into.index
            for name in ("views", "visitor_views", "dwell_total", "dwell_count",
                         "visitor_dwell_total", "visitor_dwell_count", "sessions_ended",
                         "start_views"):
                setattr(into, name, getattr(into, name) + getattr(stats, name))
        total.downtimes += part.downtimes
        total.timezone = total.timezone or part.timezone
    rejected = sorted((r for part in summaries for r in part.rejected), key=lambda r: r.time)
    total.rejected.extend(rejected[-MAX_REJECTIONS_KEPT:])
    return total


# ----------------------------------------------------------------------------- downtime


@dataclass(frozen=True)
class DownInHours:
    """A stretch a kiosk was down, and how much of it fell in opening hours."""

    kiosk: str
    start: datetime
    end: datetime
    seconds_in_hours: float
    cause: str


def _open_spans(schedule: Schedule, start: datetime, end: datetime
                ) -> Iterator[tuple[datetime, datetime]]:
    day = (start - timedelta(days=1)).date()
    zone = start.tzinfo
    while day <= end.date():
        hours = hours_on(schedule, day)
        if hours is not None:
            opens = datetime.combine(day, _clock(hours.open), tzinfo=zone)
            closes = datetime.combine(day, _clock(hours.close), tzinfo=zone)
            if closes <= opens:
                closes += timedelta(days=1)
            yield opens, closes
        day += timedelta(days=1)


def _clock(text: str) -> Any:
    from datetime import time

    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def seconds_in_opening_hours(start: datetime, end: datetime, schedule: Schedule | None,
                             zone: tzinfo) -> float:
    """How much of ``start``..``end`` fell in the schedule's opening hours (all of it
    without a schedule: the kiosk is meant to be on all the time)."""
    if end <= start:
        return 0.0
    if schedule is None:
        return (end - start).total_seconds()
    start, end = start.astimezone(zone), end.astimezone(zone)
    total = 0.0
    for opens, closes in _open_spans(schedule, start, end):
        overlap = (min(end, closes) - max(start, opens)).total_seconds()
        total += max(0.0, overlap)
    return total


def downtime_in_hours(results: Sequence[KioskResult], schedule: Schedule | None,
                      zone: tzinfo, *, previous: bool = False) -> list[DownInHours]:
    """Every stretch a kiosk was down that overlapped opening hours, oldest first."""
    found = []
    for result in results:
        summary = result.previous if previous else result.current
        if summary is None:
            continue
        for down in summary.downtimes:
            seconds = seconds_in_opening_hours(down.start, down.end, schedule, zone)
            if seconds > 0:
                found.append(DownInHours(result.name, down.start.astimezone(zone),
                                         down.end.astimezone(zone), seconds, down.cause))
    return sorted(found, key=lambda d: d.start)


@dataclass
class Fleet:
    """What the report shows: each kiosk, the total, and the facts around them."""

    kiosks: list[KioskResult]
    total: Summary
    previous_total: Summary | None
    zone: Zone
    since: datetime | None
    until: datetime | None
    previous: Period | None
    downtime: list[DownInHours] = field(default_factory=list)
    previous_downtime: float | None = None
    """Seconds down in opening hours in the previous period (None: no previous period)."""
    schedule_known: bool = False
