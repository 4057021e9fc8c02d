"""Shared by the end-to-end tests that run the real kiosk as a process (Xvfb, Wayland,
faults): waiting for what a test asserts, and reading the event log it wrote."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path


def wait_for(predicate: Callable[[], object], timeout: float, step: float = 0.1) -> object:
    """``predicate()``'s first truthy value within ``timeout`` seconds (else its last value)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def holds_for(predicate: Callable[[], object], seconds: float, step: float = 0.1) -> bool:
    """Whether ``predicate()`` stays truthy for ``seconds`` (False as soon as it is not).

    The one kind of wait that must let time pass: a check that something does *not* happen
    (a second slide change, a replaced kiosk, a repeated warning) can only watch for a while.
    Everything else waits for the state it needs with :func:`wait_for`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not predicate():
            return False
        time.sleep(step)
    return bool(predicate())


def read_events(path: Path) -> list[dict]:
    """The events of an ``events.jsonl`` (empty while it is not there, or was just deleted)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [json.loads(line) for line in lines if line.strip()]
