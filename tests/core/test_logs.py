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


def test_values_in_log_lines_are_escaped_so_content_cannot_forge_a_line(tmp_path: Path) -> None:
    """Issue 14: a content file named with ESC, CR, a newline or a bidi override must not clear
    the terminal of staff reading kiosk.log, nor write a line of its own."""
    root = logging.getLogger()
    level, before = root.level, list(root.handlers)
    try:
        path = setup_logging(tmp_path)
        hostile = "a\x1b[2J\rb\n2026-01-01 00:00:00 1 INFO kiosk: forged\u202e"
        logging.getLogger("test").warning("content change: %s", hostile)
        for handler in root.handlers:
            handler.flush()
        lines = path.read_text(encoding="utf-8").splitlines()
        (line,) = [line for line in lines if "content change" in line]
        assert line.endswith("content change: a\\x1b[2J\\rb\\n2026-01-01 00:00:00 1 INFO "
                             "kiosk: forged\\u202e")
        assert not any("forged" in other for other in lines if other != line)
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
