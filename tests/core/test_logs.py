"""Log set-up and file rotation."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core import logs
from kiosk.core.logs import rotate_file, setup_logging
from kiosk.core.paths import data_dir


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


def _drop_our_handlers(level: int) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == "star-kiosk":
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize("rotate", [True, False], ids=["kiosk", "supervisor"])
def test_a_log_file_that_cannot_be_written_never_raises(tmp_path: Path, capsys,
                                                        rotate: bool) -> None:
    """A data folder where nothing can be written (here: it is a file, which even root
    cannot write under): one clear warning, every line on stderr, no "Logging error", no
    traceback; once the folder can be written, the file is used again."""
    level = logging.getLogger().level
    data = tmp_path / "data"
    data.write_text("not a folder")
    try:
        path = setup_logging(data, rotate=rotate)
        for number in range(3):
            logging.getLogger("test").info("line %d", number)
        err = capsys.readouterr().err
        assert err.count("cannot write the log file") == 1
        assert "star-kiosk: info: line 2" in err
        assert "Logging error" not in err and "Traceback" not in err
        data.unlink()
        data.mkdir()
        logging.getLogger("test").info("line 3")
        assert "can be written again" in capsys.readouterr().err
        assert "line 3" in path.read_text()
    finally:
        _drop_our_handlers(level)


def test_an_uncreatable_data_folder_is_a_warning_not_a_crash(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    folder = data_dir(blocker / "data")
    assert folder == blocker / "data"
    assert "cannot create the data folder" in capsys.readouterr().err


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


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps supervisor.log apart")
def test_the_supervisor_rotates_the_log_while_no_kiosk_runs(tmp_path: Path, monkeypatch) -> None:
    """A kiosk that cannot start leaves only the supervisor writing (a traceback a restart):
    the log must rotate all the same, bounded to the cap times the kept files."""
    level = logging.getLogger().level
    monkeypatch.setattr(logs, "MAX_LOG_BYTES", 4096)
    try:
        path = setup_logging(tmp_path, rotate=False)
        for number in range(400):
            logging.getLogger("kiosk.child").warning("Traceback line %d %s", number, "x" * 60)
    finally:
        _drop_our_handlers(level)
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kiosk.log"))
    assert kept == ["kiosk.log"] + [f"kiosk.log.{n}" for n in range(1, logs.LOG_BACKUPS + 1)]
    assert path.stat().st_size < 4096 + 200
    assert "Traceback line 399 " in path.read_text()


SHARED_WRITER = """
import logging, sys
from pathlib import Path
from kiosk.core import logs
logs.MAX_LOG_BYTES, logs.LOG_BACKUPS = 2048, 500
logs.setup_logging(Path(sys.argv[1]), rotate=sys.argv[2] == "kiosk")
for number in range(600):
    logging.getLogger("writer").info("%s line %d", sys.argv[2], number)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps supervisor.log apart")
def test_two_processes_rotating_one_log_lose_no_line(tmp_path: Path) -> None:
    """The kiosk and its supervisor cross the cap together: one rotation each time (under
    the lock), never two, so with files enough to keep everything, every line is kept."""
    writers = [subprocess.Popen([sys.executable, "-c", SHARED_WRITER, str(tmp_path), who])
               for who in ("kiosk", "supervisor")]
    assert [writer.wait(120) for writer in writers] == [0, 0]
    text = "".join(p.read_text() for p in tmp_path.glob("kiosk.log*"))
    assert len(list(tmp_path.glob("kiosk.log.*"))) > 20  # it did rotate, many times
    for who in ("kiosk", "supervisor"):
        found = re.findall(rf"writer: {who} line (\d+)$", text, re.M)
        assert sorted(map(int, found)) == list(range(600)), who
