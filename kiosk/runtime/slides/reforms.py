"""The "1+6" reforms: the hub (the Growth Tier) in the middle, the measures around it.

Lines draw out from the hub to each measure as the slide enters (a custom paint with an
animated progress); the hub and every measure open their explanation when tapped. The
safeguards stand beside the diagram in landscape, below it in portrait.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import ReformsSlide, Spoke
from kiosk.core.layout_audit import DISC_EDGE
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.drawn import ProgressDrawn
from kiosk.runtime.widgets.icon import IconLabel
from kiosk.runtime.widgets.panel import Panel
from kiosk.runtime.widgets.tap_sign import TapSign

LINES_MS = 900
"""How long the lines take to reach the measures."""
CENTER = Qt.AlignmentFlag.AlignCenter
MEASURE_ICON = 0.03
"""A measure's icon, as a share of the screen's shorter side."""


class Spokes(ProgressDrawn):
    """Lines from the hub to each measure; ``progress`` 0 → 1 draws them out."""

    def __init__(self, look: Look, hub: QPointF, ends: list[QPointF],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        self._hub = hub
        self._ends = ends
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self._look
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(look.color("accent_2"))
        painter.setPen(QPen(color, max(2, look.px(0.004)), Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        count = len(self._ends)
        for i, end in enumerate(self._ends):
            # Each line starts a little after the previous one: the spokes fan out.
            share = min(1.0, max(0.0, self._progress * 1.4 - 0.4 * i / max(1, count - 1)))
            if share > 0:
                painter.drawLine(self._hub, self._hub + (end - self._hub) * share)
        painter.end()


def diagram_boxes(look: Look, area: QRect,
                  count: int) -> tuple[QRect, list[QRect], list[QPointF]]:
    """Where the hub and each of ``count`` measures go in ``area``: round the hub on an
    ellipse while the measures keep clear of each other and of the hub (the "1+6" look),
    else in two columns beside it, each measure as tall as the column allows. Returns the
    hub's box, each measure's box and the point its spoke runs to."""
    # At least three lines of a label at its smallest size (a long label shrinks to it).
    three_lines = math.ceil(QFontMetricsF(look.font("caption")).lineSpacing() * 3)
    least_h = three_lines + 2 * look.grid(0.9) + 2
    node_w = round(area.width() * (0.32 if look.portrait else 0.31))
    node_h = max(round(area.height() * 0.22), least_h)
    hub_side = round(min(area.height() * 0.42, area.width() * 0.3))
    center = QPointF(area.center())
    hub = QRect(round(center.x() - hub_side / 2), round(center.y() - hub_side / 2),
                hub_side, hub_side)
    rx = area.width() / 2 - node_w / 2
    ry = area.height() / 2 - node_h / 2
    ring: list[QRect] = []
    points: list[QPointF] = []
    for i in range(count):
        angle = math.radians(-90 + (i + 0.5) * 360 / count)
        point = QPointF(center.x() + rx * math.cos(angle), center.y() + ry * math.sin(angle))
        points.append(point)
        ring.append(QRect(round(point.x() - node_w / 2), round(point.y() - node_h / 2),
                          node_w, node_h))
    if not _collide(hub, ring, look.grid(0.5)):
        return hub, ring, points
    # Two columns: measures 1.. down the right, the rest up the left (clockwise, as the
    # ring reads), the hub between them.
    gap = look.grid(1)
    right_count = math.ceil(count / 2)
    rows = right_count
    hub_side = round(min(area.height() * 0.42, area.width() * 0.26))
    node_w = (area.width() - hub_side - 2 * look.grid(2)) // 2
    node_h = max(least_h, min(round(area.height() * 0.22),
                              (area.height() - (rows - 1) * gap) // rows))
    hub = QRect(round(center.x() - hub_side / 2), round(center.y() - hub_side / 2),
                hub_side, hub_side)
    boxes = []
    for i in range(count):
        on_right = i < right_count
        row = i if on_right else count - 1 - i
        in_column = right_count if on_right else count - right_count
        height = in_column * node_h + (in_column - 1) * gap
        top = area.top() + (area.height() - height) // 2 + row * (node_h + gap)
        left = area.right() + 1 - node_w if on_right else area.left()
        boxes.append(QRect(left, top, node_w, node_h))
    # Each spoke ends at the middle of its measure's inner edge, so none runs behind the
    # measure below or above it.
    ends = [QPointF(box.left() if box.left() > center.x() else box.right() + 1,
                    QRectF(box).center().y()) for box in boxes]
    return hub, boxes, ends


def _collide(hub: QRect, boxes: list[QRect], gap: int) -> bool:
    """Whether any two measures (kept ``gap`` apart), or a measure and the hub's disc, meet."""
    for i, box in enumerate(boxes):
        grown = box.adjusted(-gap, -gap, gap, gap)
        if any(grown.intersects(other) for other in boxes[i + 1:]):
            return True
        # The hub is a disc: the nearest point of the box to its centre must lie outside it
        # (the "1+6" ring sets its top and bottom measures just clear of it).
        cx, cy = hub.center().x(), hub.center().y()
        r = hub.width() / 2 - DISC_EDGE
        nx = min(max(cx, box.left()), box.right())
        ny = min(max(cy, box.top()), box.bottom())
        if (nx - cx) ** 2 + (ny - cy) ** 2 < r * r:
            return True
    return False


