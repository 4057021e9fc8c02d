"""Rotating log files in the data folder, so weeks of running never fill the disk."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FILE = "kiosk.log"
MAX_LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 5


def setup_logging(data_folder: Path, *, verbose: bool = False) -> Path:
    """Log to ``data_folder/kiosk.log`` (rotated at 2 MB, 5 kept) and warnings to stderr.

    Returns the log file's path, for messages that point a user at it.
    """
    path = data_folder / LOG_FILE
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_star_kiosk", False):
            root.removeHandler(handler)
            handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("star-kiosk: %(levelname)s: %(message)s"))
    for handler in (file_handler, console):
        handler._star_kiosk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return path
