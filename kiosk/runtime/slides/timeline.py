"""Dated milestones on a line that draws itself; each dot pops in as the line reaches it.

The dots are spaced by real time when every milestone has a `when` (kiosk.core.timeline_axis:
a long gap that crowds the rest is drawn broken, "//"). Where each card goes is decided in
kiosk.core.timeline_placement: over (or beside) its own dot wherever it can be, nudged only
as far as its neighbours and the edges need, tied to its dot by a short connector square to
the line. This module only measures the texts and draws the result.

Landscape: a horizontal line, cards below it, or taking turns above and below where dates
crowd. Portrait: a vertical line down the left, each card to its right, its connector level.
"""

from __future__ import annotations

import math
from itertools import pairwise

from PySide6.QtCore import QEasingCurve, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Milestone, TimelineSlide
from kiosk.core.layout_audit import Box
from kiosk.core.timeline_axis import when_day
from kiosk.core.timeline_placement import (
    ABOVE,
    BELOW,
    TimelineLayout,
    lay_out,
    lay_out_landscape,
)
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.boxes import as_rect
from kiosk.runtime.theme import Look, make_label, set_designed_size
from kiosk.runtime.widgets.drawn import ProgressDrawn
from kiosk.runtime.widgets.panel import Panel

LINE_MS = 1500
"""How long the line takes to draw from end to end."""
LANDSCAPE_CARD_SHARE = 0.3
"""A landscape card is at most this share of the line's width wide."""
LANDSCAPE_REACH = 0.25
"""A landscape card's connector meets it at least this share of its width from either end:
in its middle half, so it reads as the card's own and stays clear of the tap sign."""
PORTRAIT_TYPE = 1.2
"""How much bigger a milestone's date and words are drawn on a portrait screen."""


