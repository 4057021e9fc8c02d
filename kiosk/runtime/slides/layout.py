"""Where a slide's content goes: the margins, the safe area and the header.

Three nested rectangles, all in the slide's pixels:

- the *outer* rectangle: inside the side and top margins and above the runtime's chrome strip
  (:data:`~kiosk.runtime.screen_regions.CHROME_STRIP`); the sources line and QR code sit at
  its bottom;
- the *safe* rectangle: the outer one less what the sources line and QR code take
  (:meth:`Extras.reserved <kiosk.runtime.slides.extras.Extras.reserved>`): every content box
  lies inside it (the layout audit checks this);
- the *centred* rectangle: the safe one made symmetric, for content centred on the screen.

:class:`SlideLayout` also builds the column most slide types start from and the header
(title and subtitle, clear of the language toggle's corner).
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.runtime.screen_regions import CHROME_STRIP, LANGUAGE_CORNER
from kiosk.runtime.slides.entrance import STAGGER_MS, Entrance
from kiosk.runtime.slides.extras import Extras
from kiosk.runtime.text_fit import avoid_orphan
from kiosk.runtime.theme import Look, make_label


def outer_rect(look: Look, size: QSize) -> QRect:
    """Inside the margins and above the chrome, on a slide of ``size``."""
    width, height = size.width(), size.height()
    side = max(look.grid(4), round(width * 0.055))
    top = look.grid(3.5)
    bottom = round(height * CHROME_STRIP) + look.grid(1)
    return QRect(side, top, width - 2 * side, height - top - bottom)


class SlideLayout:
    """The layout helpers of one slide ``view`` in one language."""

    def __init__(self, view: QWidget, look: Look, extras: Extras, entrance: Entrance) -> None:
        # Held weakly: the view owns this part, and a reference cycle would leave a closed
        # view to the cyclic garbage collector, which may then delete it in the middle of
        # another widget's event (a crash).
        self._view = weakref.ref(view)
        self.look = look
        self.extras = extras
        self.entrance = entrance

    @property
    def view(self) -> QWidget:
        """The slide view this lays out."""
        view = self._view()
        assert view is not None, "the view owns its layout: it outlives it"
        return view

    def outer_rect(self) -> QRect:
        """Inside the margins and above the chrome: where the sources line and QR code go."""
        return outer_rect(self.look, self.view.size())

    def safe_rect(self) -> QRect:
        """Where content goes: inside the margins, above the runtime's chrome at the bottom,
        clear of the slide's sources line and QR code."""
        area = self.outer_rect()
        bottom, right = self.extras.reserved(area)
        area.setRight(area.right() - right)
        return area.adjusted(0, 0, 0, -bottom)

    def centred_rect(self) -> QRect:
        """:meth:`safe_rect` made symmetric about the middle of :meth:`outer_rect`: what the
        QR code and sources line take on one side is left free on the other too, so centred
        text sits in the middle of the screen with or without them."""
        outer, safe = self.outer_rect(), self.safe_rect()
        side = max(safe.left() - outer.left(), outer.right() - safe.right())
        end = max(safe.top() - outer.top(), outer.bottom() - safe.bottom())
        return outer.adjusted(side, end, -side, -end)

    def content_column(self, area: QRect | None = None) -> tuple[QWidget, QVBoxLayout]:
        """A full-slide container with a vertical layout over ``area`` (default:
        :meth:`safe_rect`)."""
        root = QWidget(self.view)
        root.setGeometry(area if area is not None else self.safe_rect())
        column = QVBoxLayout(root)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.look.grid(1.5))
        return root, column

    def header(self, column: QVBoxLayout, title: str, subtitle: str = "",
               *, delay: int = 0) -> list[QLabel]:
        """The slide's title (wrapping, clear of the top-right corner) and subtitle."""
        look = self.look
        corner = round(self.view.width() * LANGUAGE_CORNER)
        labels = []
        title_label = make_label(look, title, "title", bold=True)
        labels.append(title_label)
        # Keep the title out of the top-right corner, where the language toggle sits.
        title_label.setContentsMargins(0, 0, corner, 0)
        avoid_orphan(title_label, self.safe_rect().width() - corner)
        column.addWidget(self.entrance.rise(title_label, delay))
        if subtitle:
            sub = make_label(look, subtitle, "body", color="muted")
            sub.setContentsMargins(0, 0, corner, 0)
            labels.append(sub)
            column.addWidget(self.entrance.rise(sub, delay + STAGGER_MS))
        return labels

    def area_below_header(self, title: str) -> QRect:
        """Put the title at the top and return the free rectangle below it, for a diagram
        that places its own widgets (the timeline's track, the reforms' hub)."""
        root, column = self.content_column()
        self.header(column, title)
        column.addStretch(1)
        column.activate()
        header_bottom = max(w.geometry().bottom() for w in root.findChildren(QWidget)
                            if w.parent() is root)
        return root.geometry().adjusted(0, header_bottom + self.look.grid(2), 0, 0)
