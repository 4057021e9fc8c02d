"""Reading the event log for the report: streamed, in bounded memory, never killed by a line.

``events.jsonl`` and its rotated files (``events.jsonl.1`` is the newest of them) are read
oldest first, one line at a time. A line longer than :data:`MAX_LINE_BYTES`, one that is not
JSON (a power cut mid-write), one nested so deeply that the parser gives up, or one without a
``time`` and an ``event`` is skipped and counted, never fatal.

The kiosk and its supervisor both append to the file, each stamping its own clock, so lines
can be a few milliseconds out of order: a small reordering window (:data:`REORDER_SECONDS`,
at most :data:`REORDER_EVENTS` events) puts them back in time order without holding the log.
"""

from __future__ import annotations

import heapq
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import count
from pathlib import Path
from typing import Any, TextIO

from kiosk.core.events import EVENTS_FILE

log = logging.getLogger(__name__)

MAX_LINE_BYTES = 64 * 1024
"""A longer line is skipped unread: no event the kiosk writes comes near it (a content
rejection with many problems is a few kilobytes)."""
REORDER_SECONDS = 5.0
"""Events at most this far out of order are put back in order."""
REORDER_EVENTS = 2000
"""...and at most this many are held to do it, whatever the clock does."""


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


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time as an aware datetime (a naive one counts as local), or None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.astimezone()


def parse_line(line: str | bytes) -> dict[str, Any] | None:
    """One line as an event dict with ``_time`` added, or None if it is not an event."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):  # cut by a power cut; or "[[[[..." a million deep
        return None
    if not isinstance(record, dict) or not isinstance(record.get("event"), str):
        return None
    moment = parse_time(record.get("time"))
    if moment is None:
        return None
    record["_time"] = moment
    record["_ts"] = moment.timestamp()  # epoch seconds: cheap to compare and subtract
    return record


def parse_lines(lines: Iterator[str] | list[str]) -> Iterator[dict[str, Any] | None]:
    """Each non-blank line as an event dict, or None for a line that is not one."""
    for line in lines:
        if line.strip():
            yield parse_line(line)


@dataclass(frozen=True)
class Period:
    """The part of the log a report covers: ``since`` <= time < ``until`` (either open)."""

    since: datetime | None = None
    until: datetime | None = None

    def __contains__(self, moment: datetime) -> bool:
        return ((self.since is None or moment >= self.since)
                and (self.until is None or moment < self.until))


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(w|d|h|min|m)\s*$", re.IGNORECASE)
_AGE_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1),
              "min": timedelta(minutes=1), "m": timedelta(minutes=1)}


def parse_moment(text: str, *, end_of_day: bool = False,
                 now: datetime | None = None, zone: tzinfo | None = None) -> datetime:
    """``--since``/``--until`` values: a date, a date and time, or an age such as ``7d``.

    A bare date is that day's midnight in the local zone — or, with ``end_of_day`` (for
    ``--until``), the next midnight, so ``--until 2025-06-03`` includes the 3rd. Ages count
    back from ``now``: ``7d``, ``12h``, ``30min``, ``2w``. ``zone`` (the kiosk's) is where a
    date or a time without an offset is read; the report machine's own zone by default.
    Raises ValueError with a hint.
    """
    now = now or datetime.now().astimezone()
    match = _AGE.match(text)
    if match:
        return now - float(match.group(1)) * _AGE_UNITS[match.group(2).lower()]
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"'{text}' is not a date (2025-06-03), a time "
                             f"(2025-06-03T14:00) or an age (7d, 12h, 30min)") from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=zone) if zone is not None else moment.astimezone()
        return moment
    if end_of_day:
        day += timedelta(days=1)
    if zone is not None:
        return datetime.combine(day, time(), tzinfo=zone)
    return datetime.combine(day, time()).astimezone()


@dataclass
class EventStream:
    """The events of a data folder in time order, read lazily; iterate once or more."""

    files: list[Path]
    period: Period = field(default_factory=Period)
    bad_lines: int = 0
    """Lines skipped so far (not JSON, too long, too deep, no time or event)."""
    outside: int = 0
    """Events skipped so far because they fall outside :attr:`period`."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.bad_lines = self.outside = 0
        held: list[tuple[float, int, dict[str, Any]]] = []
        order = count()
        newest = float("-inf")
        period = self.period
        everything = period.since is None and period.until is None
        for record in self._records():
            if not everything and record["_time"] not in period:
                self.outside += 1
                continue
            stamp: float = record["_ts"]
            heapq.heappush(held, (stamp, next(order), record))
            newest = stamp if stamp > newest else newest
            while held and (len(held) > REORDER_EVENTS or newest - held[0][0] > REORDER_SECONDS):
                yield heapq.heappop(held)[2]
        while held:
            yield heapq.heappop(held)[2]

    @property
    def records(self) -> list[dict[str, Any]]:
        """All events as a list (for small logs and tests; the report itself streams)."""
        return list(self)

    def _records(self) -> Iterator[dict[str, Any]]:
        for path in self.files:
            try:
                # Text mode: a byte that is not UTF-8 spoils its line only (and json gets a str).
                with open(path, encoding="utf-8", errors="replace", newline="\n") as stream:
                    for line in _bounded_lines(stream, self):
                        record = parse_line(line)
                        if record is None:
                            self.bad_lines += 1
                        else:
                            yield record
            except OSError as error:
                log.warning("cannot read %s: %s", path, error)


def _bounded_lines(stream: TextIO, counter: EventStream) -> Iterator[str]:
    """Non-blank lines of at most :data:`MAX_LINE_BYTES` characters; longer ones are counted
    and skipped without ever being held whole."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith("\n"):
            counter.bad_lines += 1
            while line and not line.endswith("\n"):  # skip the rest, a chunk at a time
                line = stream.readline(MAX_LINE_BYTES)
            continue
        if line.strip():
            yield line


def read_events(folder: Path, period: Period | None = None) -> EventStream:
    """The events of the data folder's event files (within ``period``), streamed in order."""
    return EventStream(event_files(folder), period or Period())
