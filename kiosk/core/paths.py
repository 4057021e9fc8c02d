"""Where the kiosk keeps its files: bundled content and assets, and the per-user data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The ``kiosk`` package folder."""
PROJECT_ROOT = PACKAGE_ROOT.parent
"""The repository checkout (meaningful only when running from one, e.g. an editable install)."""


def _bundled(folder: str) -> Path:
    """Where the top-level ``folder`` (``content`` or ``assets``) is found.

    A wheel or ``pip install .`` carries it inside the package as ``kiosk/bundled_<folder>``
    (pyproject.toml maps it there); a checkout or an editable install keeps the curated
    source at the repository's top level, so edits there show at once.
    """
    installed = PACKAGE_ROOT / f"bundled_{folder}"
    return installed if installed.is_dir() else PROJECT_ROOT / folder


BUNDLED_CONTENT = _bundled("content")
"""The exhibition shipped with the app: the default content folder everywhere."""
ASSETS = _bundled("assets")
"""The app's own fonts and icon (not the exhibition's images, which live with the content)."""


def data_dir(override: str | Path | None = None) -> Path:
    """The folder for logs, events and settings (created if needed).

    ``override`` (from ``--data-dir``) wins; otherwise the platform's user data folder.
    """
    folder = Path(override) if override else Path(user_data_dir("star-kiosk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
