"""Proof of play: the event schema and its one writer, ``events.jsonl`` in the data folder.

Every line is one JSON object with ``time`` (ISO 8601, local timezone), ``event`` (a name
from :data:`SCHEMA`) and that event's fields. :data:`SCHEMA` is the single list of every
event the kiosk and its supervisor write, with each field and what it means; the README's
event table and ``star-kiosk report`` follow it, and proof-of-play consumers may rely on it.
A write that does not match the schema is still written (nothing is lost) but logged as an
error, so a test that writes an undeclared event or field fails.

The file rotates at 5 MB (``events.jsonl.1`` newest ... ``.10`` oldest), so it never grows
without bound; ``star-kiosk report`` reads the rotated files too. The kiosk and the
supervisor both append (each line in one ``write`` on an ``O_APPEND`` file, so lines never
interleave). Writing never raises: a full disk or a removed folder is logged (once per
kind of failure) and the kiosk carries on. A file deleted or moved away while open is
noticed before the next line (its inode is compared with the path's, like
``logging.handlers.WatchedFileHandler``): a warning, and a new file at the path.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from kiosk.core.journal import send_event
from kiosk.core.logs import EVENTS_BACKUPS, EVENTS_MAX_BYTES, rotate_file

log = logging.getLogger(__name__)

EVENTS_FILE = "events.jsonl"
"""The event log's name inside the data folder (rotated copies add ``.1`` ... ``.10``)."""


@dataclass(frozen=True)
class EventSpec:
    """One kind of event: its name, who writes it, what it means, and its fields."""

    name: str
    writer: str
    """``kiosk`` (the running app) or ``supervisor`` (the watchdog process)."""
    meaning: str
    fields: dict[str, str] = field(default_factory=dict)
    """Every field it always carries, with its meaning."""
    optional: dict[str, str] = field(default_factory=dict)
    """Fields it carries only sometimes."""

    def problems(self, fields: dict[str, Any]) -> list[str]:
        """What is wrong with ``fields`` for this event (empty when they match)."""
        missing = [name for name in self.fields if name not in fields]
        unknown = [name for name in fields if name not in self.fields and name not in self.optional]
        return ([f"missing field {name!r}" for name in missing]
                + [f"undeclared field {name!r}" for name in unknown])


def _specs(*specs: EventSpec) -> dict[str, EventSpec]:
    return {spec.name: spec for spec in specs}


