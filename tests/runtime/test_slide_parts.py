"""The parts a slide view is built from: its entrance, and a view's life once it is dropped."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.content.model import Figure, MetricsSlide, Text, Theme
from kiosk.runtime.slides import create_slide_view
from kiosk.runtime.slides.entrance import Entrance
from kiosk.runtime.theme import Look
from kiosk.runtime.widgets.drawn import ProgressDrawn

T = Text.of
LOOK = Look(Theme(), QSize(1280, 720))


def test_the_entrance_starts_hidden_and_settles_in_place(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    entrance = Entrance(owner, LOOK)
    holder = entrance.rise(QLabel("words"), 90)
    line = ProgressDrawn(owner)
    entrance.animate(line, b"progress", delay=200, duration=1500)
    entrance.rewind()
    assert (holder.property("progress"), line.property("progress")) == (0.0, 0.0)
    entrance.settle()
    assert (holder.property("progress"), line.property("progress")) == (1.0, 1.0)
    assert entrance.group.duration() == 1700  # the line: 200 ms wait, then 1500 ms


def test_with_reduce_motion_movement_does_not_play_and_fades_are_short(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    entrance = Entrance(owner, LOOK, reduce_motion=True)
    holder = entrance.rise(QLabel("words"), 400)
    line = ProgressDrawn(owner)
    entrance.animate(line, b"progress", duration=1500)
    entrance.rewind()
    assert holder.property("progress") == 0.0  # still fades in...
    assert line.property("progress") == 1.0  # ...but the line is drawn from the start
    assert entrance.group.duration() == 400 // 4 + 260


def test_a_dropped_slide_view_is_freed_at_once_not_by_a_later_garbage_collection(qtbot):
    # A view left to the cyclic collector is deleted whenever that next runs, possibly in
    # the middle of another widget's event: the kiosk then crashes.
    slide = MetricsSlide(id="m", title=T(en="Numbers"), metrics=(
        Figure(value=12, label=T(en="tanks")), Figure(value=212, label=T(en="species"))))
    view = create_slide_view(slide, LOOK, "en")
    view.show()
    qtbot.waitExposed(view)
    view.enter()
    view.settle()
    view.set_language("zh")
    view.close()
    freed = weakref.ref(view)
    gc.disable()
    try:
        del view
        assert freed() is None
    finally:
        gc.enable()


def test_a_dropped_chart_is_freed_at_once_too(qtbot):
    # The chart animates its bars' growth: through a helper, never through the view itself,
    # which an animation would hold in a reference cycle.
    from kiosk.core.content.model import Bar, ChartSlide

    slide = ChartSlide(id="c", title=T(en="Money"), bars=(
        Bar(label=T(en="2019"), value=824), Bar(label=T(en="2025"), value=1100)))
    view = create_slide_view(slide, LOOK, "en")
    view.show()
    qtbot.waitExposed(view)
    view.enter()
    view.settle()
    view.close()
    freed = weakref.ref(view)
    gc.disable()
    try:
        del view
        assert freed() is None
    finally:
        gc.enable()
