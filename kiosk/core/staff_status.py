"""What the staff panel's status card says, read from the event log. No Qt here.

The kiosk and its supervisor already write everything staff ask about to ``events.jsonl``
(see :data:`kiosk.core.events.SCHEMA`): ``started`` for each kiosk process, ``restart`` with its
cause, ``content_reloaded`` and ``content_rejected`` with the problems. :func:`read_status`
reads the end of that file and :func:`status_rows` turns it into the card's lines, so the
panel shows the same story the log tells, without the kiosk keeping a second record.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from kiosk.core import strings

log = logging.getLogger(__name__)

STATUS_EVENTS = frozenset({"started", "restart", "unavailable", "staff_exit", "stopped",
                           "content_reloaded", "content_rejected", "staff_action"})
"""The events the status card is made of (``slide_shown`` and the like are not read)."""
MAX_PROBLEMS_SHOWN = 2
"""The card shows this many problems; staff run star-kiosk validate for the rest."""


@dataclass(frozen=True)
class Restart:
    """One restart by the supervisor."""

    time: datetime | None
    cause: str
    """``exit``, ``signal`` or ``hang``."""
    detail: str
    """What happened, in words (e.g. ``exit status 1``)."""


@dataclass(frozen=True)
class Rejection:
    """The last content the kiosk refused."""

    time: datetime | None
    problems: tuple[str, ...]
    """Each as ``file:line:column: problem — hint``."""
    current: bool
    """True while nothing valid has been loaded since (the screen shows older content)."""


@dataclass(frozen=True)
class StaffStatus:
    """The kiosk's story so far, from the event log."""

    process_started: datetime | None = None
    """When this kiosk process came up."""
    run_started: datetime | None = None
    """When this supervised run began (before any restart)."""
    loaded_at: datetime | None = None
    """When the content on screen was loaded (start-up or the last reload)."""
    restarts: tuple[Restart, ...] = ()
    """Restarts within this run, oldest first (a spell of the unavailable screen counts)."""
    rejection: Rejection | None = None
    refused_pins: tuple[tuple[datetime | None, str], ...] = ()
    """Every PIN the pad refused in the log read, oldest first: when, and ``wrong``,
    ``lockout`` or ``while_locked`` (see the ``staff_action`` event)."""


ReloadOutcome = Literal["reloaded", "unchanged", "rejected", "unavailable"]


@dataclass(frozen=True)
class ReloadReport:
    """What a staff "reload now" found."""

    outcome: ReloadOutcome
    slides: int = 0
    problems: tuple[str, ...] = ()


def _time(record: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(record.get("time", "")))
    except ValueError:
        return None


def read_events(path: Path, *, names: frozenset[str] = STATUS_EVENTS,
                tail_bytes: int | None = None) -> list[dict[str, Any]]:
    """The events named ``names`` in the log file ``path``, oldest first (the end of it
    only, with ``tail_bytes``). Odd lines are skipped; an unreadable file gives none."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            start = 0 if tail_bytes is None else max(0, size - tail_bytes)
            handle.seek(start)
            data = handle.read()
    except OSError as error:
        if not isinstance(error, FileNotFoundError):
            log.warning("cannot read the event log %s: %s", path, error)
        return []
    if start > 0:  # the first line was cut in the middle
        newline = data.find(b"\n")
        data = data[newline + 1:] if newline >= 0 else b""
    # Days of slide_shown lines are skipped without being parsed: a regular expression finds
    # the few lines that matter (the writer's json.dumps puts ": " after each key).
    pattern = re.compile(rb'"event": "(?:' + b"|".join(
        re.escape(name.encode()) for name in sorted(names)) + rb')"')
    records: list[dict[str, Any]] = []
    end = -1
    for match in pattern.finditer(data):
        if match.start() < end:
            continue  # a second match on a line already read
        begin = data.rfind(b"\n", 0, match.start()) + 1
        end = data.find(b"\n", match.end())
        end = len(data) if end < 0 else end
        try:
            record = json.loads(data[begin:end])
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("event") in names:
            records.append(record)
    return records


def summarise(records: list[dict[str, Any]], pid: int) -> StaffStatus:
    """The status of the kiosk process ``pid`` from its event log ``records`` (oldest first)."""
    starts = [i for i, r in enumerate(records) if r["event"] == "started"]
    own = [i for i in starts if records[i].get("pid") == pid]
    current = own[-1] if own else (starts[-1] if starts else None)
    refused = tuple((_time(r), str(r.get("outcome"))) for r in records
                    if r["event"] == "staff_action" and r.get("action") == "pin")
    if current is None:
        return StaffStatus(rejection=_rejection(records, None), refused_pins=refused)
    # The run began after the last staff exit or supervisor stop before this process.
    boundary = max((i for i in range(current) if records[i]["event"] in ("staff_exit", "stopped")),
                   default=-1)
    run_start = next(i for i in starts if i > boundary)
    restarts = tuple(_restart(r) for r in records[boundary + 1:current + 1]
                     if r["event"] in ("restart", "unavailable"))
    loaded = current
    for i in range(current + 1, len(records)):
        if records[i]["event"] == "content_reloaded":
            loaded = i
    return StaffStatus(process_started=_time(records[current]),
                       run_started=_time(records[run_start]),
                       loaded_at=_time(records[loaded]), restarts=restarts,
                       rejection=_rejection(records, current), refused_pins=refused)


def _restart(record: dict[str, Any]) -> Restart:
    if record["event"] == "unavailable":  # a crash loop or no valid content: a pause, then a try
        return Restart(_time(record), "unavailable",
                       f"unavailable screen ({record.get('cause', '?')})")
    return Restart(_time(record), str(record.get("cause", "?")), str(record.get("detail", "")))


def _rejection(records: list[dict[str, Any]], current_start: int | None) -> Rejection | None:
    index = next((i for i in range(len(records) - 1, -1, -1)
                  if records[i]["event"] == "content_rejected"), None)
    if index is None:
        return None
    record = records[index]
    problems = record.get("problems") or []
    later = [r["event"] for r in records[index + 1:]]
    # Still current unless valid content came since: a reload, or a later start that did not
    # begin from this very rejection (an at-start rejection is written just before "started").
    fixed = "content_reloaded" in later or (
        current_start is not None and current_start > index + 1)
    return Rejection(_time(record), tuple(str(p) for p in problems), current=not fixed)


def read_status(events_path: Path, pid: int | None = None) -> StaffStatus:
    """:func:`summarise` of the event log at ``events_path`` for this process (or ``pid``).

    The log rotates at 5 MB: when the current file does not reach back to the start of this
    run, the newest rotated one (``events.jsonl.1``) is read too.
    """
    pid = os.getpid() if pid is None else pid
    records = read_events(events_path)
    if not any(r["event"] in ("staff_exit", "stopped") for r in records):
        older = events_path.with_name(events_path.name + ".1")
        records = read_events(older) + records
    return summarise(records, pid)


# ---------------------------------------------------------------------- the card's lines


def duration(seconds: float) -> str:
    """``seconds`` as staff read it: ``45 s``, ``12 min``, ``3 h 05 min``, ``2 d 4 h``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def _local(moment: datetime, now: datetime) -> datetime:
    """``moment`` in ``now``'s time zone (as it is, when ``now`` has none)."""
    return moment.astimezone(now.tzinfo) if now.tzinfo else moment


