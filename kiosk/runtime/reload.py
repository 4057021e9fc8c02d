"""Hot reload: watch the content folder, re-validate in the background, keep the last good deck.

When any file in the content folder changes, :class:`ContentWatcher` waits for the writing
to settle (a debounce: every new change restarts the wait) and for the folder to be **still**
(no file modified in the last :data:`STILL_MS`), then reads the folder again with
:func:`~kiosk.core.content.loader.load_deck` **on a worker thread**: the visible deck keeps
animating and answering touches, and the heartbeat keeps beating, however long the pictures
take to check. When the result is in (polled on the GUI thread, so nothing crosses threads
but a finished result) and the folder did not change while it was read:

* valid and different → hands the new deck to the kiosk (``replace_deck``, which swaps it
  in at the next slide boundary) and writes a ``content_reloaded`` event;
* invalid → writes a ``content_rejected`` event with every problem, logs a warning, and the
  kiosk keeps showing its last good content. A file caught half-written is refused (it ends
  in the middle of a line: :mod:`kiosk.core.content.truncation`) until it changes again.

Every valid content (at start-up and on each valid reload, once it has been shown for
:data:`SNAPSHOT_AFTER_MS`) is also copied, on the worker thread, to
``<data folder>/last-good-content/`` (:mod:`kiosk.core.content.lastgood`: only the files the
deck uses, fsynced, renamed into place, verified by its own hash when used). When the content
is invalid at start-up — or looks cut off against that copy — the kiosk runs on the copy (a
``content_rejected`` event with ``fallback: "last-good"``) while the watcher keeps watching
the real folder, so the curator's fix swaps in; with no usable copy the kiosk exits with
:data:`CONTENT_INVALID_EXIT` and the supervisor shows its calm unavailable screen.

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

import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.core.content import lastgood
from kiosk.core.content.lastgood import LAST_GOOD_DIR, StartContent, choose_start_content
from kiosk.core.content.loader import LoadResult, load_deck
from kiosk.core.content.model import Deck
from kiosk.core.content.stamp import FolderStamp, folder_stamp
from kiosk.core.event_writer import EventWriter

__all__ = ["LAST_GOOD_DIR", "ContentWatcher", "fall_back_at_start", "load_last_good",
           "report_start_content", "save_last_good"]

log = logging.getLogger(__name__)

DEBOUNCE_MS = 400
STILL_MS = 1000
"""The folder is read only when no file in it was modified for this long: a copy or an
editor still writing is never read half-way."""
RECHECK_MS = 2000
"""After a rejection, look once more this much later, in case a write finished unseen."""
PATH_POLL_MS = 5000
"""How often to look where the content path leads (a symlink swapped, a folder come back)."""
SNAPSHOT_AFTER_MS = 6000
"""A valid deck is snapshotted as the last good content after this long with the event loop
turning: longer than the supervisor's 5 s hang timeout, so a deck that hangs the kiosk while
its first slide and the neighbours built ahead are made is killed before it is kept."""
MAX_SETTLE_MS = 10_000
"""The longest a change waits for the folder to be still: a file in it that never stops
changing (a log someone keeps there) must not hold every edit back for ever."""
RESULT_POLL_MS = 50
"""How often the GUI thread looks whether the worker has finished."""
MAX_WATCHED_FILES = 2000
"""A content folder is a few YAML files and images; this bounds a mistaken huge folder."""


SNAPSHOT_MAX_BYTES = lastgood.SNAPSHOT_MAX_BYTES


def save_last_good(content: str | os.PathLike[str], data_folder: str | os.PathLike[str]) -> bool:
    """Copy what the valid deck in ``content`` uses to the last good copy (see
    :func:`kiosk.core.content.lastgood.save_last_good`); True when a new copy was made."""
    return lastgood.save_last_good(content, data_folder) == "saved"


def load_last_good(data_folder: str | os.PathLike[str]) -> LoadResult | None:
    """The last good copy's content, when there is one, it verifies and it is valid."""
    found = lastgood.open_last_good(data_folder)
    return found.result if found.status == "ok" else None


