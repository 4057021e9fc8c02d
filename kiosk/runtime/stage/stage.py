"""The stage: shows one slide view at a time and animates the changes between them.

Where every view sits during a push or a drag is :class:`~kiosk.runtime.stage.strip.Strip`'s
business (pure numbers); which views exist is :class:`~kiosk.runtime.stage.cache.ViewCache`'s;
the still pictures that slide while they move are a
:class:`~kiosk.runtime.stage.painters.StripPainter`'s (raster or OpenGL).
This widget applies the strip's numbers to the views and to the still pictures that stand in
for them while they move, and runs the two animations: a push eases the strip's ``offset`` to
its target slot, a cross-fade covers the stage with a snapshot of what it showed and fades that
out over the incoming view. A newer command re-targets the running animation from wherever
the strip is, so nothing ever jumps.

A drag is explicit from start to end: :meth:`Stage.begin_drag`, :meth:`Stage.drag_to` while the
finger moves, and one :meth:`Stage.end_drag` after the deck has acted on the gesture: by then
a slide change (a swipe) has taken the drag over and is pushing on, or nothing has and the
strip snaps back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import Property, QAbstractAnimation, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from kiosk.core.content.model import Deck
from kiosk.runtime import transitions
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.stage.cache import Prebuilder, ViewCache, ViewFactory
from kiosk.runtime.stage.painters import SlideStrip, StripPainter
from kiosk.runtime.stage.strip import AT_REST, DragEnd, Strip, drag_direction, settle_ms
from kiosk.runtime.theme import Look

log = logging.getLogger(__name__)


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
        gpu: bool = False,
    ) -> None:
        super().__init__(parent)
        self.deck = deck
        self.look = look
        self.language = language
        self.neighbour = neighbour or (lambda direction: None)
        """Which slide a drag in a direction reveals (the deck state answers); None at an end."""
        self.animate = animate
        """False: every change is instant (tests that don't care about animation)."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.resize(look.size)
        self.strip: Strip[SlideView] = Strip()
        """Where the views sit (read it, don't change it: the stage applies every change)."""
        self._index: int | None = None
        self._current: SlideView | None = None
        self._cache = ViewCache(factory, look, self, self._views_in_use)
        self._cache.created.connect(self.view_created.emit)
        self._prebuilder = Prebuilder(self._prepare_a_neighbour, lambda: not self.busy,
                                      self._entering, self)
        self._push = transitions.eased_animation(self, b"offset", 650, self)
        self._push.finished.connect(self._land)
        self._pictures: StripPainter
        if gpu:  # the OpenGL strip, chosen once, before any show (kiosk.runtime.stage.gpu)
            from kiosk.runtime.stage.gpu import GLSlideStrip

            self._pictures = GLSlideStrip(self, look.color("background"))
        else:
            self._pictures = SlideStrip(self, look.color("background"))
        self._cover = transitions.FadeCover(self)
        self._fade = transitions.eased_animation(self._cover, b"opacity", 650, self)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.finished.connect(self._fade_done)
        self._background = look.color("background")

    # ------------------------------------------------------------------ queries

    @property
    def current_view(self) -> SlideView | None:
        """The view the stage is showing (or moving to)."""
        return self._current

    @property
    def current_index(self) -> int | None:
        """The index of the slide the stage is showing (or moving to)."""
        return self._index

    @property
    def busy(self) -> bool:
        """Whether a transition, a fade or a drag is in progress."""
        return (self.strip.dragging
                or self._push.state() == QAbstractAnimation.State.Running
                or self._fade.state() == QAbstractAnimation.State.Running)

    @property
    def settled(self) -> bool:
        """Nothing moving and nothing left to build: the entrance over, the neighbours ready."""
        return not (self.busy or self._entering() or self._prebuilder.pending)

    def prebuild_now(self) -> bool:
        """Build the landed slide's neighbours now rather than after the prebuild delay;
        False when no build was scheduled (nothing has landed since the last one)."""
        return self._prebuilder.run_now()

    @property
    def fading(self) -> bool:
        """Whether the cross-fade cover (a picture of the old slide) shows over the new one."""
        return self._cover.isVisible()

    @property
    def fade_ms(self) -> int:
        """How long the cross-fade (of a fade transition, or of a push under reduce-motion)
        lasts, in milliseconds."""
        return self._fade.duration()

    @property
    def cached_views(self) -> list[SlideView]:
        """Views built so far and still cached (for tests and memory checks)."""
        return self._cache.views

    def _entering(self) -> bool:
        current = self._current
        return current is not None and current.entrance.state() == QAbstractAnimation.State.Running

    def _views_in_use(self) -> Iterator[SlideView]:
        yield from self.strip.views()
        if self._current is not None:
            yield self._current

    # ------------------------------------------------------------------ offset

    def _get_offset(self) -> float:
        return self.strip.offset

    def _set_offset(self, value: float) -> None:
        self.strip.offset = value
        self._layout()

    offset = Property(float, _get_offset, _set_offset)
    """Where the strip of slots is, in screen widths (0: slot 0 fills the stage)."""

    def _layout(self) -> None:
        """Put every view where the strip says (the pictures too, while moving)."""
        for view, x in self.strip.placements(self.width()):
            if x is None:
                if view.isVisible():
                    view.hide()
                continue
            view.move(x, 0)
            if not view.isVisible():
                view.show()
        if self._pictures.active:
            # The pictures (opaque, above the views, so Qt skips painting them) slide still
            # images of the views: a frame is two blits instead of two full repaints.
            self._pictures.follow(self.strip.slots, self.strip.offset)

    def _start_moving(self) -> None:
        """From now until the strip lands, frames show pictures of the views."""
        if self._pictures.active:
            return
        self._pictures.begin()
        self._cover.raise_()

    def _stop_moving(self) -> None:
        """Back to the live views (landed, faded or jumped)."""
        self._pictures.end()

    # ------------------------------------------------------------------ views

    def view_for(self, index: int) -> SlideView:
        """The (cached or newly built) view of slide ``index``, in the current language."""
        return self._cache.view_for(self.deck.slides[index], self.language,
                                    reduce_motion=self.deck.settings.reduce_motion)

    def _prepare_a_neighbour(self) -> bool:
        """Build (or re-language) one neighbour not ready yet; False when both are ready."""
        if self._index is None:
            return False
        for direction in (+1, -1):
            index = self.neighbour(direction)
            if index is None or index >= len(self.deck.slides):
                continue
            if not self._cache.has(self.deck.slides[index], self.language):
                self.view_for(index)
                return True
        return False

    def set_language(self, language: str) -> None:
        """Show everything in ``language``; cached views follow when they next show."""
        if language == self.language:
            return
        self.language = language
        for view in self.strip.views():
            view.set_language(language)
        if self._current is not None:
            self._current.set_language(language)
        self._prebuilder.schedule()

    def set_deck(self, deck: Deck) -> None:
        """Use ``deck`` for the slides to come (the one showing stays until it leaves)."""
        self.deck = deck
        self._cache.keep_only(deck.slides)

    # ------------------------------------------------------------------ showing

    def show_index(self, index: int, direction: int = 1, transition: str = "push",
                   *, trigger: str = "") -> None:
        """Bring slide ``index`` on, animating from whatever is on screen now.

        During a drag the change takes the strip from the finger: a slide the drag revealed
        is pushed on from where the finger left it.
        """
        view = self.view_for(index)
        previous = self._current
        self._index = index
        self._current = view
        if previous is None or not self.animate or not self.isVisible():
            self._show_now(view)
            return
        if view is previous and not self.busy:
            view.enter()  # the same slide again (an idle reset on the first slide): replay
            return
        held = self.strip.take_over_drag()
        settings = self.deck.settings
        step = transitions.plan(transition, settings.transition_ms,
                                reduce_motion=settings.reduce_motion)
        slot = self.strip.slot_of(view)
        if slot is not None and self._push.state() != QAbstractAnimation.State.Running and (
                not self.strip.at_rest or held):
            # A drag revealed it already: finish with a push from where the finger left it.
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
        self.strip.take_over_drag()
        self._stop_moving()
        for other in self.strip.reset(view):
            other.hide()
        view.move(0, 0)
        view.show()
        view.enter()
        self._settled()

    def _place(self, slot: int, view: SlideView) -> None:
        """Put ``view`` in ``slot`` (whatever was there leaves), at the start of its entrance.

        The entrance plays when the strip lands on it (:meth:`_land`), not while it slides:
        a push frame then moves two still pictures instead of also running the staggered
        fades (opacity effects render through offscreen buffers) of the incoming view.
        """
        displaced = self.strip.place(slot, view)
        if displaced is not None:
            displaced.hide()
        view.resize(self.size())
        view.raise_()
        if self._pictures.active:
            self._pictures.raise_()
        self._cover.raise_()
        view.prepare_entrance()

    def _push_in(self, view: SlideView, direction: int, duration_ms: int) -> None:
        if self._fade.state() == QAbstractAnimation.State.Running:
            self._fade.stop()
            self._fade_done()
        slot, already_there = self.strip.arrival_slot(view, direction)
        if not already_there:
            self._place(slot, view)
        self._push_to(slot, duration_ms)

    def _push_to(self, slot: int, duration_ms: int) -> None:
        self._push.stop()
        distance = self.strip.aim(slot)
        if distance >= AT_REST:
            self._start_moving()
        self._layout()
        if distance < AT_REST:
            self._land()
            return
        self._push.setDuration(settle_ms(distance, duration_ms))
        self._push.setStartValue(self.strip.offset)
        self._push.setEndValue(float(slot))
        self._push.start()

    def _land(self) -> None:
        """The strip reached its target slot: that view becomes slot 0."""
        view, entrance_due, left = self.strip.land()
        self._stop_moving()
        for other in left:
            other.hide()
        self._layout()
        if view is None:
            return
        if entrance_due:
            view.enter()
        self._settled()

    def _fade_to(self, view: SlideView, duration_ms: int) -> None:
        # The snapshot is whatever the stage shows now, mid-transition or not: no jump.
        snapshot = self.grab()
        self._push.stop()
        self._fade.stop()
        self._stop_moving()
        for other in self.strip.reset(view):
            other.hide()
        view.resize(self.size())
        view.move(0, 0)
        view.show()
        view.enter()
        self._cover.start(snapshot)
        self._fade.setDuration(max(1, duration_ms))
        self._fade.start()

    def _fade_done(self) -> None:
        self._cover.clear()
        if self._push.state() != QAbstractAnimation.State.Running and not self.strip.dragging:
            self._settled()

    def _settled(self) -> None:
        self._cache.trim()
        self.transition_finished.emit()
        self._prebuilder.schedule()

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
        self._prebuilder.stop()
        self._push.stop()
        self._fade.stop()
        self.strip.forget_drag()

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
        self.strip.begin_drag()
        self._prebuilder.stop()

    def drag_to(self, dx: float) -> None:
        """The finger is ``dx`` pixels right of where it started."""
        if not self.strip.dragging:
            return
        neighbour = self.neighbour(drag_direction(dx)) if dx else None
        step = self.strip.drag(dx, max(1, self.width()), neighbour is not None)
        self._start_moving()
        if step.reveal is not None and neighbour is not None:
            self._place(step.reveal, self.view_for(neighbour))
        self._set_offset(step.offset)

    def end_drag(self) -> DragEnd:
        """The finger lifted and the deck has acted on the gesture: end the drag now.

        Call it after dispatching the gesture's command (if any). A slide change it caused
        has taken the drag over and is pushing on (:attr:`DragEnd.CHANGE`); otherwise the
        strip snaps back to the slide it started from (:attr:`DragEnd.SNAP_BACK`).
        """
        end = self.strip.end_drag()
        if end is DragEnd.SNAP_BACK:
            self._push_to(0, self.deck.settings.transition_ms)
        return end

    def cancel_drag(self) -> DragEnd:
        """A second finger, a palm or a short drag: no slide change follows; snap back."""
        return self.end_drag()

    # ------------------------------------------------------------------ painting

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._pictures.setGeometry(self.rect())
        self._cache.resize_all(self.size())
        self._layout()
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        # Only seen where no slide covers the stage: the rubber band's gap.
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._background)