SCHEMA: dict[str, EventSpec] = _specs(
    EventSpec("started", "kiosk", "the kiosk came up and shows its first slide", {
        "slides": "number of slides in the deck",
        "language": "the language it starts in (en, zh)",
        "size": "window size in pixels, WIDTHxHEIGHT",
        "windowed": "true for a curator's window, false for the locked full-screen kiosk",
        "pid": "the kiosk process's id",
        "renderer": "how slide changes are composited: gpu (OpenGL) or raster (software)",
        "renderer_reason": "why that renderer, in words (auto is raster until the GPU path "
                           "is measured faster)",
    }, {
        "gl_renderer": "the OpenGL renderer string, when an OpenGL context was looked for "
                       "and created",
        "timezone": "the kiosk's time zone by name (e.g. Asia/Shanghai), when the system "
                    "names one: the report reads every time in it",
    }),
    EventSpec("slide_shown", "kiosk", "a slide came on screen", {
        "slide": "the slide's id",
        "index": "its position in the deck, from 0",
        "trigger": "what brought it: auto, swipe, tap, key, jump (a person), idle_reset, start, "
                   "staff (the staff panel's jump)",
    }, {
        "showing": "how many slides were in the deck at that moment (those inside their show: "
                   "window), when the deck has show: windows",
        "show": "the slide's show: window in words (e.g. 2026-07-20 to 2026-07-26, Sat Sun, "
                "10:00–16:00), when it has one",
    }),
    EventSpec("language_changed", "kiosk", "a visitor switched the language", {
        "language": "the new language",
    }),
    EventSpec("idle_reset", "kiosk",
              "nobody touched for the idle timeout and the countdown ran out: back to the "
              "attract loop"),
    EventSpec("staff_exit", "kiosk", "staff left the kiosk with the PIN", {}, {
        "pin": "false when no PIN was set and staff left through the first-run exit",
    }),
    EventSpec("staff_action", "kiosk", "staff did something on the PIN pad or staff panel", {
        "action": "unlock (the right PIN opened the panel), pin (a PIN was refused), exit, "
                  "reload, pause, resume, jump or close",
    }, {
        "reason": "close: button, timeout (a minute untouched), jump (to see the slide) or "
                  "idle_reset",
        "slide": "jump: the slide's id",
        "index": "jump: its position, from 0",
        "outcome": "reload: reloaded, unchanged, rejected or unavailable; pin: wrong, lockout "
                   "(that wrong PIN locked the pad) or while_locked (entered while locked, not "
                   "checked) — never the digits",
        "tries_left": "pin wrong: tries left before the pad locks",
        "locked_for": "pin lockout or while_locked: seconds until the pad accepts PINs again",
        "problems": "reload refused: every problem, as file:line:column: problem — hint",
        "pin": "exit: false when no PIN was set (the first-run exit)",
    }),
    EventSpec("screenshot", "kiosk", "a picture of the screen was saved in the data folder "
              "(remote support)", {
        "file": "the PNG's name in the data folder",
        "by": "who asked: cli (star-kiosk screenshot) or staff (the staff panel)",
    }),
    EventSpec("content_reloaded", "kiosk", "edited content was valid and is now shown", {
        "slides": "number of slides",
        "files": "number of content files read",
        "warnings": "number of warnings (e.g. missing translations)",
    }, {
        "unchanged": "true when the content is valid again after a rejected edit but equal "
                     "to what is on screen (nothing swapped in)",
    }),
    EventSpec("content_rejected", "kiosk",
              "content was invalid; the last good content stays on screen", {
                  "problems": "every problem, as file:line:column: problem — hint",
                  "folder": "the content folder",
              }, {
                  "fallback": "at start-up: 'last-good' when the last good copy is shown, "
                              "null when there was none",
                  "at": "'start' when found at start-up (absent for a live edit)",
                  "last_good": "at start-up, why the last good copy could not be shown "
                               "instead: damaged (its files no longer match its content "
                               "hash), unreadable or invalid, and the details",
              }),
    EventSpec("closed", "kiosk", "opening hours ended: the calm closed screen is shown", {
        "reopens": "when it opens again (ISO 8601, minutes), or null if never",
    }),
    EventSpec("opened", "kiosk", "the closed screen went away", {
        "reason": "'schedule' (opening time reached) or 'touch' (a visitor woke it, where "
                  "the schedule allows wake_on_touch)",
    }),
    EventSpec("restart", "supervisor", "the kiosk stopped unexpectedly and was restarted", {
        "cause": "exit (a non-zero status), signal (killed by one) or hang (its heartbeat "
                 "stopped)",
        "detail": "what happened, in words",
        "slide": "the slide it resumes on (null: the first)",
        "delay": "seconds waited before the restart",
        "uptime": "seconds the stopped kiosk had run",
    }, {
        "exit_code": "the kiosk's exit status, when it exited",
        "signal": "the signal that ended it, when one did",
    }),
    EventSpec("unavailable", "supervisor",
              "the kiosk cannot run for now (invalid content with no last good copy, or a "
              "crash loop): the calm 'temporarily unavailable' screen is shown", {
                  "cause": "why, in words",
                  "slide": "the slide it was on",
                  "seconds": "the longest the screen stays before the next try (it ends "
                             "sooner when the cause is gone)",
              }, {
                  "exit_code": "the kiosk's exit status (invalid content)",
                  "crashes": "crashes within the window (crash loop)",
              }),
    EventSpec("stopped", "supervisor", "the supervisor was asked to stop, and the kiosk with it", {
        "reason": "the signal or request that stopped it",
        "slide": "the slide on screen",
        "uptime": "seconds the kiosk had run",
    }),
)
"""Every event, by name."""


