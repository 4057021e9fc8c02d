"""DetailPanel: the overlay that shows more about a card, a milestone or a reform measure.

It covers the whole slide with a dimmed scrim; the detail sits in a panel in the middle with
a big close button. Tapping the close button or anywhere outside the panel closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QEasingCurve, QPropertyAnimation, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QLabel, QVBoxLayout, QWidget

from kiosk.runtime.text_fit import elide_label
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.panel import Panel
from kiosk.runtime.widgets.picture_box import PictureBox

CLOSE_BUTTON = 0.075
"""Close button diameter, a fraction of the shorter side (81 px at 1080p, over the 64 px floor)."""


class CloseButton(QAbstractButton):
    """A round button with a cross, big enough for a finger."""

    def __init__(self, look: Look, parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        side = look.px(CLOSE_BUTTON)
        self.setFixedSize(side, side)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Close")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        fill = self._look.color("background")
        painter.setBrush(fill.lighter(140) if self.isDown() else fill)
        painter.setPen(QPen(self._look.color("muted"), max(2, self.width() / 30)))
        painter.drawEllipse(rect)
        arm = rect.width() * 0.2
        center = rect.center()
        painter.setPen(QPen(self._look.color("text"), max(3, self.width() / 16),
                            Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        # Whole pixels (truncated), as the cross has always been drawn.
        left, right = int(center.x() - arm), int(center.x() + arm)
        top, bottom = int(center.y() - arm), int(center.y() + arm)
        painter.drawLine(left, top, right, bottom)
        painter.drawLine(left, bottom, right, top)
        painter.end()


class DetailPanel(QWidget):
    """A modal overlay inside a slide; emits ``closed`` when dismissed."""

    closed = Signal()

    def __init__(self, look: Look, parent: QWidget):
        super().__init__(parent)
        self._look = look
        self._opacity = 1.0
        self.setGeometry(parent.rect())
        self.card = Panel(look.color("surface"), look.grid(1), border=look.color("accent_2"),
                          border_width=max(2, look.px(0.003)), parent=self)
        self.close_button = CloseButton(look, self.card)
        self.close_button.clicked.connect(self.dismiss)
        self._column = QVBoxLayout(self.card)
        pad = look.grid(2.5)
        self._column.setContentsMargins(pad, pad, pad + look.px(CLOSE_BUTTON), pad)
        self._column.setSpacing(look.grid(1))
        self._fade = QPropertyAnimation(self, b"opacity", self)
        self._fade.setDuration(220)
        self._fade.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.hide()

    # ---------------------------------------------------------------- content

    def show_detail(self, title: str, body: str, *, figure: str = "", source: str = "",
                    kicker: str = "", image: str = "", headline: str = "") -> None:
        """Fill the panel and open it; ``image`` is a picture's path, shown above the title;
        ``headline`` (a card's, which its small card may have to shorten) comes in full
        between the figure and the body."""
        while (item := self._column.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        look = self._look
        if image:
            picture = PictureBox(image, radius=look.grid(0.6))
            picture.setObjectName("detail-picture")
            picture.setFixedHeight(look.px(0.26 if look.portrait else 0.22))
            self._column.addWidget(picture)
        if kicker:
            self._column.addWidget(make_label(look, kicker, "caption", color="accent_2",
                                              bold=True))
        self._column.addWidget(make_label(look, title, "title", bold=True))
        if figure:
            self._column.addWidget(make_label(look, figure, "body", color="accent", bold=True,
                                              display=True))
        if headline:
            self._column.addWidget(make_label(look, headline, "body", bold=True))
        if body:
            self._column.addWidget(make_label(look, body, "body"))
        if source:
            self._column.addWidget(make_label(look, source, "caption", color="muted"))
        # Shown before it is placed, so the labels get their real widths (and any eliding
        # measures them); nothing paints in between.
        self.show()
        self._place_card()
        self.raise_()
        self._fade.stop()
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.start()

    def _place_card(self) -> None:
        look, area = self._look, self.rect()
        width = round(area.width() * (0.86 if look.portrait else 0.62))
        self._column.activate()
        # The runtime's chrome owns the bottom tenth of the screen; keep the panel above it.
        usable = QRect(0, 0, area.width(), round(area.height() * 0.9))
        height = min(self._column.totalHeightForWidth(width), usable.height() - look.grid(4))
        height = max(height, look.px(CLOSE_BUTTON) + look.grid(3))
        self.card.setGeometry(usable.center().x() - width // 2,
                              usable.center().y() - height // 2, width, height)
        # A story longer than the panel can hold ends in an ellipsis on a whole line.
        self._column.activate()
        for label in self.card.findChildren(QLabel):
            elide_label(label, label.width(), label.height())
        margin = look.grid(1)
        self.close_button.move(width - self.close_button.width() - margin, margin)
        self.close_button.raise_()

    @property
    def is_open(self) -> bool:
        return self.isVisible()

    def dismiss(self) -> None:
        """Close the panel (if open) and emit ``closed``."""
        if self.isHidden():
            return
        self._fade.stop()
        self.hide()
        self.closed.emit()

    # ---------------------------------------------------------------- drawing

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        scrim = QColor(self._look.color("background"))
        scrim.setAlphaF(0.82 * self._opacity)
        painter.fillRect(self.rect(), scrim)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # A tap on the scrim (outside the card) closes the detail.
        if not self.card.geometry().contains(event.position().toPoint()):
            self.dismiss()
        event.accept()

    def _get_opacity(self) -> float:
        return self._opacity

    def _set_opacity(self, value: float) -> None:
        self._opacity = float(value)
        self.update()

    opacity = Property(float, _get_opacity, _set_opacity)
