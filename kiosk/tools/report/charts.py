"""Chart layout for the report: figures as lists of boxes, lines and labels (pure, no Qt).

Why not pyqtgraph (what the report used before): it is built for live, interactive plots.
For a picture painted once it had to be fought — labels dropped because its axes widen only
after the first paint, hand-made layout requests, a lone "—" tick for an empty chart, and
axes padded to -0.5. A static report needs the opposite: a layout decided up front from
measured text. So the layout here is plain arithmetic on text widths from a ``measure``
function, and two small back ends draw the result: QPainter into a QImage for the PNG
(:mod:`kiosk.tools.report.draw`, the Qt already in the stack, with the bundled CJK font) and
inline SVG for the HTML (:func:`to_svg`, no Qt at all). matplotlib would do it too, but would
add a large dependency for six bar charts.

The rules staff can rely on: every value axis starts at zero; counts get whole-number ticks;
a chart with nothing to show says so in words instead of drawing empty axes; labels are
measured (with slack for the browser's font) and elided or thinned so they never collide.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

Measure = Callable[[str, float, bool], float]
"""Width in pixels of ``text`` at pixel ``size``, ``bold`` or not."""

BACKGROUND, SURFACE = "#FFFFFF", "#F3F6FA"
INK, MUTED, GRID = "#0B1F3A", "#56677F", "#DCE3EC"
BAR, ACCENT = "#2F6DB5", "#C98A12"
FONT_FAMILY = "Noto Sans SC"
SVG_FONTS = ("'STAR Kiosk Report', 'Noto Sans SC', 'Noto Sans CJK SC', 'Microsoft YaHei', "
             "'PingFang SC', sans-serif")
"""The first is the HTML page's embedded subset of Noto Sans SC (:mod:`.webfont`)."""

TEXT_SLACK = 1.15
"""Room left for each measured label: a browser may draw the SVG in a wider fallback font."""
PAD = 18.0
TITLE, SUBTITLE, TICK = 21.0, 14.0, 13.0
NO_VISITORS = "No visitor touched the screen in this period"
CARDS_PER_ROW = 4
"""Headline figures per row of the heading: more wrap onto the next row, never elided."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0


@dataclass(frozen=True)
class Label:
    """Text whose baseline starts (``start``), centres (``middle``) or ends (``end``) at x, y."""

    x: float
    y: float
    text: str
    size: float
    fill: str = INK
    anchor: str = "start"
    bold: bool = False


Item = Box | Line | Label


@dataclass
class Figure:
    """One chart, table or heading, laid out in its own pixel space."""

    title: str
    width: float
    height: float
    items: list[Item] = field(default_factory=list)
    ticks: tuple[float, ...] = ()
    """The value axis's ticks (empty when no axis is drawn)."""
    message: str | None = None
    """The words shown instead of a chart with nothing to show."""

    def labels(self) -> list[Label]:
        return [item for item in self.items if isinstance(item, Label)]


# ----------------------------------------------------------------------------- helpers


def nice_ticks(maximum: float, *, whole: bool, target: int = 5) -> list[float]:
    """Ticks from 0 past ``maximum``, steps of 1, 2 or 5 times a power of ten (whole if asked)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1.0, float(round(step)))
    top = math.ceil(maximum / step - 1e-9) * step
    return [round(i * step, 10) for i in range(int(round(top / step)) + 1)]


def whole(value: float) -> str:
    """A count as a tick label: ``1,200``."""
    return f"{value:,.0f}"


def seconds_tick(value: float) -> str:
    """A duration as a tick label: ``45 s``, ``2 min``, ``2.5 min``, ``3 min 20 s`` (never a
    fraction of a minute a reader has to work out, such as ``3.33333 min``)."""
    if value < 120:
        return f"{value:g} s"
    if value % 30 == 0:
        return f"{value / 60:g} min"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s"


def elide(text: str, size: float, bold: bool, room: float, measure: Measure) -> str:
    """``text``, cut with an ellipsis to fit ``room`` pixels (measured with slack)."""
    if measure(text, size, bold) * TEXT_SLACK <= room:
        return text
    while len(text) > 1 and measure(text + "…", size, bold) * TEXT_SLACK > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _header(figure: Figure, subtitle: str, measure: Measure) -> float:
    """Title and subtitle at the top; returns the y where the content starts."""
    room = figure.width - 2 * PAD
    figure.items.append(Label(PAD, PAD + TITLE, elide(figure.title, TITLE, True, room, measure),
                              TITLE, INK, bold=True))
    y = PAD + TITLE + 8
    if subtitle:
        figure.items.append(Label(PAD, y + SUBTITLE, elide(subtitle, SUBTITLE, False, room,
                                                           measure), SUBTITLE, MUTED))
        y += SUBTITLE + 8
    return y + 10


def _empty(figure: Figure, top: float, message: str) -> Figure:
    """The chart's words for "nothing to show", in a calm panel instead of axes."""
    height = 110.0
    figure.items.append(Box(PAD, top, figure.width - 2 * PAD, height, SURFACE))
    figure.items.append(Label(figure.width / 2, top + height / 2 + 6, message, 16.0, MUTED,
                              "middle"))
    figure.message = message
    figure.height = top + height + PAD
    return figure