def schema_table() -> str:
    """The schema as the Markdown table the README carries (a test keeps the two equal)."""
    rows = ["| event | written by | when | fields |", "| --- | --- | --- | --- |"]
    for spec in SCHEMA.values():
        fields = ([f"`{name}` {meaning}" for name, meaning in spec.fields.items()]
                  + [f"`{name}` (sometimes) {meaning}" for name, meaning in spec.optional.items()])
        rows.append(f"| `{spec.name}` | {spec.writer} | {spec.meaning} | "
                    f"{'; '.join(fields) or '—'} |")
    return "\n".join(rows)


def schema_problems(event: str, fields: dict[str, Any]) -> list[str]:
    """What is wrong with an event before it is written (empty when it matches the schema)."""
    spec = SCHEMA.get(event)
    if spec is None:
        return [f"undeclared event {event!r}: add it to kiosk.core.events.SCHEMA"]
    return spec.problems(fields)


def new_record(event: str, **fields: Any) -> dict[str, Any]:
    """The record for one event, stamped with the local time (schema mismatches logged)."""
    problems = schema_problems(event, fields)
    if problems:
        log.error("event %r does not match the schema: %s", event, "; ".join(problems))
    record: dict[str, Any] = {
        "time": datetime.now().astimezone().isoformat(timespec="milliseconds"),
        "event": event,
    }
    record.update(fields)
    return record


class EventLog:
    """Appends events to ``path`` (``<data dir>/events.jsonl``), one flushed line each."""

    def __init__(self, path: str | Path, *, max_bytes: int = EVENTS_MAX_BYTES,
                 backups: int = EVENTS_BACKUPS) -> None:
        self.path = Path(path)
        """The file written to."""
        self.max_bytes = max_bytes
        """Past this size the file is rotated to ``events.jsonl.1`` (the report reads those)."""
        self.backups = backups
        self._file: IO[str] | None = None
        self._lock = threading.Lock()
        self._failing = False
        self.written: dict[str, int] = {}
        """Lines written by this log, by event (the metrics file's ``events written``)."""

    @classmethod
    def in_folder(cls, folder: str | Path) -> EventLog:
        """The event log of a data folder."""
        return cls(Path(folder) / EVENTS_FILE)

    def write(self, event: str, **fields: Any) -> dict[str, Any] | None:
        """Append one event; returns the record written, or None if writing failed."""
        record = new_record(event, **fields)
        send_event(record)  # the journal too, where there is one (even with a full disk)
        try:
            line = json.dumps(record, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            log.exception("event %s could not be encoded", event)
            return None
        with self._lock:
            try:
                moved = self._file is not None and not self._file.closed and self._moved_away()
                if moved:
                    # Lines written on into a deleted or moved file would vanish with it.
                    if self.path.exists():  # rotated by the other writer: expected
                        log.info("the event log %s was rotated; reopening it", self.path)
                    else:
                        log.warning("the event log %s was removed or moved while the kiosk "
                                    "ran; starting a new one there", self.path)
                    self._drop_file()
                if self._file is None or self._file.closed:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._file = open(self.path, "a", encoding="utf-8")
                if self.max_bytes and self._file.tell() >= self.max_bytes:
                    # Weeks of slides must not fill the disk: shift to .1, .2... and start anew.
                    self._drop_file()
                    rotate_file(self.path, self.backups)
                    self._file = open(self.path, "a", encoding="utf-8")
                self._file.write(line + "\n")
                self._file.flush()
            except OSError:
                if not self._failing:  # once, not on every slide for days
                    log.exception("cannot write to the event log %s", self.path)
                self._failing = True
                self._drop_file()
                return None
            if self._failing:
                log.warning("event log %s is writable again", self.path)
                self._failing = False
            self.written[event] = self.written.get(event, 0) + 1
        return record

    def _moved_away(self) -> bool:
        """Whether the path no longer leads to the open file (as WatchedFileHandler checks)."""
        assert self._file is not None
        try:
            on_disk = os.stat(self.path)
        except FileNotFoundError:
            return True
        opened = os.fstat(self._file.fileno())
        return (on_disk.st_dev, on_disk.st_ino) != (opened.st_dev, opened.st_ino)

    def close(self) -> None:
        """Close the file (a later :meth:`write` opens it again)."""
        with self._lock:
            self._drop_file()

    def _drop_file(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError:
                pass
            self._file = None
