"""A bar (horizontal) or column chart with pyqtgraph; the bars grow into place.

pyqtgraph is imported here and only here: the slide registry imports this module the first
time a chart is shown, so the kiosk's first frame never waits for it (~0.5 s). Nothing of
pyqtgraph's default look survives: no axes box, grid, mouse, menu or auto-range button; the
category labels are wrapping Qt labels beside the plot (above each bar on a portrait screen,
where the bars take the full width), aligned with the bars.

The frame is honest: every bar starts from a drawn zero line, and a chart of shares
(``scale: percent``) draws each bar on a faint track that stands for the whole 100 %, so a
bar at 50 % visibly fills half of it. No gridlines: the value is written on every bar.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Property, QEasingCurve, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.content.model import Bar, ChartSlide
from kiosk.core.layout_audit import Box
from kiosk.core.numbers import format_number, shared_decimals
from kiosk.runtime.slides.base import SlideView
from kiosk.runtime.slides.boxes import KIND_PROPERTY, as_rect
from kiosk.runtime.slides.entrance import STAGGER_MS
from kiosk.runtime.text_fit import widest_line
from kiosk.runtime.theme import make_label, without_emphasis
from kiosk.runtime.widgets.rotated_text import RotatedText

pg.setConfigOptions(antialias=True, useOpenGL=False, background=None, foreground="w",
                    leftButtonPan=False)

GROW_MS = 1100
"""How long the bars take to grow to their values."""
THICKNESS = 0.62
"""Bar thickness, as a share of the space each bar has."""
TRACK_ALPHA = 34
"""Opacity (of 255) of the text colour a share's 100 % track is drawn in: seen, not read."""
ZERO_LINE_ALPHA = 150
"""Opacity (of 255) of the text colour the zero line is drawn in."""


class Growth(QObject):
    """The bars' growth, 0 → 1, as the property the entrance animates; ``changed`` tells the
    chart. (An animation of the chart view itself would hold the view in a reference cycle,
    through the animation's reference to its target, left to the cycle collector.)"""

    changed = Signal(float)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._value = 1.0

    def _get_value(self) -> float:
        return self._value

    def _set_value(self, value: float) -> None:
        self._value = float(value)
        self.changed.emit(self._value)

    value = Property(float, _get_value, _set_value)


