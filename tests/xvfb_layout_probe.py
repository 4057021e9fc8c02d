"""Prints, as JSON, where the staff controls appear on the current X screen (screen pixels).

Run by ``tests/test_xvfb_staff.py`` on the same Xvfb display, fonts and data it then starts
the real kiosk with, so xdotool can tap the buttons a person would, without guessing pixels.
Usage: ``python -m tests.xvfb_layout_probe DATA_DIR``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget

from kiosk.core.config import RunConfig
from kiosk.core.content.loader import load_deck
from kiosk.core.pin import PinStore
from kiosk.runtime.app import KioskApp
from kiosk.runtime.application import make_application
from kiosk.runtime.fonts import load_bundled_fonts


def main(data: Path) -> None:
    app = make_application()
    load_bundled_fonts()
    config = RunConfig(data_dir=data, supervised=False)
    deck = load_deck(config.content).deck
    assert deck is not None
    kiosk = KioskApp(deck, config, animate=False)
    kiosk.start()

    def centre(widget: QWidget) -> list[int]:
        app.processEvents()
        point = widget.mapToGlobal(widget.rect().center())
        return [point.x(), point.y()]

    places: dict[str, list[int]] = {}
    pad = kiosk.chrome.pinpad
    kiosk.staff.open()  # no PIN set yet
    places["no_pin_exit"] = centre(pad.exit_button)
    pad.exit_button.click()
    places["confirm_exit"] = centre(pad.confirm_button)
    pad.cancel()
    PinStore(data).set_pin("0000")
    kiosk.staff.open()
    for label, key in pad.keys.items():
        places[f"key_{label}"] = centre(key)
    pad.press("0")
    kiosk.staff.submit("0000")
    panel = kiosk.staff_controls.panel
    for name, button in panel.buttons.items():
        places[f"panel_{name}"] = centre(button)
    corner = kiosk.window.mapToGlobal(QPoint(5, 5))
    places["corner"] = [corner.x(), corner.y()]
    print(json.dumps(places))
    kiosk.request_exit(0)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
