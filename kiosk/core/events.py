"""Proof of play: ``events.jsonl`` in the data folder, one JSON object per line.

Each line has ``time`` (ISO 8601 with the local timezone) and ``event``, plus fields:

* ``started`` — the kiosk came up
* ``slide_shown`` — ``slide`` (id), ``index``, ``trigger`` (auto, swipe, tap, key, jump,
  idle_reset, start)
* ``language_changed`` — ``language``
* ``idle_reset`` — nobody touched for the idle timeout; back to the attract loop
* ``staff_exit`` — staff left with the PIN

The file rotates at 5 MB (``events.jsonl.1`` newest ... ``.10`` oldest), so it never grows
without bound; ``star-kiosk report`` reads the rotated files too.

Writing never raises: a full disk or a removed folder is logged (once per kind of failure)
and the kiosk carries on. The public surface is :attr:`EventLog.path` and
:meth:`EventLog.write`, so rotation and more events can be added around them.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from kiosk.core.journal import send_event
from kiosk.core.logs import EVENTS_BACKUPS, EVENTS_MAX_BYTES, rotate_file

log = logging.getLogger(__name__)

EVENTS_FILE = "events.jsonl"


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

    @classmethod
    def in_folder(cls, folder: str | Path) -> EventLog:
        """The event log of a data folder."""
        return cls(Path(folder) / EVENTS_FILE)

    def write(self, event: str, **fields: Any) -> dict[str, Any] | None:
        """Append one event; returns the record written, or None if writing failed."""
        record: dict[str, Any] = {
            "time": datetime.now().astimezone().isoformat(timespec="milliseconds"),
            "event": event,
        }
        record.update(fields)
        try:
            line = json.dumps(record, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            log.exception("event %s could not be encoded", event)
            return None
        with self._lock:
            try:
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
        send_event(record)  # the journal too, where there is one (kiosk.core.journal)
        return record

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
