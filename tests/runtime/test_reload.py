"""Hot reload: valid edits swap in, invalid or half-written ones keep the last good deck."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kiosk.core.content.loader import load_deck
from kiosk.runtime.reload import ContentWatcher

DECK = """\
settings:
  title: {{en: Test, zh: 测试}}
slides:
  - type: title
    id: intro
    title: {{en: "{title}", zh: 你好}}
  - type: quote
    id: words
    text: {{en: Hi, zh: 嗨}}
    speaker: {{en: Me, zh: 我}}
"""


class Recorder:
    """Stands in for the kiosk (replace_deck) and its event log (write)."""

    def __init__(self) -> None:
        self.decks: list[object] = []
        self.events: list[tuple[str, dict]] = []

    def replace_deck(self, deck: object) -> None:
        self.decks.append(deck)

    def write(self, event: str, **fields: object) -> None:
        self.events.append((event, fields))

    def names(self) -> list[str]:
        return [name for name, _ in self.events]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text(DECK.format(title="Hello"), encoding="utf-8")
    return folder


@pytest.fixture
def watched(qtbot, content: Path):
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=50, recheck_ms=300)
    watcher.start()
    yield watcher, recorder
    watcher.stop()


def title_of(deck) -> str:
    return deck.slides[0].title.get("en")


@pytest.mark.slow
def test_valid_edit_swaps_the_deck(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    (content / "deck.yaml").write_text(DECK.format(title="Changed"), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
    assert title_of(recorder.decks[-1]) == "Changed"
    assert recorder.names() == ["content_reloaded"]
    assert recorder.events[0][1]["slides"] == 2
    assert watcher.current is recorder.decks[-1]


@pytest.mark.slow
def test_invalid_edit_keeps_the_last_good_deck(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    good = watcher.current
    broken = DECK.format(title="Broken").replace("type: quote", "type: qoute")
    (content / "deck.yaml").write_text(broken, encoding="utf-8")
    qtbot.waitUntil(lambda: bool(recorder.events), timeout=5000)
    name, fields = recorder.events[0]
    assert name == "content_rejected"
    assert any("qoute" in problem and "deck.yaml:" in problem for problem in fields["problems"])
    assert recorder.decks == [] and watcher.current is good
    # The re-check reads the folder again, finds the same problems: no second event.
    checks = watcher.checks
    qtbot.waitUntil(lambda: watcher.checks > checks, timeout=5000)
    assert recorder.names() == ["content_rejected"]


@pytest.mark.slow
def test_half_written_file_then_completed(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    text = DECK.format(title="Complete")
    path = content / "deck.yaml"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text[: len(text) // 2 - 7])  # cut inside a flow mapping
        stream.flush()
        qtbot.waitUntil(lambda: "content_rejected" in recorder.names(), timeout=5000)
        assert recorder.decks == []
        stream.write(text[len(text) // 2 - 7:])
    qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
    assert title_of(recorder.decks[-1]) == "Complete"
    assert recorder.names() == ["content_rejected", "content_reloaded"]


@pytest.mark.slow
def test_editor_replacing_the_file_is_followed(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    for round_, title in enumerate(["One", "Two", "Three"], start=1):
        temporary = content / ".deck.yaml.swp"
        temporary.write_text(DECK.format(title=title), encoding="utf-8")
        os.replace(temporary, content / "deck.yaml")  # how many editors save
        qtbot.waitUntil(lambda n=round_: len(recorder.decks) == n, timeout=5000)
        assert title_of(recorder.decks[-1]) == title


@pytest.mark.slow
def test_new_included_file_is_noticed(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    checks = watcher.checks
    (content / "more.yaml").write_text(
        "- type: closing\n  id: bye\n  title: {en: Bye, zh: 再见}\n", encoding="utf-8")
    qtbot.waitUntil(lambda: watcher.checks > checks, timeout=5000)  # the folder was read...
    assert recorder.decks == []  # ...but it is not included yet: the deck is the same
    deck_yaml = content / "deck.yaml"
    deck_yaml.write_text(deck_yaml.read_text(encoding="utf-8") + "  - include: more.yaml\n",
                         encoding="utf-8")
    qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
    assert [s.id for s in recorder.decks[-1].slides] == ["intro", "words", "bye"]
    # and the included file is watched from now on
    (content / "more.yaml").write_text(
        "- type: closing\n  id: farewell\n  title: {en: Bye, zh: 再见}\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(recorder.decks) == 2, timeout=5000)
    assert recorder.decks[-1].slides[-1].id == "farewell"


@pytest.mark.slow
def test_valid_reload_refreshes_the_snapshot(qtbot, content: Path, tmp_path: Path) -> None:
    from kiosk.runtime.reload import LAST_GOOD_DIR, load_last_good, save_last_good

    data = tmp_path / "data"
    data.mkdir()
    assert save_last_good(content, data) and not save_last_good(content, data)  # unchanged
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=50, recheck_ms=300,
                             snapshot_to=data, snapshot_after_ms=600)
    watcher.start()
    try:
        (content / "deck.yaml").write_text(DECK.format(title="Newer"), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
        # Not at once: content that hangs the kiosk while its slides are built must never
        # become the copy a restart falls back on; only a deck shown a while is.
        assert title_of(load_last_good(data).deck) == "Hello"
        qtbot.waitUntil(lambda: title_of(load_last_good(data).deck) == "Newer", timeout=5000)
        # an invalid edit leaves the snapshot alone
        (content / "deck.yaml").write_text("slides: [", encoding="utf-8")
        qtbot.waitUntil(lambda: "content_rejected" in recorder.names(), timeout=5000)
        assert title_of(load_last_good(data).deck) == "Newer"
        assert not [p for p in data.iterdir() if p.name.startswith(".")]  # no temp left
        assert (data / LAST_GOOD_DIR / "deck.yaml").is_file()
    finally:
        watcher.stop()


@pytest.mark.expect_errors
def test_start_with_broken_content_runs_the_snapshot(qapp, content: Path,
                                                     tmp_path: Path) -> None:
    import json
    import signal

    from kiosk.core.config import RunConfig
    from kiosk.core.exit_codes import CONTENT_INVALID_EXIT
    from kiosk.runtime.app import run_kiosk
    from kiosk.runtime.reload import save_last_good

    data = tmp_path / "data"
    data.mkdir()
    config = RunConfig(content=content, data_dir=data, windowed=True, supervised=False)
    (content / "deck.yaml").write_text(DECK.format(title="Broken").replace("quote", "qoute"),
                                       encoding="utf-8")
    handler = signal.getsignal(signal.SIGINT)
    try:
        # No snapshot yet: the distinct exit status, and the rejection logged.
        assert run_kiosk(config) == CONTENT_INVALID_EXIT
        good = tmp_path / "good"
        good.mkdir()
        (good / "deck.yaml").write_text(DECK.format(title="Snapshot"), encoding="utf-8")
        assert save_last_good(good, data)
        # With one, start-up runs on the snapshot (run_kiosk's path, without its event loop).
        from kiosk.core.events import EventLog
        from kiosk.runtime.reload import fall_back_at_start

        events = EventLog.in_folder(data)
        deck = fall_back_at_start(content, data, load_deck(content), events)
        events.close()
    finally:
        signal.signal(signal.SIGINT, handler)
    assert deck is not None and title_of(deck) == "Snapshot"
    records = [json.loads(line) for line in
               (data / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    rejected = [r for r in records if r["event"] == "content_rejected"]
    assert [r["fallback"] for r in rejected] == [None, "last-good"]
    assert all(any("qoute" in p for p in r["problems"]) for r in rejected)


@pytest.mark.slow
def test_restoring_a_file_after_a_rejected_edit_is_confirmed(qtbot, content: Path,
                                                              watched) -> None:
    """Staff who fixed a mistake back to what is on screen are told it is valid again."""
    watcher, recorder = watched
    good = (content / "deck.yaml").read_text(encoding="utf-8")
    (content / "deck.yaml").write_text("slides: [", encoding="utf-8")
    qtbot.waitUntil(lambda: "content_rejected" in recorder.names(), timeout=5000)
    (content / "deck.yaml").write_text(good, encoding="utf-8")
    qtbot.waitUntil(lambda: "content_reloaded" in recorder.names(), timeout=5000)
    name, fields = recorder.events[-1]
    assert name == "content_reloaded" and fields["unchanged"] is True
    assert recorder.decks == []  # nothing was swapped in: it is what is on screen
    # Touching the valid file again says nothing more.
    (content / "deck.yaml").write_text(good, encoding="utf-8")
    watcher.check()
    assert recorder.names().count("content_reloaded") == 1


@pytest.mark.slow
def test_symlink_swap_deploy_is_followed(qtbot, tmp_path: Path) -> None:
    """``current -> rel1`` swapped to ``current -> rel2`` (atomically, by rename): the
    kiosk shows rel2, because the path is never resolved once."""
    for release, title in (("rel1", "One"), ("rel2", "Two")):
        (tmp_path / release).mkdir()
        (tmp_path / release / "deck.yaml").write_text(DECK.format(title=title), encoding="utf-8")
    current = tmp_path / "current"
    current.symlink_to(tmp_path / "rel1")
    recorder = Recorder()
    watcher = ContentWatcher(current, recorder.replace_deck, recorder,
                             current=load_deck(current).deck, debounce_ms=50)
    watcher.start()
    try:
        swap = tmp_path / "current.new"
        swap.symlink_to(tmp_path / "rel2")
        os.replace(swap, current)
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=8000)
        assert title_of(recorder.decks[-1]) == "Two"
        assert watcher.folder == current
    finally:
        watcher.stop()


@pytest.mark.slow
def test_missing_content_folder_coming_back_is_noticed(qtbot, tmp_path: Path,
                                                       content: Path) -> None:
    """A kiosk started on its last good copy while the folder was missing picks the folder
    up when it is put back."""
    deck = load_deck(content).deck
    moved = tmp_path / "away"
    content.rename(moved)
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder, current=deck,
                             debounce_ms=50)
    watcher.start()
    try:
        (moved / "deck.yaml").write_text(DECK.format(title="Back"), encoding="utf-8")
        moved.rename(content)
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=8000)
        assert title_of(recorder.decks[-1]) == "Back"
    finally:
        watcher.stop()


def test_unreadable_file_is_reported_once(qtbot, content: Path, watched, caplog,
                                         monkeypatch) -> None:
    """A file the kiosk may not read is not handed to the file watcher (Qt would warn on
    every rebuild, every 2 s for days) and is reported once per change of that state."""
    import kiosk.runtime.reload as reload_module

    watcher, _recorder = watched
    blocked = {str(content / "deck.yaml")}
    real_access = os.access
    # Root reads any file, so "permission denied" is simulated where the watcher asks.
    monkeypatch.setattr(reload_module.os, "access",
                        lambda path, mode: str(path) not in blocked and real_access(path, mode))
    for _ in range(3):
        watcher.check()
    assert sum("cannot read" in r.getMessage() for r in caplog.records) == 1
    assert str(content / "deck.yaml") not in watcher.watched_files
    blocked.clear()
    watcher.check()
    assert str(content / "deck.yaml") in watcher.watched_files


@pytest.mark.slow
def test_an_edit_made_while_the_kiosk_started_is_not_missed(qtbot, content: Path) -> None:
    """The deck was loaded, then edited before the watch began: the watcher reads once more
    when it starts (with a deck that came from the folder)."""
    recorder = Recorder()
    loaded = load_deck(content).deck
    (content / "deck.yaml").write_text(DECK.format(title="Edited meanwhile"), encoding="utf-8")
    watcher = ContentWatcher(content, recorder.replace_deck, recorder, current=loaded,
                             debounce_ms=50)
    watcher.start(snapshot=True)
    try:
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
        assert title_of(recorder.decks[-1]) == "Edited meanwhile"
    finally:
        watcher.stop()


def busy(seconds: float) -> None:
    """Pure-Python work that holds the interpreter, as checking a big picture does."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        sum(range(1000))


