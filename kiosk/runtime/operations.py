"""Attach the operations features (reload, heartbeat, schedule...) to a running kiosk.

The composition root (:func:`kiosk.runtime.app.assemble_kiosk`) calls :func:`attach_operations`
once, after the first frame, so operations code plugs in without the runtime knowing its
details. All it may use of the kiosk is :class:`RunningKiosk`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, SignalInstance
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QWidget

from kiosk.core import heartbeat as heartbeat_module
from kiosk.core import strings
from kiosk.core.config import RunConfig
from kiosk.core.content.loader import LoadResult
from kiosk.core.content.model import Deck, Schedule
from kiosk.core.content_version import content_version
from kiosk.core.event_writer import EventWriter
from kiosk.core.exit_codes import ORPHANED_EXIT
from kiosk.core.metrics import (
    RESTARTS_VAR,
    RUN_STARTED_VAR,
    KioskMetrics,
    MetricsFile,
    float_from_env,
    metrics_path,
    restarts_from_env,
)
from kiosk.core.paths import ASSETS, BUNDLED_CONTENT
from kiosk.core.schedule import has_hours, is_open, next_change
from kiosk.core.slide_names import slide_name
from kiosk.core.staff_status import ReloadOutcome, ReloadReport
from kiosk.core.strings import Bilingual
from kiosk.runtime import wordbreak
from kiosk.runtime.heartbeat import Heartbeat
from kiosk.runtime.monitoring import MetricsWriter, Screenshots
from kiosk.runtime.reload import LAST_GOOD_DIR, ContentWatcher
from kiosk.runtime.widgets.closed_screen import ClosedScreen

log = logging.getLogger(__name__)

MAX_TIMER_MS = 60_000
"""The schedule looks again at least this often: robust to clock changes and suspend."""



class ScreenSaver(Protocol):
    """The display's screensaver inhibit (``kiosk.runtime.screensaver``)."""

    def inhibit(self) -> bool:
        """Keep the display awake."""

    def release(self) -> None:
        """Let the display blank and sleep."""


class RunningKiosk(Protocol):
    """What operations may use of the running kiosk (``kiosk.runtime.app.KioskApp``)."""

    # Read-only (properties): operations use these, never replace them, so the kiosk's own
    # more specific types (its EventLog, its inhibitor) satisfy them.
    @property
    def window(self) -> QWidget:
        """The kiosk's full-screen window."""

    @property
    def events(self) -> EventWriter:
        """The kiosk's event log."""

    @property
    def screensaver(self) -> ScreenSaver:
        """The display's screensaver inhibit."""

    @property
    def data_folder(self) -> Path:
        """Where the kiosk keeps its events, metrics and last good content."""

    input_received: SignalInstance
    """A visitor (or staff) touched or pressed a key."""
    slide_changed: SignalInstance
    """A slide came on screen (its id)."""

    def current_slide_id(self) -> str:
        """The id of the slide on screen."""

    def current_deck(self) -> Deck:
        """The deck being shown."""

    def replace_deck(self, deck: Deck) -> None:
        """Show ``deck`` from the next slide boundary on."""

    def set_suspended(self, suspended: bool) -> None:
        """Stop (True) or restart auto-advance and the idle timers."""


