"""Dated milestones on a line that draws itself; each dot pops in as the line reaches it.

Landscape: a horizontal line, dates above and labels below (alternating sides when there
are many). Portrait: a vertical line down the left, each milestone to its right.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.content.model import Milestone, TimelineSlide
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.theme import Look, make_label
from kiosk.runtime.widgets.drawn import ProgressDrawn
from kiosk.runtime.widgets.panel import Panel

LINE_MS = 1500
"""How long the line takes to draw from end to end."""
ALTERNATE_FROM = 6
"""From this many milestones on (landscape), they alternate above and below the line."""


class Track(ProgressDrawn):
    """The line and its dots; ``progress`` 0 → 1 draws the line, dots pop in as it passes."""

    def __init__(self, look: Look, start: QPointF, end: QPointF, dots: list[float],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._look = look
        self._start, self._end = start, end
        self._dots = dots
        """Each dot's position along the line, 0 → 1."""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self._look
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        start, end = self._start, self._end
        tip = start + (end - start) * self._progress
        faint = QColor(look.color("muted"))
        faint.setAlphaF(0.35)
        painter.setPen(QPen(faint, max(2, look.px(0.003))))
        painter.drawLine(start, end)
        painter.setPen(QPen(look.color("accent_2"), max(3, look.px(0.005)),
                            Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        if self._progress > 0:
            painter.drawLine(start, tip)
        radius = look.px(0.014)
        curve = QEasingCurve(QEasingCurve.Type.OutBack)
        for position in self._dots:
            share = min(1.0, max(0.0, (self._progress - position) / 0.06 + 1.0))
            if share <= 0:
                continue
            r = radius * curve.valueForProgress(share)
            center = start + (end - start) * position
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
        if look.portrait:
            positions = [(i + 0.5) / count for i in range(count)]
            width = 0.0
        elif alternate:
            # Dots inset so the first and last texts (twice a dot's spacing wide) stay on
            # the screen without being pushed into their neighbours on the same side.
            step = (area.width() + gap) / (count + 1)
            width = 2 * step - gap
            positions = [(width / 2 + i * step) / area.width() for i in range(count)]
        else:
            width = area.width() / count - gap
            positions = [(i + 0.5) / count for i in range(count)]
        blocks = [self._block(milestone) for milestone in slide.milestones]
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
        track = Track(look, start, end, positions, self)
        track.setGeometry(self.rect())
        track.lower()
        self.animate(track, b"progress", delay=200, duration=LINE_MS,
                     easing=QEasingCurve.Type.InOutCubic)
        labels = []
        for i, block in enumerate(blocks):
            above = alternate and i % 2 == 1
            box = self._box(i, count, area, start, end, positions[i], width)
            # The block hugs its text, on the line's side of its box; in landscape all the
            # blocks on one side share the tallest one's height, so each row reads as a row.
            wanted = block.column.totalHeightForWidth(box.width())
            if not look.portrait:
                wanted = max(wanted, above_h if above else below_h)
            if wanted < box.height():
                if above:
                    box.setTop(box.bottom() - wanted)
                else:
                    box.setHeight(wanted)
            holder = self.rise(block, 200 + round(LINE_MS * positions[i] * 0.9), distance=1)
            holder.setParent(self)
            holder.setGeometry(box)
            labels.append(block.label)
        self.fit_group(labels)
        self.fit_group([block.date for block in blocks])

    def _box(self, i: int, count: int, area: QRect, start: QPointF, end: QPointF,
             position: float, width: float) -> QRect:
        """Where milestone ``i``'s text goes, clear of the line and of its neighbours."""
        look = self.look
        gap = look.grid(1.5)
        if look.portrait:
            slot = area.height() / count
            x = round(start.x()) + look.px(0.03) + gap
            y = round(area.top() + i * slot)
            return QRect(x, y, area.right() - x, round(slot) - look.grid(0.5))
        center_x = start.x() + (end.x() - start.x()) * position
        above = count >= ALTERNATE_FROM and i % 2 == 1
        line_y = start.y()
        top: float
        if above:
            top = area.top()
            height = line_y - gap - top
        else:
            top = line_y + gap
            height = area.bottom() - top
        left = min(max(center_x - width / 2, area.left()), area.right() - width)
        return QRect(round(left), round(top), round(width), round(height))

    def _block(self, milestone: Milestone) -> MilestoneBlock:
        look = self.look
        tappable = milestone.detail is not None
        clear = QColor(look.color("surface"))
        clear.setAlphaF(0.5)
        block = MilestoneBlock(clear, look.grid(0.6), tap_slop=look.px(0.03) if tappable else 0,
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
                         kicker=self.text(milestone.date), source=milestone.source)


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
