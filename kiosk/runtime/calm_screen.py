"""The "temporarily unavailable" screen the supervisor shows after a crash loop.

A tiny program of its own (``python -m kiosk.runtime.calm_screen``) so it shares nothing with
the kiosk that keeps crashing: no content, no deck, no slides. Full screen, locked like the
kiosk (close requests ignored); the supervisor ends it (SIGTERM) when it tries the kiosk again.
It lives in the runtime (it is a Qt program) and the supervisor only starts it as a process:
the supervisor never imports Qt (a contract in pyproject.toml).
"""

from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    """Show the screen until terminated; returns the Qt exit status."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.runtime.calm_screen")
    parser.add_argument("--screen", type=int, default=0)
    parser.add_argument("--windowed", action="store_true")
    options = parser.parse_args(argv)
    from kiosk.core.heartbeat import supervisor_pid_from_env
    from kiosk.core.instance import die_with_parent

    die_with_parent(supervisor_pid_from_env())  # never outlive the supervisor on screen

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCloseEvent, QGuiApplication

    from kiosk.core.strings import TRY_AGAIN_LATER, UNAVAILABLE
    from kiosk.runtime.application import make_application
    from kiosk.runtime.fonts import load_bundled_fonts
    from kiosk.runtime.widgets.closed_screen import CalmScreen

    class LockedScreen(CalmScreen):
        def closeEvent(self, event: QCloseEvent) -> None:
            event.ignore()  # visitors cannot close it

    app = make_application(sys.argv[:1])
    load_bundled_fonts()
    screen_widget = LockedScreen(UNAVAILABLE.lines(), detail=TRY_AGAIN_LATER.joined())
    screens = QGuiApplication.screens()
    screen = screens[options.screen] if 0 <= options.screen < len(screens) else \
        QGuiApplication.primaryScreen()
    if options.windowed:
        screen_widget.resize(960, 540)
        screen_widget.show()
    else:
        screen_widget.setWindowFlags(Qt.WindowType.FramelessWindowHint
                                     | Qt.WindowType.WindowStaysOnTopHint)
        screen_widget.setCursor(Qt.CursorShape.BlankCursor)
        # Without a window manager a full-screen request alone leaves a small window.
        screen_widget.setGeometry(screen.geometry())
        screen_widget.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