@pytest.mark.slow
def test_a_slow_check_never_stops_the_screen(qtbot, content: Path, monkeypatch) -> None:
    """The check runs on a worker thread: the GUI thread's timers keep firing (the heartbeat
    is one) while a change that takes seconds to check is read; the deck swaps after."""
    import kiosk.runtime.reload as reload_module

    real_load = reload_module.load_deck
    checking = []

    def slow_load(folder, **options):
        checking.append(time.monotonic())
        busy(2.5)
        return real_load(folder, **options)

    monkeypatch.setattr(reload_module, "load_deck", slow_load)
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=50, still_ms=0)
    watcher.start()
    ticks: list[float] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        (content / "deck.yaml").write_text(DECK.format(title="Slow"), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=15000)
    finally:
        timer.stop()
        watcher.stop()
    assert title_of(recorder.decks[-1]) == "Slow"
    during = [t for t in ticks if t >= checking[0]]
    gaps = [b - a for a, b in zip(during, during[1:], strict=False)]
    assert len(during) > 20 and max(gaps) < 1.0, f"the GUI thread stalled {max(gaps):.2f} s"


def test_a_folder_that_changed_while_it_was_read_is_read_again(qtbot, content: Path,
                                                               monkeypatch) -> None:
    import kiosk.runtime.reload as reload_module

    real_load = reload_module.load_deck
    calls = []

    def load_then_edit(folder, **options):
        result = real_load(folder, **options)
        calls.append(title_of(result.deck) if result.deck else None)
        if len(calls) == 1:  # a second save lands while the first is being read
            time.sleep(0.05)
            (content / "deck.yaml").write_text(DECK.format(title="Second"), encoding="utf-8")
        return result

    monkeypatch.setattr(reload_module, "load_deck", load_then_edit)
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=50, still_ms=0)
    watcher.start()
    try:
        (content / "deck.yaml").write_text(DECK.format(title="First"), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=10000)
    finally:
        watcher.stop()
    assert calls[0] == "First"  # read, but the folder moved on meanwhile: not shown
    assert [title_of(deck) for deck in recorder.decks] == ["Second"]


