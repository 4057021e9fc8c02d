"""Hot reload: watch the content folder, re-validate after a pause, keep the last good deck.

When any file in the content folder changes, :class:`ContentWatcher` waits for the writing
to settle (a debounce: every new change restarts the wait), reads the folder again with
:func:`~kiosk.content.validate.load_deck` and then

* valid and different → hands the new deck to the kiosk (``replace_deck``, which swaps it
  in at the next slide boundary) and writes a ``content_reloaded`` event;
* invalid → writes a ``content_rejected`` event with every problem, logs a warning, and the
  kiosk keeps showing its last good content. A file caught half-written by an editor is just
  invalid for a moment: the next change (the rest of the write) is read again.

Editors often save by writing a new file and renaming it over the old one, which drops the
old file from a QFileSystemWatcher; so after every change the watched set is rebuilt from
what is on disk, and directories are watched too so new files are noticed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content.model import Deck
from kiosk.content.validate import LoadResult, load_deck

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
RECHECK_MS = 2000
"""After a rejection, look once more this much later, in case a write finished unseen."""
MAX_WATCHED_FILES = 2000
"""A content folder is a few YAML files and images; this bounds a mistaken huge folder."""

EventWriter = Callable[..., None]
"""``write(event, **fields)``: the kiosk's event log (``EventLog.write``)."""


class ContentWatcher(QObject):
    """Watches ``folder`` and feeds valid changes to ``replace_deck``; see the module doc."""

    reloaded = Signal(object)
    """A new valid deck was handed over (the :class:`Deck`)."""
    rejected = Signal(list)
    """Changed content was refused; the problems as strings."""

    def __init__(self, folder: str | os.PathLike[str], replace_deck: Callable[[Deck], None],
                 write_event: EventWriter | None = None, *, current: Deck | None = None,
                 debounce_ms: int = DEBOUNCE_MS, recheck_ms: int = RECHECK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder).resolve()
        self._replace_deck = replace_deck
        self._write_event = write_event
        self.current = current
        """The last good deck: what the kiosk shows (or will at the next slide boundary)."""
        self._last_rejection: tuple[str, ...] | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.check)
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(recheck_ms)
        self._recheck.timeout.connect(self.check)
        self.checks = 0
        """How many times the content was read again (for tests and the log)."""

    def start(self) -> None:
        """Begin watching (the kiosk's current deck was loaded just before)."""
        self._rewatch()
        log.info("watching %s for content changes (%d paths)", self.folder,
                 len(self._watcher.files()) + len(self._watcher.directories()))

    def stop(self) -> None:
        self._debounce.stop()
        self._recheck.stop()
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)

    def _changed(self, path: str) -> None:
        log.debug("content change: %s", path)
        self._debounce.start()  # (re)start: read only once the writing has settled

    def check(self) -> LoadResult:
        """Read the folder now and act on the result (the debounce calls this)."""
        self._recheck.stop()
        self.checks += 1
        self._rewatch()  # first, so a write landing while we read is noticed again
        result = load_deck(self.folder)
        if result.deck is None:
            problems = [str(problem) for problem in result.errors]
            if tuple(problems) != self._last_rejection:  # say it once, not on every save
                self._last_rejection = tuple(problems)
                # One line: the supervisor copies the kiosk's stderr into the log line by line.
                log.warning("content change refused; still showing the last good content. "
                            "%d problem(s): %s", len(problems), " | ".join(problems))
                self._event("content_rejected", problems=problems, folder=str(self.folder))
                self.rejected.emit(problems)
            self._recheck.start()
            return result
        self._last_rejection = None
        if result.deck == self.current:
            log.debug("content files touched but the deck is unchanged")
            return result
        self.current = result.deck
        for warning in result.warnings:
            log.info("content warning: %s", warning)
        log.info("content reloaded: %d slides from %d file(s)", len(result.deck.slides),
                 len(result.files))
        self._replace_deck(result.deck)
        self._event("content_reloaded", slides=len(result.deck.slides), files=len(result.files),
                    warnings=len(result.warnings))
        self.reloaded.emit(result.deck)
        return result

    def _event(self, event: str, **fields: object) -> None:
        if self._write_event is None:
            return
        try:
            self._write_event(event, **fields)
        except Exception:  # the event log failing must not stop the reload
            log.exception("cannot write the %s event", event)

    def _rewatch(self) -> None:
        """Watch every directory and file now under the folder.

        Files are all dropped and added again: one replaced by a rename may still be listed
        while the watch follows the old, deleted file, and re-adding a listed path does nothing.
        """
        directories: set[str] = set()
        files: set[str] = set()
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editor folders
            directories.add(root)
            for name in names:
                if len(files) >= MAX_WATCHED_FILES:
                    break
                files.add(os.path.join(root, name))
        watched_dirs = set(self._watcher.directories())
        stale = sorted(set(self._watcher.files()) | (watched_dirs - directories))
        if stale:
            self._watcher.removePaths(stale)
        fresh = sorted(files | (directories - watched_dirs))
        if fresh:
            self._watcher.addPaths(fresh)
