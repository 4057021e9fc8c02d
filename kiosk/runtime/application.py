"""The one QApplication factory of every Qt program in the package.

The kiosk (``run``), the calm screen, ``export``, ``check`` and the bench's children all get
their application here, so the attributes Qt reads only before the application exists are set
the same way everywhere, and a program without a display draws offscreen instead of failing.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

NAME = "STAR Kiosk"


def has_display() -> bool:
    """Whether an X11 or Wayland display is there to connect to."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def make_application(argv: list[str] | None = None, *, offscreen_without_display: bool = False
                     ) -> QApplication:
    """The process's QApplication: the running one, or a new one made with the attributes the
    kiosk needs set before it exists.

    ``offscreen_without_display``: a tool that only draws into images (``export``,
    ``check``) uses Qt's offscreen platform when there is no display, rather than stopping
    because none is there (a platform the caller set explicitly is kept).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        if offscreen_without_display and not has_display():
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Touch is handled by our recogniser alone: no mouse events made up from touches.
        QCoreApplication.setAttribute(
            Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, False)
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontCreateNativeWidgetSiblings)
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(NAME)
    app.setApplicationDisplayName(NAME)
    return app
