"""Hot reload: watch the content folder, re-validate after a pause, keep the last good deck.

When any file in the content folder changes, :class:`ContentWatcher` waits for the writing
to settle (a debounce: every new change restarts the wait), reads the folder again with
:func:`~kiosk.core.content.validate.load_deck` and then

* valid and different → hands the new deck to the kiosk (``replace_deck``, which swaps it
  in at the next slide boundary) and writes a ``content_reloaded`` event;
* invalid → writes a ``content_rejected`` event with every problem, logs a warning, and the
  kiosk keeps showing its last good content. A file caught half-written by an editor is just
  invalid for a moment: the next change (the rest of the write) is read again.

Every valid content (at start-up and on each valid reload, once it has been shown for
:data:`SNAPSHOT_AFTER_MS`) is also copied to ``<data folder>/last-good-content/``
(:func:`save_last_good`). When the content is invalid at start-up,
:func:`fall_back_at_start` runs the kiosk on that snapshot (a ``content_rejected`` event
with ``fallback: "last-good"``) while the watcher keeps watching the real folder, so the
curator's fix swaps in; with no valid snapshot the kiosk exits with
:data:`CONTENT_INVALID_EXIT` and the supervisor shows its calm unavailable screen instead of
counting crashes.

Editors often save by writing a new file and renaming it over the old one, which drops the
old file from a QFileSystemWatcher; so after every change the watched set is rebuilt from
what is on disk, and directories are watched too so new files are noticed.

The folder is watched by the path it was given, never resolved once: a deploy that swaps a
symlink (``current → rel2``) or a folder that was missing at start and comes back is
noticed by the folder's parent being watched too, and by a slow poll
(:data:`PATH_POLL_MS`) of where the path leads. A file that cannot be read (no permission)
is not watched — Qt would warn about it on every rebuild — and is reported once each time
the set of such files changes, not on every check.

Restoring a file after a rejected edit, to content equal to what is on screen, is still
worth telling staff: ``content_reloaded`` with ``unchanged: true``.

A valid deck becomes the last-good snapshot only after it has been shown for
:data:`SNAPSHOT_AFTER_MS` with the event loop turning: content that hangs the kiosk while its
slides are built never becomes the copy a restart falls back on.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.core.content.model import Deck
from kiosk.core.content.validate import LoadResult, load_deck

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
RECHECK_MS = 2000
"""After a rejection, look once more this much later, in case a write finished unseen."""
PATH_POLL_MS = 5000
"""How often to look where the content path leads (a symlink swapped, a folder come back)."""
SNAPSHOT_AFTER_MS = 6000
"""A valid deck is snapshotted as the last good content after this long with the event loop
turning: longer than the supervisor's 5 s hang timeout, so a deck that hangs the kiosk while
its first slide and the neighbours built ahead are made is killed before it is kept."""
MAX_WATCHED_FILES = 2000
"""A content folder is a few YAML files and images; this bounds a mistaken huge folder."""

EventWriter = Callable[..., None]
"""``write(event, **fields)``: the kiosk's event log (``EventLog.write``)."""

LAST_GOOD_DIR = "last-good-content"
"""The snapshot of the last valid content, in the data folder."""
SNAPSHOT_MAX_BYTES = 50 * 1024 * 1024
"""A content folder bigger than this is not snapshotted (a mistake, or videos)."""


