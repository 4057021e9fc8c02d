"""The deck's state machine, in pure Python: which slide, which language, who is watching.

No Qt here (a test asserts it): the Qt layer subscribes to the plain-Python events below and
drives time by calling :meth:`DeckState.tick` when :meth:`DeckState.next_deadline` comes.

Modes:

* **attract** — nobody is here: slides auto-advance, each for its duration, looping.
* **interactive** — a visitor touched: auto-advance stops; ``idle_timeout`` seconds after the
  last input the deck resets to the attract loop (first slide, home language, auto-advance
  on), and the last ``idle_warning`` of those seconds show as a "Still there?" countdown;
  input during it cancels it. So a visitor who walks away is reset after exactly
  ``idle_timeout`` seconds, as content/README.md says.

Slides with a ``show:`` window (:mod:`kiosk.core.showing`) are in the deck only inside it: the
attract loop, swipes, taps, Home/End and the idle reset move among the slides showing now, read
from the injectable wall clock (``wall``, the kiosk's local time). A slide already on screen
when its window ends stays until the next move. Staff's jump may still show any slide.

Every input goes through one choke point, :meth:`DeckState.user_input` (reveal.js'
``onUserInput``): it switches to interactive mode, restarts the idle timer and cancels a
countdown. Commands that come from time (``auto``, ``idle_reset``, ``start``) never do.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from kiosk.core.content.model import Deck
from kiosk.core.deck.clock import Clock, MonotonicClock
from kiosk.core.deck.commands import USER_TRIGGERS, Command, Kind, Trigger
from kiosk.core.showing import has_windows, next_minute, showing_indices

log = logging.getLogger(__name__)

Mode = Literal["attract", "interactive"]

_CURRENT = -1
"""Stands for "the slide showing now" as a ``previous`` argument."""

class Emitter:
    """A tiny observer list: ``connect(fn)``, ``disconnect(fn)``, ``emit(*args)``.

    An observer that raises is logged and skipped, so one broken view never stops the deck.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        """Call ``callback`` on every emit, after those connected before it."""
        self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        """Stop calling ``callback`` (no error if it was not connected)."""
        try:
            self._callbacks.remove(callback)
        except ValueError:
            pass

    def emit(self, *args: Any) -> None:
        """Call every observer with ``args``."""
        for callback in list(self._callbacks):
            try:
                callback(*args)
            except Exception:
                log.exception("observer of %s failed", self.name)


@dataclass(frozen=True)
class SlideChange:
    """A slide came on screen."""

    index: int
    """The slide now showing."""
    previous: int | None
    """The slide shown before (None at start, or when it vanished with a reloaded deck)."""
    slide_id: str
    trigger: Trigger
    direction: int
    """+1 when moving forward (the new slide comes from the right), -1 backward, 0 in place."""
    transition: str
    """``push`` or ``fade``: the entering slide's transition (its own, else the deck's)."""


@dataclass(frozen=True)
class AutoTiming:
    """Auto-advance is running: the current slide started at ``started`` and lasts ``duration``."""

    started: float
    duration: float

    @property
    def deadline(self) -> float:
        return self.started + self.duration

    def fraction(self, now: float) -> float:
        """How much of the slide's time has passed, 0..1."""
        if self.duration <= 0:
            return 1.0
        return min(1.0, max(0.0, (now - self.started) / self.duration))