def clock_time(moment: datetime | None, now: datetime) -> str:
    """``14:02`` today, else ``28 Nov 14:02``."""
    if moment is None:
        return "?"
    moment = _local(moment, now)
    if moment.date() == now.date():
        return moment.strftime("%H:%M")
    return moment.strftime("%d %b %H:%M")


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def status_rows(status: StaffStatus, *, content: Path, data_folder: Path, version: str,
                slides: int, now: datetime, deck_title: str = "", bundled: bool = False,
                content_version: str = "") -> list[tuple[str, str]]:
    """The status card as ``(label, value)`` rows, in the order shown.

    The content row names the deck by its title (``deck_title``), then where it comes from:
    the folder, or "bundled with STAR Kiosk" for the deck inside the package (whose path is
    somewhere in site-packages and tells staff nothing), and its version (a git commit or a
    content hash) when known.
    """
    loaded = clock_time(status.loaded_at, now) if status.loaded_at else "?"
    source = "bundled with STAR Kiosk" if bundled else str(content)
    lines = [deck_title, source] if deck_title else [source]
    lines.append(f"loaded {loaded} · {slides} slides"
                 + (f" · version {content_version}" if content_version else ""))
    rows = [(strings.CONTENT.joined(), "\n".join(lines))]
    rejection = status.rejection
    if rejection is None:
        rows.append((strings.LAST_REJECTION.joined(), strings.NONE.joined()))
    else:
        state = "still refused" if rejection.current else "fixed since"
        lines = [f"{clock_time(rejection.time, now)} · {state} · "
                 f"{len(rejection.problems)} problem(s)"]
        # Paths from the content folder on: the folder itself is on the line above.
        prefix = f"{content}{os.sep}"
        lines += [_shorten(p.removeprefix(prefix)) for p in rejection.problems[:MAX_PROBLEMS_SHOWN]]
        if len(rejection.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"… and {len(rejection.problems) - MAX_PROBLEMS_SHOWN} more "
                         f"(star-kiosk validate)")
        rows.append((strings.LAST_REJECTION.joined(), "\n".join(lines)))
    if status.run_started is not None:
        uptime = duration((now - status.run_started).total_seconds())
    else:
        uptime = "?"
    restarts = status.restarts
    running = f"{uptime} · {len(restarts)} restart(s)"
    if restarts:
        causes = "; ".join(f"{clock_time(r.time, now)} {r.detail or r.cause}"
                           for r in restarts[-3:])
        running += f" — {causes}"
    rows.append((strings.RUNNING.joined(), running))
    rows.append((strings.STAFF_PIN.joined(), refused_pins_today(status, now)))
    rows.append((strings.DATA_FOLDER.joined(), str(data_folder)))
    rows.append((strings.VERSION.joined(), version))
    return rows


def refused_pins_today(status: StaffStatus, now: datetime) -> str:
    """``3 wrong PINs today · 1 lockout · last 14:02``, or ``no wrong PIN today``: whether
    someone has been trying the pad."""
    today = [(moment, outcome) for moment, outcome in status.refused_pins
             if moment is not None and _local(moment, now).date() == now.date()]
    if not today:
        return "no wrong PIN today"
    tried = len(today)
    lockouts = sum(1 for _, outcome in today if outcome == "lockout")
    text = f"{tried} wrong PIN{'s' if tried != 1 else ''} today"
    if lockouts:
        text += f" · {lockouts} lockout{'s' if lockouts != 1 else ''}"
    return f"{text} · last {clock_time(today[-1][0], now)}"
