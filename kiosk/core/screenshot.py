"""Screenshots for remote support: how a request reaches the running kiosk. No Qt.

``star-kiosk screenshot`` cannot draw the kiosk's window itself (it is another process, maybe
on a Wayland compositor that lets no client read the screen), so it asks the kiosk: it writes
a request file, :data:`REQUEST_FILE`, into the data folder (atomically, by a rename) naming
the picture it wants; the kiosk watches the folder, grabs its window on the GUI thread (a
few milliseconds), encodes the PNG on a worker thread, writes it beside the request under a
temporary name and renames it into place, then removes the request. The command waits for the
picture to appear. A file, not a signal: it needs no process id, crosses ``sudo -u`` as the
kiosk's account, and is there to be answered even if the kiosk was busy when it came.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from kiosk.core.safe_files import write_text_atomically

REQUEST_FILE = "screenshot.request"
"""The request's name in the data folder."""
_NAME = re.compile(r"screenshot-[0-9]{8}-[0-9]{6}(?:-[0-9]+)?\.png")


def picture_name(now: datetime, folder: Path) -> str:
    """``screenshot-YYYYMMDD-HHMMSS.png`` for ``now``, with ``-2``, ``-3``… when taken."""
    base = f"screenshot-{now:%Y%m%d-%H%M%S}"
    name, number = f"{base}.png", 1
    while (folder / name).exists():
        number += 1
        name = f"{base}-{number}.png"
    return name


def write_request(folder: Path, name: str) -> Path:
    """Ask the kiosk on ``folder`` for a picture called ``name``; returns the request's path.
    Written under a temporary name and renamed, so the kiosk never reads half of it."""
    path = folder / REQUEST_FILE
    write_text_atomically(path, json.dumps({"name": name}))
    return path


def read_request(folder: Path) -> str | None:
    """The picture name a pending request asks for (removing the request), or None when
    there is none. A request that is not ours (an odd name, not JSON) is removed and gets
    a name of the kiosk's own choosing: a picture is still taken, never a path outside the
    data folder."""
    path = folder / REQUEST_FILE
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    try:
        path.unlink()
    except OSError:
        pass
    try:
        name = json.loads(text).get("name", "")
    except (ValueError, AttributeError):
        name = ""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        name = picture_name(datetime.now(), folder)
    return name
