"""Is the cause of an outage gone? What the supervisor checks while the calm screen shows.

The "temporarily unavailable" screen used to wait out a fixed 300 s even when the cause was
fixed a moment later. While it shows, the supervisor now looks every few seconds at what
can keep a kiosk down, and tries the kiosk again as soon as one of them turned good:

* the **display**: the X server's socket accepts a connection again (or the Wayland socket
  is back), after it did not;
* the **disk**: the data folder's file system has room again, after it was full;
* the **content**: the folder changed since the outage began (a fix, a symlink swapped to a
  new release, a folder that came back) and is valid now.

No Qt: this runs in the supervisor, which must work whatever state the display is in.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.content.stamp import folder_stamp

log = logging.getLogger(__name__)

MIN_FREE_BYTES = 1024 * 1024
"""Below this much free space the data folder's disk counts as full."""


@dataclass(frozen=True)
class Conditions:
    """What can keep a kiosk down, as seen at one moment (None: cannot tell)."""

    display: bool | None
    disk_room: bool | None
    content_stamp: str


def display_reachable(env: Mapping[str, str]) -> bool | None:
    """Whether the display the kiosk would use accepts connections (None: no display to
    check, e.g. the offscreen platform, or a remote X server)."""
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")):
        return None
    wayland = env.get("WAYLAND_DISPLAY")
    if wayland and platform.startswith("wayland"):
        runtime = env.get("XDG_RUNTIME_DIR", "")
        return _connectable(wayland if wayland.startswith("/") else os.path.join(runtime, wayland))
    display = env.get("DISPLAY", "")
    if not display.startswith(":"):
        return None  # host:N over TCP, or nothing set: not ours to probe
    number = display[1:].split(".")[0]
    if not (number.isascii() and number.isdigit()):
        return None
    return _connectable(f"/tmp/.X11-unix/X{number}")


def _connectable(path: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(1.0)
        try:
            probe.connect(path)
        except OSError:
            return False
    return True


def disk_has_room(folder: Path) -> bool | None:
    """Whether ``folder``'s file system has at least :data:`MIN_FREE_BYTES` free."""
    try:
        return shutil.disk_usage(folder).free >= MIN_FREE_BYTES
    except OSError:
        return None


def content_stamp(folder: Path | None) -> str:
    """The content folder's fingerprint (:func:`kiosk.core.content.stamp.folder_stamp`, the
    same one hot reload uses): where it leads, and its files' names, sizes and times."""
    return folder_stamp(folder).digest


def content_valid(folder: Path) -> bool:
    """Whether the content folder loads without errors."""
    from kiosk.core.content.loader import load_deck

    try:
        return load_deck(folder).deck is not None
    except Exception:  # the validator's own failure must not take the supervisor down
        log.exception("checking the content in %s failed", folder)
        return False


class RecoveryWatch:
    """Compares the conditions now with those when an outage began."""

    def __init__(self, content: Path | None, data_folder: Path, env: Mapping[str, str], *,
                 valid: Callable[[Path], bool] = content_valid) -> None:
        self.content = content
        self.data_folder = data_folder
        self.env = env
        self._valid = valid
        self._before: Conditions | None = None
        self._checked_stamp = ""

    def conditions(self) -> Conditions:
        """The conditions now."""
        return Conditions(display_reachable(self.env), disk_has_room(self.data_folder),
                          content_stamp(self.content))

    def begin(self) -> None:
        """An outage begins: remember how things stand."""
        self._before = self.conditions()
        self._checked_stamp = self._before.content_stamp
        log.info("waiting for the cause to go: display %s, disk room %s",
                 _word(self._before.display), _word(self._before.disk_room))

    def cause_gone(self) -> str | None:
        """Why the kiosk is worth trying again now, or None to keep waiting."""
        if self._before is None:
            return None
        now = self.conditions()
        if self._before.display is False and now.display:
            return "the display is back"
        if self._before.disk_room is False and now.disk_room:
            return "the disk has room again"
        if self.content is not None and now.content_stamp != self._checked_stamp:
            self._checked_stamp = now.content_stamp  # validate each new state once only
            if self._valid(self.content):
                return "the content changed and is valid"
        return None


def _word(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")
