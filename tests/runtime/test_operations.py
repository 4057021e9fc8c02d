"""Opening hours on a (fake) kiosk, and attach_operations' heartbeat and reload wiring."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from kiosk.core.config import RunConfig
from kiosk.core.content.loader import load_deck
from kiosk.core.content.model import OpeningHours, Schedule, Text
from kiosk.core.heartbeat import ENV_VAR, BeatReader
from kiosk.runtime.operations import ScheduleController, attach_operations
from tests.runtime.ops_fakes import FakeKiosk

HOURS = OpeningHours("09:00", "17:00")
SCHEDULE = Schedule(monday=HOURS, tuesday=HOURS, wednesday=HOURS, thursday=HOURS, friday=HOURS,
                    closed_message=Text.of(en="Back at nine", zh="九点见"))
DECK = """\
settings:
  title: {{en: Test, zh: 测试}}
  idle_timeout: 30
{schedule}slides:
  - type: title
    id: intro
    title: {{en: Hello, zh: 你好}}
"""


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_closed_outside_hours_then_opens(qtbot) -> None:
    kiosk = FakeKiosk()
    qtbot.addWidget(kiosk.window)
    clock = Clock(datetime(2025, 6, 3, 8, 30))  # a Tuesday, before opening
    controller = ScheduleController(kiosk, SCHEDULE, now=clock)
    controller.evaluate()
    assert controller.closed and kiosk.suspended
    screen = controller.screen
    assert screen is not None and not screen.isHidden()
    assert screen.geometry() == kiosk.window.rect()
    assert screen.messages() == ["Back at nine", "九点见", "Opens today at 09:00 · 今天 09:00 开放"]
    assert kiosk.events.records == [("closed", {"reopens": "2025-06-03T09:00"})]
    assert 0 < (controller.next_look_ms or 0) <= 60_000

    clock.now = datetime(2025, 6, 3, 9, 0)
    controller.evaluate()
    assert not controller.closed and kiosk.suspend_calls == [True, False]
    assert screen.isHidden()
    assert kiosk.events.names() == ["closed", "opened"]

    kiosk.window.resize(1080, 1920)  # the overlay always covers the window
    clock.now = datetime(2025, 6, 3, 17, 0)
    controller.evaluate()
    assert screen.geometry() == kiosk.window.rect()
    assert screen.messages()[-1] == "Opens tomorrow at 09:00 · 明天 09:00 开放"


def test_closed_releases_the_screensaver_and_opening_takes_it_back(qtbot) -> None:
    kiosk = FakeKiosk()
    qtbot.addWidget(kiosk.window)
    clock = Clock(datetime(2025, 6, 3, 8, 30))
    controller = ScheduleController(kiosk, SCHEDULE, now=clock)
    controller.evaluate()
    assert not kiosk.screensaver.inhibited  # the display may sleep while closed
    clock.now = datetime(2025, 6, 3, 9, 0)
    controller.evaluate()
    assert kiosk.screensaver.inhibited and kiosk.screensaver.calls == ["release", "inhibit"]
    controller.evaluate()  # still open: nothing more
    assert kiosk.screensaver.calls == ["release", "inhibit"]


def test_timer_wakes_at_opening_time(qtbot) -> None:
    kiosk = FakeKiosk()
    qtbot.addWidget(kiosk.window)
    clock = Clock(datetime(2025, 6, 3, 8, 59, 59, 800_000))
    controller = ScheduleController(kiosk, SCHEDULE, now=clock)
    controller.evaluate()
    assert controller.closed
    clock.now = datetime(2025, 6, 3, 9, 0, 0, 100_000)  # time passes while the timer runs
    qtbot.waitUntil(lambda: not controller.closed, timeout=2000)
    assert kiosk.events.names() == ["closed", "opened"]


@pytest.mark.slow
def test_touch_wakes_until_idle(qtbot) -> None:
    kiosk = FakeKiosk()
    qtbot.addWidget(kiosk.window)
    clock = Clock(datetime(2025, 6, 7, 12, 0))  # Saturday: closed all day
    controller = ScheduleController(kiosk, SCHEDULE, now=clock, awake_seconds=1.5)
    controller.evaluate()
    assert controller.screen is not None
    assert controller.screen.messages()[-1] == "Opens Monday at 09:00 · 周一 09:00 开放"
    qtbot.mouseClick(controller.screen, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert not controller.closed and controller.woken and not kiosk.suspended
    assert kiosk.events.records[-1] == ("opened", {"reason": "touch"})
    for _ in range(3):  # a visitor keeps touching, each touch well within the awake time
        qtbot.wait(100)
        kiosk.input_received.emit()
        assert not controller.closed
    qtbot.waitUntil(lambda: controller.closed, timeout=5000)  # then idle: closed again
    assert kiosk.suspended and kiosk.events.names() == ["closed", "opened", "closed"]


def test_no_wake_on_touch(qtbot) -> None:
    kiosk = FakeKiosk()
    qtbot.addWidget(kiosk.window)
    schedule = Schedule(monday=HOURS, wake_on_touch=False)
    controller = ScheduleController(kiosk, schedule, now=Clock(datetime(2025, 6, 7, 12, 0)))
    controller.evaluate()
    assert controller.screen is not None
    assert controller.screen.messages()[:2] == ["Closed — see you tomorrow", "已闭馆 — 明天见"]
    qtbot.mouseClick(controller.screen, Qt.MouseButton.LeftButton)
    assert controller.closed and kiosk.suspended


def test_no_schedule_adds_nothing(qtbot) -> None:
    kiosk = FakeKiosk()
    qtbot.addWidget(kiosk.window)
    controller = ScheduleController(kiosk, None)
    controller.evaluate()
    assert controller.screen is None and kiosk.suspend_calls == [] and not kiosk.events.records
    controller.set_schedule(Schedule())  # no hours at all: ignored, with a warning
    assert not controller.closed


def _content(tmp_path: Path, schedule: str = "") -> Path:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(DECK.format(schedule=schedule), encoding="utf-8")
    return folder


class BeatPipe:
    """The supervisor's end of a heartbeat pipe, for a kiosk in this process."""

    def __init__(self, monkeypatch) -> None:
        read_fd, self.write_fd = os.pipe()
        self.reader = BeatReader(read_fd)
        self.last = None
        monkeypatch.setenv(ENV_VAR, str(self.write_fd))

    def newest(self):
        beat = self.reader.poll()
        self.last = beat or self.last
        return self.last

    def close(self) -> None:
        self.reader.close()
        os.close(self.write_fd)


