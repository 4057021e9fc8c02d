"""A bar (horizontal) or column chart with pyqtgraph; the bars grow into place.

pyqtgraph is imported here and only here: the slide registry imports this module the first
time a chart is shown, so the kiosk's first frame never waits for it (~0.5 s). Nothing of
pyqtgraph's default look survives: no axes box, grid, mouse, menu or auto-range button; the
category labels are wrapping Qt labels beside the plot, aligned with the bars.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Property, QEasingCurve, QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

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
    """The chart slide. :attr:`bar_item` holds the bars (a ``pg.BarGraphItem``)."""

    slide: ChartSlide

    def build(self) -> None:
        slide, look = self.slide, self.look
        self._grow = 1.0
        self.values = np.array([bar.value for bar in slide.bars], dtype=float)
        self.value_texts = [self.value_text(bar) for bar in slide.bars]
        root, column = self.content_column()
        self.header(column, self.text(slide.title))
        if slide.axis_label is not None:
            axis = make_label(look, self.text(slide.axis_label), "caption", color="muted")
            column.addWidget(self.rise(axis, STAGGER_MS))

        horizontal = slide.orientation == "bar"
        # A column's share of the width: what its category and value labels may take.
        slot = root.width() / max(1, len(slide.bars))
        self._value_font = look.font("body", bold=True, display=True)
        self._value_turned = False
        if not horizontal:
            self._value_font, self._value_turned = self._value_style(slot)
        self.plot = self._plot()
        self.category_labels: list[QLabel] = []
        self.turned_labels: list[RotatedText] = []
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
            label = make_label(look, self.text(bar.label), "body", align=align,
                               bold=bar.highlight,
                               color="text" if bar.highlight or horizontal else "text")
            label.setAlignment(align | (Qt.AlignmentFlag.AlignVCenter if horizontal
                                        else Qt.AlignmentFlag.AlignTop))
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            label.setProperty(KIND_PROPERTY, "category")
            if not horizontal:
                side = min(look.grid(0.4), round(slot * 0.05))
                label.setContentsMargins(side, 0, side, 0)
                label.setProperty(KIND_PROPERTY, "category")
            labels.addWidget(label, 1)
            self.category_labels.append(label)
        holder = QWidget()
        holder.setLayout(labels)
        if horizontal:
            rise = self.rise(holder, 150)
            rise.setFixedWidth(round(root.width() * (0.36 if look.portrait else 0.3)))
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

    def _footer(self, column: QVBoxLayout) -> None:
        """The caption and source under the chart, then the bars' growth."""
        slide, look = self.slide, self.look
        if slide.caption is not None:
            caption = make_label(look, self.text(slide.caption), "body")
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
            half = THICKNESS / 2
            data = (QRectF(0, position - half, value, THICKNESS) if horizontal
                    else QRectF(position - half, 0, THICKNESS, value))
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
        widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        count = len(slide.bars)
        positions = np.arange(count, dtype=float)
        if slide.orientation == "bar":
            positions = (count - 1) - positions  # the first bar at the top
        self.positions = positions
        brushes = [look.color("accent" if bar.highlight else "accent_2") for bar in slide.bars]
        if slide.orientation == "bar":
            self.bar_item = pg.BarGraphItem(x0=0, y=positions, height=THICKNESS,
                                            width=self.values, brushes=brushes, pen=None)
        else:
            self.bar_item = pg.BarGraphItem(x=positions, y0=0, width=THICKNESS,
                                            height=self.values, brushes=brushes, pen=None)
        item.addItem(self.bar_item)
        self.value_items = []
        font = self._value_font
        for bar, text in zip(slide.bars, self.value_texts, strict=True):
            anchor = (0.0, 0.5) if slide.orientation == "bar" or self._value_turned \
                else (0.5, 1.0)
            label = pg.TextItem(text, color=look.color("accent" if bar.highlight else "text"),
                                anchor=anchor, angle=90 if self._value_turned else 0)
            label.setFont(font)
            item.addItem(label)
            self.value_items.append(label)
        item.getViewBox().sigResized.connect(self._fit_range)
        self._fit_range()
        return widget

    def _fit_range(self) -> None:
        """Fix the view so the bars line up with the labels and the value labels fit."""
        slide = self.slide
        view = self.plot.getPlotItem().getViewBox() if hasattr(self, "plot") else None
        count = len(slide.bars)
        top = max(slide.maximum or 0.0, float(self.values.max()) if count else 1.0) or 1.0
        metrics = QFontMetricsF(self._value_font)
        if slide.orientation == "bar":
            pixels = view.width() if view is not None and view.width() > 10 else 1000.0
            room = (max(metrics.horizontalAdvance(t) for t in self.value_texts)
                    + self.look.grid(1.5))
            share = min(0.6, room / pixels)
            self._value_max = top / (1.0 - share)
            self._gap = self._value_max * self.look.grid(0.5) / pixels
            target = self.plot.getPlotItem() if hasattr(self, "plot") else None
            if target is not None:
                target.setXRange(0, self._value_max, padding=0)
                target.setYRange(-0.5, count - 0.5, padding=0)
        else:
            pixels = view.height() if view is not None and view.height() > 10 else 600.0
            # Room above the tallest column for its value label: a line of it, or (turned
            # upright) its length.
            above = (max(metrics.horizontalAdvance(t) for t in self.value_texts)
                     + self.look.grid(0.8) if self._value_turned else metrics.height() * 1.3)
            share = min(0.5, above / pixels)
            self._value_max = top / (1.0 - share)
            self._gap = self._value_max * self.look.grid(0.3) / pixels
            target = self.plot.getPlotItem() if hasattr(self, "plot") else None
            if target is not None:
                target.setYRange(0, self._value_max, padding=0)
                target.setXRange(-0.5, count - 0.5, padding=0)
        self._apply_grow()

    # ------------------------------------------------------------- animation

    def _apply_grow(self) -> None:
        if not hasattr(self, "bar_item") or not hasattr(self, "_gap"):
            return
        grown = self.values * self._grow
        if self.slide.orientation == "bar":
            self.bar_item.setOpts(width=grown)
            for label, y, end in zip(self.value_items, self.positions, grown, strict=True):
                label.setPos(end + self._gap, y)
                label.setOpacity(self._grow)
        else:
            self.bar_item.setOpts(height=grown)
            for label, x, end in zip(self.value_items, self.positions, grown, strict=True):
                label.setPos(x, end + self._gap)
                label.setOpacity(self._grow)

    def _get_grow(self) -> float:
        return self._grow

    def _set_grow(self, value: float) -> None:
        self._grow = float(value)
        self._apply_grow()

    grow = Property(float, _get_grow, _set_grow)
    """0 → 1: how far the bars have grown (1: exactly their values)."""
