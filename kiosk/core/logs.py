"""Rotating log files in the data folder, so weeks of running never fill the disk.

``kiosk.log`` is written by two processes, the supervisor and the kiosk it runs, and it
rotates whichever of them is running: a kiosk that cannot start (a crash at import, a crash
loop, the calm screen for days) must not leave the supervisor appending tracebacks to a file
nobody rotates. Each process checks the file's size before a line; past the cap, the one
that sees it first rotates under an ``flock`` on ``.kiosk.log.lock`` (so two processes
crossing the cap together rotate once, never twice), and both follow the new file by its
inode, as ``logging.handlers.WatchedFileHandler`` does.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
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

    ``rotate=False`` is for the supervisor, which shares the log with the kiosk it runs. On
    POSIX both processes rotate the shared file safely (see the module's description). On
    Windows, where an open file cannot be renamed, the supervisor keeps its own rotated
    ``supervisor.log`` instead. Returns the log file's path, for messages that point a user
    at it.

    Logging never raises into the program: a log file that cannot be written (a read-only or
    full data folder) gives one warning on stderr, and from then on every line goes to
    stderr (the terminal, or the journal under a session manager) until the file can be
    written again.
    """
    path = data_folder / LOG_FILE
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    file_handler: logging.Handler
    if sys.platform == "win32":
        if not rotate:
            path = data_folder / SUPERVISOR_LOG_FILE
        file_handler = _QuietRotatingFileHandler(
            path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8",
            delay=True,
        )
    else:
        file_handler = _QuietSharedRotatingFileHandler(
            path, max_bytes=MAX_LOG_BYTES, backups=LOG_BACKUPS, encoding="utf-8", delay=True)
    file_handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(_ConsoleFormatter(path, file_handler))
    # The supervisor logs its child's stderr as "kiosk.child"; it echoed that raw already.
    console.addFilter(lambda record: record.name != "kiosk.child")
    for handler in (file_handler, console):
        handler.set_name(_HANDLER_NAME)  # so a second set-up replaces, not doubles, it
        handler.addFilter(_escape_values)
        root.addHandler(handler)
    sys.excepthook = _log_uncaught
    return path


def _to_stderr(text: str) -> None:
    try:
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no stderr either: nothing more to do
        pass


class _NeverRaises(logging.FileHandler):
    """A log file handler that never raises and never prints a traceback.

    When the file cannot be opened or written, it says so once on stderr and sends its lines
    there (below WARNING; the console handler prints the rest already) until a write works.
    The file is opened lazily (``delay=True``), so every record tries it again.
    """

    failing = False
    """The last write to the file failed."""
    _failed_now = False

    def emit(self, record: logging.LogRecord) -> None:
        self._failed_now = False
        try:
            super().emit(record)
        except Exception:  # WatchedFileHandler re-opens outside its own try
            self.handleError(record)
        if not self._failed_now and self.failing:
            self.failing = False
            _to_stderr(f"star-kiosk: info: the log file {self.baseFilename} can be written "
                       "again; logging there")

    def handleError(self, record: logging.LogRecord) -> None:
        self._failed_now = True
        error = sys.exc_info()[1]
        if self.stream is not None:  # a half-written stream: start afresh next time
            try:
                self.stream.close()
            except Exception:
                pass
            self.stream = None
        if not self.failing:
            self.failing = True
            reason = getattr(error, "strerror", None) or error
            _to_stderr(f"star-kiosk: warning: cannot write the log file {self.baseFilename} "
                       f"({reason}); logging to stderr until it can be written")
        if record.levelno < logging.WARNING:
            try:
                text = record.getMessage().replace("\n", " | ")
            except Exception:
                text = str(record.msg)
            _to_stderr(f"star-kiosk: {record.levelname.lower()}: {text}")


class _QuietRotatingFileHandler(_NeverRaises, logging.handlers.RotatingFileHandler):
    """A log only one process writes (Windows), rotated, never raising."""


class _SharedRotatingFileHandler(logging.handlers.WatchedFileHandler):
    """A log file several processes append to, rotated by whichever sees it over the cap.

    Before each line the file's size at the path is checked; over ``max_bytes`` it is
    rotated under an exclusive ``flock`` on a lock file beside it (and checked again under
    the lock: another process may just have done it). Every writer then follows the path to
    the new file before writing (:class:`~logging.handlers.WatchedFileHandler`).
    """

    def __init__(self, filename: Path, *, max_bytes: int, backups: int, encoding: str,
                 delay: bool) -> None:
        super().__init__(filename, encoding=encoding, delay=delay)
        self.max_bytes = max_bytes
        self.backups = backups
        path = Path(self.baseFilename)
        self.lock_file = path.with_name(f".{path.name}.lock")

    def _over_cap(self) -> bool:
        try:
            return os.stat(self.baseFilename).st_size >= self.max_bytes
        except OSError:
            return False

    def emit(self, record: logging.LogRecord) -> None:
        if self.max_bytes and self._over_cap():
            self._rotate()
        super().emit(record)

    def _rotate(self) -> None:
        import fcntl  # POSIX only, as this handler is

        try:
            descriptor = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError:
            return  # a folder we cannot write: the line's own write reports it
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            if self._over_cap():  # not rotated by the other writer meanwhile
                rotate_file(Path(self.baseFilename), self.backups)
        except OSError:
            pass  # the file grows a little more; the next line tries again
        finally:
            os.close(descriptor)  # releases the lock


class _QuietSharedRotatingFileHandler(_NeverRaises, _SharedRotatingFileHandler):
    """The kiosk's and the supervisor's shared log, rotated by either, never raising."""


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

    def __init__(self, log_file: Path, file_handler: logging.Handler | None = None) -> None:
        super().__init__()
        self.log_file = log_file
        self._file_handler = file_handler

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().splitlines() or [""]
        text = f"star-kiosk: {record.levelname.lower()}: {lines[0]}"
        if getattr(self._file_handler, "failing", False):
            # No log file to point at: say the gist here rather than nowhere.
            error = record.exc_info[1] if record.exc_info else None
            if error is not None:
                text += f" ({type(error).__name__}: {error})"
            elif len(lines) > 1:
                text += " | " + " | ".join(lines[1:])
        elif record.exc_info or len(lines) > 1:
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
"""``events.jsonl`` rotates at 5 MB (the staff panel reads the current file whole)."""
EVENTS_KEPT_DAYS = 400
"""The history the README promises: 13 months, so a year-on-year report finds last year's
same month (issue 21: ten files kept about 49 days, and a 90-day report missed weeks)."""
EVENTS_BUSY_DAY_BYTES = 1_400_000
"""The events of the busiest day the promise holds for: the bundled deck's attract loop
round the clock plus 400 visits (``tests/core/test_event_history.py`` writes such a day
with the real writer: about 1.3 MB). A faster deck or a busier screen keeps
proportionally fewer days."""
EVENTS_BACKUPS = -(-EVENTS_KEPT_DAYS * EVENTS_BUSY_DAY_BYTES // EVENTS_MAX_BYTES)
"""Rotated files kept: the ceiling of days × bytes a day ÷ file size (107: ~0.56 GB at most)."""


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
