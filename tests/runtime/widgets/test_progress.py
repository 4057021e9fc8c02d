"""The auto-advance progress bar moves smoothly for what it costs: its edge never jumps more
than a couple of pixels a frame, the ticker runs no faster than that needs (and at most
60 Hz), and the edge pixel is drawn at its coverage."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from kiosk.core.deck.clock import ManualClock
from kiosk.core.deck.state import AutoTiming
from kiosk.runtime.widgets.progress import (
    FASTEST_TICK_MS,
    MAX_STEP_PX,
    TICK_MS,
    FrameTicker,
    ProgressBar,
    tick_interval_ms,
)


@pytest.mark.parametrize(("seconds", "width"), [
    (12, 1920), (12, 3840), (2, 1920), (30, 1080), (60, 1024), (600, 1920), (12, 800),
])
def test_the_edge_moves_at_most_a_couple_of_pixels_a_frame_unless_capped(seconds, width):
    interval = tick_interval_ms(seconds, width)
    assert FASTEST_TICK_MS <= interval <= TICK_MS
    step = width / (seconds * 1000 / interval)
    assert step <= MAX_STEP_PX or interval == FASTEST_TICK_MS


def test_a_slow_bar_ticks_slowly_and_a_fast_one_at_60_hz_at_most():
    assert tick_interval_ms(600, 1024) == TICK_MS  # ten minutes: no need for 8 Hz more
    assert tick_interval_ms(12, 1920) == FASTEST_TICK_MS
    assert tick_interval_ms(30, 1080) == 55
    assert tick_interval_ms(0, 1920) == TICK_MS and tick_interval_ms(12, 0) == TICK_MS


def test_the_ticker_runs_at_the_fastest_period_asked_for_and_stops_when_released(qapp):
    ticker = FrameTicker()
    hint, bar = QWidget(), QWidget()
    ticker.acquire(hint)
    assert ticker.running and ticker.interval_ms == TICK_MS
    ticker.acquire(bar, 20)
    assert ticker.interval_ms == 20
    ticker.release(bar)
    assert ticker.running and ticker.interval_ms == TICK_MS
    ticker.release(hint)
    assert not ticker.running


def test_the_bar_asks_for_the_period_its_width_and_duration_need(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1920, 100)
    clock = ManualClock()
    ticker = FrameTicker()
    bar = ProgressBar(parent, clock, QColor("white"), ticker)
    bar.setGeometry(0, 96, 1920, 4)
    bar.set_timing(AutoTiming(started=clock.now(), duration=12.0))
    assert ticker.running and ticker.interval_ms == tick_interval_ms(12.0, 1920)
    bar.set_timing(AutoTiming(started=clock.now(), duration=120.0))
    assert ticker.interval_ms == tick_interval_ms(120.0, 1920) > FASTEST_TICK_MS
    bar.set_timing(None)
    assert not ticker.running


def test_the_edge_pixel_is_drawn_at_its_coverage(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(100, 10)
    clock = ManualClock()
    bar = ProgressBar(parent, clock, QColor(255, 255, 255), FrameTicker())
    bar.setGeometry(0, 0, 100, 4)
    bar.set_timing(AutoTiming(started=clock.now(), duration=100.0))
    clock.advance(40.5)  # 40.5 of 100 px
    image = QImage(QSize(100, 4), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(0, 0, 0))
    bar.render(image)
    full, edge, empty = (QColor(image.pixel(x, 2)).red() for x in (39, 40, 41))
    assert full == 255
    assert empty < edge < full  # half covered: between the track and the bar
