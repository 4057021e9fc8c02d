"""The fit pass of a laid-out slide, and its fit report (what the fit check reads).

A slide view names groups of texts that should shrink together (:meth:`TextFitter.add_group`:
the cards' names, the chart's categories). Once the view is first shown, when its nested
layouts have their final sizes, :meth:`TextFitter.fit` runs the text-fitting engine
(:mod:`kiosk.runtime.text_fit`) over them: each group shrinks to the size its longest member
needs, never below the caption size; whatever still does not fit is cut with an ellipsis;
every wrapping text then breaks into even lines. What happened to each content text is the
fit report, a list of :class:`FitNote` (``SlideView.fit_report``), which
``star-kiosk check`` turns into curator-facing problems, next to the box report of
:mod:`kiosk.runtime.slides.boxes`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.runtime.text_fit import FITTED_PROPERTY, balance_lines, elide_label, fit_label
from kiosk.runtime.theme import CONTENT_PROPERTY, DESIGNED_PROPERTY, Look
from kiosk.runtime.widgets.reveal import Rise


@dataclass
class FitNote:
    """How one content text fared on a laid-out slide (what the fit check reports)."""

    label: QLabel
    content: str
    """The text as the curator wrote it."""
    cut_lines: int
    """Lines that did not fit, even at the smallest size (then it ends in an ellipsis)."""
    designed_px: int
    final_px: int
    """The size the text itself needed (its fit group may show it smaller, to match)."""
    floor_px: int
    """The smallest legible size: texts are never shrunk below it."""

    @property
    def shrunk_to_floor(self) -> bool:
        """Whether the text had to shrink all the way to the legible floor."""
        return self.final_px <= self.floor_px < self.designed_px


def settle_layouts(view: QWidget) -> None:
    """Let every nested layout under ``view`` take its final sizes (they settle through
    posted events)."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    for child in view.findChildren(QWidget):
        layout = child.layout()
        if layout is not None:
            layout.activate()


def visible_room(label: QWidget, view: QWidget) -> QRect:
    """The part of ``label`` its parents (and ``view``) leave visible, in ``view``'s pixels."""
    room = QRect(label.mapTo(view, QPoint(0, 0)), label.size())
    parent = label.parentWidget()
    while parent is not None and parent is not view:
        room &= QRect(parent.mapTo(view, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return room & view.rect()


class TextFitter:
    """The fit groups of one slide ``view`` in one language, and the pass that fits them."""

    def __init__(self, view: QWidget, look: Look) -> None:
        # Held weakly: the view owns this part, and a reference cycle would leave a closed
        # view to the cyclic garbage collector, which may then delete it in the middle of
        # another widget's event (a crash).
        self._view = weakref.ref(view)
        self.look = look
        self.groups: list[list[QLabel]] = []
        self.done = False
        """Whether :meth:`fit` has run (it runs once, when the view is first shown)."""

    @property
    def view(self) -> QWidget:
        """The slide view whose texts this fits."""
        view = self._view()
        assert view is not None, "the view owns its fitter: it outlives it"
        return view

    def add_group(self, labels: list[QLabel]) -> None:
        """Shrink these labels, all to the same size, until each fits the box it is given."""
        if labels:
            self.groups.append(labels)

    def fit(self, after_fit: Callable[[], None]) -> list[FitNote]:
        """Fit, cut and balance every text of the view; returns the fit report.

        ``after_fit`` runs once the texts have their final sizes, before any is cut.
        """
        # Measure every text where it settles, even when the slide is first shown
        # mid-entrance (a rising text, lowered or parked, would seem clipped and be cut).
        with ExitStack() as stack:
            for holder in self.view.findChildren(Rise):
                stack.enter_context(holder.at_rest())
            return self._fit_at_rest(after_fit)

    def _fit_at_rest(self, after_fit: Callable[[], None]) -> list[FitNote]:
        view = self.view
        self.done = True
        settle_layouts(view)
        minimum = self.look.px(self.look.theme.type_scale.caption)
        # Twice: a shrunk text changes its layout's shares, so a neighbour may then get
        # less height than it was fitted to (a card's name under a shrunk headline).
        for _round in range(2):
            for labels in self.groups:
                for label in labels:
                    fit_label(label, label.width(), label.height(), minimum)
                    # The size this text needs on its own; the group then shares the smallest.
                    label.setProperty(FITTED_PROPERTY, label.font().pixelSize())
                smallest = min(label.font().pixelSize() for label in labels)
                for label in labels:
                    if label.font().pixelSize() != smallest:
                        font = label.font()
                        font.setPixelSize(smallest)
                        label.setFont(font)
            settle_layouts(view)
        after_fit()
        settle_layouts(view)
        # A text that still does not fit is cut after its last whole line, with an ellipsis,
        # and recorded for the fit check; then every wrapping text breaks into even lines.
        report = []
        for label in view.findChildren(QLabel):
            if not label.isVisibleTo(view) or label.property(CONTENT_PROPERTY) is None:
                continue
            room = visible_room(label, view)
            cut = elide_label(label, label.width(), room.height())
            size = label.font().pixelSize()
            report.append(FitNote(
                label, str(label.property(CONTENT_PROPERTY)), cut,
                int(label.property(DESIGNED_PROPERTY) or size),
                int(label.property(FITTED_PROPERTY) or size), minimum))
        for label in view.findChildren(QLabel):
            if label.isVisibleTo(view):
                balance_lines(label)
        return report