class ScheduleController(QObject):
    """Outside opening hours: the closed screen over the window and the deck's timers stopped.

    Wakes at opening time; with ``wake_on_touch``, a touch on the closed screen also opens the
    deck until no one has touched it for ``awake_seconds`` (the deck's idle timeout).
    """

    def __init__(self, kiosk: RunningKiosk, schedule: Schedule | None, *,
                 awake_seconds: float = 90.0, now: Callable[[], datetime] = datetime.now,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.schedule = schedule
        self.awake_seconds = awake_seconds
        self._now = now
        self._write = kiosk.events.write
        self.closed = False
        self.woken = False
        """Opened by a touch outside hours; closes again after ``awake_seconds`` idle."""
        self.screen: ClosedScreen | None = None
        """Made the first time the kiosk closes: nothing is added to the window before."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.evaluate)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._fell_idle)
        kiosk.input_received.connect(self._input)
        self._warned_empty = False

    @property
    def next_look_ms(self) -> int | None:
        """The wait, in milliseconds, before the schedule is looked at again (None: never)."""
        return self._timer.interval() if self._timer.isActive() else None

    def set_schedule(self, schedule: Schedule | None, awake_seconds: float | None = None) -> None:
        """Use a new schedule (from reloaded content) from now on."""
        self.schedule = schedule
        if awake_seconds is not None:
            self.awake_seconds = awake_seconds
        self.evaluate()

    def should_be_open(self, now: datetime) -> bool:
        """What the schedule says for ``now`` (a schedule with no hours counts as open)."""
        if self.schedule is None:
            return True
        if not has_hours(self.schedule):
            if not self._warned_empty:
                log.warning("the schedule names no opening hours; ignoring it (always open)")
                self._warned_empty = True
            return True
        return is_open(self.schedule, now)

    def evaluate(self) -> None:
        """Open or close as the schedule says now, and plan the next look."""
        now = self._now()
        if self.should_be_open(now):
            self.woken = False
            self._idle.stop()
            if self.closed:
                self._open("schedule")
        elif not self.closed and not self.woken:
            self._close(now)
        change = next_change(self.schedule, now) if self.schedule is not None else None
        if change is None:
            self._timer.stop()
            return
        milliseconds = (change - now) / timedelta(milliseconds=1)
        # +50 ms so the timer never fires a hair before the change and re-arms for nothing.
        self._timer.start(int(max(50, min(MAX_TIMER_MS, milliseconds + 50))))

    def stop(self) -> None:
        self._timer.stop()
        self._idle.stop()

    def _close(self, now: datetime) -> None:
        self.closed = True
        reopens = next_change(self.schedule, now)
        if self.screen is None:
            self.screen = ClosedScreen(self.kiosk.window)
            self.screen.touched.connect(self._touched)
        self.screen.set_message(self._message(), self._reopening_line(now, reopens))
        self.screen.show_over()
        self.kiosk.set_suspended(True)
        self._screensaver(self.kiosk.screensaver.release)  # closed: the display may sleep
        log.info("closed (outside opening hours); opens again %s", reopens)
        self._write("closed", reopens=reopens.isoformat(timespec="minutes") if reopens else None)

    def _open(self, reason: str) -> None:
        self.closed = False
        if self.screen is not None:
            self.screen.hide()
        self.kiosk.set_suspended(False)
        self._screensaver(self.kiosk.screensaver.inhibit)
        log.info("opened (%s)", reason)
        self._write("opened", reason=reason)

    def _screensaver(self, action: Callable[[], object]) -> None:
        try:
            action()
        except Exception:  # a desktop quirk must never stop the schedule
            log.warning("screensaver %s failed", action.__name__, exc_info=True)

    def _message(self) -> tuple[str, ...]:
        text = self.schedule.closed_message if self.schedule else None
        if text is None:
            return strings.CLOSED.lines()
        if text.is_plain:
            return (text.get("en"),)
        return tuple(dict.fromkeys(text.get(lang) for lang in ("en", "zh")))

    @staticmethod
    def _reopening_line(now: datetime, reopens: datetime | None) -> str:
        if reopens is None:
            return ""
        clock = reopens.strftime("%H:%M")
        if reopens.date() == now.date():
            return strings.OPENS_TODAY.format(time=clock).joined()
        if reopens.date() == (now + timedelta(days=1)).date():
            return strings.OPENS_TOMORROW.format(time=clock).joined()
        day = strings.WEEKDAY_NAMES[reopens.weekday()]
        return Bilingual(strings.OPENS_ON.en.format(weekday=day.en, time=clock),
                         strings.OPENS_ON.zh.format(weekday=day.zh, time=clock)).joined()

    def _touched(self) -> None:
        if not self.closed or self.schedule is None or not self.schedule.wake_on_touch:
            return
        self.woken = True
        self._open("touch")
        self._idle.start(int(self.awake_seconds * 1000))

    def _input(self) -> None:
        if self.woken:
            self._idle.start(int(self.awake_seconds * 1000))

    def _fell_idle(self) -> None:
        self.woken = False
        self.evaluate()


class Operations(QObject):
    """Everything :func:`attach_operations` started, kept alive by the kiosk window."""

    screenshot_done = Signal(str, str)
    """A screenshot was saved (its path) or failed (empty path): and who asked, cli or staff."""

    def __init__(self, parent: QObject | None = None,
                 events: EventWriter | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.heartbeat: Heartbeat | None = None
        self.watcher: ContentWatcher | None = None
        self.schedule: ScheduleController | None = None
        self.metrics: MetricsWriter | None = None
        self.content_version = ""
        """The content on screen: ``git:<commit>`` or ``sha256:<hash>`` (the status card)."""
        self.screenshots: Screenshots | None = None
        self._final_metrics: Callable[[], KioskMetrics] | None = None

    def reload_now(self, done: Callable[[ReloadReport], None]) -> None:
        """Read the content folder again at once (the staff panel's "reload now"), exactly
        as a saved edit would be, on the worker thread: a valid change shows from the next
        slide on, an invalid one is refused and the last good content stays. ``done`` gets
        the report on the GUI thread."""
        watcher = self.watcher
        if watcher is None:
            done(ReloadReport("unavailable"))
            return
        before = watcher.current

        def finished(result: LoadResult) -> None:
            if result.deck is None:
                done(ReloadReport("rejected", problems=tuple(str(p) for p in result.errors)))
                return
            outcome: ReloadOutcome = "unchanged" if result.deck == before else "reloaded"
            done(ReloadReport(outcome, slides=len(result.deck.slides)))

        watcher.check_in_background(finished)

    def take_screenshot(self, hide: Sequence[QWidget] = ()) -> Path | None:
        """Save what the screen shows, without the ``hide`` overlays (the staff panel's
        button); None before monitoring runs. The picture is written in the background:
        :attr:`screenshot_done` says when."""
        if self.screenshots is None:
            return None
        return self.screenshots.take(by="staff", hide=hide)

    def content_version_of(self, folder: Path) -> str:
        """Work out (and keep, for the status card) the version of the content in ``folder``."""
        self.content_version = content_version(folder)
        return self.content_version

    def screenshot_saved(self, path: str, by: str) -> None:
        if self.events is not None:
            self.events.write("screenshot", file=Path(path).name, by=by)
        self.screenshot_done.emit(path, by)

    def screenshot_failed(self, why: str, by: str) -> None:
        self.screenshot_done.emit("", by)

    def stop(self) -> None:
        """Stop every timer and watch (on the way out)."""
        for part in (self.heartbeat, self.watcher, self.schedule, self.screenshots):
            if part is not None:
                part.stop()
        if self.metrics is not None:
            # Down, as far as this kiosk knows (its supervisor, if any, writes after it).
            final = self._final_metrics() if self._final_metrics is not None else None
            self.metrics.stop(final)


def check_fonts(deck: Deck | None) -> list[str]:
    """Log a warning for each missing bundled font or font family the theme asks for."""
    missing: list[str] = []
    if not sorted((ASSETS / "fonts").glob("*.otf")):
        missing.append(str(ASSETS / "fonts"))
        log.warning("no bundled fonts in %s: Chinese text may not show", ASSETS / "fonts")
    if deck is not None:
        fonts = deck.settings.theme.fonts
        for family in dict.fromkeys((fonts.display, fonts.body, fonts.latin)):
            if not QFontDatabase.hasFamily(family):
                missing.append(family)
                log.warning("the theme's font '%s' is not installed; Qt substitutes another",
                            family)
    if not (ASSETS / "icon.png").is_file():
        log.warning("the app icon %s is missing", ASSETS / "icon.png")
    return missing


def _leave_orphaned() -> None:
    """The supervisor is gone: end the event loop (events are flushed line by line)."""
    QCoreApplication.exit(ORPHANED_EXIT)


def attach_operations(kiosk: RunningKiosk, config: RunConfig, *,
                      content_fallback: bool = False) -> Operations:
    """Start the operations features for ``kiosk``, run as ``config`` says.

    * the heartbeat, only when the supervisor asked for one (``STAR_KIOSK_HEARTBEAT_FD``);
    * the content watcher (hot reload, last good content kept on invalid changes);
    * opening hours, only when the deck has a schedule.

    ``content_fallback``: the kiosk shows the last good copy because the content folder is
    invalid (so that copy is not overwritten with what is on screen). Returns the
    :class:`Operations`; it is also parented to the window, which keeps it alive.
    """
    operations = Operations(kiosk.window, kiosk.events)
    deck = kiosk.current_deck()
    check_fonts(deck)

    beat_fd = heartbeat_module.heartbeat_fd_from_env()
    if beat_fd is not None:
        operations.heartbeat = Heartbeat(
            beat_fd, kiosk.current_slide_id, on_orphaned=_leave_orphaned,
            supervisor_pid=heartbeat_module.supervisor_pid_from_env(), parent=operations)
        operations.heartbeat.start()
        log.info("heartbeat to the supervisor on fd %d", beat_fd)

    settings = deck.settings
    # A curator's preview (--windowed or --ignore-hours) never closes for the night.
    hours = (lambda schedule: None) if config.ignore_hours else (lambda schedule: schedule)
    operations.schedule = ScheduleController(
        kiosk, hours(settings.schedule), awake_seconds=settings.idle_timeout, parent=operations)
    operations.schedule.evaluate()

    content = config.content
    operations.watcher = ContentWatcher(content, kiosk.replace_deck, kiosk.events,
                                        current=deck, snapshot_to=kiosk.data_folder,
                                        parent=operations)

    def reloaded(new_deck: Deck) -> None:
        check_fonts(new_deck)
        wordbreak.use_terms(wordbreak.deck_terms(new_deck))  # its names, and the curator's
        wordbreak.prepare(wordbreak.strings_in(new_deck), delay=0)  # its new Chinese words
        assert operations.schedule is not None
        operations.schedule.set_schedule(hours(new_deck.settings.schedule),
                                         new_deck.settings.idle_timeout)

    operations.watcher.reloaded.connect(reloaded)
    # What started fine becomes the last good content, once it has run for a while.
    operations.watcher.start(snapshot=not content_fallback)
    _attach_monitoring(operations, kiosk, config, content_fallback=content_fallback)
    return operations


def _process_started() -> float:
    """When this process started (Unix time): its /proc entry's time, else now."""
    try:
        return os.stat(f"/proc/{os.getpid()}").st_ctime
    except OSError:
        return time.time()


def _attach_monitoring(operations: Operations, kiosk: RunningKiosk, config: RunConfig, *,
                       content_fallback: bool) -> None:
    """The metrics file and screenshots on request (see :mod:`kiosk.runtime.monitoring`)."""
    assert operations.watcher is not None and operations.schedule is not None
    watcher, schedule = operations.watcher, operations.schedule
    shown_folder = (kiosk.data_folder / LAST_GOOD_DIR) if content_fallback else watcher.folder
    bundled = os.path.abspath(config.content) == os.path.abspath(BUNDLED_CONTENT)
    facts: dict[str, Any] = {
        "version": operations.content_version_of(shown_folder),
        "refused_now": content_fallback,  # at start the folder was refused: the copy shows
        "refused_at_start": 1 if content_fallback else 0,
        "last_touch": None,
    }
    process_started = _process_started()
    run_started = float_from_env(os.environ.get(RUN_STARTED_VAR)) or process_started
    restarts = restarts_from_env(os.environ.get(RESTARTS_VAR))

    def snapshot(up: bool = True) -> KioskMetrics:
        deck = kiosk.current_deck()
        slide_id = kiosk.current_slide_id()
        index = deck.index_of(slide_id)
        written = dict(getattr(kiosk.events, "written", {}))
        settings = deck.settings
        hours = settings.schedule
        return KioskMetrics(
            up=up, now=time.time(), run_started=run_started, process_started=process_started,
            restarts=restarts, slide_index=index, slide_id=slide_id,
            slide_title=slide_name(deck.slides[index]) if index is not None else slide_id,
            deck_title=settings.title.get(settings.default_language),
            content_folder="bundled" if bundled else str(watcher.folder),
            content_version=str(facts["version"]), refused_now=bool(facts["refused_now"]),
            refused_total=written.get("content_rejected", 0) + int(facts["refused_at_start"]),
            last_touch=facts["last_touch"], events_written=written, closed=schedule.closed,
            opening_hours=not has_hours(hours) or is_open(hours, datetime.now()))

    def refused(_problems: list[str]) -> None:
        facts["refused_now"] = True
        writer.changed()

    def reloaded(_deck: Deck) -> None:
        facts["refused_now"] = False
        facts["version"] = operations.content_version_of(watcher.folder)
        writer.changed()

    def refused_no_more() -> None:
        facts["refused_now"] = False
        writer.changed()

    def touched() -> None:
        facts["last_touch"] = time.time()

    writer = MetricsWriter(MetricsFile(metrics_path(kiosk.data_folder, config.metrics_file)),
                           snapshot, parent=operations)
    operations.metrics = writer
    operations._final_metrics = lambda: snapshot(up=False)
    watcher.rejected.connect(refused)
    watcher.reloaded.connect(reloaded)
    watcher.valid_again.connect(refused_no_more)
    kiosk.input_received.connect(touched)
    kiosk.slide_changed.connect(writer.changed)
    writer.start()
    operations.screenshots = Screenshots(kiosk.window, kiosk.data_folder, parent=operations)
    operations.screenshots.saved.connect(operations.screenshot_saved)
    operations.screenshots.failed.connect(operations.screenshot_failed)
    operations.screenshots.start()
