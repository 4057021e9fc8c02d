"""The kiosk's heartbeat: proof, every half second, that its GUI thread is still turning.

The supervised kiosk sends a tiny JSON line (its pid, a sequence number and the slide it
shows) from a QTimer on the GUI thread, so a frozen event loop stops the beats. The
supervisor reads them to detect a hang and to know which slide to resume on.

The beats travel over a **pipe** the supervisor made for this one child, never through a
file, and that choice is what makes disk faults harmless:

* a read-only or full data folder cannot stop the beats, so "cannot write" is never taken
  for "GUI frozen" (a file heartbeat made a full disk look like a hang every few seconds);
* the pipe belongs to one child: an orphaned old kiosk, or a second one started by hand,
  has no way to refresh it, so a frozen kiosk on screen is always noticed;
* when the supervisor dies the pipe has no reader, and the kiosk's next beat fails with
  ``BrokenPipeError``: the kiosk knows it is orphaned and leaves (besides the
  ``PR_SET_PDEATHSIG`` of :mod:`kiosk.core.instance`).

The write end's number is in the ``STAR_KIOSK_HEARTBEAT_FD`` environment variable, which
only the supervisor sets; without it, nothing is sent. The write end is non-blocking: a
supervisor that stops reading (stopped, or swapped out) makes beats be dropped, never
blocks the GUI. Each line is far below ``PIPE_BUF``, so it arrives whole. This module is the
format and both ends, shared by the supervisor and the kiosk's Qt writer
(:mod:`kiosk.runtime.heartbeat`).
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

ENV_VAR = "STAR_KIOSK_HEARTBEAT_FD"
"""Environment variable naming the pipe's write end; set by the supervisor for its child."""
SUPERVISOR_PID_VAR = "STAR_KIOSK_SUPERVISOR_PID"
"""The supervisor's pid, so its child can tell it was orphaned before it even started."""
INTERVAL_MS = 500
MAX_LINE = 1024
"""A beat longer than this is cut (a slide id is short): a line must stay below PIPE_BUF."""


@dataclass(frozen=True)
class Beat:
    """One heartbeat as read back from the pipe."""

    pid: int
    seq: int
    slide: str
    wall_time: float
    """``time.time()`` when sent: for humans reading a log, not for hang detection."""


def encode_beat(pid: int, seq: int, slide: str) -> bytes:
    """One beat as the line sent down the pipe."""
    line = json.dumps({"pid": pid, "seq": seq, "slide": slide[:200], "time": time.time()})
    return line.encode("utf-8")[:MAX_LINE - 1] + b"\n"


def decode_beat(line: bytes) -> Beat | None:
    """The beat in one line, or None when it is not one."""
    try:
        data = json.loads(line.decode("utf-8"))
        return Beat(int(data["pid"]), int(data["seq"]), str(data.get("slide") or ""),
                    float(data.get("time", 0.0)))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def send_beat(fd: int, pid: int, seq: int, slide: str) -> bool:
    """Send one beat on the (non-blocking) write end ``fd``.

    Returns False when the pipe is full (the supervisor is not reading just now: the beat is
    dropped rather than block the GUI). Raises ``BrokenPipeError`` when nobody reads any more
    (the supervisor is gone) and other ``OSError`` for a closed or wrong descriptor.
    """
    try:
        os.write(fd, encode_beat(pid, seq, slide))
    except BlockingIOError:
        return False
    return True


class BeatReader:
    """The supervisor's end: the newest beat from a non-blocking read end, without waiting."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        os.set_blocking(fd, False)
        self._pending = b""
        self.closed = False
        """The write end is closed everywhere (the child exited) and everything was read."""

    def poll(self) -> Beat | None:
        """The newest complete beat that arrived since the last call, or None."""
        newest: Beat | None = None
        while not self.closed:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            except OSError:
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self._pending += chunk
            *lines, self._pending = self._pending.split(b"\n")
            self._pending = self._pending[-MAX_LINE:]  # never grows without bound
            for line in lines:
                beat = decode_beat(line)
                if beat is not None:
                    newest = beat
        return newest

    def close(self) -> None:
        """Close the read end."""
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.closed = True


def heartbeat_fd_from_env() -> int | None:
    """The pipe the supervisor asked beats on, or None when not supervised."""
    value = os.environ.get(ENV_VAR, "")
    return int(value) if value.isascii() and value.isdigit() else None


def supervisor_pid_from_env() -> int | None:
    """The supervisor's pid when this process is its child, else None."""
    value = os.environ.get(SUPERVISOR_PID_VAR, "")
    return int(value) if value.isascii() and value.isdigit() else None
