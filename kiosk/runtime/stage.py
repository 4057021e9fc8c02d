"""The stage: holds the slide views and moves between them.

Views are built lazily — the first one before the first paint, its neighbours a moment after
the slide has landed (one per event-loop turn) — and a few are cached. During a push the
views sit in *slots* along a strip (slot 0 the landed slide, ±1 its neighbours) and a single
``offset`` property (in screen widths) says where the strip is; a drag sets it from the
finger, an animation eases it to the target slot. A newer command re-targets the running
animation from wherever the strip is, so nothing ever jumps. A cross-fade covers the stage
with a snapshot of what it showed and fades that out over the incoming view.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import Property, QAbstractAnimation, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Deck, Slide
from kiosk.runtime import transitions
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look

log = logging.getLogger(__name__)

ViewFactory = Callable[..., SlideView]
"""``factory(slide, look, language, parent, reduce_motion=...)`` → a SlideView."""

CACHE_SIZE = 5
"""Slide views kept built: the current one, its neighbours and a couple more."""
PREBUILD_DELAY_MS = 1200
"""Neighbours are built this long after a slide lands: after its entrance, not during it."""
PREBUILD_RETRY_MS = 150
"""While the landed slide's entrance still plays, look again this much later."""
RUBBER_BAND = 0.18
"""At an end (wrap off) a drag moves the slide at most this fraction of the width."""


def _key(slide: Slide) -> object:
    # Equal frozen slides (e.g. unchanged by a reload) share a view; unhashable ones don't.
    try:
        hash(slide)
    except TypeError:
        return ("id", id(slide))
    return slide