class DeckState:
    """Current slide, mode, language and timers of one deck. Pure; driven by commands and time.

    Events (each an :class:`Emitter`; connect plain callables):

    * ``slide_changed(SlideChange)``
    * ``language_changed(str)``
    * ``mode_changed(str)`` — ``attract`` or ``interactive``
    * ``countdown_changed(int | None)`` — whole seconds left before the idle reset, or None
    * ``idle_reset()`` — before the ``slide_changed`` it causes
    * ``paused_changed(bool)``
    * ``timing_changed(AutoTiming | None)`` — auto-advance (re)started, or stopped
    * ``deck_changed(Deck)`` — a replaced deck took effect (before the ``slide_changed``)
    * ``edge_reached(int)`` — navigation hit the end (wrap off); +1 last, -1 first
    * ``input()`` — someone touched or pressed a key (the choke point ran)
    * ``exit_requested()`` — staff asked to leave
    * ``showing_changed(tuple[int, ...])`` — the slides showing now changed (a ``show:``
      window opened or closed, or a new deck): their positions, in deck order
    """

    def __init__(
        self,
        deck: Deck,
        clock: Clock | None = None,
        *,
        language: str | None = None,
        start_index: int = 0,
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        """``clock`` drives the timers; ``wall`` tells the local date and time for the slides'
        ``show:`` windows (:meth:`datetime.now` by default)."""
        if not deck.slides:
            raise ValueError("a deck needs at least one slide")
        self.deck = deck
        self.clock: Clock = clock or MonotonicClock()
        self.wall: Callable[[], datetime] = wall or datetime.now
        self.home_language = self._valid_language(language) or deck.settings.default_language
        """The language the attract loop returns to (``--lang``, else the deck's default)."""
        self.language = self.home_language
        self.index = min(max(0, start_index), len(deck.slides) - 1)
        self.mode: Mode = "attract"
        self.paused = False
        """Held by staff (Space): no auto-advance and no idle reset until released."""
        self.detail_open = False
        """A visitor opened a detail inside the slide."""
        self.suspended = False
        """Timers stopped from outside (e.g. the screen is closed for the night)."""
        self.started = False
        now = self.clock.now()
        self._slide_started = now
        self._last_input = now
        self._countdown_deadline: float | None = None
        self._countdown_shown: int | None = None
        self._pending_deck: Deck | None = None
        self._timing: AutoTiming | None = None

        self.slide_changed = Emitter("slide_changed")
        self.language_changed = Emitter("language_changed")
        self.mode_changed = Emitter("mode_changed")
        self.countdown_changed = Emitter("countdown_changed")
        self.idle_reset = Emitter("idle_reset")
        self.paused_changed = Emitter("paused_changed")
        self.timing_changed = Emitter("timing_changed")
        self.deck_changed = Emitter("deck_changed")
        self.edge_reached = Emitter("edge_reached")
        self.input = Emitter("input")
        self.exit_requested = Emitter("exit_requested")
        self.showing_changed = Emitter("showing_changed")
        self._showing: tuple[int, ...] = showing_indices(deck, self.wall())

    # ------------------------------------------------------------------ queries

    @property
    def slide_id(self) -> str:
        return self.deck.slides[self.index].id

    @property
    def count(self) -> int:
        return len(self.deck.slides)

    @property
    def showing(self) -> tuple[int, ...]:
        """The positions of the slides showing now (their ``show:`` windows), in deck order."""
        return self._showing

    def refresh_showing(self) -> None:
        """Read the wall clock again; emit ``showing_changed`` when the set of slides changed."""
        showing = showing_indices(self.deck, self.wall())
        if showing != self._showing:
            self._showing = showing
            self.showing_changed.emit(showing)

    @property
    def auto_advancing(self) -> bool:
        """Whether the current slide will move on by itself."""
        return (self.started and self.mode == "attract" and not self.paused
                and not self.suspended and not self.detail_open)

    @property
    def timing(self) -> AutoTiming | None:
        """The running auto-advance timer, for a progress bar; None when not advancing."""
        return self._timing

    @property
    def idle_deadline(self) -> float | None:
        """When the idle countdown starts (None unless a visitor is here and time runs):
        ``idle_warning`` seconds before ``idle_timeout`` has passed since the last input."""
        if not self.started or self.mode != "interactive" or self.paused or self.suspended:
            return None
        settings = self.deck.settings
        return self._last_input + settings.idle_timeout - settings.idle_warning

    @property
    def countdown_deadline(self) -> float | None:
        """When the idle reset happens, while the countdown shows."""
        return self._countdown_deadline

    @property
    def pending_deck(self) -> Deck | None:
        """A replacement deck waiting for the next slide boundary."""
        return self._pending_deck

    def countdown_remaining(self, now: float | None = None) -> int | None:
        """Whole seconds left on the countdown (rounded up), or None when none shows."""
        if self._countdown_deadline is None:
            return None
        now = self.clock.now() if now is None else now
        return max(0, math.ceil(self._countdown_deadline - now - 1e-9))

    def neighbour(self, direction: int) -> int | None:
        """The slide a swipe in ``direction`` (+1 next, -1 previous) would show; None at an end.

        Only slides showing now count; from a slide that is not showing (its window just
        ended, or staff jumped to it) the neighbours are the showing ones either side of it.
        """
        showing = self._showing
        if direction > 0:
            later = [i for i in showing if i > self.index]
            if later:
                return later[0]
            wrapped = showing[0]
        else:
            earlier = [i for i in showing if i < self.index]
            if earlier:
                return earlier[-1]
            wrapped = showing[-1]
        if self.deck.settings.wrap and wrapped != self.index:
            return wrapped
        return None

    def next_deadline(self) -> float | None:
        """The next time :meth:`tick` has something to do, or None when nothing is scheduled."""
        candidates: list[float] = []
        if self._timing is not None:
            candidates.append(self._timing.deadline)
        if self._countdown_deadline is not None:
            remaining = self.countdown_remaining()
            # Wake once per second so the countdown's number can change.
            if remaining and remaining > 1:
                candidates.append(self._countdown_deadline - (remaining - 1))
            candidates.append(self._countdown_deadline)
        else:
            idle = self.idle_deadline
            if idle is not None:
                candidates.append(idle)
        if self.started and has_windows(self.deck):
            # A show: window may open or close at the next whole minute of the wall clock.
            wall = self.wall()
            seconds = (next_minute(wall) - wall).total_seconds()
            scale = float(getattr(self.clock, "scale", 1.0))
            candidates.append(self.clock.now() + seconds * scale)
        return min(candidates) if candidates else None

    # ------------------------------------------------------------------ driving

    def start(self) -> None:
        """Show the first slide (trigger ``start``) and start the timers. Call once."""
        if self.started:
            return
        self.started = True
        now = self.clock.now()
        self._slide_started = now
        self._last_input = now
        self.refresh_showing()
        if self.index not in self._showing:  # e.g. resuming on a slide whose window ended
            self.index = next((i for i in self._showing if i > self.index), self._showing[0])
        self._emit_slide(self.index, None, "start", 0)
        self._update_timing()

    def tick(self, now: float | None = None) -> None:
        """Act on every deadline that has passed by ``now`` (the clock's time by default)."""
        now = self.clock.now() if now is None else now
        if not self.started or self.suspended:
            return
        self.refresh_showing()
        for _ in range(8):  # a long stall never turns into a burst of catch-up slides
            if not self._step(now):
                break

    def _step(self, now: float) -> bool:
        if self._countdown_deadline is not None:
            if now >= self._countdown_deadline:
                self._idle_reset(now)
                return True
            self._show_countdown(now)
            return False
        idle = self.idle_deadline
        if idle is not None and now >= idle:
            self._countdown_deadline = idle + self.deck.settings.idle_warning
            self._show_countdown(now)
            return True
        timing = self._timing
        if timing is not None and now >= timing.deadline:
            self._advance_auto(now)
            return True
        return False

    def dispatch(self, command: Command) -> None:
        """Act on one command from input (or from the app)."""
        kind = command.kind
        if kind is Kind.STAFF_EXIT:
            self.exit_requested.emit()
            return
        if kind is Kind.PAUSE_TOGGLE:
            self.set_paused(not self.paused)
            return
        if command.trigger in USER_TRIGGERS:
            self.user_input()
        if kind is Kind.USER_INPUT:
            return
        if kind is Kind.TOGGLE_LANG:
            languages = self.deck.settings.languages or (self.language,)
            position = languages.index(self.language) if self.language in languages else -1
            self.set_language(languages[(position + 1) % len(languages)])
            return
        if kind is Kind.SET_LANG:
            self.set_language(command.language or self.language)
            return
        self._navigate(command)

    def user_input(self) -> None:
        """The choke point: someone is here. Interactive mode, idle timer restarted, no countdown.

        Every input handler calls this (directly or through :meth:`dispatch`) before acting.
        """
        now = self.clock.now()
        self._last_input = now
        if self._countdown_deadline is not None:
            self._countdown_deadline = None
            self._show_countdown(now)
        self._set_mode("interactive")
        self._update_timing()
        self.input.emit()

    def set_language(self, language: str) -> None:
        """Switch the visible language (no-op when unchanged or not one of the deck's)."""
        if self._valid_language(language) is None or language == self.language:
            return
        self.language = language
        self.language_changed.emit(language)

    def set_paused(self, paused: bool) -> None:
        """Hold or release the deck (staff): no auto-advance and no idle reset while held."""
        if paused == self.paused:
            return
        now = self.clock.now()
        self.paused = paused
        self._last_input = now
        if paused and self._countdown_deadline is not None:
            self._countdown_deadline = None
            self._show_countdown(now)
        if not paused:
            self._slide_started = now  # a released slide gets its full time again
        self.paused_changed.emit(paused)
        self._update_timing()

    def set_detail_open(self, is_open: bool) -> None:
        """A detail inside the slide opened or closed (a touch, so it counts as input)."""
        self.user_input()
        if is_open != self.detail_open:
            self.detail_open = is_open
            self._update_timing()

    def set_suspended(self, suspended: bool) -> None:
        """Stop (or restart) every timer, e.g. while the screen is closed."""
        if suspended == self.suspended:
            return
        now = self.clock.now()
        self.suspended = suspended
        if suspended:
            self._countdown_deadline = None
            self._show_countdown(now)
        else:
            self._slide_started = now
            self._last_input = now
        self._update_timing()

    def replace_deck(self, deck: Deck) -> None:
        """Use ``deck`` from the next slide boundary on, keeping the current slide by id."""
        if not deck.slides:
            log.warning("refusing to replace the deck with one that has no slides")
            return
        self._pending_deck = deck

    # ------------------------------------------------------------------ internals

    def _valid_language(self, language: str | None) -> str | None:
        if not language:
            return None
        languages = self.deck.settings.languages
        if languages and language not in languages:
            log.warning("language %r is not one of the deck's %s", language, languages)
            return None
        return language

    def _set_mode(self, mode: Mode) -> None:
        if mode != self.mode:
            self.mode = mode
            self.mode_changed.emit(mode)

    def _show_countdown(self, now: float) -> None:
        shown = self.countdown_remaining(now)
        if shown != self._countdown_shown:
            self._countdown_shown = shown
            self.countdown_changed.emit(shown)

    def _update_timing(self) -> None:
        timing = None
        if self.auto_advancing:
            timing = AutoTiming(self._slide_started, self.deck.duration_of(self.index))
        if timing != self._timing:
            self._timing = timing
            self.timing_changed.emit(timing)

    def _advance_auto(self, now: float) -> None:
        target = self.neighbour(+1)
        if target is None:
            # The attract loop always loops; ``wrap`` governs visitors' swipes.
            target = self._showing[0]
        self._go(target, "auto", +1, now)

    def _idle_reset(self, now: float) -> None:
        self._countdown_deadline = None
        self._show_countdown(now)
        if self.paused:  # cannot happen today (no reset while held), but never leave a stale
            self.paused = False  # pause indicator if it ever does
            self.paused_changed.emit(False)
        self.detail_open = False
        self._set_mode("attract")
        self.idle_reset.emit()
        previous: int | None = self.index
        if self._pending_deck is not None and not self._apply_pending_deck():
            previous = None
        self.set_language(self.home_language)
        self.refresh_showing()
        self._go(self._showing[0], "idle_reset", -1, now, force=True, previous=previous)

    def _navigate(self, command: Command) -> None:
        kind = command.kind
        if kind is Kind.NEXT or kind is Kind.PREV:
            direction = 1 if kind is Kind.NEXT else -1
            self._go_relative(direction, command.trigger)
            return
        target = {Kind.FIRST: self._showing[0],
                  Kind.LAST: self._showing[-1]}.get(kind, command.index)
        assert target is not None
        if self._pending_deck is not None:
            target = self._map_to_pending(target)
            self._apply_pending_deck()
        target = min(max(0, target), self.count - 1)
        if target == self.index:
            return
        self._go(target, command.trigger, 1 if target > self.index else -1, self.clock.now())

    def _go_relative(self, direction: int, trigger: Trigger) -> None:
        if self._pending_deck is not None:
            old_index = self.index
            still_here = self._apply_pending_deck()
            if not still_here:
                # The slide on screen vanished: the one now at its place (or before it) is next.
                if direction > 0:
                    target = min(old_index, self.count - 1)
                else:
                    target = old_index - 1
                    target = target % self.count if self.deck.settings.wrap else max(0, target)
                self._go(target, trigger, direction, self.clock.now(), force=True,
                         previous=None)
                return
        neighbour = self.neighbour(direction)
        if neighbour is None:
            self.edge_reached.emit(direction)
            return
        self._go(neighbour, trigger, direction, self.clock.now())

    def _map_to_pending(self, index: int) -> int:
        """Slide ``index`` of the current deck, as an index in the pending deck."""
        pending = self._pending_deck
        assert pending is not None
        if 0 <= index < self.count:
            mapped = pending.index_of(self.deck.slides[index].id)
            if mapped is not None:
                return mapped
        return min(index, len(pending.slides) - 1)

    def _apply_pending_deck(self) -> bool:
        """Swap in the pending deck; True when the current slide is still in it."""
        deck = self._pending_deck
        assert deck is not None
        self._pending_deck = None
        old_id = self.slide_id
        self.deck = deck
        if self._valid_language(self.language) is None:
            self.language = deck.settings.default_language
            self.language_changed.emit(self.language)
        if self._valid_language(self.home_language) is None:
            self.home_language = deck.settings.default_language
        new_index = deck.index_of(old_id)
        self.index = new_index if new_index is not None else min(self.index, self.count - 1)
        self._showing = showing_indices(deck, self.wall())
        self.deck_changed.emit(deck)
        self.showing_changed.emit(self._showing)
        return new_index is not None

    def _go(self, target: int, trigger: Trigger, direction: int, now: float,
            *, force: bool = False, previous: int | None = _CURRENT) -> None:
        if previous == _CURRENT:
            previous = self.index
        if self._pending_deck is not None:
            target_id = self.deck.slides[target].id
            if not self._apply_pending_deck():
                previous = None
            mapped = self.deck.index_of(target_id)
            target = mapped if mapped is not None else min(target, self.count - 1)
        if target == previous and not force:
            return
        self.index = target
        self.detail_open = False
        self._slide_started = now
        self._emit_slide(target, previous, trigger, direction)
        # A new slide restarts the timer even when its value looks the same: always tell.
        old_timing, self._timing = self._timing, None
        self._update_timing()
        if old_timing is not None and self._timing is None:
            self.timing_changed.emit(None)

    def _emit_slide(self, index: int, previous: int | None, trigger: Trigger,
                    direction: int) -> None:
        change = SlideChange(
            index=index,
            previous=previous,
            slide_id=self.deck.slides[index].id,
            trigger=trigger,
            direction=direction,
            transition=self.deck.transition_of(index),
        )
        self.slide_changed.emit(change)