def connector_width(look: Look) -> int:
    """How thick the line from a dot to its card is: clearly there, thinner than the track."""
    return max(2, look.px(0.0035))


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
        leader.setAlphaF(0.9)
        for position, (near, far) in zip(self._dots, self._leaders, strict=True):
            share = min(1.0, max(0.0, (self._progress - position) / 0.06 + 1.0))
            if share <= 0:
                continue
            center = start + (end - start) * position
            if near != far:
                painter.setPen(QPen(leader, connector_width(look), Qt.PenStyle.SolidLine,
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
        gap = look.grid(1.5)
        radius = look.px(0.014)
        # Clear of a card's rounded corner (and, in landscape, of its tap sign).
        inset = look.grid(0.6) + look.px(0.01)
        blocks = [self._block(milestone) for milestone in slide.milestones]
        days = self._days()
        if look.portrait:
            left = self._portrait_left(area)
            row, date_middles = self._portrait_rows(area, blocks)
            extents = [min(block.column.totalHeightForWidth(area.right() - left),
                           round(row - look.grid(0.5))) for block in blocks]
            # From the first row's date at the top to the last row's date at the bottom.
            span = (area.top() + date_middles[0], area.bottom() + 1 - row + date_middles[-1])
            # Dots at least about three dots apart, so each reads as its own moment.
            def rows(by_date: list[float] | None) -> TimelineLayout:
                return lay_out(by_date, count, span, row, area.top(), area.bottom() + 1,
                               gap=0, reach=inset, least_gap=6 * radius,
                               anchors=date_middles, extents=extents)

            placed = rows(days)
            if days is not None and any(later.start - earlier.end > row for earlier, later
                                        in pairwise(placed.cards)):
                # Each card is a whole row tall, so a few days between two milestones take
                # a row: true dates then leave a stretch of empty line taller than a card
                # (two months before the dense July of the bundled deck), and the column
                # reads as broken. The rows go evenly instead; the dates say when.
                placed = rows(None)
            x = area.left() + look.px(0.03)
            start, end = QPointF(x, area.top()), QPointF(x, area.bottom())
            boxes = [QRect(left, round(card.start), area.right() - left, round(card.extent))
                     for card in placed.cards]
            # Each card's connector runs level from its dot to the card's left edge.
            leaders = [(QPointF(x, card.dot), QPointF(left, card.hook))
                       for card in placed.cards]
        else:
            placed = lay_out_landscape(days, count, area.left(), area.right() + 1, gap=gap,
                                       least_gap=6 * radius, inset=inset,
                                       reach_share=LANDSCAPE_REACH,
                                       most_share=LANDSCAPE_CARD_SHARE)
            width = placed.size
            heights = [block.column.totalHeightForWidth(round(width)) for block in blocks]
            above_h = max((h for h, card in zip(heights, placed.cards, strict=True)
                           if card.side == ABOVE), default=0)
            below_h = max((h for h, card in zip(heights, placed.cards, strict=True)
                           if card.side == BELOW), default=0)
            # The line sits where the texts above and below it, together, are centred.
            spare = area.height() - above_h - below_h - 2 * gap
            if spare > 0:
                y = area.top() + spare / 2 + above_h + gap
            else:
                # Too tall together: each side gets its share of the height (the texts then
                # shrink to fit, all alike).
                y = area.top() + gap + (area.height() - 2 * gap) * above_h / max(
                    1, above_h + below_h)
            start, end = QPointF(area.left(), y), QPointF(area.right(), y)
            boxes = []
            leaders = []
            for card in placed.cards:
                # All the cards on one side share the tallest one's height, so each row
                # reads as a row; each hugs the line.
                if card.side == ABOVE:
                    bottom = y - gap
                    top = max(area.top(), bottom - above_h)
                else:
                    top = y + gap
                    bottom = min(area.bottom(), top + below_h)
                box = QRect(round(card.start), round(top), round(width), round(bottom - top))
                boxes.append(box)
                edge = box.bottom() + 1 if card.side == ABOVE else box.top()
                leaders.append((QPointF(card.dot, y), QPointF(card.hook, edge)))
        self.axis = placed.axis
        self.placement = placed
        """Where the dots and cards went (tests read it)."""
        line_from = start.y() if look.portrait else start.x()
        line_length = (end.y() if look.portrait else end.x()) - line_from
        dots = [(at - line_from) / line_length for at in placed.dots]
        span = placed.span
        breaks = [(span[0] + placed.axis.break_mark(i) * (span[1] - span[0]) - line_from)
                  / line_length for i in placed.axis.breaks]
        self.dot_points = [QPointF(start.x(), at) if look.portrait else QPointF(at, start.y())
                           for at in placed.dots]
        """Each milestone's dot on the slide (tests read where the dots went)."""
        self.leaders = leaders
        """Each milestone's connector: from its dot to its card's edge."""
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

    def drawn_boxes(self) -> list[Box]:
        """Each connector, for the layout audit: it must never be drawn across a text."""
        pen = connector_width(self.look)
        boxes = []
        for number, (near, far) in enumerate(self.leaders, start=1):
            rect = QRectF(near, far).normalized().adjusted(-pen / 2, -pen / 2, pen / 2, pen / 2)
            boxes.append(Box(0, "decoration", as_rect(rect.toAlignedRect()),
                             name=f"milestone {number}'s connector", motif=True))
        return boxes

    def _days(self) -> list[float] | None:
        """Each milestone's place in time, when every one has a readable ``when`` and they
        are in order; None (spaced evenly) otherwise."""
        days = [when_day(m.when) for m in self.slide.milestones]
        dates = [d for d in days if d is not None]
        if len(dates) != len(days) or dates != sorted(dates):
            return None
        return dates

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
        if look.portrait:
            # A tall screen gives each milestone a wide row of its own: bigger type fills it
            # and reads from further away (the fit brings it back down when rows are many).
            for words in (date, label):
                set_designed_size(words, round(words.font().pixelSize() * PORTRAIT_TYPE))
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
