"""The curator's windowed preview (``run --windowed``): exactly the kiosk's screen, smaller.

The preview lays every slide out at the kiosk's own size — the deck's first ``screens``
entry, or ``--size`` — so its line breaks, cut texts and pictures are the kiosk's. Only the
rendering is scaled to fit the desktop: Qt's ``QT_SCALE_FACTOR`` (below 1) draws the whole
window smaller while widgets, fonts and text layout keep their logical sizes (fonts are set
unhinted, so a glyph's advance does not depend on the scale). The factor must be known before
the application exists, so the desktop's size is asked of a short-lived child process.
"""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys

log = logging.getLogger(__name__)

SCALE_ENV = "QT_SCALE_FACTOR"
ROOM = (0.94, 0.88)
"""The share of the desktop's free width and height the window may take (its frame and the
desktop's panels need the rest)."""

_PROBE = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "screens = app.screens()\n"
    "index = int(sys.argv[1])\n"
    "screen = screens[index] if 0 < index < len(screens) else app.primaryScreen()\n"
    "area = screen.availableGeometry()\n"
    "print(area.width(), area.height())\n"
)


def preview_size(screens: tuple[str, ...], size: tuple[int, int] | None) -> tuple[int, int]:
    """The kiosk screen the preview shows: ``size`` (``--size``) or the deck's first
    ``screens`` entry ("1920x1080")."""
    if size is not None:
        return size
    width, height = screens[0].lower().split("x")
    return int(width), int(height)


def fit_scale(size: tuple[int, int], desktop: tuple[int, int]) -> float:
    """How much smaller than ``size`` the window must be drawn to fit ``desktop`` (its free
    area); 1.0 when it fits as it is (never larger: a preview is never blown up)."""
    if desktop[0] <= 0 or desktop[1] <= 0:
        return 1.0
    scale = min(desktop[0] * ROOM[0] / size[0], desktop[1] * ROOM[1] / size[1], 1.0)
    return max(0.1, math.floor(scale * 100) / 100)


def desktop_size(screen: int) -> tuple[int, int] | None:
    """The free area of screen ``screen`` in logical pixels, asked of a child process (the
    kiosk's own application must not exist yet); None when it cannot tell."""
    environment = {k: v for k, v in os.environ.items() if k != SCALE_ENV}
    try:
        answer = subprocess.run([sys.executable, "-c", _PROBE, str(screen)], capture_output=True,
                                text=True, timeout=30, check=True, env=environment)
        width, height = (int(n) for n in answer.stdout.split()[-2:])
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.warning("could not measure the desktop for the preview (%s); drawn unscaled", error)
        return None
    return width, height


def scale_rendering_to_desktop(size: tuple[int, int], screen: int) -> float:
    """Before the application exists: set ``QT_SCALE_FACTOR`` so a window of ``size``
    logical pixels fits screen ``screen``; return the factor (1.0: none needed or possible).
    A factor the user set already is kept."""
    if os.environ.get(SCALE_ENV):
        log.info("preview: %s=%s set by the user is kept", SCALE_ENV, os.environ[SCALE_ENV])
        return 1.0
    desktop = desktop_size(screen)
    scale = fit_scale(size, desktop) if desktop is not None else 1.0
    if scale < 1.0:
        os.environ[SCALE_ENV] = f"{scale:g}"
    log.info("preview: the kiosk's %dx%d screen drawn at %d%% to fit the desktop %s",
             size[0], size[1], round(scale * 100), desktop)
    return scale
