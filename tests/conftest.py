"""Test-wide set-up: headless Qt, and no ERROR may be logged unless the test says it expects one.

The kiosk logs and carries on where a visitor must never see a failure (an observer that
raises, a broken input event, an event that does not match the schema). In a test that would
hide a bug, so any ERROR (or CRITICAL) record fails the test that logged it — unless it is
marked ``@pytest.mark.expect_errors``; such a test then asserts on the records it expects
through the ``logged_errors`` fixture.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator

import pytest

from tests.displays import XDisplay, xvfb_missing
from tests.nobody_support import NobodyCopy, make_nobody_copy

# Qt must pick its platform plugin before the first QApplication exists: tests run
# headless by default. Tests that need a real X server take the ``xvfb`` fixture.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Caches the kiosk keeps between runs (word breaks) start empty in every test session and
# never touch the developer's own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kiosk-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _error_collector(request: pytest.FixtureRequest) -> Iterator[_ErrorCollector]:
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
    if collector.records and request.node.get_closest_marker("expect_errors") is None:
        lines = "\n".join(f"  {r.name}: {r.getMessage()}" for r in collector.records[:10])
        pytest.fail(f"{len(collector.records)} ERROR record(s) logged; mark the test "
                    f"@pytest.mark.expect_errors if they are expected:\n{lines}",
                    pytrace=False)


@pytest.fixture
def logged_errors(_error_collector: _ErrorCollector) -> list[logging.LogRecord]:
    """The ERROR records logged so far in this test (for tests marked ``expect_errors``)."""
    return _error_collector.records


@pytest.fixture(scope="session")
def nobody_copy() -> Iterator[NobodyCopy]:
    """What the user ``nobody`` needs to run the kiosk, where it can read it from any checkout
    (made once per session, removed after); skips where setpriv or a Python nobody runs is
    missing."""
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv (util-linux)")
    copy = make_nobody_copy()
    if copy is None:
        pytest.skip("no Python the user nobody can run")
    yield copy
    shutil.rmtree(copy.root, ignore_errors=True)


@pytest.fixture
def xvfb() -> Iterator[Callable[[int, int], XDisplay]]:
    """Start private Xvfb displays: ``xvfb(width, height)`` is a running :class:`XDisplay`;
    every one is stopped after the test. Skips where Xvfb or xdotool is missing."""
    if (why := xvfb_missing()) is not None:
        pytest.skip(why)
    started: list[XDisplay] = []

    def start(width: int, height: int) -> XDisplay:
        started.append(XDisplay(width, height))
        return started[-1]

    yield start
    for display in started:
        display.close()