class Node(Panel):
    """The hub or a measure: a panel around its :attr:`label`."""

    label: QLabel


class Hub(Node):
    """The gold disc: its :attr:`mark` (the "1" of "1+6") above its label, and its tap
    :attr:`sign` when it opens a detail."""

    mark: QLabel | None
    sign: TapSign | None


class Measure(Node):
    """A measure: its :attr:`badge` (icon, mark or number) beside its label."""

    badge: QWidget


class View(SlideView):
    """The reforms slide."""

    slide: ReformsSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.measures: list[Measure] = []
        area = self.area_below_header(self.text(slide.title))
        if slide.safeguards is None:
            diagram = area
        elif look.portrait:
            diagram = QRect(area.left(), area.top(), area.width(), round(area.height() * 0.62))
            self._safeguards(QRect(area.left(), diagram.bottom() + look.grid(2), area.width(),
                                   area.bottom() - diagram.bottom() - look.grid(2)))
        else:
            side = round(area.width() * 0.3)
            diagram = QRect(area.left(), area.top(), area.width() - side - look.grid(3),
                            area.height())
            self._safeguards(QRect(area.right() - side, area.top(), side, area.height()))
        self._diagram(diagram)

    def _diagram(self, area: QRect) -> None:
        slide, look = self.slide, self.look
        count = len(slide.measures)
        hub_box, boxes, centers = diagram_boxes(look, area, count)
        center = QPointF(area.center())
        spokes = Spokes(look, center, centers, self)
        spokes.setGeometry(self.rect())
        spokes.lower()
        self.animate(spokes, b"progress", delay=350, duration=LINES_MS,
                     easing=QEasingCurve.Type.OutCubic)

        hub = self._hub(slide.hub)
        self._place(hub, hub_box, 150)
        for i, (measure, box) in enumerate(zip(slide.measures, boxes, strict=True)):
            node = self._measure(measure, number=i + 1)
            self._place(node, box, 350 + round(LINES_MS * 0.6) + i * STAGGER_MS)
            self.measures.append(node)
        self.hub = hub
        self.fit_group([node.label for node in self.measures])
        self.fit_group([hub.label])
        if hub.mark is not None:
            self.fit_group([hub.mark])

    def _place(self, node: Node, box: QRect, delay: int) -> None:
        holder = self.rise(node, delay, distance=0.8)
        holder.setParent(self)
        holder.setGeometry(box)

    def _measure(self, spoke: Spoke, *, number: int) -> Measure:
        """Measure ``number``: a bordered panel, its badge beside its label."""
        look = self.look
        tappable = spoke.detail is not None
        node = Measure(look.color("surface"), look.grid(0.8), border=look.color("accent_2"),
                       border_width=max(2, look.px(0.003)),
                       tap_slop=look.px(0.03) if tappable else 0,
                       hint=look.color("accent_2") if tappable else None)
        row = QHBoxLayout(node)
        pad = look.grid(0.9)
        # A tappable measure keeps its right edge free for the tap sign in its corner.
        row.setContentsMargins(pad, pad, pad, pad + (look.grid(1.2) if tappable else 0))
        row.setSpacing(look.grid(0.7))
        # The badge: the measure's icon, else its own mark (the "+" of "1+6"), else its number.
        badge: QWidget
        if spoke.icon is not None:
            badge = IconLabel(spoke.icon, look.color("accent_2"), look.px(MEASURE_ICON))
        else:
            mark = self.text(spoke.mark) if spoke.mark is not None else str(number)
            badge = make_label(look, mark, "body", color="accent_2", bold=True, display=True,
                               wrap=False)
            badge.setAlignment(CENTER)
        row.addWidget(badge)
        label = make_label(look, self.text(spoke.label), "body", align=Qt.AlignmentFlag.AlignLeft)
        row.addWidget(label, 1)
        node.label = label
        node.badge = badge
        if tappable:
            node.tapped.connect(lambda s=spoke, n=number: self.open_spoke(s, n))
        return node

    def _hub(self, spoke: Spoke) -> Hub:
        """The gold disc: its mark large (the "1" of "1+6"), its label, and the tap sign at
        the foot of the disc when it opens a detail."""
        look = self.look
        tappable = spoke.detail is not None
        node = Hub(look.color("accent"), 0, tap_slop=look.px(0.03) if tappable else 0)
        node.setProperty("round", True)
        column = QVBoxLayout(node)
        pad = look.grid(0.9)
        column.setContentsMargins(pad, pad, pad, pad)
        column.setSpacing(0)
        column.addStretch(1)
        node.mark = None
        if spoke.mark is not None:
            mark = make_label(look, self.text(spoke.mark), "number", bold=True,
                              color="background", wrap=False, align=CENTER)
            column.addWidget(mark)
            node.mark = mark
        label = make_label(look, self.text(spoke.label), "body", bold=True, color="background",
                           align=CENTER)
        # On the gold disc the text must stay inside the circle, not its bounding box.
        inset = round(look.px(0.02))
        label.setContentsMargins(inset, 0, inset, 0)
        column.addWidget(label)
        node.sign = None
        if tappable:
            # The same tap sign as every card, milestone and measure, in the disc's own ink.
            sign = TapSign(look.color("background"))
            side = look.grid(2.0)
            sign.setFixedSize(side, side)
            column.addSpacing(look.grid(0.4))
            column.addWidget(sign, 0, CENTER)
            node.sign = sign
            node.tapped.connect(lambda s=spoke: self.open_spoke(s, 0))
        column.addStretch(1)
        node.label = label
        return node

    def _safeguards(self, box: QRect) -> None:
        look = self.look
        safeguards = self.slide.safeguards
        assert safeguards is not None
        panel = Panel(look.color("surface"), look.grid(0.8), accent=look.color("accent"),
                      accent_height=max(3, look.px(0.006)))
        column = QVBoxLayout(panel)
        pad = look.grid(1.5)
        column.setContentsMargins(pad, pad, pad, pad)
        column.setSpacing(look.grid(0.8))
        column.addWidget(make_label(look, self.text(safeguards.title), "body", bold=True,
                                    color="accent", display=True))
        items: list[QLabel] = []
        for item in safeguards.items:
            line = QHBoxLayout()
            line.setSpacing(look.grid(0.8))
            bullet = make_label(look, "—", "body", color="accent_2", wrap=False)
            bullet.setAlignment(Qt.AlignmentFlag.AlignTop)
            text = make_label(look, self.text(item), "body")
            text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            line.addWidget(bullet)
            line.addWidget(text, 1)
            column.addLayout(line)
            items.append(text)
        column.addStretch(1)
        holder = self.rise(panel, 900, distance=1)
        holder.setParent(self)
        # The panel is as tall as its words (a full-height box with three lines at its top
        # looks unfinished), centred beside the diagram; a long list takes the whole box.
        height = min(box.height(), column.totalHeightForWidth(box.width()) + look.grid(1))
        top = box.top() if look.portrait else box.top() + (box.height() - height) // 2
        holder.setGeometry(box.left(), top, box.width(), height)
        self.fit_group(items)

    def open_spoke(self, spoke: Spoke, number: int) -> None:
        """Show a measure's (or the hub's) explanation over the slide."""
        kicker = f"{number}/{len(self.slide.measures)}" if number else ""
        self.show_detail(self.text(spoke.label), self.text(spoke.detail), kicker=kicker,
                         source=self.text(spoke.source or self.slide.source))