class View(SlideView):
    """The chart slide. :attr:`bar_item` holds the bars (a ``pg.BarGraphItem``),
    :attr:`track_item` a share's 100 % tracks (None unless ``scale: percent``)."""

    slide: ChartSlide
    _value_max: float
    """The value the plot's value axis ends at: past the largest bar, room for its label
    (set by :meth:`_fit_range` each time before it is read)."""

    def build(self) -> None:
        slide, look = self.slide, self.look
        self._grow = 1.0
        self.values = np.array([bar.value for bar in slide.bars], dtype=float)
        self.value_texts = [self.value_text(bar) for bar in slide.bars]
        self.percent = slide.scale == "percent"
        horizontal = slide.orientation == "bar"
        # On a tall screen horizontal bars take the full width, their labels above them.
        self.stacked = horizontal and look.portrait
        self._thickness = THICKNESS
        # Stacked bars: the height of the band each bar lies in, under its label.
        # Portrait bars lie across the whole width: thicker, so they stay bars, not lines.
        self._bar_band = self._band = look.grid(3.0 if horizontal and look.portrait else 2.2)
        root, column = self.content_column()
        self.header(column, self.text(slide.title))
        if slide.axis_label is not None:
            # Set as every slide's subtitle is: it says what the bars measure.
            axis = make_label(look, self.text(slide.axis_label), "body", color="muted")
            column.addWidget(self.rise(axis, STAGGER_MS))

        # A column's share of the width: what its category and value labels may take.
        slot = root.width() / max(1, len(slide.bars))
        self._value_font = look.font("body", bold=True, display=True)
        self._value_turned = False
        if not horizontal:
            self._value_font, self._value_turned = self._value_style(slot)
        self.plot = self._plot()
        self.category_labels: list[QLabel] = []
        self.turned_labels: list[RotatedText] = []
        if self.stacked:
            self._stacked_bars(column, root)
            return
        if not horizontal and self._turn_categories(slot):
            self._turned_categories(column, root, slot)
            return
        body = QHBoxLayout() if horizontal else QVBoxLayout()
        body.setSpacing(look.grid(1))
        labels = QVBoxLayout() if horizontal else QHBoxLayout()
        labels.setSpacing(0)
        labels.setContentsMargins(0, 0, 0, 0)
        for bar in slide.bars:
            align = (Qt.AlignmentFlag.AlignRight if horizontal else Qt.AlignmentFlag.AlignHCenter)
            label = self._category_label(bar, align)
            label.setAlignment(align | (Qt.AlignmentFlag.AlignVCenter if horizontal
                                        else Qt.AlignmentFlag.AlignTop))
            if not horizontal:
                side = min(look.grid(0.4), round(slot * 0.05))
                label.setContentsMargins(side, 0, side, 0)
            labels.addWidget(label, 1)
            self.category_labels.append(label)
        holder = QWidget()
        holder.setLayout(labels)
        if horizontal:
            rise = self.rise(holder, 150)
            rise.setFixedWidth(round(root.width() * 0.3))
            # Few bars stay bar-shaped rather than swelling into blocks.
            tallest = len(slide.bars) * look.px(0.15)
            rise.setMaximumHeight(tallest)
            self.plot.setMaximumHeight(tallest)
            body.addWidget(rise)
            body.addWidget(self.plot, 1)
        else:
            label_height = round(QFontMetricsF(look.font("body")).height() * 2.2)
            rise = self.rise(holder, 150)
            rise.setFixedHeight(label_height)
            body.addWidget(self.plot, 1)
            body.addWidget(rise)
        column.addLayout(body, 1)
        self.fit_group(self.category_labels)
        if horizontal:
            column.addStretch(0)
        self._footer(column)

    def _category_label(self, bar: Bar, align: Qt.AlignmentFlag) -> QLabel:
        """A bar's category label, in the body size (shrunk to fit with its group)."""
        label = make_label(self.look, self.text(bar.label), "body", align=align,
                           bold=bar.highlight)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        label.setProperty(KIND_PROPERTY, "category")
        return label

    def _stacked_bars(self, column: QVBoxLayout, root: QWidget) -> None:
        """Portrait bars: each category label on its own band above its bar, the value at
        the band's right end, the bars across the full width.

        The labels and the plot share one cell of a grid, the labels on top: the plot's
        vertical axis counts pixels from the top (:meth:`_fit_range`), so each bar lies
        exactly in the gap under its label, whatever height the column gives them.
        """
        look, slide = self.look, self.slide
        count = len(slide.bars)
        body_metrics = QFontMetricsF(look.font("body"))
        # A share's value stands at the right end of its label's band (kept clear of the
        # category), over the end of the track; any other value follows its bar. Both
        # measured as drawn, at their largest (the body size).
        self._fit_value_size(float("inf"))
        value_room = (max(self._drawn_width(item) for item in self.value_items)
                      + look.grid(1)) if self.percent else 0.0
        value_height = max(self._drawn_height(item) for item in self.value_items)
        line = max(body_metrics.lineSpacing(), value_height)
        if not self.percent:  # the value beside its bar stays inside the bar's band
            self._bar_band = max(self._bar_band, round(value_height + look.grid(0.4)))
        rows = QVBoxLayout()
        rows.setSpacing(0)
        rows.setContentsMargins(0, 0, 0, 0)
        for bar in slide.bars:
            label = self._category_label(bar, Qt.AlignmentFlag.AlignLeft)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            label.setContentsMargins(0, 0, round(value_room), look.grid(0.25))
            label.setMinimumHeight(round(line + look.grid(0.25)))
            rows.addWidget(label, 1)
            rows.addSpacing(self._bar_band)
            self.category_labels.append(label)
        labels = QWidget()
        labels.setLayout(rows)
        labels.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        stack = QWidget()
        grid = QGridLayout(stack)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.plot, 0, 0)
        grid.addWidget(self.rise(labels, 150), 0, 0)
        # The bars share the tall screen's height, the air above each label growing with
        # it, up to a band of three and a half lines: six bars fill the column, two stay a
        # pair rather than drifting apart (more room then goes below the caption).
        stack.setMaximumHeight(count * round(3.5 * line + look.grid(0.5) + self._bar_band))
        column.addWidget(stack, 1)
        self.fit_group(self.category_labels)
        self._footer(column)  # the caption right under the bars, the spare height below it
        column.addStretch(0)

    def _footer(self, column: QVBoxLayout) -> None:
        """The caption and source under the chart, then the bars' growth."""
        slide, look = self.slide, self.look
        if slide.caption is not None:
            # A caption reads after the bars: never larger than their labels (which shrink
            # no further than the caption size).
            caption = make_label(look, self.text(slide.caption), "caption", color="muted")
            column.addWidget(self.rise(caption, 400))
        # The chart's source is cited once, on the slide's sources line (as every slide type
        # cites its sources), not a second time here in full.
        growth = Growth(self)
        growth.changed.connect(self._set_grow)
        self.animate(growth, b"value", delay=250, duration=GROW_MS,
                     easing=QEasingCurve.Type.OutCubic)
        self._apply_grow()

    def _value_style(self, slot: float) -> tuple[QFont, bool]:
        """The value labels' font over columns ``slot`` px wide, and whether they are turned
        upright: at body size if the widest fits across its column, else smaller (never
        below the caption size), else turned a quarter turn."""
        look = self.look
        room = slot * 0.94
        for role in ("body", "caption"):
            font = look.font("body", bold=True, display=True)
            font.setPixelSize(look.px(getattr(look.theme.type_scale, role)))
            metrics = QFontMetricsF(font)
            if max(metrics.horizontalAdvance(t) for t in self.value_texts) <= room:
                return font, False
        font = look.font("body", bold=True, display=True)
        if QFontMetricsF(font).height() > room:
            font.setPixelSize(look.px(look.theme.type_scale.caption))
        return font, True

    def _turn_categories(self, slot: float) -> bool:
        """Whether the category labels must be turned: a word of one does not fit across its
        column even at the smallest size (a year under 12 portrait columns)."""
        look = self.look
        row = round(QFontMetricsF(look.font("body")).height() * 2.2)
        for bar in self.slide.bars:
            probe = make_label(look, self.text(bar.label), "caption", bold=bar.highlight)
            side = min(look.grid(0.4), round(slot * 0.05))
            probe.setContentsMargins(side, 0, side, 0)
            width = max(1, round(slot))
            if widest_line(probe, width) > width - 2 * side + 1:
                return True  # a word wider than its column
            if probe.heightForWidth(width) > row:
                return True  # more lines than the row under the columns holds
        return False

    def _turned_categories(self, column: QVBoxLayout, root: QWidget, slot: float) -> None:
        """Column labels turned a quarter turn under their columns, as long as the longest
        needs (at most 28 % of the content's height; a longer one is cut and reported)."""
        look, slide = self.look, self.slide
        labels = QHBoxLayout()
        labels.setSpacing(0)
        labels.setContentsMargins(0, 0, 0, 0)
        # At body size if that fits across the column and along the room, else at the
        # caption size; longer than that, it is cut and reported.
        room = round(root.height() * 0.28)
        font = look.font("body")
        metrics = QFontMetricsF(font)
        if metrics.height() > slot * 0.9 or max(
                metrics.horizontalAdvance(without_emphasis(self.text(bar.label)))
                for bar in slide.bars) + look.grid(0.5) > room:
            font.setPixelSize(look.px(look.theme.type_scale.caption))
        for bar in slide.bars:
            turned_font = QFont(font)
            turned_font.setBold(bar.highlight)
            turned = RotatedText(without_emphasis(self.text(bar.label)), turned_font,
                                 look.color("text"))
            labels.addWidget(turned, 1)
            self.turned_labels.append(turned)
        longest = max(label.length() for label in self.turned_labels)
        height = min(round(longest) + look.grid(0.5), room)
        holder = QWidget()
        holder.setLayout(labels)
        body = QVBoxLayout()
        body.setSpacing(look.grid(1))
        body.addWidget(self.plot, 1)
        rise = self.rise(holder, 150)
        rise.setFixedHeight(height)
        body.addWidget(rise)
        column.addLayout(body, 1)
        self._footer(column)

    def drawn_boxes(self) -> list[Box]:
        """What the plot paints itself, for the layout audit: each bar and value label."""
        view = self.plot.getPlotItem().getViewBox()
        boxes: list[Box] = []
        horizontal = self.slide.orientation == "bar"
        for number, (bar, item, position, value) in enumerate(
                zip(self.slide.bars, self.value_items, self.positions, self.values,
                    strict=True), start=1):
            content = self.text(bar.label)
            half = self._thickness / 2
            data = (QRectF(0, position - half, value, self._thickness) if horizontal
                    else QRectF(position - half, 0, self._thickness, value))
            bar_rect = self._on_slide(view.mapViewToScene(data).boundingRect())
            boxes.append(Box(0, "bar", as_rect(bar_rect), name=f"bar {number}",
                             content=content))
            margin = item.textItem.document().documentMargin()
            glyphs = item.textItem.boundingRect().adjusted(margin, margin, -margin, -margin)
            text_rect = self._on_slide(item.textItem.mapRectToScene(glyphs))
            written = self.text(bar.value_label) if bar.value_label is not None else content
            boxes.append(Box(0, "value", as_rect(text_rect),
                             name=f"bar {number}'s value label", content=written,
                             language=self.language, px=self._value_font.pixelSize()))
        return boxes

    def _on_slide(self, scene: QRectF) -> QRect:
        """A rectangle of the plot's scene in the slide's pixels."""
        local = self.plot.mapFromScene(scene).boundingRect()
        return QRect(self.plot.mapTo(self, local.topLeft()), local.size())

    def value_text(self, bar: Bar) -> str:
        """The label on a bar: its own text, or prefix + formatted value + suffix."""
        if bar.value_label is not None:
            return without_emphasis(self.text(bar.value_label))
        decimals = self.slide.decimals
        if decimals is None:
            decimals = shared_decimals(b.value for b in self.slide.bars)
        number = format_number(bar.value, self.language, decimals=decimals)
        return self.text(self.slide.prefix) + number + self.text(self.slide.suffix)

    # ------------------------------------------------------------------ plot

    def _plot(self) -> pg.PlotWidget:
        slide, look = self.slide, self.look
        widget = pg.PlotWidget(background=None)
        widget.setFrameShape(QFrame.Shape.NoFrame)
        widget.setStyleSheet("background: transparent")
        # Swipes across the chart must reach the stage: the plot takes no input at all.
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        widget.setInteractive(False)
        item = widget.getPlotItem()
        item.setMouseEnabled(False, False)
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(False, False)
        for side in ("left", "bottom", "right", "top"):
            item.hideAxis(side)
        item.layout.setContentsMargins(0, 0, 0, 0)
        item.getViewBox().setDefaultPadding(0.0)
        # Stacked bars are placed in pixels from the top (see _fit_range).
        item.getViewBox().invertY(self.stacked)
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        count = len(slide.bars)
        positions = np.arange(count, dtype=float)
        if slide.orientation == "bar":
            positions = (count - 1) - positions  # the first bar at the top
        self.positions = positions
        horizontal = slide.orientation == "bar"
        self.track_item: pg.BarGraphItem | None = None
        if self.percent:
            track = look.color("text")
            track.setAlpha(TRACK_ALPHA)
            whole = np.full(count, 100.0)
            self.track_item = (
                pg.BarGraphItem(x0=0, y=positions, height=THICKNESS, width=whole, brush=track,
                                pen=None) if horizontal
                else pg.BarGraphItem(x=positions, y0=0, width=THICKNESS, height=whole,
                                     brush=track, pen=None))
            item.addItem(self.track_item)
        brushes = [look.color("accent" if bar.highlight else "accent_2") for bar in slide.bars]
        if horizontal:
            self.bar_item = pg.BarGraphItem(x0=0, y=positions, height=THICKNESS,
                                            width=self.values, brushes=brushes, pen=None)
        else:
            self.bar_item = pg.BarGraphItem(x=positions, y0=0, width=THICKNESS,
                                            height=self.values, brushes=brushes, pen=None)
        item.addItem(self.bar_item)
        # The zero line every bar grows from, over the bars' ends so it is never hidden.
        zero = look.color("text")
        zero.setAlpha(ZERO_LINE_ALPHA)
        self.zero_line = pg.PlotCurveItem(pen=pg.mkPen(zero, width=max(2, look.px(0.002))),
                                          connect="pairs")
        item.addItem(self.zero_line)
        self.value_items = []
        font = self._value_font
        if self.stacked and self.percent:
            anchor = (1.0, 1.0)  # at the right end of the band above the track
        elif horizontal or self._value_turned:
            anchor = (0.0, 0.5)
        else:
            anchor = (0.5, 1.0)
        for bar, text in zip(slide.bars, self.value_texts, strict=True):
            label = pg.TextItem(text, color=look.color("accent" if bar.highlight else "text"),
                                anchor=anchor, angle=90 if self._value_turned else 0)
            label.setFont(font)
            item.addItem(label)
            self.value_items.append(label)
        item.getViewBox().sigResized.connect(self._fit_range)
        self._fit_range()
        return widget

    def _top(self) -> float:
        """The value the bars' full length stands for: 100 for shares, else the largest."""
        if self.percent:
            return 100.0
        largest = float(self.values.max()) if len(self.values) else 1.0
        return max(self.slide.maximum or 0.0, largest) or 1.0

    def _fit_range(self) -> None:
        """Fix the view so the bars line up with the labels and the value labels fit."""
        slide = self.slide
        view = self.plot.getPlotItem().getViewBox() if hasattr(self, "plot") else None
        target = self.plot.getPlotItem() if hasattr(self, "plot") else None
        count = len(slide.bars)
        top = self._top()
        metrics = QFontMetricsF(self._value_font)
        if self.stacked:
            self._fit_stacked(view, target, top)
        elif slide.orientation == "bar":
            if view is not None and view.height() > 10:
                self._fit_value_size(view.height() / count)
            self._room_after_bars(view, top)
            if target is not None:
                target.setXRange(0, self._value_max, padding=0)
                target.setYRange(-0.5, count - 0.5, padding=0)
            reach = THICKNESS / 2 + 0.12  # a little past the outer bars' edges
            self.zero_line.setData([0.0, 0.0], [-reach, count - 1 + reach])
        else:
            pixels = view.height() if view is not None and view.height() > 10 else 600.0
            # Room above the tallest column for its value label: a line of it, or (turned
            # upright) its length.
            above = (max(metrics.horizontalAdvance(t) for t in self.value_texts)
                     + self.look.grid(0.8) if self._value_turned else metrics.height() * 1.3)
            share = min(0.5, above / pixels)
            self._value_max = top / (1.0 - share)
            self._gap = self._value_max * self.look.grid(0.3) / pixels
            if target is not None:
                target.setYRange(0, self._value_max, padding=0)
                target.setXRange(-0.5, count - 0.5, padding=0)
            self.zero_line.setData([-0.5, count - 0.5], [0.0, 0.0])
        self._apply_grow()

    @staticmethod
    def _drawn_width(item: pg.TextItem) -> float:
        """How wide a value label's glyphs are drawn (its fallback faces included)."""
        return float(item.textItem.boundingRect().width()
                     - 2 * item.textItem.document().documentMargin())

    @staticmethod
    def _drawn_height(item: pg.TextItem) -> float:
        """How tall a value label's line is drawn (its fallback faces included)."""
        return float(item.textItem.boundingRect().height()
                     - 2 * item.textItem.document().documentMargin())

    def _fit_value_size(self, room: float) -> None:
        """Horizontal bars: the value labels at the body size, or smaller (never below the
        caption size) where a line of them is taller than ``room``, so neighbours never
        touch. Measured as drawn: a Chinese qualifier (超, 约) makes the line taller than
        the Latin face's own height."""
        items = getattr(self, "value_items", [])
        if not items:
            return
        look = self.look
        font = QFont(self._value_font)
        size = look.px(look.theme.type_scale.body)
        floor = look.px(look.theme.type_scale.caption)

        def tallest() -> float:
            font.setPixelSize(size)
            for item in items:
                item.setFont(font)
            return max(self._drawn_height(item) for item in items)

        while tallest() > room and size > floor:
            size -= 1
        self._value_font = font

    def _room_after_bars(self, view: pg.ViewBox | None, top: float) -> None:
        """Horizontal bars: the value axis runs past ``top`` far enough for the longest
        value label after the longest bar (or track)."""
        metrics = QFontMetricsF(self._value_font)
        pixels = view.width() if view is not None and view.width() > 10 else 1000.0
        room = max(metrics.horizontalAdvance(t) for t in self.value_texts) + self.look.grid(1.5)
        self._value_max = top / (1.0 - min(0.6, room / pixels))
        self._gap = self._value_max * self.look.grid(0.5) / pixels

    def _fit_stacked(self, view: pg.ViewBox | None, target: pg.PlotItem | None,
                     top: float) -> None:
        """Stacked bars: the vertical axis in pixels from the top, each bar in the band
        under its label (the labels share the plot's height equally, each followed by a
        band of :attr:`_bar_band` pixels)."""
        count = len(self.slide.bars)
        height = view.height() if view is not None and view.height() > 10 else 600.0
        pitch = height / count
        # The band is the spacing the labels' layout leaves under each label.
        band = self._band = self._bar_band
        self._thickness = min(band, pitch * 0.6) * 0.72
        self.positions = np.array([i * pitch + pitch - band / 2 for i in range(count)])
        if target is not None:
            target.setYRange(0, height, padding=0)
        if self.percent:
            # The value shares the label's line, above the bar's band.
            if view is not None and view.height() > 10:
                self._fit_value_size(pitch - band - self.look.grid(0.25))
            self._value_max, self._gap = top, 0.0
        else:
            self._room_after_bars(view, top)
        if target is not None:
            target.setXRange(0, self._value_max, padding=0)
        for item in (self.bar_item, self.track_item):
            if item is not None:
                item.setOpts(y=self.positions, height=self._thickness)
        # A short zero line at each bar: one long line would run through the labels.
        reach = self._thickness / 2 + self.look.grid(0.2)
        xs = np.zeros(2 * count)
        ys = np.ravel([(y - reach, y + reach) for y in self.positions])
        self.zero_line.setData(xs, ys)

    # ------------------------------------------------------------- animation

    def _apply_grow(self) -> None:
        if not hasattr(self, "bar_item") or not hasattr(self, "_gap"):
            return
        grown = self.values * self._grow
        # A share's value label waits at the end of its track; any other follows its bar.
        ends = np.full(len(grown), self._top()) if self.percent else grown
        if self.stacked and self.percent:
            self.bar_item.setOpts(width=grown)
            # On the category label's baseline: both end grid(0.25) above the bar's band
            # (the text item's box has a margin round its glyphs).
            for label, y in zip(self.value_items, self.positions, strict=True):
                margin = label.textItem.document().documentMargin()
                label.setPos(self._top(), y - self._band / 2 - self.look.grid(0.25) + margin)
                label.setOpacity(self._grow)
        elif self.slide.orientation == "bar":
            self.bar_item.setOpts(width=grown)
            for label, y, end in zip(self.value_items, self.positions, ends, strict=True):
                label.setPos(end + self._gap, y)
                label.setOpacity(self._grow)
        else:
            self.bar_item.setOpts(height=grown)
            for label, x, end in zip(self.value_items, self.positions, ends, strict=True):
                label.setPos(x, end + self._gap)
                label.setOpacity(self._grow)

    def _get_grow(self) -> float:
        return self._grow

    def _set_grow(self, value: float) -> None:
        self._grow = float(value)
        self._apply_grow()

    grow = Property(float, _get_grow, _set_grow)
    """0 → 1: how far the bars have grown (1: exactly their values)."""