def report_start_content(content: str | os.PathLike[str] | None,
                         data_folder: str | os.PathLike[str], start: StartContent,
                         events: EventWriter) -> None:
    """Log what start-up chose (:func:`~kiosk.core.content.lastgood.choose_start_content`)
    and, when the content folder is not shown, write ``content_rejected``."""
    last = start.last_good
    unusable = last is not None and last.status not in ("ok", "missing")
    if unusable and last is not None:
        log.error("%s", last.detail)
    if not start.problems:
        return
    problems = [str(problem) for problem in start.problems]
    copy = Path(data_folder) / LAST_GOOD_DIR
    if start.fallback and start.deck is not None:
        log.warning("the content in %s is not shown; showing the last good content from %s "
                    "until it changes. %d problem(s): %s", content, copy, len(problems),
                    " | ".join(problems))
    elif start.fallback:
        log.error("the content in %s is invalid and there is no usable last good content to "
                  "show. %d problem(s): %s", content, len(problems), " | ".join(problems))
    else:
        log.warning("the content in %s looks cut off, but the last good copy cannot be shown "
                    "instead; showing the content as it is. %s", content, " | ".join(problems))
        return
    fields: dict[str, Any] = {"problems": problems, "folder": str(content),
                              "fallback": "last-good" if start.deck is not None else None,
                              "at": "start"}
    if unusable and last is not None:
        fields["last_good"] = f"{last.status}: {last.detail}"
    try:
        events.write("content_rejected", **fields)
    except Exception:
        log.exception("cannot write the content_rejected event")


def fall_back_at_start(content: str | os.PathLike[str] | None,
                       data_folder: str | os.PathLike[str], rejected: LoadResult,
                       events: EventWriter) -> Deck | None:
    """Invalid content at start-up: the last-good copy's deck, or None if there is none
    usable. Logs and writes ``content_rejected`` (with ``fallback``) either way."""
    start = choose_start_content(content, data_folder, rejected)
    report_start_content(content, data_folder, start, events)
    return start.deck if start.fallback else None


def _failed(folder: Path) -> LoadResult:
    """What a check that failed inside (a bug of ours) reports: refused, the content kept."""
    from kiosk.core.content.problems import Problem

    return LoadResult(None, (Problem(str(folder / "deck.yaml"), 1, 1,
                                     "internal error while reading content",
                                     "this is a bug in STAR Kiosk, not in your files; details "
                                     "are in the log"),), ())