class Stage(QWidget):
    """Shows one slide view at a time and animates the changes between them."""

    transition_finished = Signal()
    """The stage is at rest on a slide (after a transition, a snap-back or a fade)."""
    view_created = Signal(object)
    """A slide view was built (the app connects its ``touched``/``detail_opened``)."""

    def __init__(
        self,
        deck: Deck,
        look: Look,
        language: str,
        factory: ViewFactory,
        parent: QWidget | None = None,
        *,
        neighbour: Callable[[int], int | None] | None = None,
        animate: bool = True,
    ) -> None:
        super().__init__(parent)
        self.deck = deck
        self.look = look
        self.language = language
        self.factory = factory
        self.neighbour = neighbour or (lambda direction: None)
        """Which slide a drag in a direction reveals (the deck state answers); None at an end."""
        self.animate = animate
        """False: every change is instant (tests that don't care about animation)."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.resize(look.size)
        self._views: OrderedDict[object, SlideView] = OrderedDict()
        self._slots: dict[int, SlideView] = {}
        self._entered: set[int] = set()
        self._pending: set[SlideView] = set()
        self._moving = False
        """Views placed for a push or a drag whose entrance waits until they land."""
        self._offset = 0.0
        self._index: int | None = None
        self._current: SlideView | None = None
        self._dragging = False
        self._push = transitions.eased_animation(self, b"offset", 650, self)
        self._push.finished.connect(self._land)
        self._push_target = 0
        self._strip = transitions.SlideStrip(self, look.color("background"))
        self._cover = transitions.FadeCover(self)
        self._fade = transitions.eased_animation(self._cover, b"opacity", 650, self)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.finished.connect(self._fade_done)
        self._prebuild = QTimer(self)
        self._prebuild.setSingleShot(True)
        self._prebuild.timeout.connect(self._prebuild_step)
        self._background = look.color("background")

    # ------------------------------------------------------------------ queries

    @property
    def current_view(self) -> SlideView | None:
        """The view the stage is showing (or moving to)."""
        return self._current

    @property
    def current_index(self) -> int | None:
        return self._index

    @property
    def busy(self) -> bool:
        """Whether a transition, a fade or a drag is in progress."""
        return (self._dragging
                or self._push.state() == QAbstractAnimation.State.Running
                or self._fade.state() == QAbstractAnimation.State.Running)

    @property
    def settled(self) -> bool:
        """Nothing moving and nothing left to build: the entrance over, the neighbours ready."""
        current = self._current
        entering = (current is not None
                    and current.entrance.state() == QAbstractAnimation.State.Running)
        return not (self.busy or entering or self._prebuild.isActive())

    @property
    def cached_views(self) -> list[SlideView]:
        """Views built so far and still cached (for tests and memory checks)."""
        return list(self._views.values())

    # ------------------------------------------------------------------ offset

    def _get_offset(self) -> float:
        return self._offset

    def _set_offset(self, value: float) -> None:
        self._offset = value
        self._layout()

    offset = Property(float, _get_offset, _set_offset)
    """Where the strip of slots is, in screen widths (0: slot 0 fills the stage)."""

    def _layout(self) -> None:
        width = self.width()
        for slot, view in self._slots.items():
            position = slot - self._offset
            if abs(position) >= 1.0:
                if view.isVisible():
                    view.hide()
                continue
            view.move(round(position * width), 0)
            if not view.isVisible():
                view.show()
        if self._moving:
            # The strip (opaque, above the views, so Qt skips painting them) slides still
            # pictures of the views: a frame is two blits instead of two full repaints.
            strip = self._strip
            for slot, view in self._slots.items():
                if view.isVisible() and strip.view_at(slot) is not view:
                    strip.put(slot, view, view.grab())
            strip.set_offset(self._offset)

    def _start_moving(self) -> None:
        """From now until the strip lands, frames show pictures of the views."""
        if self._moving:
            return
        self._moving = True
        self._strip.begin(self._slots)
        self._cover.raise_()

    def _stop_moving(self) -> None:
        """Back to the live views (landed, faded or jumped)."""
        self._moving = False
        self._strip.end()

    # ------------------------------------------------------------------ views

    def view_for(self, index: int) -> SlideView:
        """The (cached or newly built) view of slide ``index``, in the current language."""
        slide = self.deck.slides[index]
        key = _key(slide)
        view = self._views.get(key)
        if view is None:
            view = self.factory(slide, self.look, self.language, self,
                                reduce_motion=self.deck.settings.reduce_motion)
            view.hide()
            view.resize(self.size())
            self._views[key] = view
            self.view_created.emit(view)
            self._trim_cache(keep=view)
        else:
            self._views.move_to_end(key)
            if view.language != self.language:
                view.set_language(self.language)
        return view

    def _trim_cache(self, keep: SlideView | None = None) -> None:
        busy = set(map(id, self._slots.values())) | {id(self._current), id(keep)}
        for key in list(self._views):
            if len(self._views) <= CACHE_SIZE:
                break
            view = self._views[key]
            if id(view) in busy:
                continue
            del self._views[key]
            view.hide()
            view.deleteLater()

    def _schedule_prebuild(self) -> None:
        self._prebuild.start(PREBUILD_DELAY_MS)

    def _prebuild_step(self) -> None:
        """Build one missing neighbour per turn of the event loop (each build blocks a bit)."""
        if self.busy or self._index is None:
            return
        current = self._current
        if current is not None and current.entrance.state() == QAbstractAnimation.State.Running:
            # Building a view blocks for tens of ms: never in the middle of an entrance.
            self._prebuild.start(PREBUILD_RETRY_MS)
            return
        for direction in (+1, -1):
            index = self.neighbour(direction)
            if index is None or index >= len(self.deck.slides):
                continue
            key = _key(self.deck.slides[index])
            if key in self._views:
                if self._views[key].language != self.language:
                    self._views[key].set_language(self.language)
                    self._prebuild.start(0)
                    return
                continue
            self.view_for(index)
            self._prebuild.start(0)
            return

    def set_language(self, language: str) -> None:
        """Show everything in ``language``; cached views follow when they next show."""
        if language == self.language:
            return
        self.language = language
        for view in self._slots.values():
            view.set_language(language)
        if self._current is not None:
            self._current.set_language(language)
        self._schedule_prebuild()

    def set_deck(self, deck: Deck) -> None:
        """Use ``deck`` for the slides to come (the one showing stays until it leaves)."""
        self.deck = deck
        kept = {_key(s) for s in deck.slides}
        for key in list(self._views):
            view = self._views[key]
            if key not in kept and view is not self._current and view not in self._slots.values():
                del self._views[key]
                view.hide()
                view.deleteLater()

    # ------------------------------------------------------------------ showing

    def show_index(self, index: int, direction: int = 1, transition: str = "push",
                   *, trigger: str = "") -> None:
        """Bring slide ``index`` on, animating from whatever is on screen now."""
        view = self.view_for(index)
        previous = self._current
        self._index = index
        self._current = view
        if previous is None or not self.animate or not self.isVisible():
            self._show_now(view)
            return
        if view is previous and not self._dragging and not self.busy:
            view.enter()  # the same slide again (an idle reset on the first slide): replay
            return
        settings = self.deck.settings
        step = transitions.plan(transition, settings.transition_ms,
                                reduce_motion=settings.reduce_motion)
        slot = self._slot_of(view)
        if slot is not None and self._push.state() != QAbstractAnimation.State.Running and (
                abs(self._offset) > 1e-3 or self._dragging):
            # A drag revealed it already: finish with a push from where the finger left it.
            self._dragging = False
            self._push_to(slot, settings.transition_ms)
            return
        if step.kind == transitions.FADE:
            self._fade_to(view, step.duration_ms)
        else:
            self._push_in(view, direction or 1, step.duration_ms)

    def _show_now(self, view: SlideView) -> None:
        self._push.stop()
        self._fade.stop()
        self._cover.clear()
        self._dragging = False
        for other in self._slots.values():
            if other is not view:
                other.hide()
        self._stop_moving()
        self._slots = {0: view}
        self._entered = {0}
        self._pending.clear()
        self._offset = 0.0
        view.move(0, 0)
        view.show()
        view.enter()
        self._settled()

    def _slot_of(self, view: SlideView) -> int | None:
        for slot, placed in self._slots.items():
            if placed is view:
                return slot
        return None

    def _place(self, slot: int, view: SlideView) -> None:
        """Put ``view`` in ``slot`` (whatever was there leaves), at the start of its entrance.

        The entrance plays when the strip lands on it (:meth:`_land`), not while it slides:
        a push frame then moves two still pictures instead of also running the staggered
        fades (opacity effects render through offscreen buffers) of the incoming view.
        """
        old = self._slots.get(slot)
        if old is not None and old is not view:
            old.hide()
        current_slot = self._slot_of(view)
        if current_slot is not None and current_slot != slot:
            del self._slots[current_slot]
        self._slots[slot] = view
        view.resize(self.size())
        view.raise_()
        if self._moving:
            self._strip.raise_()
        self._cover.raise_()
        view.prepare_entrance()
        self._pending.add(view)
        self._entered.add(slot)

    def _push_in(self, view: SlideView, direction: int, duration_ms: int) -> None:
        if self._fade.state() == QAbstractAnimation.State.Running:
            self._fade.stop()
            self._fade_done()
        existing = self._slot_of(view)
        if existing is not None and abs(existing - self._offset) < 1.0 and (
                existing != 0 or abs(self._offset) > 1e-3):
            # Going back to a slide still partly on screen: retarget to it.
            self._push_to(existing, duration_ms)
            return
        base = math.ceil(self._offset - 1e-6) if direction > 0 else math.floor(self._offset + 1e-6)
        target = base + (1 if direction > 0 else -1)
        self._place(target, view)
        self._push_to(target, duration_ms)

    def _push_to(self, slot: int, duration_ms: int) -> None:
        distance = abs(slot - self._offset)
        self._push.stop()
        self._push_target = slot
        if distance >= 1e-3:
            self._start_moving()
        self._layout()
        if distance < 1e-3:
            self._land()
            return
        # A drag already covered part of the way: the rest takes proportionally less time.
        duration = max(transitions.MIN_SETTLE_MS, round(duration_ms * min(1.0, distance)))
        self._push.setDuration(duration)
        self._push.setStartValue(self._offset)
        self._push.setEndValue(float(slot))
        self._push.start()

    def _land(self) -> None:
        """The strip reached its target slot: that view becomes slot 0."""
        target = self._push_target
        view = self._slots.get(target)
        if view is None:
            self._stop_moving()
            self._layout()
            return
        for other in list(self._slots.values()):
            if other is not view:
                other.hide()
        self._slots = {0: view}
        self._entered = {0}
        self._push_target = 0
        self._offset = 0.0
        self._stop_moving()
        self._layout()
        if view in self._pending:
            view.enter()
        self._pending.clear()
        self._settled()

    def _fade_to(self, view: SlideView, duration_ms: int) -> None:
        # The snapshot is whatever the stage shows now, mid-transition or not: no jump.
        snapshot = self.grab()
        self._push.stop()
        self._fade.stop()
        self._stop_moving()
        for other in self._slots.values():
            if other is not view:
                other.hide()
        self._slots = {0: view}
        self._offset = 0.0
        view.resize(self.size())
        view.move(0, 0)
        view.show()
        view.enter()
        self._entered = {0}
        self._pending.clear()
        self._cover.start(snapshot)
        self._fade.setDuration(max(1, duration_ms))
        self._fade.start()

    def _fade_done(self) -> None:
        self._cover.clear()
        if self._push.state() != QAbstractAnimation.State.Running and not self._dragging:
            self._settled()

    def _settled(self) -> None:
        self._trim_cache()
        self.transition_finished.emit()
        self._schedule_prebuild()

    def finish(self) -> None:
        """Jump any running transition to its end (tests, suspension)."""
        if self._push.state() == QAbstractAnimation.State.Running:
            self._push.stop()
            self._land()
        if self._fade.state() == QAbstractAnimation.State.Running:
            self._fade.stop()
            self._fade_done()

    def stop(self) -> None:
        """Stop every animation and timer where it is (shutting down)."""
        self._prebuild.stop()
        self._push.stop()
        self._fade.stop()
        self._dragging = False

    # ------------------------------------------------------------------ dragging

    def begin_drag(self) -> None:
        """A finger started moving the slide: stop where things are and follow it."""
        if self._fade.state() == QAbstractAnimation.State.Running:
            self._fade.stop()
            self._fade_done()
        if self._push.state() == QAbstractAnimation.State.Running:
            # The newest input wins: land where the strip was heading, then follow the finger.
            self._push.stop()
            self._land()
        self._dragging = True
        self._prebuild.stop()

    def drag_to(self, dx: float) -> None:
        """The finger is ``dx`` pixels right of where it started."""
        if not self._dragging:
            return
        width = max(1, self.width())
        direction = -1 if dx > 0 else 1  # finger moving right reveals the previous slide
        neighbour = self.neighbour(direction) if dx else None
        self._start_moving()
        if dx and neighbour is None:
            # Rubber band: resistance that grows with distance, never past RUBBER_BAND.
            pull = abs(dx) / width
            offset = RUBBER_BAND * (1 - 1 / (1 + 3 * pull))
            self._set_offset(offset * direction)
            return
        if neighbour is not None and direction not in self._entered:
            view = self.view_for(neighbour)
            self._place(direction, view)
        self._set_offset(-dx / width)

    def end_drag(self) -> None:
        """The finger lifted; unless a slide change follows right away, snap back."""
        if not self._dragging:
            return
        # The deck state decides (a swipe command comes next, or nothing): wait one turn.
        QTimer.singleShot(0, self._snap_back_if_idle)

    def _snap_back_if_idle(self) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self._push_to(0, self.deck.settings.transition_ms)

    def cancel_drag(self) -> None:
        """A second finger or a palm: snap back smoothly."""
        if self._dragging:
            self._dragging = False
            self._push_to(0, self.deck.settings.transition_ms)

    # ------------------------------------------------------------------ painting

    def resizeEvent(self, event) -> None:
        self._strip.setGeometry(self.rect())
        for view in self._views.values():
            view.resize(self.size())
        self._layout()
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:
        # Only seen where no slide covers the stage: the rubber band's gap.
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._background)
