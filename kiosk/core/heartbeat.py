"""The kiosk's heartbeat: proof, every half second, that its GUI thread is still turning.

The supervised kiosk writes a tiny JSON file (its pid, a sequence number and the slide it
shows) from a QTimer on the GUI thread, so a frozen event loop stops the beats. The
supervisor reads it to detect a hang and to know which slide to resume on.

The file is named by the ``STAR_KIOSK_HEARTBEAT`` environment variable, which only the
supervisor sets; without it, nothing is written. Writes are atomic (a temporary file
renamed over the old one), so a reader never sees half a beat. This module is the file's
format, shared by both sides; the kiosk's Qt writer is :mod:`kiosk.runtime.heartbeat`.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

ENV_VAR = "STAR_KIOSK_HEARTBEAT"
"""Environment variable naming the heartbeat file; set by the supervisor for its child."""
HEARTBEAT_FILE = "heartbeat.json"
"""The file's name inside the data folder."""
INTERVAL_MS = 500


@dataclass(frozen=True)
class Beat:
    """One heartbeat as read back from the file."""

    pid: int
    seq: int
    slide: str
    wall_time: float
    """``time.time()`` when written: for humans reading the file, not for hang detection."""


def write_beat(path: Path, pid: int, seq: int, slide: str) -> None:
    """Atomically replace ``path`` with one beat."""
    payload = json.dumps({"pid": pid, "seq": seq, "slide": slide, "time": time.time()})
    temporary = path.with_name(f".{path.name}.{pid}.tmp")
    temporary.write_text(payload, encoding="utf-8")
    os.replace(temporary, path)  # atomic on POSIX and Windows: readers see old or new


def read_beat(path: Path) -> Beat | None:
    """The last beat written to ``path``, or None if there is none (or it is unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Beat(int(data["pid"]), int(data["seq"]), str(data.get("slide") or ""),
                    float(data.get("time", 0.0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def heartbeat_path_from_env() -> Path | None:
    """The heartbeat file the supervisor asked for, or None when not supervised."""
    value = os.environ.get(ENV_VAR)
    return Path(value) if value else None
