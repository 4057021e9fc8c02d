"""While the calm screen shows, the supervisor notices its cause going away."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.supervisor import recovery
from kiosk.supervisor.recovery import RecoveryWatch, display_reachable


def test_display_reachable_says_unknown_where_it_cannot_tell() -> None:
    assert display_reachable({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}) is None
    assert display_reachable({"DISPLAY": "remote:0"}) is None
    free = next(n for n in range(900, 999) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    assert display_reachable({"DISPLAY": f":{free}", "QT_QPA_PLATFORM": "xcb"}) is False


def test_a_listening_socket_is_a_reachable_display(tmp_path: Path) -> None:
    path = tmp_path / "X0"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        server.listen()
        assert recovery._connectable(str(path))
    assert not recovery._connectable(str(path))  # closed: nobody listens any more


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(BUNDLED_CONTENT, folder)
    return folder


def test_fixed_content_ends_the_wait(tmp_path: Path, content: Path) -> None:
    deck = content / "deck.yaml"
    good = deck.read_text(encoding="utf-8")
    deck.write_text("slides: [", encoding="utf-8")
    watch = RecoveryWatch(content, tmp_path, {"QT_QPA_PLATFORM": "offscreen"})
    watch.begin()
    assert watch.cause_gone() is None
    deck.write_text(good + "\n# still broken? no: fixed\n", encoding="utf-8")
    assert watch.cause_gone() == "the content changed and is valid"


def test_content_changed_but_still_invalid_keeps_waiting(tmp_path: Path,
                                                        content: Path) -> None:
    deck = content / "deck.yaml"
    deck.write_text("slides: [", encoding="utf-8")
    checks: list[Path] = []

    def valid(folder: Path) -> bool:
        checks.append(folder)
        return False

    watch = RecoveryWatch(content, tmp_path, {}, valid=valid)
    watch.begin()
    deck.write_text("slides: [[", encoding="utf-8")
    assert watch.cause_gone() is None and watch.cause_gone() is None
    assert len(checks) == 1  # each new state of the folder is validated once, not every poll


def test_a_folder_coming_back_ends_the_wait(tmp_path: Path, content: Path) -> None:
    away = tmp_path / "away"
    content.rename(away)
    watch = RecoveryWatch(content, tmp_path, {})
    watch.begin()
    assert watch.cause_gone() is None
    away.rename(content)
    assert watch.cause_gone() == "the content changed and is valid"


def test_disk_with_room_again_ends_the_wait(tmp_path: Path, monkeypatch) -> None:
    room = {"value": False}
    monkeypatch.setattr(recovery, "disk_has_room", lambda folder: room["value"])
    watch = RecoveryWatch(None, tmp_path, {})
    watch.begin()
    assert watch.cause_gone() is None
    room["value"] = True
    assert watch.cause_gone() == "the disk has room again"


def test_display_back_ends_the_wait(tmp_path: Path, monkeypatch) -> None:
    up = {"value": False}
    monkeypatch.setattr(recovery, "display_reachable", lambda env: up["value"])
    watch = RecoveryWatch(None, tmp_path, {})
    watch.begin()
    assert watch.cause_gone() is None
    up["value"] = True
    assert watch.cause_gone() == "the display is back"
