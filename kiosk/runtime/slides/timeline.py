"""Dated milestones on a line that draws itself; each dot pops in as the line reaches it.

The dots are spaced by real time when every milestone has a `when` (kiosk.core.timeline_axis:
a long gap that crowds the rest is drawn broken, "//"); each text keeps clear of the others,
as near its dot as it can, joined to it by a thin line when it has to move aside.

Landscape: a horizontal line, dates above and labels below (alternating sides when there
are many). Portrait: a vertical line down the left, each milestone to its right.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Milestone, TimelineSlide
from kiosk.core.timeline_axis import Axis, place_by_date, spread_labels, when_day
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.drawn import ProgressDrawn
from kiosk.runtime.widgets.panel import Panel

LINE_MS = 1500
"""How long the line takes to draw from end to end."""
ALTERNATE_FROM = 6
"""From this many milestones on (landscape), they alternate above and below the line."""


class Track(ProgressDrawn):
    """The line, its break marks, its dots and the thin lines from each dot to its text;
    ``progress`` 0 → 1 draws the line, and each dot (with its joining line) pops in as the
    line passes it."""

    def __init__(self, look: Look, start: QPointF, end: QPointF, dots: list[float],
                 breaks: list[float], leaders: list[tuple[QPointF, QPointF]],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        self._start, self._end = start, end
        self._dots = dots
        """Each dot's position along the line, 0 → 1."""
        self._breaks = breaks
        """Where the line is broken ("//": the stretch there is not to scale), 0 → 1."""
        self._leaders = leaders
        """For each dot, the line from it to its text (the same point twice when none)."""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self._look
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        start, end = self._start, self._end
        length = math.hypot(end.x() - start.x(), end.y() - start.y()) or 1.0
        radius = look.px(0.014)
        half_gap = radius * 0.55 / length
        pieces: list[tuple[float, float]] = []
        from_ = 0.0
        for where in sorted(self._breaks):
            pieces.append((from_, where - half_gap))
            from_ = where + half_gap
        pieces.append((from_, 1.0))
        faint = QColor(look.color("muted"))
        faint.setAlphaF(0.35)
        painter.setPen(QPen(faint, max(2, look.px(0.003))))
        for a, b in pieces:
            painter.drawLine(start + (end - start) * a, start + (end - start) * b)
        drawn = QPen(look.color("accent_2"), max(3, look.px(0.005)), Qt.PenStyle.SolidLine,
                     Qt.PenCapStyle.RoundCap)
        painter.setPen(drawn)
        for a, b in pieces:
            if self._progress > a:
                painter.drawLine(start + (end - start) * a,
                                 start + (end - start) * min(b, self._progress))
        # The break marks: two short slanted strokes across the line, one each side of the
        # gap, like the "//" a printed chart uses.
        along = (end - start) / length
        across = QPointF(along.y(), -along.x())
        stroke = (across + along * 0.5) * (radius * 1.0)
        for where in self._breaks:
            pen = QPen(drawn if self._progress >= where else QPen(faint, max(2, look.px(0.003))))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            for side in (-1, 1):
                c = start + (end - start) * (where + side * half_gap)
                painter.drawLine(c - stroke, c + stroke)
        curve = QEasingCurve(QEasingCurve.Type.OutBack)
        leader = QColor(look.color("accent_2"))
        leader.setAlphaF(0.8)
        for position, (near, far) in zip(self._dots, self._leaders, strict=True):
            share = min(1.0, max(0.0, (self._progress - position) / 0.06 + 1.0))
            if share <= 0:
                continue
            center = start + (end - start) * position
            if near != far:
                painter.setPen(QPen(leader, max(2, look.px(0.0025)), Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.RoundCap))
                painter.drawLine(near, near + (far - near) * min(1.0, share))
            r = radius * curve.valueForProgress(share)
            painter.setPen(QPen(look.color("background"), max(2, look.px(0.004))))
            painter.setBrush(look.color("accent"))
            painter.drawEllipse(center, r, r)
        painter.end()


class MilestoneBlock(Panel):
    """A milestone's panel: its :attr:`date` above its :attr:`label`, in :attr:`column`."""

    column: QVBoxLayout
    date: QLabel
    label: QLabel


