"""A short soak in CI: the long one is ``bench/soak.py --transitions 10000`` (bench/README.md).

Hundreds of transitions on the real kiosk (offscreen, timers accelerated) with content reloads
and language switches: no exception or ERROR logged, the state consistent, and no growth in
widgets, QObjects or timers between the end of the warm-up and the end of the run.
"""

from __future__ import annotations

import pytest

from kiosk.tools.bench_support.endurance import run_soak

pytestmark = pytest.mark.slow


@pytest.fixture
def soak(qapp):
    outcome = run_soak(200, warmup=100, reload_every=50, language_every=25,
                       report=lambda message: None)
    yield outcome
    kiosk = outcome["kiosk"]
    kiosk.shutdown()
    kiosk.window.allow_close()
    kiosk.window.close()
    kiosk.window.deleteLater()


def test_soak_holds(soak):
    assert soak["transitions"] >= 200
    assert soak["reloads"] >= 3 and soak["language_switches"] >= 8
    assert soak["errors"] == []
    assert soak["consistency"] == []
    growth = soak["growth"]
    assert growth["widgets"] <= 0, soak["samples"]
    assert growth["timers"] <= 0 and growth["timers_under_windows"] <= 0, soak["samples"]
    assert growth["objects_under_windows"] <= 0, soak["samples"]
    # Generous: a short run's RSS is mostly allocator noise; the 5 MB target is for the long run.
    assert soak["rss_growth_mb"] <= 8.0, soak["samples"]
