"""The app's bundled fonts (a Noto Sans SC subset in ``assets/fonts``), registered with Qt.

A fresh kiosk PC may have no CJK font at all; registering ours means Chinese never renders
as empty boxes. Registration happens once per process, before the first slide is built.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase

from kiosk.core.paths import ASSETS

log = logging.getLogger(__name__)

FONT_DIR = ASSETS / "fonts"
"""Where the bundled .otf/.ttf files live."""

_loaded: dict[str, tuple[str, ...]] = {}
"""Font file → families it registered, so calling twice never registers twice."""


def load_bundled_fonts(folder: Path | None = None) -> list[str]:
    """Register every .otf/.ttf in ``folder`` (default ``assets/fonts``); return the families.

    Needs a QGuiApplication. A missing or empty folder, or an unreadable file, is logged and
    skipped: the kiosk then falls back to the system's fonts rather than failing.
    """
    folder = FONT_DIR if folder is None else Path(folder)
    families: list[str] = []
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in (".otf", ".ttf"))
    if not files:
        log.warning("no bundled fonts in %s; using the system's fonts", folder)
    for path in files:
        key = str(path.resolve())
        if key not in _loaded:
            font_id = QFontDatabase.addApplicationFont(key)
            if font_id < 0:
                log.warning("could not load font %s", path)
                _loaded[key] = ()
            else:
                _loaded[key] = tuple(QFontDatabase.applicationFontFamilies(font_id))
                log.debug("registered font %s: %s", path.name, ", ".join(_loaded[key]))
        families.extend(f for f in _loaded[key] if f not in families)
    return families


def check_families(*families: str) -> list[str]:
    """The families among ``families`` that Qt does not know; each is logged as a warning."""
    known = set(QFontDatabase.families())
    missing = [f for f in dict.fromkeys(families) if f not in known]
    for family in missing:
        log.warning("font family '%s' is not available; Qt will substitute another", family)
    return missing