# ----------------------------------------------------------------------------- charts


def horizontal_bars(title: str, subtitle: str, rows: Sequence[tuple[str, float, str]], *,
                    width: float, measure: Measure, whole_numbers: bool,
                    tick_text: Callable[[float], str] = whole,
                    empty: str = NO_VISITORS) -> Figure:
    """One bar per row (``label``, value, value as text), first row at the top.

    Rows with no value keep their place (a slide nobody opened is worth seeing) with an
    empty bar; a chart where every value is zero shows ``empty`` instead.
    """
    figure = Figure(title, width, 0)
    top = _header(figure, subtitle, measure)
    if not rows or max(value for _, value, _ in rows) <= 0:
        return _empty(figure, top, empty)
    label_room = width * 0.36
    labels = [elide(label, TICK, False, label_room, measure) for label, _, _ in rows]
    label_width = max(measure(label, TICK, False) for label in labels) * TEXT_SLACK
    value_width = max(measure(text, TICK, False) for _, _, text in rows) * TEXT_SLACK
    x0 = PAD + label_width + 10
    x1 = width - PAD - value_width - 8
    row_height = max(26.0, TICK * 2.0)
    ticks = nice_ticks(max(value for _, value, _ in rows), whole=whole_numbers)
    scale = (x1 - x0) / ticks[-1]
    plot_bottom = top + row_height * len(rows)
    for tick in ticks:
        x = x0 + tick * scale
        figure.items.append(Line(x, top, x, plot_bottom, GRID))
    for number, ((_, value, text), label) in enumerate(zip(rows, labels, strict=True)):
        middle = top + row_height * (number + 0.5)
        figure.items.append(Label(x0 - 10, middle + TICK * 0.35, label, TICK, INK, "end"))
        bar = max(value, 0.0) * scale
        if bar > 0:
            figure.items.append(Box(x0, middle - row_height * 0.31, bar, row_height * 0.62, BAR))
        figure.items.append(Label(x0 + bar + 6, middle + TICK * 0.35, text, TICK, INK))
    figure.items.append(Line(x0, top, x0, plot_bottom, MUTED))
    _value_axis_below(figure, ticks, x0, scale, plot_bottom, tick_text, measure)
    figure.ticks = tuple(ticks)
    figure.height = plot_bottom + TICK + 16 + PAD
    return figure


def _value_axis_below(figure: Figure, ticks: list[float], x0: float, scale: float, y: float,
                      tick_text: Callable[[float], str], measure: Measure) -> None:
    """Tick labels under a horizontal chart, every other one dropped until none touch."""
    texts = [tick_text(tick) for tick in ticks]
    widest = max(measure(text, TICK, False) for text in texts) * TEXT_SLACK
    step = 1
    while widest + 8 > (ticks[step] - ticks[0]) * scale * 1.0 and step < len(ticks) - 1:
        step += 1
    for number, (tick, text) in enumerate(zip(ticks, texts, strict=True)):
        if number % step == 0:
            figure.items.append(Label(x0 + tick * scale, y + TICK + 6, text, TICK, MUTED,
                                      "middle"))


def vertical_bars(title: str, subtitle: str, columns: Sequence[tuple[str, float]], *,
                  width: float, measure: Measure, height: float = 230.0,
                  empty: str = NO_VISITORS) -> Figure:
    """One bar per column (``label``, count), counts up from zero in whole-number ticks.

    Column labels are thinned to every n-th when they would touch; a bar's count is written
    on it when every count fits its column.
    """
    figure = Figure(title, width, 0)
    top = _header(figure, subtitle, measure)
    if not columns or max(value for _, value in columns) <= 0:
        return _empty(figure, top, empty)
    ticks = nice_ticks(max(value for _, value in columns), whole=True)
    tick_width = max(measure(whole(tick), TICK, False) for tick in ticks) * TEXT_SLACK
    x0, x1 = PAD + tick_width + 8, width - PAD
    y0 = top + 8  # room for the count over the tallest bar
    bottom = y0 + height
    scale = height / ticks[-1]
    slot = (x1 - x0) / len(columns)
    for tick in ticks:
        y = bottom - tick * scale
        figure.items.append(Line(x0, y, x1, y, GRID if tick else MUTED))
        figure.items.append(Label(x0 - 8, y + TICK * 0.35, whole(tick), TICK, MUTED, "end"))
    counts_fit = all(measure(whole(value), TICK - 2, False) * TEXT_SLACK < slot - 2
                     for _, value in columns)
    label_width = max(measure(label, TICK, False) for label, _ in columns) * TEXT_SLACK
    every = max(1, math.ceil((label_width + 6) / slot))
    for number, (label, value) in enumerate(columns):
        left = x0 + slot * number
        bar = max(value, 0.0) * scale
        if bar > 0:
            figure.items.append(Box(left + slot * 0.15, bottom - bar, slot * 0.7, bar, BAR))
            if counts_fit:
                figure.items.append(Label(left + slot / 2, bottom - bar - 4, whole(value),
                                          TICK - 2, INK, "middle"))
        if number % every == 0:
            figure.items.append(Label(left + slot / 2, bottom + TICK + 6, label, TICK, MUTED,
                                      "middle"))
    figure.ticks = tuple(ticks)
    figure.height = bottom + TICK + 16 + PAD
    return figure


