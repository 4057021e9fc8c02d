"""Log set-up and file rotation."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.core.logs import rotate_file, setup_logging


def test_rotate_file_keeps_a_bounded_numbered_history(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    for generation in range(5):
        path.write_text(f"generation {generation}\n")
        rotate_file(path, backups=3)
    assert not path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "events.jsonl.1", "events.jsonl.2", "events.jsonl.3"]
    assert (tmp_path / "events.jsonl.1").read_text() == "generation 4\n"  # newest
    assert (tmp_path / "events.jsonl.3").read_text() == "generation 2\n"


def test_supervisor_logging_follows_a_rotated_log(tmp_path: Path) -> None:
    root = logging.getLogger()
    level = root.level
    try:
        path = setup_logging(tmp_path, rotate=False)
        logging.getLogger("test").warning("before")
        path.replace(tmp_path / "kiosk.log.1")  # the kiosk rotated the shared log
        logging.getLogger("test").warning("after")
        assert "after" in path.read_text() and "before" in (tmp_path / "kiosk.log.1").read_text()
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "_star_kiosk", False):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
