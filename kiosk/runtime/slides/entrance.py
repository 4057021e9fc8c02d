"""A slide's entrance: the animations that bring its elements in, played together.

A view registers each moving part once, while it builds (:meth:`Entrance.animate` for a
property, :meth:`Entrance.rise` for a widget that rises and fades in); the entrance then
replays from the start each time the slide comes on (:meth:`Entrance.play`), waits at the
start while the slide slides in (:meth:`Entrance.rewind`), or jumps to its end
(:meth:`Entrance.settle`). With reduce_motion every part is a short fade instead.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEasingCurve,
    QObject,
    QParallelAnimationGroup,
    QPropertyAnimation,
    QSequentialAnimationGroup,
)
from PySide6.QtWidgets import QWidget

from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.reveal import Rise

STAGGER_MS = 90
"""Delay between one entering element and the next."""
RISE_MS = 650
"""How long one element takes to rise into place."""
REDUCED_MS = 260
"""With reduce_motion, every entrance is a short fade of this length, without movement."""


class Entrance:
    """Every animated property of one slide, as one parallel group owned by ``owner``."""

    def __init__(self, owner: QObject, look: Look, *, reduce_motion: bool = False) -> None:
        self.look = look
        self.reduce_motion = reduce_motion
        """Movement becomes short fades (deck.settings.reduce_motion)."""
        self.group = QParallelAnimationGroup(owner)
        """The whole entrance; its ``finished`` signal says it has settled."""

    def animate(
        self,
        target: QObject,
        prop: bytes,
        *,
        delay: int = 0,
        duration: int = RISE_MS,
        start: float = 0.0,
        end: float = 1.0,
        easing: QEasingCurve.Type = QEasingCurve.Type.OutCubic,
        movement: bool = True,
    ) -> None:
        """Add ``target.prop`` going ``start`` → ``end`` after ``delay`` ms to the entrance.

        With reduce_motion a ``movement`` (a count, a growing bar, a line drawing) does not
        play at all, and everything else is a short fade starting nearly together.
        """
        if self.reduce_motion:
            if movement:
                start = end
            delay, duration = delay // 4, REDUCED_MS
            easing = QEasingCurve.Type.Linear
        sequence = QSequentialAnimationGroup(self.group)
        if delay:
            sequence.addPause(delay)
        animation = QPropertyAnimation(target, prop, sequence)
        animation.setStartValue(float(start))
        animation.setEndValue(float(end))
        animation.setDuration(duration)
        animation.setEasingCurve(easing)
        sequence.addAnimation(animation)
        self.group.addAnimation(sequence)

    def rise(self, widget: QWidget, delay: int = 0, *, distance: float = 1.5) -> Rise:
        """Wrap ``widget`` so it rises ``distance`` grid units and fades in after ``delay``."""
        holder = Rise(widget, 0 if self.reduce_motion else self.look.grid(distance))
        self.animate(holder, b"progress", delay=delay, movement=False)
        return holder

    def _parts(self) -> list[QPropertyAnimation]:
        """Each animated property, in the order added. Read from the animations themselves:
        keeping the targets here too would hold a view that animates itself (the chart's
        bars) in a reference cycle, left to the cycle collector."""
        parts = []
        for index in range(self.group.animationCount()):
            sequence = self.group.animationAt(index)
            assert isinstance(sequence, QSequentialAnimationGroup)
            last = sequence.animationAt(sequence.animationCount() - 1)
            assert isinstance(last, QPropertyAnimation)
            parts.append(last)
        return parts

    def play(self) -> None:
        """Play the entrance from the start."""
        self.rewind()
        self.group.start()

    def rewind(self) -> None:
        """Stop, and put every part at its start without playing."""
        self.group.stop()
        for part in self._parts():
            _set(part, part.startValue())

    def settle(self) -> None:
        """Stop, and put every part at its end: counters at their values, all in place."""
        self.group.stop()
        for part in self._parts():
            _set(part, part.endValue())

    def clear(self) -> None:
        """Forget every part (the view is about to be built again)."""
        self.group.stop()
        # Taken out one by one: QAnimationGroup.clear() warns "index is out of bounds" in Qt 6.
        while self.group.animationCount():
            self.group.takeAnimation(0).deleteLater()


def _set(part: QPropertyAnimation, value: object) -> None:
    """Give ``part``'s property ``value`` now (its target may be gone: nothing to do)."""
    target = part.targetObject()
    if target is not None:
        target.setProperty(bytes(part.propertyName().data()).decode(), value)