@pytest.mark.slow
def test_the_folder_is_read_only_once_it_has_been_still(qtbot, content: Path) -> None:
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=50, still_ms=1500)
    watcher.start()
    try:
        (content / "deck.yaml").write_text(DECK.format(title="Still"), encoding="utf-8")
        written = time.monotonic()
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=10000)
        assert time.monotonic() - written >= 1.4
        assert title_of(recorder.decks[-1]) == "Still"
    finally:
        watcher.stop()


@pytest.mark.slow
def test_the_snapshot_is_written_off_the_gui_thread(qtbot, content: Path, tmp_path: Path,
                                                    monkeypatch) -> None:
    """However long the copy takes to check, it runs on the worker thread."""
    import threading

    from kiosk.core.content import lastgood

    data = tmp_path / "data"
    data.mkdir()
    real_save = lastgood.save_last_good
    threads = []

    def slow_save(*args, **options):
        threads.append(threading.current_thread() is threading.main_thread())
        busy(1.0)
        return real_save(*args, **options)

    monkeypatch.setattr(lastgood, "save_last_good", slow_save)
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=50,
                             snapshot_to=data, snapshot_after_ms=100)
    outcomes: list[str] = []
    watcher.snapshot_done.connect(outcomes.append)
    watcher.start(snapshot=True)
    try:
        qtbot.waitUntil(lambda: bool(outcomes), timeout=10000)
    finally:
        watcher.stop()
    assert outcomes == ["saved"] and threads == [False]
    assert (data / "last-good-content" / "deck.yaml").is_file()