class View(SlideView):
    """The timeline slide."""

    slide: TimelineSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self.milestones: list[MilestoneBlock] = []
        area = self.area_below_header(self.text(slide.title))
        count = len(slide.milestones)
        alternate = not look.portrait and count >= ALTERNATE_FROM
        gap = look.grid(1.5)
        blocks = [self._block(milestone) for milestone in slide.milestones]
        if look.portrait:
            width = 0.0
            row, date_middles = self._portrait_rows(area, blocks)
            # From the first row's date at the top to the last row's date at the bottom.
            span = (area.top() + date_middles[0], area.bottom() + 1 - row + date_middles[-1])
        elif alternate:
            # Texts alternate above and below the line, each twice an even spacing wide; the
            # dots stay far enough in for the first and last texts to sit on them.
            step = (area.width() + gap) / (count + 1)
            width = 2 * step - gap
            span = (area.left() + width / 2, area.right() + 1 - width / 2)
        else:
            width = area.width() / count - gap
            span = (area.left() + (width + gap) / 2, area.right() + 1 - (width + gap) / 2)
        axis = self._axis(span[1] - span[0])
        self.axis = axis
        above_h = below_h = 0
        if look.portrait:
            x = area.left() + look.px(0.03)
            start, end = QPointF(x, area.top()), QPointF(x, area.bottom())
        else:
            # The line sits where the texts above and below it, together, are centred.
            for i, block in enumerate(blocks):
                wanted = block.column.totalHeightForWidth(round(width))
                if alternate and i % 2 == 1:
                    above_h = max(above_h, wanted)
                else:
                    below_h = max(below_h, wanted)
            spare = area.height() - above_h - below_h - 2 * gap
            y = area.top() + max(0, spare) / 2 + above_h + gap if spare > 0 else (
                area.top() + area.height() * 0.45)
            start, end = QPointF(area.left(), y), QPointF(area.right(), y)
        line_from = start.y() if look.portrait else start.x()
        line_length = (end.y() if look.portrait else end.x()) - line_from
        dots_at = [span[0] + p * (span[1] - span[0]) for p in axis.positions]
        dots = [(at - line_from) / line_length for at in dots_at]
        breaks = [(span[0] + axis.break_mark(i) * (span[1] - span[0]) - line_from) / line_length
                  for i in axis.breaks]
        boxes = self._boxes(area, start, dots_at, width, blocks, above_h, below_h)
        leaders = [self._leader(dot_at, start, box) for dot_at, box in
                   zip(dots_at, boxes, strict=True)]
        self.dot_points = [QPointF(start.x(), at) if look.portrait else QPointF(at, start.y())
                           for at in dots_at]
        """Each milestone's dot on the slide (tests read where the dots went)."""
        self.leaders = leaders
        track = Track(look, start, end, dots, breaks, leaders, self)
        track.setGeometry(self.rect())
        track.lower()
        self.animate(track, b"progress", delay=200, duration=LINE_MS,
                     easing=QEasingCurve.Type.InOutCubic)
        labels: list[QLabel] = []
        for i, (block, box) in enumerate(zip(blocks, boxes, strict=True)):
            holder = self.rise(block, 200 + round(LINE_MS * dots[i] * 0.9), distance=1)
            holder.setParent(self)
            holder.setGeometry(box)
            labels.append(block.label)
        self.fit_group(labels)
        self.fit_group([block.date for block in blocks])

    def _axis(self, length: float) -> Axis:
        """Where the dots go along ``length`` pixels: by date when every milestone has a
        readable ``when``, else evenly."""
        milestones = self.slide.milestones
        days = [when_day(m.when) for m in milestones]
        dates = [d for d in days if d is not None]
        if len(dates) != len(days) or dates != sorted(dates):
            if len(milestones) == 1:
                return Axis((0.5,), ())
            return Axis(tuple(i / (len(milestones) - 1) for i in range(len(milestones))), ())
        radius = self.look.px(0.014)
        # Dots at least about three dots apart, so each reads as its own moment; a break is
        # as wide, so its "//" has room between the dots.
        return place_by_date(dates, min_gap=6 * radius / length, break_width=6 * radius / length)

    def _boxes(self, area: QRect, start: QPointF, dots_at: list[float], width: float,
               blocks: list[MilestoneBlock], above_h: int, below_h: int) -> list[QRect]:
        """Where each milestone's text goes: clear of the line and of each other, and as near
        its dot as that allows."""
        look = self.look
        gap = look.grid(1.5)
        count = len(dots_at)
        if look.portrait:
            left = self._portrait_left(area)
            heights = [block.column.totalHeightForWidth(area.right() - left)
                       for block in blocks]
            row, date_middles = self._portrait_rows(area, blocks)
            # The dot points at the date: each row wants its first line level with its dot.
            wishes = [dot_y - middle + row / 2
                      for dot_y, middle in zip(dots_at, date_middles, strict=True)]
            centres = spread_labels(wishes, row, area.top(), area.bottom() + 1)
            return [QRect(left, round(centre - row / 2), area.right() - left,
                          min(height, round(row - look.grid(0.5))))
                    for centre, height in zip(centres, heights, strict=True)]
        line_y = start.y()
        alternate = count >= ALTERNATE_FROM
        centres = [0.0] * count
        for side in (0, 1):
            mine = [i for i in range(count) if (alternate and i % 2 == 1) == bool(side)]
            placed = spread_labels([dots_at[i] for i in mine], width + gap,
                                   area.left() - gap / 2, area.right() + 1 + gap / 2)
            for i, centre in zip(mine, placed, strict=True):
                centres[i] = centre
        boxes: list[QRect] = []
        for i, block in enumerate(blocks):
            above = alternate and i % 2 == 1
            # The block hugs its text on the line's side; all the blocks on one side share
            # the tallest one's height, so each row reads as a row.
            wanted = max(block.column.totalHeightForWidth(round(width)),
                         above_h if above else below_h)
            if above:
                bottom = line_y - gap
                top = max(area.top(), bottom - wanted)
            else:
                top = line_y + gap
                bottom = min(area.bottom(), top + wanted)
            boxes.append(QRect(round(centres[i] - width / 2), round(top), round(width),
                               round(bottom - top)))
        return boxes

    def _portrait_left(self, area: QRect) -> int:
        """Where portrait's texts start: right of the line down the left."""
        return area.left() + 2 * self.look.px(0.03) + self.look.grid(1.5)

    def _portrait_rows(self, area: QRect,
                       blocks: list[MilestoneBlock]) -> tuple[float, list[float]]:
        """Portrait's row height, and how far down each row its date's middle is.

        Each row is as tall as the tallest text (and a little air); when they cannot all be,
        the rows share the height evenly, as they always did."""
        left = self._portrait_left(area)
        row: float = max(block.column.totalHeightForWidth(area.right() - left)
                         for block in blocks) + self.look.grid(0.5)
        if row * len(blocks) > area.height():
            row = area.height() / len(blocks)
        middles = [block.column.contentsMargins().top() + block.date.sizeHint().height() / 2
                   for block in blocks]
        return row, middles

    def _leader(self, dot_at: float, start: QPointF, box: QRect) -> tuple[QPointF, QPointF]:
        """The thin line from a dot to its text: straight across to the nearest point of the
        text's edge that faces the line; nothing when the text sits right by its dot."""
        look = self.look
        inset = look.grid(0.6) + look.px(0.01)  # clear of the box's rounded corner
        if look.portrait:
            dot = QPointF(start.x(), dot_at)
            y = min(max(dot_at, box.top() + inset), box.bottom() - inset)
            edge = QPointF(box.left(), y)
        else:
            dot = QPointF(dot_at, start.y())
            x = min(max(dot_at, box.left() + inset), box.right() - inset)
            edge = QPointF(x, box.bottom() + 1 if box.bottom() < start.y() else box.top())
        radius = look.px(0.014)
        if abs(edge.x() - dot.x()) < 1 and abs(edge.y() - dot.y()) <= look.grid(1.5) + 1:
            return dot, dot  # a text right by its dot needs no line
        if math.hypot(edge.x() - dot.x(), edge.y() - dot.y()) <= radius:
            return dot, dot
        return dot, edge

    def _block(self, milestone: Milestone) -> MilestoneBlock:
        look = self.look
        tappable = milestone.detail is not None
        clear = QColor(look.color("surface"))
        clear.setAlphaF(0.5)
        block = MilestoneBlock(clear, look.grid(0.6),
                               tap_slop=look.px(0.03) if tappable else 0,
                               hint=look.color("accent_2") if tappable else None)
        box = block.column = QVBoxLayout(block)
        pad = look.grid(0.8)
        if look.portrait:
            # A wide, short row: the "+" goes beside the text rather than under it.
            box.setContentsMargins(pad, look.grid(0.5), pad + (look.grid(2.2) if tappable else 0),
                                   look.grid(0.5))
        else:
            box.setContentsMargins(pad, pad, pad, pad + (look.grid(1.5) if tappable else 0))
        box.setSpacing(look.grid(0.3))
        align = (Qt.AlignmentFlag.AlignLeft if look.portrait else Qt.AlignmentFlag.AlignHCenter)
        date = make_label(look, self.text(milestone.date), "body", color="accent", bold=True,
                          display=True, align=align)
        text = self.text(milestone.label)
        if look.portrait:
            # Line breaks written for landscape's narrow columns only cramp portrait's wide rows.
            text = _join_lines(text)
        label = make_label(look, text, "body", align=align)
        label.setAlignment(align | Qt.AlignmentFlag.AlignTop)
        box.addWidget(date)
        box.addWidget(label)
        box.addStretch(1)
        block.label = label
        block.date = date
        if tappable:
            block.tapped.connect(lambda m=milestone: self.open_milestone(m))
        self.milestones.append(block)
        return block

    def open_milestone(self, milestone: Milestone) -> None:
        """Show ``milestone``'s detail over the slide."""
        self.show_detail(self.text(milestone.label), self.text(milestone.detail),
                         kicker=self.text(milestone.date), source=self.text(milestone.source))


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _join_lines(text: str) -> str:
    """``text`` on one line: a space where its lines met, none between CJK characters."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return text
    joined = lines[0]
    for line in lines[1:]:
        glue = "" if _is_cjk(joined[-1]) or _is_cjk(line[0]) else " "
        joined += glue + line
    return joined
