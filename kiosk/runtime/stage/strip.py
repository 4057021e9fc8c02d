"""The strip: where each slide view sits while the stage pushes or a finger drags — no Qt.

During a push or a drag the views sit in *slots* along a horizontal strip: slot 0 is the
slide the stage last landed on, ±1 its neighbours, and further slots appear when commands
come faster than the animation. One number, :attr:`Strip.offset` (in screen widths), says
where the strip is: a view in slot ``s`` sits ``(s - offset)`` screen widths right of the
stage's left edge and is off screen once that is a whole width or more. A drag sets the
offset from the finger; the stage's animation eases it to :attr:`Strip.target`; landing
makes the target slot the new slot 0.

This module is pure bookkeeping and arithmetic on opaque view handles (any hashable-by-
identity object), so the geometry is tested without a display; the Qt stage applies its
numbers to widgets and pictures and runs the animations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

View = TypeVar("View")

RUBBER_BAND = 0.18
"""At an end (wrap off) a drag moves the slide at most this fraction of the width."""
RUBBER_STIFFNESS = 3.0
"""How fast the rubber band's resistance grows with the finger's distance."""
AT_REST = 1e-3
"""Offsets closer than this (in screen widths) to a slot count as being on it."""
MIN_SETTLE_MS = 160
"""Shortest finishing animation after a drag, so even a flick visibly lands."""


class DragEnd(Enum):
    """How a drag ended, as decided by :meth:`Strip.end_drag`."""

    NONE = "none"
    """There was no drag to end."""
    CHANGE = "change"
    """A slide change took the drag over: the strip goes on to that slide."""
    SNAP_BACK = "snap_back"
    """Nothing changed the slide: the strip goes back to slot 0."""


class _Drag(Enum):
    IDLE = "idle"
    HELD = "held"
    """A finger moves the strip."""
    TAKEN = "taken"
    """A slide change took the strip from the finger; the finger has not lifted yet."""


@dataclass(frozen=True)
class DragStep:
    """What one finger movement does to the strip."""

    offset: float
    """The strip's new offset, in screen widths."""
    reveal: int | None
    """The slot (±1) that needs a view placed in it before the offset is applied, if any."""


def position_px(slot: int, offset: float, width: int) -> int | None:
    """The x of the view in ``slot`` on a stage ``width`` pixels wide, None when off screen."""
    position = slot - offset
    if abs(position) >= 1.0:
        return None
    return round(position * width)


def rubber_band(dx: float, width: int) -> float:
    """The offset a drag of ``dx`` pixels gives where there is nothing to reveal.

    Resistance grows with distance and the strip never moves past :data:`RUBBER_BAND`; a
    finger moving right (``dx`` > 0) pulls the strip right, which is a negative offset.
    """
    pull = abs(dx) / max(1, width)
    amount = RUBBER_BAND * (1 - 1 / (1 + RUBBER_STIFFNESS * pull))
    return -amount if dx > 0 else amount


def drag_direction(dx: float) -> int:
    """The slide a drag of ``dx`` pixels reveals: -1 (previous) for a finger moving right."""
    return -1 if dx > 0 else 1


def settle_ms(distance: float, duration_ms: int) -> int:
    """How long the strip takes to cover ``distance`` screen widths.

    A drag already covered part of the way, so the rest takes proportionally less time, but
    never less than :data:`MIN_SETTLE_MS`.
    """
    return max(MIN_SETTLE_MS, round(duration_ms * min(1.0, distance)))


