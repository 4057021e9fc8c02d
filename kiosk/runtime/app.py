"""Composition root: content → deck state → stage, input → commands → deck state, and ops.

:func:`assemble_kiosk` is the one place a kiosk is put together from a :class:`RunConfig`
(``star-kiosk run`` through :func:`run_kiosk`, the bench's measuring child and the endurance
harness all call it); :class:`KioskApp` is the running kiosk that operations code
(:func:`kiosk.runtime.operations.attach_operations`), benchmarks and tests hold on to.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.core import strings
from kiosk.core.config import RunConfig
from kiosk.core.content.model import Deck
from kiosk.core.deck import commands as c
from kiosk.core.deck.clock import Clock, MonotonicClock, ScaledClock
from kiosk.core.deck.commands import Command
from kiosk.core.deck.state import AutoTiming, DeckState, SlideChange
from kiosk.core.events import EventLog, RateLimit
from kiosk.core.exit_codes import CONTENT_INVALID_EXIT
from kiosk.core.paths import data_dir
from kiosk.core.pin import PinGuard, PinResult, PinStore
from kiosk.core.renderer import RASTER_DEFAULT, RendererDecision
from kiosk.core.showing import describe as describe_show
from kiosk.core.showing import has_windows
from kiosk.core.zone import local_zone_name
from kiosk.runtime import pictures, wordbreak
from kiosk.runtime.application import make_application
from kiosk.runtime.chrome import Chrome, shows_own_cue
from kiosk.runtime.fonts import load_bundled_fonts
from kiosk.runtime.input.keyboard import KeyboardInput
from kiosk.runtime.input.staff import HOLD_MS, StaffExit
from kiosk.runtime.input.touch import TouchInput
from kiosk.runtime.preview import preview_size, scale_rendering_to_desktop
from kiosk.runtime.renderer import choose_renderer
from kiosk.runtime.screensaver import ScreenSaverInhibitor
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.staff_controls import StaffControls
from kiosk.runtime.stage.cache import ViewFactory
from kiosk.runtime.stage.stage import Stage
from kiosk.runtime.theme import Look
from kiosk.runtime.window import KioskWindow, pick_screen

if TYPE_CHECKING:
    from kiosk.runtime.operations import Operations

log = logging.getLogger(__name__)

LANGUAGE_REDRAW_SHARE = 0.25
"""The most of the GUI thread's time that redrawing for a new language may take, however
fast the language toggle is tapped: the rest stays for animation, input and the heartbeat."""

def _default_factory() -> ViewFactory:
    # Imported here so the slide registry (and its heavy modules) load only when needed.
    from kiosk.runtime.slides import create_slide_view

    return create_slide_view


class KioskApp(QObject):
    """The running kiosk: window, stage, deck state, input, event log.

    Build it with a loaded :class:`Deck`, call :meth:`start`, and run the Qt event loop.
    """

    slide_changed = Signal(str)
    """A slide came on screen (its id)."""
    input_received = Signal()
    """A visitor (or staff) touched or pressed a key."""
    exited = Signal(int)
    """Staff exit confirmed (exit code 0)."""

    def __init__(
        self,
        deck: Deck,
        config: RunConfig,
        *,
        clock: Clock | None = None,
        view_factory: ViewFactory | None = None,
        animate: bool = True,
        renderer: RendererDecision = RASTER_DEFAULT,
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        """Build the kiosk for ``deck`` as ``config`` says (not yet shown: call :meth:`start`).

        ``clock`` (else one running ``config.time_scale`` times faster than real time) lets
        tests and soak runs go through idle timeouts without waiting; ``animate=False`` makes
        every slide change instant. ``renderer`` is the start-up's renderer decision
        (:func:`assemble_kiosk` makes it from ``config.renderer``); without one, raster.
        ``wall`` tells the local date and time for the slides' ``show:`` windows (tests set it).
        """
        super().__init__()
        self.config = config
        if clock is None:
            scale = config.time_scale
            clock = ScaledClock(scale) if scale != 1.0 else MonotonicClock()
        self.clock: Clock = clock
        self.time_scale = float(getattr(clock, "scale", 1.0))
        self.renderer = renderer
        """How pushes and drags are composited (GPU or raster), decided at start-up."""
        self.exit_code: int | None = None
        self.operations: Operations | None = None
        """Reload, heartbeat and opening hours, once attached (see :func:`assemble_kiosk`)."""
        folder = data_dir(config.data_dir)
        self.data_folder = folder
        self.events = EventLog.in_folder(folder, rate_limit=RateLimit(self.clock.now))
        """The proof-of-play log (``events.jsonl``), a flood of one kind counted, not written."""

        screen = pick_screen(config.screen)
        preview = None
        if config.windowed:  # the kiosk's own screen, laid out at its size (see preview.py)
            preview = QSize(*preview_size(deck.settings.screens, config.window_size))
        self.window = KioskWindow(screen, kiosk_mode=not config.windowed, preview=preview)
        pictures.set_screens(deck.settings.screens)  # as validate prepared them
        start_index = 0
        resume = config.resume_slide
        if resume:
            found = deck.index_of(resume)
            if found is None:
                log.warning("cannot resume at slide %r: not in the deck; starting at the first",
                            resume)
            else:
                start_index = found
        self.state = DeckState(deck, self.clock, language=config.language,
                               start_index=start_index, wall=wall)
        """The deck's state machine (pure Python)."""
        look = Look(deck.settings.theme, self.window.size())
        self.look = look
        self.stage = Stage(deck, look, self.state.language, view_factory or _default_factory(),
                           self.window, neighbour=self.state.neighbour, animate=animate,
                           gpu=renderer.gpu)
        self.stage.setGeometry(self.window.rect())
        self.chrome = Chrome(self.window, look, screen, self.clock, deck)
        self.chrome.set_language(self.state.language)
        self.chrome.set_mode(self.state.mode)
        self.chrome.set_showing(self.state.showing)
        self.touch = TouchInput(self.window)
        self.keys = KeyboardInput(self.window, kiosk_mode=self.window.kiosk_mode)
        self.staff = StaffExit(
            self.chrome.pinpad, PinGuard(PinStore(folder), self.clock.now),
            self.window.width(), self.window.height(),
            hold_ms=max(50, round(HOLD_MS / self.time_scale)) if self.time_scale > 1 else HOLD_MS,
            locked_session=config.locked_session, parent=self,
        )
        self.staff_controls = StaffControls(self, self.chrome.create_staff_panel, parent=self)
        """The staff panel behind the PIN: exit, reload, pause, jump, status."""
        self.screensaver = ScreenSaverInhibitor()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.tick)
        self._shown_language = self.state.language
        """The language the stage and chrome show: it follows the deck's, coalesced."""
        self._language_free_at = 0.0
        """When (time.monotonic) the next language redraw may start."""
        self._language_timer = QTimer(self)
        self._language_timer.setSingleShot(True)
        self._language_timer.timeout.connect(self._show_language)
        self._wire()

    # ------------------------------------------------------------------ public API

    def start(self) -> None:
        """Show the window with the first slide, log ``started``, start the timers."""
        size = self.window.size()
        gl: dict[str, str] = {}
        if self.renderer.gl_renderer:
            gl["gl_renderer"] = self.renderer.gl_renderer
        zone = local_zone_name()
        if zone:
            gl["timezone"] = zone
        self.events.write("started", slides=self.state.count, language=self.state.language,
                          size=f"{size.width()}x{size.height()}",
                          windowed=not self.window.kiosk_mode, pid=os.getpid(),
                          renderer=self.renderer.path,
                          renderer_reason=self.renderer.reason, **gl)
        self.state.start()  # builds the first view before the first paint
        self.window.present()
        self.window.setFocus()
        self.screensaver.inhibit()
        self._reschedule()

    def current_slide_id(self) -> str:
        """The id of the slide on screen (or arriving)."""
        return self.state.slide_id

    @property
    def language_pending(self) -> bool:
        """Whether a language switch is still waiting to be drawn (a burst of taps on the
        language button is drawn once, a moment after the last)."""
        return self._language_timer.isActive()

    def current_deck(self) -> Deck:
        """The deck being shown."""
        return self.state.deck

    def replace_deck(self, deck: Deck) -> None:
        """Use ``deck`` from the next slide boundary on (the current slide kept by id)."""
        self.state.replace_deck(deck)

    def set_suspended(self, suspended: bool) -> None:
        """Stop (True) or restart auto-advance and the idle timers, e.g. for a closed screen."""
        if suspended:
            self.stage.finish()
        self.state.set_suspended(suspended)
        self._reschedule()

    def dispatch(self, command: Command) -> None:
        """Act on a command as if it came from input."""
        self.state.dispatch(command)
        self._reschedule()

    def tick(self) -> None:
        """Let the deck act on passed deadlines (the timer calls this; tests may too)."""
        self.state.tick()
        self._reschedule()

    def request_exit(self, code: int = 0) -> None:
        """Leave the kiosk with ``code`` (staff exit)."""
        self.exit_code = code
        self.window.allow_close()
        self.shutdown()
        self.window.close()
        self.exited.emit(code)  # run_kiosk ends the event loop on this

    def shutdown(self) -> None:
        """Stop timers and input, release the screensaver, close the event log."""
        self._timer.stop()
        self._language_timer.stop()
        if self.operations is not None:
            self.operations.stop()
        self.stage.stop()
        self.chrome.progress.set_timing(None)
        self.chrome.hint.set_active(False)
        self.touch.detach()
        self.keys.detach()
        self.screensaver.release()
        self.events.close()

    # ------------------------------------------------------------------ wiring

    def _wire(self) -> None:
        state, stage, chrome = self.state, self.stage, self.chrome
        state.slide_changed.connect(self._on_slide)
        state.language_changed.connect(self._on_language)
        state.mode_changed.connect(chrome.set_mode)
        state.paused_changed.connect(chrome.set_paused)
        state.countdown_changed.connect(chrome.countdown.set_seconds)
        state.idle_reset.connect(self._on_idle_reset)
        state.timing_changed.connect(self._on_timing)
        state.deck_changed.connect(self._on_deck)
        state.showing_changed.connect(self.chrome.set_showing)
        state.input.connect(self.input_received.emit)
        state.exit_requested.connect(lambda: self.request_exit(0))
        stage.view_created.connect(self._connect_view)

        touch = self.touch
        touch.contact.connect(self._on_contact)
        touch.drag_started.connect(stage.begin_drag)
        touch.dragged.connect(stage.drag_to)
        touch.swiped.connect(self._on_swipe)
        touch.drag_cancelled.connect(stage.cancel_drag)
        touch.pressed.connect(self._on_press)
        touch.moved.connect(self.staff.move)
        touch.released.connect(self.staff.release)
        touch.mouse_moved.connect(self.window.notice_mouse_motion)

        self.keys.command.connect(self.dispatch)
        self.keys.pin_key.connect(self._on_pin_key)
        self.staff.opened.connect(lambda: self._pin_mode(True))
        self.staff.closed.connect(lambda: self._pin_mode(False))
        self.staff.unlocked.connect(self.staff_controls.open)
        self.staff.exit_without_pin.connect(self._on_exit_without_pin)
        self.staff.refused.connect(self._on_pin_refused)
        self.staff_controls.opened.connect(lambda: self._pin_mode(True))
        self.staff_controls.closed.connect(lambda _reason: self._pin_mode(False))

        chrome.prev_button.clicked.connect(lambda: self.dispatch(c.prev_slide("tap")))
        chrome.next_button.clicked.connect(lambda: self.dispatch(c.next_slide("tap")))
        chrome.language_button.clicked.connect(
            lambda: self.dispatch(c.set_language(chrome.language_button.target_language, "tap")))
        chrome.dots.jump.connect(lambda index: self.dispatch(c.goto(index, "jump")))

    def _connect_view(self, view: SlideView) -> None:
        view.touched.connect(self._on_view_touched)
        view.detail_opened.connect(self._on_detail)

    def _reschedule(self) -> None:
        deadline = self.state.next_deadline()
        if deadline is None:
            self._timer.stop()
            return
        seconds = max(0.0, deadline - self.clock.now()) / self.time_scale
        # A hair late rather than early: an early wake-up would find nothing to do.
        self._timer.start(min(2**31 - 1, int(seconds * 1000) + 2))

    # ------------------------------------------------------------------ handlers

    def _on_slide(self, change: SlideChange) -> None:
        transition = "fade" if change.trigger == "idle_reset" else change.transition
        self.stage.show_index(change.index, change.direction, transition, trigger=change.trigger)
        self.chrome.set_index(change.index)
        deck = self.state.deck
        self.chrome.set_slide_cue(shows_own_cue(deck.slides[change.index]))
        show = deck.slides[change.index].show
        # Proof of play for show: windows: how many slides were in the loop, and this one's.
        window: dict[str, object] = (
            {"showing": len(self.state.showing)} if has_windows(deck) else {})
        if show is not None:
            window["show"] = describe_show(show)
        self.events.write("slide_shown", slide=change.slide_id, index=change.index,
                          trigger=change.trigger, **window)
        self.slide_changed.emit(change.slide_id)

    def _on_language(self, language: str) -> None:
        # Redrawing every slide for a language costs tens of milliseconds; a ghost-touching
        # panel or a hammering visitor toggles 180 times a second, and redrawing for each tap
        # stalled the GUI thread until the hang detector killed the kiosk. So taps are
        # coalesced: a redraw starts at once when the last one is long enough past, else
        # once, later, for whatever language the deck has by then; meanwhile the toggle
        # keeps its label, so further taps ask for the same language and cost nothing.
        if self._language_timer.isActive():
            return
        wait = self._language_free_at - time.monotonic()
        if wait > 0:
            self._language_timer.start(max(1, math.ceil(wait * 1000)))
            return
        self._show_language()

    def _show_language(self) -> None:
        """Show the deck's language now (one redraw, however many taps asked for it)."""
        language = self.state.language
        if language == self._shown_language:
            return
        started = time.monotonic()
        self._shown_language = language
        self.stage.set_language(language)
        self.chrome.set_language(language)
        self.events.write("language_changed", language=language)
        # At most LANGUAGE_REDRAW_SHARE of the GUI thread's time goes to language redraws.
        cost = time.monotonic() - started
        self._language_free_at = time.monotonic() + cost * (1 / LANGUAGE_REDRAW_SHARE - 1)

    def _on_idle_reset(self) -> None:
        self.events.write("idle_reset")
        self.staff.close()
        self.staff_controls.close("idle_reset")
        view = self.stage.current_view
        if view is not None:
            view.close_detail()

    def _on_timing(self, timing: AutoTiming | None) -> None:
        self.chrome.progress.set_timing(timing)

    def _on_deck(self, deck: Deck) -> None:
        pictures.set_screens(deck.settings.screens)
        self.stage.set_deck(deck)
        self.chrome.set_deck(deck)
        self.chrome.set_language(self.state.language)
        self.chrome.set_slide_cue(shows_own_cue(deck.slides[self.state.index]))

    def _on_contact(self) -> None:
        if self.chrome.countdown.isVisible():
            # The touch that says "I'm still here" must not also press what is under it.
            self.touch.recognizer.abort()
        self.state.user_input()
        self._reschedule()

    def _on_swipe(self, direction: int) -> None:
        self.dispatch(c.next_slide("swipe") if direction > 0 else c.prev_slide("swipe"))
        # After the dispatch: a slide change has taken the drag over by now, or none will
        # (an end without wrap, a refused command) and the stage snaps back.
        self.stage.end_drag()

    def _on_view_touched(self) -> None:
        self.state.user_input()
        self._reschedule()

    def _on_detail(self, is_open: bool) -> None:
        self.state.set_detail_open(is_open)
        self._reschedule()

    def _pin_mode(self, on: bool) -> None:
        self.touch.recognizer.swipes_enabled = not on
        self.keys.pin_mode = on

    def _on_press(self, point: QPoint) -> None:
        if self.staff_controls.is_open:
            self.staff_controls.touched()  # no corner hold under the open panel
        else:
            self.staff.press(point)

    def _on_pin_key(self, label: str) -> None:
        if not self.staff_controls.is_open:
            self.staff.key(label)
        elif label == "cancel":
            self.staff_controls.close("button")
        else:
            self.staff_controls.touched()

    def _on_pin_refused(self, outcome: str, result: PinResult) -> None:
        # Staff see on their panel (and the report) that someone tried; never the digits.
        fields: dict[str, object] = {"tries_left": result.tries_left} if outcome == "wrong" \
            else {"locked_for": round(result.locked_for)}
        self.events.write("staff_action", action="pin", outcome=outcome, **fields)

    def _on_exit_without_pin(self) -> None:
        if self.config.locked_session:
            return  # the locked session has no first-run exit (StaffExit never offers one)
        # First run, no PIN set: whoever installed the kiosk can always get their desktop back.
        self.events.write("staff_action", action="exit", pin=False)
        self.events.write("staff_exit", pin=False)
        self.request_exit(0)