class _Job:
    """One piece of content work on a daemon thread (a kiosk leaving never waits for it)."""

    def __init__(self, kind: str, work: Callable[[], object]) -> None:
        self.kind = kind
        self.result: object = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._work = work
        self.thread = threading.Thread(target=self._run, name=f"content-{kind}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.result = self._work()
        except BaseException as error:  # handed to the GUI thread, which logs it
            self.error = error
        finally:
            self.done.set()


class ContentWatcher(QObject):
    """Watches ``folder`` and feeds valid changes to ``replace_deck``; see the module doc."""

    reloaded = Signal(object)
    """A new valid deck was handed over (the :class:`Deck`)."""
    rejected = Signal(list)
    """Changed content was refused; the problems as strings."""
    snapshot_done = Signal(str)
    """A last good copy was tried: saved, unchanged, invalid, too_big or failed."""
    valid_again = Signal()
    """Refused content was put right, back to what is on screen (nothing to reload)."""

    def __init__(self, folder: str | os.PathLike[str], replace_deck: Callable[[Deck], None],
                 events: EventWriter | None = None, *, current: Deck | None = None,
                 debounce_ms: int = DEBOUNCE_MS, recheck_ms: int = RECHECK_MS,
                 still_ms: int = STILL_MS,
                 snapshot_to: str | os.PathLike[str] | None = None,
                 snapshot_after_ms: int = SNAPSHOT_AFTER_MS,
                 parent: QObject | None = None) -> None:
        """``snapshot_to``: a data folder; each valid reload refreshes its last-good copy."""
        super().__init__(parent)
        # Absolute, never resolved: a swapped symlink must lead to the new release.
        self.folder = Path(os.path.abspath(folder))
        self._replace_deck = replace_deck
        self._events = events
        self.snapshot_to = Path(snapshot_to) if snapshot_to is not None else None
        self.current = current
        """The last good deck: what the kiosk shows (or will at the next slide boundary)."""
        self._last_rejection: tuple[str, ...] | None = None
        self._still_ms = still_ms
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._changed)
        self._watcher.directoryChanged.connect(self._changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._begin_check)
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(recheck_ms)
        self._recheck.timeout.connect(self._begin_check)
        self._poll = QTimer(self)
        self._poll.setInterval(PATH_POLL_MS)
        self._poll.timeout.connect(self._look_at_path)
        self._snapshot = QTimer(self)
        self._snapshot.setSingleShot(True)
        self._snapshot.setInterval(snapshot_after_ms)
        self._snapshot.timeout.connect(self._save_snapshot)
        self._results = QTimer(self)
        self._results.setInterval(RESULT_POLL_MS)
        self._results.timeout.connect(self._collect)
        self._job: _Job | None = None
        self._job_stamp: FolderStamp | None = None
        self._again = False
        """A check was asked for while the worker was busy: run one when it is free."""
        self._settling_since: float | None = None
        """When the change now waiting to be read was first seen."""
        self._waiting: list[Callable[[LoadResult], None]] = []
        """Who asked for a check (staff's "reload now") and gets its result."""
        self._snapshot_wanted = False
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
        for timer in (self._debounce, self._recheck, self._poll, self._snapshot, self._results):
            timer.stop()
        self._job = None  # a worker still running finishes unheard (a daemon thread)
        paths = self._watcher.files() + self._watcher.directories()
        if paths:
            self._watcher.removePaths(paths)

    @property
    def busy(self) -> bool:
        """Content work is running on the worker thread."""
        return self._job is not None

    @property
    def watched_files(self) -> list[str]:
        """The files being watched for changes now (a file that cannot be read is left out)."""
        return self._watcher.files()

    def _changed(self, path: str) -> None:
        log.debug("content change: %s", path)
        if self._settling_since is None:
            self._settling_since = time.monotonic()
        if not self._debounce.isActive() or not self._settled_too_long():
            self._debounce.start()  # (re)start: read only once the writing has settled

    def _settled_too_long(self) -> bool:
        since = self._settling_since
        return since is not None and (time.monotonic() - since) * 1000 >= MAX_SETTLE_MS

    def check(self) -> LoadResult:
        """Read the folder now, on this thread, and act on the result (tests and tools; the
        kiosk itself reads on the worker thread)."""
        self._recheck.stop()
        self.checks += 1
        self._rewatch()  # first, so a write landing while we read is noticed again
        result = load_deck(self.folder, picture_check=lastgood.hashed_picture_check())
        self._apply(result)
        return result

    def check_in_background(self, done: Callable[[LoadResult], None]) -> None:
        """Read the folder on the worker thread now, without waiting for it to be still
        (staff asked), and act on the result; ``done`` gets it on the GUI thread."""
        self._waiting.append(done)
        self._debounce.stop()
        self._begin_check(at_once=True)

    def _begin_check(self, *, at_once: bool = False) -> None:
        """Read the folder on the worker thread, once it has been still for a moment."""
        if self._job is not None:
            self._again = True
            return
        self._recheck.stop()
        self._rewatch()  # first, so a write landing while we read is noticed again
        stamp = folder_stamp(self.folder)
        quiet_ns = time.time_ns() - stamp.newest_mtime_ns
        still_ns = self._still_ms * 1_000_000
        if self._settling_since is None:
            self._settling_since = time.monotonic()
        at_once = at_once or self._settled_too_long()
        if not at_once and 0 <= quiet_ns < still_ns:  # a file changed a moment ago
            # (a modification time in the future is ignored: a clock set wrong)
            self._debounce.start(max(1, (still_ns - quiet_ns) // 1_000_000 + 1))
            return
        self.checks += 1
        folder = self.folder

        def work() -> LoadResult:
            # Pictures by content hash: one checked for the last good copy (or before a
            # restart, by its manifest) is not checked again.
            return load_deck(folder, picture_check=lastgood.hashed_picture_check())

        self._job_stamp = stamp
        self._start_job(_Job("check", work))

    def _start_job(self, job: _Job) -> None:
        self._job = job
        self._results.start()

    def _collect(self) -> None:
        """On the GUI thread: act on what the worker finished."""
        job = self._job
        if job is None or not job.done.is_set():
            return
        self._job = None
        self._results.stop()
        if job.error is not None:
            log.error("content work (%s) failed: %s: %s", job.kind,
                      type(job.error).__name__, job.error)
        if job.kind == "check":
            result = job.result if isinstance(job.result, LoadResult) else _failed(self.folder)
            if folder_stamp(self.folder) != self._job_stamp and not self._settled_too_long():
                # The folder changed while it was read: what was read may be half old, half
                # new. Read it again once it is still (whoever waits, waits for that).
                log.debug("the content changed while it was read; reading it again")
                self._again = True
            else:
                self._settling_since = None
                self._apply(result)
                waiting, self._waiting = self._waiting, []
                for done in waiting:
                    try:
                        done(result)
                    except Exception:
                        log.exception("acting on a content check failed")
        else:
            self.snapshot_done.emit(str(job.result))
        if self._waiting:  # staff wait: read at once
            self._again = False
            self._begin_check(at_once=True)
        elif self._again:
            self._again = False
            self._debounce.start()
        elif self._snapshot_wanted:
            self._save_snapshot()

    def _apply(self, result: LoadResult) -> None:
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
            return
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
            return
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

    def _save_snapshot(self) -> None:
        """Copy the folder's content as the last good copy, on the worker thread."""
        if self.snapshot_to is None or self.current is None:
            return
        if self._job is not None:
            self._snapshot_wanted = True  # after the work in hand
            return
        self._snapshot_wanted = False
        folder, data = self.folder, self.snapshot_to
        self._start_job(_Job("snapshot", lambda: lastgood.save_last_good(folder, data)))

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
        if self._events is None:
            return
        try:
            self._events.write(event, **fields)
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
