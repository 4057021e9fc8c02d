"""What code that logs events needs of the event log: one ``write``.

:class:`kiosk.core.events.EventLog` is the real one; tests pass a recorder. Reload and the
operations both take an :class:`EventWriter`, so the kiosk hands them its own log.
"""

from __future__ import annotations

from typing import Any, Protocol


class EventWriter(Protocol):
    """Anything that appends events of :data:`kiosk.core.events.SCHEMA`."""

    def write(self, event: str, **fields: Any) -> object:
        """Append one event (the result, if any, is the record written)."""
        ...
