"""The staff corner hold."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from kiosk.runtime.input.staff import CornerHold


def test_corner_hold_region_and_movement():
    hold = CornerHold(1920, 1080)
    assert hold.size == 108
    assert hold.press(QPoint(10, 10)) and hold.armed
    assert hold.move(QPoint(14, 12))
    assert not hold.move(QPoint(80, 10)) and not hold.armed
    assert not hold.press(QPoint(200, 10))
    assert not CornerHold(1080, 1920).press(QPoint(1000, 10))