@pytest.mark.slow
def test_attach_operations_heartbeat_and_reload(qtbot, tmp_path: Path, monkeypatch) -> None:
    folder = _content(tmp_path)
    kiosk = FakeKiosk(load_deck(folder).deck)
    qtbot.addWidget(kiosk.window)
    beats = BeatPipe(monkeypatch)
    operations = attach_operations(kiosk, RunConfig(content=folder))
    try:
        assert beats.newest().slide == "intro"
        kiosk.slide = "next-one"
        qtbot.waitUntil(lambda: beats.newest().slide == "next-one", timeout=2000)
        assert operations.schedule is not None and not operations.schedule.closed
        # A reloaded deck with a schedule that says "closed all week" closes the kiosk.
        (folder / "deck.yaml").write_text(DECK.format(
            schedule='  schedule:\n    monday: {open: "00:00", close: "00:01"}\n'),
            encoding="utf-8")
        qtbot.waitUntil(lambda: bool(kiosk.decks), timeout=5000)
        assert kiosk.decks[-1].settings.schedule is not None
        assert "content_reloaded" in kiosk.events.names()
        assert operations.schedule.schedule == kiosk.decks[-1].settings.schedule
        assert operations.schedule.awake_seconds == 30
    finally:
        operations.stop()
        beats.close()


def test_attach_operations_writes_nothing_unsupervised(qtbot, tmp_path: Path,
                                                       monkeypatch) -> None:
    folder = _content(tmp_path)
    kiosk = FakeKiosk(load_deck(folder).deck)
    qtbot.addWidget(kiosk.window)
    monkeypatch.delenv(ENV_VAR, raising=False)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    operations = attach_operations(kiosk, RunConfig(content=folder))
    qtbot.wait(100)
    operations.stop()
    assert operations.heartbeat is None
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert kiosk.events.records == []


@pytest.mark.slow
def test_operations_live_on_when_the_caller_drops_them(qtbot, tmp_path: Path,
                                                        monkeypatch) -> None:
    import gc

    folder = _content(tmp_path)
    kiosk = FakeKiosk(load_deck(folder).deck)
    qtbot.addWidget(kiosk.window)
    beats = BeatPipe(monkeypatch)
    attach_operations(kiosk, RunConfig(content=folder))  # as kiosk.runtime.app does
    gc.collect()
    first = beats.newest().seq
    qtbot.waitUntil(lambda: beats.newest().seq > first + 1, timeout=3000)
    from kiosk.runtime.operations import Operations

    kiosk.window.findChild(Operations).stop()
    beats.close()


@pytest.mark.slow
def test_a_curators_preview_ignores_opening_hours_also_after_a_reload(qtbot, tmp_path: Path,
                                                                      monkeypatch) -> None:
    closed_all_week = '  schedule:\n    monday: {open: "00:00", close: "00:01"}\n'
    folder = _content(tmp_path)
    (folder / "deck.yaml").write_text(DECK.format(schedule=closed_all_week), encoding="utf-8")
    kiosk = FakeKiosk(load_deck(folder).deck)
    qtbot.addWidget(kiosk.window)
    monkeypatch.delenv(ENV_VAR, raising=False)
    operations = attach_operations(kiosk, RunConfig(content=folder, windowed=True,
                                                    supervised=False, ignore_hours=True))
    try:
        assert operations.schedule is not None and not operations.schedule.closed
        # Hot reload still works in the preview, and still never closes it.
        (folder / "deck.yaml").write_text(DECK.format(schedule=closed_all_week.replace(
            "00:01", "00:02")), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(kiosk.decks), timeout=5000)
        assert "content_reloaded" in kiosk.events.names()
        assert not operations.schedule.closed
    finally:
        operations.stop()