def key_values(title: str, subtitle: str, rows: Sequence[tuple[str, str]], *, width: float,
               measure: Measure) -> Figure:
    """A two-column table: names left, values right-aligned, a hairline between rows."""
    figure = Figure(title, width, 0)
    y = _header(figure, subtitle, measure)
    value_width = max((measure(value, TICK + 1, True) for _, value in rows), default=0)
    room = width - 2 * PAD - value_width * TEXT_SLACK - 16
    row_height = 28.0
    for name, value in rows:
        indent = name.startswith("  ")
        figure.items.append(Label(PAD + (18 if indent else 0), y + 19,
                                  elide(name.strip(), TICK + 1, False, room, measure),
                                  TICK + 1, MUTED if indent else INK))
        figure.items.append(Label(width - PAD, y + 19, value, TICK + 1, INK, "end", True))
        y += row_height
        figure.items.append(Line(PAD, y, width - PAD, y, GRID))
    figure.height = y + PAD
    return figure


def heading_figure(title: str, lines: Sequence[str], figures: Sequence[tuple[str, str]], *,
                   width: float, measure: Measure) -> Figure:
    """The page's top: exhibition title, kiosk and period, then one card per headline figure."""
    figure = Figure(title, width, 0)
    room = width - 2 * PAD
    figure.items.append(Label(PAD, PAD + 32, elide(title, 32, True, room, measure), 32, INK,
                              bold=True))
    y = PAD + 32 + 10
    for line in lines:
        figure.items.append(Label(PAD, y + 17, elide(line, 17, False, room, measure), 17, MUTED))
        y += 26
    y += 12
    gap = 14.0
    per_row = min(len(figures), CARDS_PER_ROW) or 1
    card_width = (room - gap * (per_row - 1)) / per_row
    for number, (caption, value) in enumerate(figures):
        if number and number % per_row == 0:
            y += 92 + gap
        left = PAD + (number % per_row) * (card_width + gap)
        figure.items.append(Box(left, y, card_width, 92, SURFACE))
        figure.items.append(Box(left, y, 5, 92, ACCENT))
        figure.items.append(Label(left + 18, y + 46,
                                  elide(value, 30, True, card_width - 30, measure), 30, INK,
                                  bold=True))
        figure.items.append(Label(left + 18, y + 74,
                                  elide(caption, 14, False, card_width - 30, measure), 14,
                                  MUTED))
    figure.height = y + 92 + PAD
    return figure


# ----------------------------------------------------------------------------- pages


def two_columns(figures: Sequence[Figure], width: float) -> tuple[list[tuple[float, float,
                                                                             Figure]], float]:
    """Place figures two to a row, in order; returns (x, y, figure) and the total height."""
    placed: list[tuple[float, float, Figure]] = []
    y = 0.0
    for start in range(0, len(figures), 2):
        pair = figures[start:start + 2]
        for number, figure in enumerate(pair):
            placed.append((number * width / 2, y, figure))
        y += max(figure.height for figure in pair)
    return placed, y


def to_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (scales to the page's width)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {figure.width:.0f} '
             f'{figure.height:.0f}" width="{figure.width:.0f}" height="{figure.height:.0f}" '
             f'role="img" aria-label="{escape(figure.title)}" '
             f'style="font-family: {escape(SVG_FONTS)}; max-width: 100%; height: auto">']
    for item in figure.items:
        if isinstance(item, Box):
            parts.append(f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" '
                         f'height="{item.h:.1f}" fill="{item.fill}"/>')
        elif isinstance(item, Line):
            parts.append(f'<line x1="{item.x1:.1f}" y1="{item.y1:.1f}" x2="{item.x2:.1f}" '
                         f'y2="{item.y2:.1f}" stroke="{item.stroke}" '
                         f'stroke-width="{item.width:g}"/>')
        else:
            weight = ' font-weight="bold"' if item.bold else ""
            parts.append(f'<text x="{item.x:.1f}" y="{item.y:.1f}" font-size="{item.size:g}" '
                         f'fill="{item.fill}" text-anchor="{item.anchor}"{weight}>'
                         f'{escape(item.text)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def label_box(label: Label, measure: Measure) -> tuple[float, float, float, float]:
    """The rectangle a label covers (left, top, right, bottom), for collision checks."""
    width = measure(label.text, label.size, label.bold)
    left = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
    return left, label.y - label.size * 0.85, left + width, label.y + label.size * 0.25
