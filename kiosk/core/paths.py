"""Where the kiosk keeps its files: bundled content and assets, and the per-user data folder."""

from __future__ import annotations

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

    ``override`` (from ``--data-dir``) wins; otherwise the platform's user data folder.
    """
    folder = Path(override) if override else Path(user_data_dir("star-kiosk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
