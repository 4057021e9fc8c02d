"""A short monkey in CI: the long one is ``bench/monkey.py --events 50000`` (bench/README.md).

Random taps, drags, multi-finger touches, keys (exit keys included), close requests and right
clicks against the real kiosk window: it never exits, never raises, and its state stays
consistent (slide index in range, a deck language, a known mode, stage and state agreeing).
"""

from __future__ import annotations

import pytest

from kiosk.tools.bench_support.endurance import run_monkey

pytestmark = pytest.mark.slow


@pytest.fixture
def monkey(qapp):
    outcome = run_monkey(600, seed=3, report=lambda message: None)
    yield outcome
    kiosk = outcome["kiosk"]
    kiosk.shutdown()
    kiosk.window.allow_close()
    kiosk.window.close()
    kiosk.window.deleteLater()


def test_the_monkey_cannot_break_or_leave_the_kiosk(monkey):
    assert monkey["events"] == 600
    assert {"exit_key", "close", "touch", "drag", "tap"} <= set(monkey["by_kind"])
    assert monkey["errors"] == []
    assert monkey["problems"] == []
    assert monkey["kiosk"].window.isVisible()
