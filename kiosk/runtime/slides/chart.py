"""A bar (horizontal) or column chart with pyqtgraph; the bars grow into place.

pyqtgraph is imported here and only here: the slide registry imports this module the first
time a chart is shown, so the kiosk's first frame never waits for it (~0.5 s). Nothing of
pyqtgraph's default look survives: no axes box, grid, mouse, menu or auto-range button; the
category labels are wrapping Qt labels beside the plot, aligned with the bars.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Property, QEasingCurve, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.content.model import Bar, ChartSlide
from kiosk.core.numbers import format_number, shared_decimals
from kiosk.runtime.slides.base import STAGGER_MS, SlideView
from kiosk.runtime.theme import make_label, without_emphasis

pg.setConfigOptions(antialias=True, useOpenGL=False, background=None, foreground="w",
                    leftButtonPan=False)

GROW_MS = 1100
"""How long the bars take to grow to their values."""
THICKNESS = 0.62
"""Bar thickness, as a share of the space each bar has."""


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

        self.plot = self._plot()
        self.category_labels: list[QLabel] = []
        horizontal = slide.orientation == "bar"
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
            if not horizontal:
                label.setContentsMargins(look.grid(0.4), 0, look.grid(0.4), 0)
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
        if slide.caption is not None:
            caption = make_label(look, self.text(slide.caption), "body")
            column.addWidget(self.rise(caption, 400))
        # The chart's source is cited once, on the slide's sources line (as every slide type
        # cites its sources), not a second time here in full.
        self.animate(self, b"grow", delay=250, duration=GROW_MS,
                     easing=QEasingCurve.Type.OutCubic)
        self._apply_grow()

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
        font = look.font("body", bold=True, display=True)
        for bar, text in zip(slide.bars, self.value_texts, strict=True):
            anchor = (0.0, 0.5) if slide.orientation == "bar" else (0.5, 1.0)
            label = pg.TextItem(text, color=look.color("accent" if bar.highlight else "text"),
                                anchor=anchor)
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
        metrics = QFontMetricsF(self.look.font("body", bold=True, display=True))
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
            share = min(0.5, (metrics.height() * 1.3) / pixels)
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