@pytest.mark.expect_errors
def test_an_unreadable_last_good_copy_is_reported_not_an_internal_error(
        content: Path, tmp_path: Path, monkeypatch) -> None:
    import json

    from kiosk.core.content import lastgood
    from kiosk.core.events import EventLog
    from kiosk.runtime.reload import fall_back_at_start, save_last_good

    data = tmp_path / "data"
    data.mkdir()
    assert save_last_good(content, data)
    (content / "deck.yaml").write_text("slides: [\n", encoding="utf-8")
    real = lastgood.read_regular_file

    def denied(path, limit=lastgood.MAX_FILE_BYTES):
        if "last-good-content" in str(path):  # root reads anything: simulated
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(lastgood, "read_regular_file", denied)
    events = EventLog.in_folder(data)
    deck = fall_back_at_start(content, data, load_deck(content), events)
    events.close()
    assert deck is None
    (record,) = [json.loads(line) for line in
                 (data / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert record["event"] == "content_rejected" and record["fallback"] is None
    assert record["last_good"].startswith("unreadable: cannot read the last good copy")


@pytest.mark.slow
def test_a_file_that_never_stops_changing_does_not_hold_edits_back(qtbot, content: Path,
                                                                   monkeypatch) -> None:
    """A log someone keeps in the content folder, written every 100 ms: the folder is never
    still, yet an edit is read once it has waited the longest allowed."""
    from PySide6.QtCore import QTimer

    import kiosk.runtime.reload as reload_module

    monkeypatch.setattr(reload_module, "MAX_SETTLE_MS", 1500)
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder,
                             current=load_deck(content).deck, debounce_ms=200, still_ms=1000)
    watcher.start()
    noise = content / "noise.log"
    writer = QTimer()
    writer.setInterval(100)
    writer.timeout.connect(lambda: noise.write_text(str(time.monotonic())))
    writer.start()
    try:
        (content / "deck.yaml").write_text(DECK.format(title="Despite"), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=10000)
        assert title_of(recorder.decks[-1]) == "Despite"
    finally:
        writer.stop()
        watcher.stop()