class Strip(Generic[View]):
    """The slots, the offset, the push target, the drag and the entrances still to play."""

    def __init__(self) -> None:
        self.slots: dict[int, View] = {}
        """Which view sits in which slot."""
        self.offset = 0.0
        """Where the strip is, in screen widths (0: slot 0 fills the stage)."""
        self.target = 0
        """The slot the strip is heading for (the stage animates the offset to it)."""
        self._drag = _Drag.IDLE
        self._entrance_due: list[View] = []
        """Views placed for a push or a drag whose entrance plays when they land."""

    # ------------------------------------------------------------------ queries

    @property
    def dragging(self) -> bool:
        """Whether a finger moves the strip now."""
        return self._drag is _Drag.HELD

    @property
    def at_rest(self) -> bool:
        """Whether the strip stands on slot 0."""
        return abs(self.offset) <= AT_REST

    def slot_of(self, view: View) -> int | None:
        """The slot ``view`` sits in, if any."""
        for slot, placed in self.slots.items():
            if placed is view:
                return slot
        return None

    def view_in(self, slot: int) -> View | None:
        """The view in ``slot``, if any."""
        return self.slots.get(slot)

    def views(self) -> list[View]:
        """Every view on the strip."""
        return list(self.slots.values())

    def placements(self, width: int) -> list[tuple[View, int | None]]:
        """Every view with its x on a stage ``width`` pixels wide (None: off screen)."""
        return [(view, position_px(slot, self.offset, width))
                for slot, view in self.slots.items()]

    def distance_to(self, slot: int) -> float:
        """How far the strip is from standing on ``slot``, in screen widths."""
        return abs(slot - self.offset)

    # ------------------------------------------------------------------ placing

    def reset(self, view: View) -> list[View]:
        """``view`` alone in slot 0 with the strip on it; returns the views that left."""
        left = [other for other in self.slots.values() if other is not view]
        self.slots = {0: view}
        self.offset = 0.0
        self.target = 0
        self._entrance_due.clear()
        return left

    def place(self, slot: int, view: View) -> View | None:
        """Put ``view`` in ``slot``, its entrance due when it lands; returns who it displaced.

        A view already elsewhere on the strip moves (there is one of each view).
        """
        old = self.slots.get(slot)
        current = self.slot_of(view)
        if current is not None and current != slot:
            del self.slots[current]
        self.slots[slot] = view
        if not any(due is view for due in self._entrance_due):
            self._entrance_due.append(view)
        return old if old is not None and old is not view else None

    def arrival_slot(self, view: View, direction: int) -> tuple[int, bool]:
        """Where a push of ``view`` coming from ``direction`` (+1: from the right) heads.

        Returns ``(slot, already_there)``. Going back to a view still partly on screen heads
        for the slot it is in, so nothing jumps; otherwise the view arrives in the first slot
        beyond the one the strip is passing, on the side it comes from.
        """
        existing = self.slot_of(view)
        if existing is not None and self.distance_to(existing) < 1.0 and (
                existing != 0 or not self.at_rest):
            return existing, True
        # The slot the strip is passing (nearest in the direction of travel), then one more.
        if direction > 0:
            base = math.ceil(self.offset - 1e-6)
            return base + 1, False
        base = math.floor(self.offset + 1e-6)
        return base - 1, False

    def aim(self, slot: int) -> float:
        """Head for ``slot``; returns the distance left, in screen widths."""
        self.target = slot
        return self.distance_to(slot)

    def land(self) -> tuple[View | None, bool, list[View]]:
        """The strip reached its target: that view becomes slot 0 with the strip on it.

        Returns ``(view, entrance_due, left)``: the landed view (None if the target slot is
        empty, and then nothing changes), whether its entrance is still to play, and the
        views that left the strip.
        """
        view = self.slots.get(self.target)
        if view is None:
            return None, False, []
        due = any(waiting is view for waiting in self._entrance_due)
        left = self.reset(view)
        return view, due, left

    # ------------------------------------------------------------------ dragging

    def begin_drag(self) -> None:
        """A finger holds the strip from now on."""
        self._drag = _Drag.HELD

    def drag(self, dx: float, width: int, has_neighbour: bool) -> DragStep:
        """The finger is ``dx`` pixels right of where it started; returns the new offset.

        ``has_neighbour`` says whether there is a slide in the direction the drag reveals
        (:func:`drag_direction`); without one the strip stretches like a rubber band.
        The caller places a view in :attr:`DragStep.reveal` and then applies the offset.
        """
        if not self.dragging:
            return DragStep(self.offset, None)
        if dx and not has_neighbour:
            step = DragStep(rubber_band(dx, width), None)
        else:
            direction = drag_direction(dx)
            reveal = direction if dx and direction not in self.slots else None
            step = DragStep(-dx / max(1, width), reveal)
        return step

    def take_over_drag(self) -> bool:
        """A slide change arrived: it takes the strip from the finger. True if one held it.

        The rest of the finger's movement is ignored; :meth:`end_drag` then reports
        :attr:`DragEnd.CHANGE`.
        """
        if self._drag is _Drag.HELD:
            self._drag = _Drag.TAKEN
            return True
        return False

    def end_drag(self) -> DragEnd:
        """The finger lifted, after the deck acted on the gesture. Decides how the drag ends.

        If a slide change took the drag over (:meth:`take_over_drag`), the strip is already
        on its way there (:attr:`DragEnd.CHANGE`). If the finger still held it, nothing
        changed the slide: the target becomes slot 0 (:attr:`DragEnd.SNAP_BACK`).
        """
        state, self._drag = self._drag, _Drag.IDLE
        if state is _Drag.TAKEN:
            return DragEnd.CHANGE
        if state is _Drag.HELD:
            self.target = 0
            return DragEnd.SNAP_BACK
        return DragEnd.NONE

    def forget_drag(self) -> None:
        """Drop any drag without ending it (the stage stops)."""
        self._drag = _Drag.IDLE
