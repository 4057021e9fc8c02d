"""Hot reload: valid edits swap in, invalid or half-written ones keep the last good deck."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.core.content.validate import load_deck
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
    watcher = ContentWatcher(content, recorder.replace_deck, recorder.write,
                             current=load_deck(content).deck, debounce_ms=50, recheck_ms=300)
    watcher.start()
    yield watcher, recorder
    watcher.stop()


def title_of(deck) -> str:
    return deck.slides[0].title.get("en")


def test_valid_edit_swaps_the_deck(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    (content / "deck.yaml").write_text(DECK.format(title="Changed"), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
    assert title_of(recorder.decks[-1]) == "Changed"
    assert recorder.names() == ["content_reloaded"]
    assert recorder.events[0][1]["slides"] == 2
    assert watcher.current is recorder.decks[-1]


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


def test_editor_replacing_the_file_is_followed(qtbot, content: Path, watched) -> None:
    watcher, recorder = watched
    for round_, title in enumerate(["One", "Two", "Three"], start=1):
        temporary = content / ".deck.yaml.swp"
        temporary.write_text(DECK.format(title=title), encoding="utf-8")
        os.replace(temporary, content / "deck.yaml")  # how many editors save
        qtbot.waitUntil(lambda n=round_: len(recorder.decks) == n, timeout=5000)
        assert title_of(recorder.decks[-1]) == title


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


def test_valid_reload_refreshes_the_snapshot(qtbot, content: Path, tmp_path: Path) -> None:
    from kiosk.runtime.reload import LAST_GOOD_DIR, load_last_good, save_last_good

    data = tmp_path / "data"
    data.mkdir()
    assert save_last_good(content, data) and not save_last_good(content, data)  # unchanged
    recorder = Recorder()
    watcher = ContentWatcher(content, recorder.replace_deck, recorder.write,
                             current=load_deck(content).deck, debounce_ms=50, recheck_ms=300,
                             snapshot_to=data)
    watcher.start()
    try:
        (content / "deck.yaml").write_text(DECK.format(title="Newer"), encoding="utf-8")
        qtbot.waitUntil(lambda: bool(recorder.decks), timeout=5000)
        snapshot = load_last_good(data)
        assert snapshot is not None and title_of(snapshot.deck) == "Newer"
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
        deck = fall_back_at_start(content, data, load_deck(content), events.write)
        events.close()
    finally:
        signal.signal(signal.SIGINT, handler)
    assert deck is not None and title_of(deck) == "Snapshot"
    records = [json.loads(line) for line in
               (data / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    rejected = [r for r in records if r["event"] == "content_rejected"]
    assert [r["fallback"] for r in rejected] == [None, "last-good"]
    assert all(any("qoute" in p for p in r["problems"]) for r in rejected)
