"""The kiosk's time zone by name (``Asia/Shanghai``), for the log and the report. No Qt.

Event times carry their UTC offset, which is enough to order them but not to name the zone
a manager reads the report in (and an offset changes with daylight saving). The kiosk names
its zone in the ``started`` event; the report reads every time in it.
"""

from __future__ import annotations

import os
from pathlib import Path

_ZONEINFO = "zoneinfo/"


def local_zone_name() -> str | None:
    """The IANA name of this machine's local time zone, or None when it cannot be told:
    ``$TZ`` when it names a zone, else ``/etc/timezone`` (Debian), else the zone file
    ``/etc/localtime`` links to."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    candidates: list[str] = []
    if os.environ.get("TZ"):
        candidates.append(os.environ["TZ"].lstrip(":"))
    try:
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    except OSError:
        pass
    try:
        target = os.path.realpath("/etc/localtime")
        if _ZONEINFO in target:
            candidates.append(target.split(_ZONEINFO, 1)[1])
    except OSError:
        pass
    for name in candidates:
        if not name or name.startswith("/") or ".." in name:
            continue
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return None