def _content_files(folder: Path) -> list[Path]:
    """Files of a content folder, sorted, without hidden files and folders (.git, swaps)."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(root, name) for name in sorted(names) if not name.startswith(".")]
    return found


def _fingerprint(folder: Path, files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def save_last_good(content: str | os.PathLike[str], data_folder: str | os.PathLike[str]) -> bool:
    """Copy ``content`` to ``<data_folder>/last-good-content`` if it is valid and new.

    The copy is made in a temporary folder, validated there (the files may have changed
    since they were checked) and then renamed into place; an unchanged folder is not copied
    again. Returns True when a new snapshot was made. Never raises: a failed snapshot only
    means an older one (or none) stays.
    """
    source = Path(content).resolve()
    data = Path(data_folder)
    target = data / LAST_GOOD_DIR
    stamp = data / (LAST_GOOD_DIR + ".sha256")
    temporary = data / f".{LAST_GOOD_DIR}.tmp-{os.getpid()}"
    old = data / f".{LAST_GOOD_DIR}.old-{os.getpid()}"
    try:
        files = _content_files(source)
        size = sum(path.stat().st_size for path in files)
        if size > SNAPSHOT_MAX_BYTES:
            log.warning("content folder is %.0f MB: no last-good snapshot kept (limit %.0f MB)",
                        size / 1e6, SNAPSHOT_MAX_BYTES / 1e6)
            return False
        fingerprint = _fingerprint(source, files)
        if target.is_dir() and stamp.is_file() and stamp.read_text().strip() == fingerprint:
            return False
        shutil.rmtree(temporary, ignore_errors=True)
        for path in files:
            copy = temporary / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
        if load_deck(temporary).deck is None:
            log.info("content changed while it was copied: last-good snapshot not updated")
            shutil.rmtree(temporary, ignore_errors=True)
            return False
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            os.replace(target, old)
        os.replace(temporary, target)
        (data / (LAST_GOOD_DIR + ".sha256.tmp")).write_text(fingerprint)
        os.replace(data / (LAST_GOOD_DIR + ".sha256.tmp"), stamp)
        shutil.rmtree(old, ignore_errors=True)
        log.info("last-good content snapshot updated in %s (%d files)", target, len(files))
        return True
    except OSError as error:
        log.warning("cannot keep a last-good content snapshot in %s: %s", target, error)
        shutil.rmtree(temporary, ignore_errors=True)
        if not target.exists() and old.exists():  # put the previous one back
            try:
                os.replace(old, target)
            except OSError:
                pass
        return False


def load_last_good(data_folder: str | os.PathLike[str]) -> LoadResult | None:
    """The snapshot's content, when there is one and it is valid."""
    target = Path(data_folder) / LAST_GOOD_DIR
    if not (target / "deck.yaml").is_file():
        return None
    result = load_deck(target)
    return result if result.deck is not None else None


def fall_back_at_start(content: str | os.PathLike[str] | None,
                       data_folder: str | os.PathLike[str], rejected: LoadResult,
                       write_event: EventWriter) -> Deck | None:
    """Invalid content at start-up: the last-good snapshot's deck, or None if there is none.

    Logs a warning and writes ``content_rejected`` with the problems (and
    ``fallback: "last-good"`` or ``None``) either way.
    """
    problems = [str(problem) for problem in rejected.errors]
    snapshot = load_last_good(data_folder)
    fallback = "last-good" if snapshot is not None else None
    if snapshot is not None:
        log.warning("the content in %s is invalid; showing the last good content from %s "
                    "until it is fixed. %d problem(s): %s", content,
                    Path(data_folder) / LAST_GOOD_DIR, len(problems), " | ".join(problems))
    else:
        log.error("the content in %s is invalid and there is no last good content to show. "
                  "%d problem(s): %s", content, len(problems), " | ".join(problems))
    try:
        write_event("content_rejected", problems=problems, folder=str(content),
                    fallback=fallback, at="start")
    except Exception:
        log.exception("cannot write the content_rejected event")
    return snapshot.deck if snapshot is not None else None


