"""Rotating log files in the data folder, so weeks of running never fill the disk."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from kiosk.core.content.characters import escape_message

LOG_FILE = "kiosk.log"
_HANDLER_NAME = "star-kiosk"
SUPERVISOR_LOG_FILE = "supervisor.log"
"""Where the supervisor logs on Windows, which cannot rename a file another process holds."""
MAX_LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 5


def setup_logging(data_folder: Path, *, verbose: bool = False, rotate: bool = True) -> Path:
    """Log to ``data_folder/kiosk.log`` (rotated at 2 MB, 5 kept) and warnings to stderr.

    ``rotate=False`` is for the supervisor, which shares the log with the kiosk it runs: one
    process only (the kiosk) may rotate a file, so the supervisor appends and reopens the file
    when the kiosk has rotated it away (on Windows, where an open file cannot be renamed, it
    keeps its own ``supervisor.log`` instead). Returns the log file's path, for messages that
    point a user at it.
    """
    path = data_folder / LOG_FILE
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    file_handler: logging.Handler
    if rotate or sys.platform == "win32":
        if not rotate:
            path = data_folder / SUPERVISOR_LOG_FILE
        file_handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8",
            delay=True,
        )
    else:
        file_handler = logging.handlers.WatchedFileHandler(path, encoding="utf-8", delay=True)
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(_ConsoleFormatter(path))
    # The supervisor logs its child's stderr as "kiosk.child"; it echoed that raw already.
    console.addFilter(lambda record: record.name != "kiosk.child")
    for handler in (file_handler, console):
        handler.set_name(_HANDLER_NAME)  # so a second set-up replaces, not doubles, it
        handler.addFilter(_escape_values)
        root.addHandler(handler)
    sys.excepthook = _log_uncaught
    return path


def _escape_values(record: logging.LogRecord) -> bool:
    """Write every log line's message with control, bidi and separator characters escaped.

    A log line quotes values from outside: content file names, problems, paths. Escaped
    (``\\x1b``, ``\\n``, ``\\u202e``), none can forge a line of kiosk.log or drive the terminal
    of the person reading it. Tracebacks are formatted apart and keep their lines.
    """
    message = record.getMessage()
    escaped = escape_message(message)
    if escaped != message:
        record.msg, record.args = escaped, None
    return True


class _ConsoleFormatter(logging.Formatter):
    """One line per record for the person at the terminal; tracebacks go to the file only."""

    def __init__(self, log_file: Path) -> None:
        super().__init__()
        self.log_file = log_file

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().splitlines() or [""]
        text = f"star-kiosk: {record.levelname.lower()}: {lines[0]}"
        if record.exc_info or len(lines) > 1:
            text += f" (details in {self.log_file})"
        return text


def _log_uncaught(kind: type[BaseException], value: BaseException, trace: object) -> None:
    """Where Python (and PySide6, for errors in slots and overrides) sends uncaught errors.

    The full traceback goes to the log file; the console gets one line; the program goes on
    where it can, as a kiosk must.
    """
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, trace)  # type: ignore[arg-type]
        return
    logging.getLogger("kiosk").error("unexpected error: %s: %s", kind.__name__, value,
                                     exc_info=(kind, value, trace))  # type: ignore[arg-type]


EVENTS_MAX_BYTES = 5 * 1024 * 1024
EVENTS_BACKUPS = 10
"""``events.jsonl`` rotates at 5 MB and keeps 10 old files: months of visits, bounded on disk."""


def rotate_file(path: Path, backups: int) -> None:
    """Shift ``path`` to ``path.1``, ``path.1`` to ``path.2``... dropping ``path.<backups>``.

    The same numbering as :class:`logging.handlers.RotatingFileHandler` (``.1`` is the newest
    old file), which the report reads back in order. Call it with the file closed.
    """
    for number in range(backups - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{number + 1}"))
    if path.exists():
        path.replace(path.with_name(f"{path.name}.1"))
