"""The supervisor's one stoppable wait: sleep, but wake at once on a stop request.

A stop request comes from a signal handler, which Python runs on the main thread between two
bytecodes, possibly in the middle of the very wait it has to end. So the request is a flag
and one byte written down a pipe, and every wait is a ``select`` on that pipe's read end:
both are safe there. A :class:`threading.Event` is not: its ``set()`` takes a lock that the
interrupted main thread may be holding inside ``Event.wait``, and would deadlock.
"""

from __future__ import annotations

import os
import select
import time

FALLBACK_NAP = 0.1
"""Seconds between looks at the flag when the pipe cannot be waited on (it went away)."""


class StopRequest:
    """A stop request that :meth:`wait` wakes on, from a signal handler or any thread."""

    def __init__(self) -> None:
        self._requested = False
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)

    @property
    def requested(self) -> bool:
        """A stop was requested."""
        return self._requested

    def request(self) -> None:
        """Ask every wait, now and later, to return at once (safe from a signal handler)."""
        self._requested = True
        try:
            os.write(self._wake_write, b"s")  # wakes the wait at once; never drained
        except OSError:  # full (already woken many times over) or closed
            pass

    def fileno(self) -> int:
        """The descriptor every wait selects on (readable once a stop was requested)."""
        return self._wake_read

    def wait(self, seconds: float, readable: int | None = None) -> None:
        """Wait up to ``seconds``; return at once when a stop is requested or, when given,
        as soon as the descriptor ``readable`` has something to read (or reached its end)."""
        deadline = time.monotonic() + seconds
        watched = [self._wake_read] if readable is None else [self._wake_read, readable]
        while not self._requested:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                ready, _, _ = select.select(watched, [], [], left)
            except (OSError, ValueError):  # a descriptor went away: short naps, the caller
                time.sleep(min(left, FALLBACK_NAP))  # sees why on its next look
                if readable is not None:
                    return
                continue
            if readable is not None and readable in ready:
                return