class ContentWatcher(QObject):
    """Watches ``folder`` and feeds valid changes to ``replace_deck``; see the module doc."""

    reloaded = Signal(object)
    """A new valid deck was handed over (the :class:`Deck`)."""
    rejected = Signal(list)
    """Changed content was refused; the problems as strings."""
    valid_again = Signal()
    """Refused content was put right, back to what is on screen (nothing to reload)."""

    def __init__(self, folder: str | os.PathLike[str], replace_deck: Callable[[Deck], None],
                 write_event: EventWriter | None = None, *, current: Deck | None = None,
                 debounce_ms: int = DEBOUNCE_MS, recheck_ms: int = RECHECK_MS,
                 snapshot_to: str | os.PathLike[str] | None = None,
                 snapshot_after_ms: int = SNAPSHOT_AFTER_MS,
                 parent: QObject | None = None) -> None:
        """``snapshot_to``: a data folder; each valid reload refreshes its last-good copy."""
        super().__init__(parent)
        # Absolute, never resolved: a swapped symlink must lead to the new release.
        self.folder = Path(os.path.abspath(folder))
        self._replace_deck = replace_deck
        self._write_event = write_event
        self.snapshot_to = Path(snapshot_to) if snapshot_to is not None else None
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
        self._poll = QTimer(self)
        self._poll.setInterval(PATH_POLL_MS)
        self._poll.timeout.connect(self._look_at_path)
        self._snapshot = QTimer(self)
        self._snapshot.setSingleShot(True)
        self._snapshot.setInterval(snapshot_after_ms)
        self._snapshot.timeout.connect(self._save_snapshot)
        self._where = self._path_state()
        self._unreadable: tuple[str, ...] = ()
        self.checks = 0
        """How many times the content was read again (for tests and the log)."""

    def start(self, *, snapshot: bool = False) -> None:
        """Begin watching (the kiosk's current deck was loaded just before); ``snapshot``:
        that deck came from the folder and becomes the last good copy once proven."""
        self._rewatch()
        self._poll.start()
        if snapshot:
            self._snapshot.start()
            # An edit made between loading the deck and now would go unseen until the next
            # one: read once more (an unchanged deck is not even logged).
            self._debounce.start()
        if not self.folder.is_dir():
            log.warning("the content folder %s is missing; watching for it to come back",
                        self.folder)
        log.info("watching %s for content changes (%d paths)", self.folder,
                 len(self._watcher.files()) + len(self._watcher.directories()))

    def stop(self) -> None:
        self._debounce.stop()
        self._recheck.stop()
        self._poll.stop()
        self._snapshot.stop()
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
        was_rejected, self._last_rejection = self._last_rejection is not None, None
        if result.deck == self.current:
            if was_rejected:
                # Staff restored the file: tell them the fix was seen, though nothing changes.
                log.info("content is valid again (equal to what is on screen)")
                self._event("content_reloaded", slides=len(result.deck.slides),
                            files=len(result.files), warnings=len(result.warnings),
                            unchanged=True)
                self.valid_again.emit()
            else:
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
        self._snapshot.start()  # (re)start: only a deck shown for a while is the last good one
        self.reloaded.emit(result.deck)
        return result

    def _save_snapshot(self) -> None:
        if self.snapshot_to is not None and self.current is not None:
            save_last_good(self.folder, self.snapshot_to)

    def _path_state(self) -> tuple[str, bool]:
        return os.path.realpath(self.folder), self.folder.is_dir()

    def _look_at_path(self) -> None:
        """The slow poll: a symlink swapped or the folder came back (or went) → check."""
        where = self._path_state()
        if where != self._where:
            log.info("the content path %s now leads to %s%s", self.folder, where[0],
                     "" if where[1] else " (missing)")
            self._where = where
            self._debounce.start()

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
        unreadable: list[str] = []
        # The parent too: a symlink swapped or the folder itself removed and put back.
        parent = os.path.dirname(self.folder)
        if os.path.isdir(parent) and os.access(parent, os.R_OK | os.X_OK):
            directories.add(parent)
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]  # .git, editor folders
            directories.add(root)
            for name in names:
                if len(files) >= MAX_WATCHED_FILES:
                    break
                path = os.path.join(root, name)
                if os.access(path, os.R_OK):
                    files.add(path)
                else:
                    unreadable.append(path)
        if tuple(unreadable) != self._unreadable:  # once per change, not every 2 s
            self._unreadable = tuple(unreadable)
            if unreadable:
                log.warning("cannot read %s (permission denied); not watched until it can be "
                            "read", ", ".join(unreadable[:5]))
        watched_dirs = set(self._watcher.directories())
        stale = sorted(set(self._watcher.files()) | (watched_dirs - directories))
        if stale:
            self._watcher.removePaths(stale)
        fresh = sorted(files | (directories - watched_dirs))
        if fresh:
            self._watcher.addPaths(fresh)
