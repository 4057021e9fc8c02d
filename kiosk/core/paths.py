"""Where the kiosk keeps its files: bundled content and assets, and the per-user data folder."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The ``kiosk`` package folder."""
PROJECT_ROOT = PACKAGE_ROOT.parent
BUNDLED_CONTENT = PROJECT_ROOT / "content"
"""The exhibition shipped with the app: the default content folder everywhere."""
ASSETS = PROJECT_ROOT / "assets"
"""The app's own fonts and icon (not the exhibition's images, which live with the content)."""


def data_dir(override: str | Path | None = None) -> Path:
    """The folder for logs, events and settings (created if needed).

    ``override`` (from ``--data-dir``) wins; otherwise the platform's user data folder. A
    folder that cannot be created is returned all the same, with one warning: every writer
    of the data folder copes with failing writes, and the kiosk must still come up.
    """
    folder = Path(override) if override else Path(user_data_dir("star-kiosk", appauthor=False))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if folder not in _warned:
            _warned.add(folder)
            print(f"star-kiosk: warning: cannot create the data folder {folder}: "
                  f"{error.strerror or error}; nothing will be saved there", file=sys.stderr)
    return folder


_warned: set[Path] = set()
"""Data folders already warned about, so the warning comes once per process."""
