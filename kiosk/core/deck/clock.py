"""Injectable clocks, so the deck's timers can run fast (or by hand) in tests without sleeping.

Every time the deck state reads is seconds on some monotonic scale; only differences matter.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Something that tells monotonic time in seconds."""

    def now(self) -> float:
        """Seconds on a monotonic scale (only differences mean anything)."""
        ...


class MonotonicClock:
    """The real clock: :func:`time.monotonic`."""

    scale = 1.0
    """How many clock seconds pass per real second (1: real time)."""

    def now(self) -> float:
        return time.monotonic()


class ScaledClock:
    """Real time sped up ``scale`` times: 90 s of idle timeout pass in 1.5 s at scale 60.

    Used by tests and soak runs that drive the real Qt event loop but cannot wait minutes.
    """

    def __init__(self, scale: float = 1.0) -> None:
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = float(scale)
        self._origin = time.monotonic()

    def now(self) -> float:
        return self._origin + (time.monotonic() - self._origin) * self.scale


class ManualClock:
    """A clock that moves only when told to: for pure-logic tests."""

    scale = 1.0

    def __init__(self, start: float = 1000.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds``; returns the new time."""
        if seconds < 0:
            raise ValueError("time only moves forward")
        self._now += seconds
        return self._now

    def set(self, now: float) -> None:
        """Jump to ``now`` (never backwards)."""
        if now < self._now:
            raise ValueError("time only moves forward")
        self._now = float(now)