# ---------------------------------------------------------------------------------- running


AFTER_FIRST_FRAME_MS = 250
"""Operations start this long after the first frame (it must be on screen first)."""


class _AfterFirstFrame(QObject):
    """Calls ``callback`` once, right after ``window``'s first frame has been painted (or after
    ``fallback_ms`` if no frame comes), so work that can wait never delays the first slide."""

    def __init__(self, window: QWidget, callback: Callable[[], None],
                 fallback_ms: int = 1500) -> None:
        super().__init__(window)
        self._window = window
        self._callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.UpdateRequest:
            # After this frame is painted and handed to the platform, and a moment more, so
            # the first frame is flushed and on screen before anything blocks the loop.
            self._window.removeEventFilter(self)
            QTimer.singleShot(AFTER_FIRST_FRAME_MS, self, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        self._window.removeEventFilter(self)
        self.deleteLater()
        callback()


def load_content(config: RunConfig) -> tuple[Deck | None, bool]:
    """The deck to show: the content folder's, or — when it is invalid or looks cut off —
    the last good copy (see :mod:`kiosk.runtime.reload`). Returns ``(deck, is_fallback)``;
    the deck is None when the content is invalid and there is no usable last good copy.
    Problems go to stderr."""
    from kiosk.core.content.lastgood import (
        choose_start_content,
        clean_leftovers,
        hashed_picture_check,
        remember_checked_pictures,
    )
    from kiosk.core.content.loader import load_deck
    from kiosk.runtime.reload import report_start_content

    folder = data_dir(config.data_dir)
    clean_leftovers(folder)  # a copy a killed kiosk left half-made
    # Pictures the last good copy holds were checked when it was made: by their bytes'
    # hash, a restart knows them and checks only new ones.
    remember_checked_pictures(folder)
    result = load_deck(config.content, picture_check=hashed_picture_check())
    for problem in result.problems:
        print(problem, file=sys.stderr)
    start = choose_start_content(config.content, folder, result)
    if start.problems or (start.last_good is not None
                          and start.last_good.status not in ("ok", "missing")):
        events = EventLog.in_folder(folder)
        report_start_content(config.content, folder, start, events)
        events.close()
    if start.deck is None:
        print(f"star-kiosk: the content in {config.content} has {len(result.errors)} error(s); "
              f"fix them (star-kiosk validate) and start again", file=sys.stderr)
    return start.deck, start.fallback


def assemble_kiosk(config: RunConfig, *, operations_at_once: bool = False) -> KioskApp | None:
    """The one assembly of a running kiosk: application, fonts, content, the kiosk itself,
    started on screen, and its operations (reload, heartbeat, opening hours) attached after
    the first frame — or at once with ``operations_at_once`` (harnesses that do not wait for
    a frame). Returns None when there is no valid content to show at all."""
    deck, is_fallback = load_content(config)
    if deck is None:
        return None
    if config.windowed and QApplication.instance() is None:
        # Drawn smaller to fit the desktop, laid out at the kiosk's size: before the app.
        scale_rendering_to_desktop(preview_size(deck.settings.screens, config.window_size),
                                   config.screen)
    app = make_application()
    app.setQuitOnLastWindowClosed(config.windowed)
    load_bundled_fonts()  # a missing font is logged; the system's fonts stand in
    # Before the window exists: the GPU strip is built with the stage, never mid-run.
    kiosk = KioskApp(deck, config, renderer=choose_renderer(config.renderer))
    kiosk.exited.connect(app.exit)
    kiosk.start()
    # Chinese word breaks, worked out in a child process once the first frame is up, with
    # the deck's own names and terms kept whole.
    wordbreak.use_terms(wordbreak.deck_terms(deck))
    wordbreak.prepare([*wordbreak.strings_in(deck), *wordbreak.strings_in(vars(strings))])

    def attach() -> None:
        from kiosk.runtime.operations import attach_operations

        try:
            kiosk.operations = attach_operations(kiosk, config, content_fallback=is_fallback)
        except Exception:
            log.exception("operations features failed to start; the kiosk runs without them")

    if operations_at_once:
        attach()
    else:
        # Nothing operations do is needed for the first frame: it goes on screen first.
        _AfterFirstFrame(kiosk.window, attach)
    return kiosk


def run_kiosk(config: RunConfig, on_ready: Callable[[KioskApp], None] | None = None) -> int:
    """Run the kiosk until staff exit (0).

    Invalid content runs the last good content instead (see :mod:`kiosk.runtime.reload`);
    with none, returns :data:`~kiosk.core.exit_codes.CONTENT_INVALID_EXIT`.
    """
    kiosk = assemble_kiosk(config)
    if kiosk is None:
        return CONTENT_INVALID_EXIT
    # Ctrl+C in a terminal (development) ends the process instead of being swallowed by Qt.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if on_ready is not None:
        on_ready(kiosk)
    code = make_application().exec()  # the application assemble_kiosk made
    kiosk.shutdown()
    return kiosk.exit_code if kiosk.exit_code is not None else code
