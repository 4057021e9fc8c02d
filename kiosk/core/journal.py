"""Events to the systemd journal as well, so a museum's log stack collects every kiosk.

Written with journald's native protocol (a datagram of ``FIELD=value`` lines to
``/run/systemd/journal/socket``, https://systemd.io/JOURNAL_NATIVE_PROTOCOL/) using only the
standard library. Each event becomes one journal entry:

* ``MESSAGE`` — a readable line, e.g. ``slide_shown slide=opening index=0 trigger=start``;
* ``SYSLOG_IDENTIFIER=star-kiosk``, ``PRIORITY`` (warning for rejections, restarts and the
  unavailable screen, info otherwise);
* ``STAR_KIOSK_EVENT`` — the event's name, and one ``STAR_KIOSK_<FIELD>`` per event field
  (strings as they are, everything else as JSON), so ``journalctl STAR_KIOSK_EVENT=restart``
  or a log shipper can select and read them without parsing; ``STAR_KIOSK_TIME`` is the
  event's own time, in the kiosk's zone with its offset (``star-kiosk report --journal`` reads
  exports of these entries).

Where there is no journal (no socket: a container, another OS) nothing is sent and nothing
is logged. Sending never raises and never blocks: a full socket buffer drops that entry.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import struct
import threading
from typing import Any

log = logging.getLogger(__name__)

JOURNAL_SOCKET = "/run/systemd/journal/socket"
IDENTIFIER = "star-kiosk"
FIELD_PREFIX = "STAR_KIOSK_"
WARNING_EVENTS = frozenset({"content_rejected", "restart", "unavailable"})
_PRIORITY_WARNING, _PRIORITY_INFO = 4, 6


def field_name(name: str) -> str:
    """A journal field name for an event field: upper case, letters, digits and ``_``."""
    cleaned = "".join(c if c.isascii() and c.isalnum() else "_" for c in name.upper())
    return (FIELD_PREFIX + cleaned)[:64]


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def entry(record: dict[str, Any]) -> dict[str, str]:
    """The journal fields of one event record (as :class:`~kiosk.core.events.EventLog`
    writes it: ``time``, ``event`` and the event's fields)."""
    event = str(record.get("event", "unknown"))
    details = {key: value for key, value in record.items() if key not in ("time", "event")}
    message = " ".join([event, *(f"{key}={_value(value)}" for key, value in details.items())])
    fields = {
        "MESSAGE": message,
        "PRIORITY": str(_PRIORITY_WARNING if event in WARNING_EVENTS else _PRIORITY_INFO),
        "SYSLOG_IDENTIFIER": IDENTIFIER,
        f"{FIELD_PREFIX}EVENT": event,
    }
    if isinstance(record.get("time"), str):  # the kiosk's local time, with its offset
        fields[f"{FIELD_PREFIX}TIME"] = record["time"]
    fields.update({field_name(key): _value(value) for key, value in details.items()})
    return fields


def encode(fields: dict[str, str]) -> bytes:
    """The native-protocol datagram: ``KEY=value`` lines, or for a value holding a newline
    ``KEY``, a newline, its length as 64-bit little endian, the bytes and a newline."""
    parts = []
    for key, value in fields.items():
        data = value.encode("utf-8")
        if b"\n" in data:
            parts.append(key.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n")
        else:
            parts.append(key.encode() + b"=" + data + b"\n")
    return b"".join(parts)


class JournalSink:
    """Sends event records to journald when its socket is there."""

    def __init__(self, path: str = JOURNAL_SOCKET) -> None:
        self.path = path
        """The journal's native socket."""
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._available = os.path.exists(path)

    def send(self, record: dict[str, Any]) -> bool:
        """Send one event record; True when the journal took it."""
        if not self._available:
            return False
        try:
            data = encode(entry(record))
            with self._lock:
                if self._socket is None:
                    self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                    self._socket.setblocking(False)
                self._socket.sendto(data, self.path)
            return True
        except OSError as error:
            # Too big for a datagram, a full buffer or a journal that went away: the
            # event is still in events.jsonl, so this costs only the journal's copy.
            log.debug("journal did not take an event: %s", error)
            return False


_default: JournalSink | None = None


def send_event(record: dict[str, Any]) -> bool:
    """Send an event record to the system journal (if there is one); never raises."""
    global _default
    if _default is None:
        _default = JournalSink()
    return _default.send(record)
