"""The event log: its schema (every event the code writes is declared, and the README lists
them), its lines, its failures, and rotation that the report reads back in order."""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path

import pytest

import kiosk
from kiosk.core.events import EVENTS_FILE, SCHEMA, EventLog, schema_table
from kiosk.tools.report import read_events, summarise

PACKAGE = Path(kiosk.__file__).parent


def test_event_log_rotates_and_report_reads_all(tmp_path: Path) -> None:
    events = EventLog(tmp_path / "events.jsonl", max_bytes=2000, backups=3)
    for number in range(60):
        events.write("slide_shown", slide=f"s{number}", index=number, trigger="auto")
    events.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["events.jsonl", "events.jsonl.1", "events.jsonl.2", "events.jsonl.3"]
    assert all(p.stat().st_size < 2000 + 200 for p in tmp_path.iterdir())  # bounded
    read = read_events(tmp_path)
    shown = [r["slide"] for r in read.records]
    # The oldest generations were dropped; what is left is whole and in order.
    assert shown == [f"s{n}" for n in range(60 - len(shown), 60)]
    assert summarise(read.records).triggers["auto"] == len(shown)


STARTED = {"slides": 3, "language": "en", "size": "1920x1080", "windowed": False, "pid": 1,
           "renderer": "raster", "renderer_reason": "asked for raster"}


def test_event_log_lines(tmp_path: Path) -> None:
    log = EventLog.in_folder(tmp_path)
    log.write("started", **STARTED)
    log.write("slide_shown", slide="opening", index=0, trigger="start")
    log.write("language_changed", language="zh")
    lines = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [x["event"] for x in lines] == ["started", "slide_shown", "language_changed"]
    assert lines[1] == {**lines[1], "slide": "opening", "index": 0, "trigger": "start"}
    assert "T" in lines[0]["time"] and lines[0]["time"][-6] in "+-"
    assert log.path == tmp_path / "events.jsonl"


@pytest.mark.expect_errors
def test_event_log_never_raises(tmp_path: Path, logged_errors: list) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    log = EventLog(blocker / "sub" / "events.jsonl")  # a parent that is a file: cannot write
    assert log.write("started", **STARTED) is None
    assert log.write("started", **STARTED) is None
    assert sum("cannot write" in r.getMessage() for r in logged_errors) == 1  # once, not twice
    good = EventLog(tmp_path / "events.jsonl")
    # Unencodable values become strings.
    assert good.write("language_changed", language=object()) is not None


@pytest.mark.expect_errors
def test_an_event_off_the_schema_is_written_and_logged_as_an_error(
        tmp_path: Path, logged_errors: list) -> None:
    log = EventLog.in_folder(tmp_path)
    assert log.write("slide_shwon", slide="a", index=0, trigger="tap") is not None
    assert log.write("language_changed", language="zh", colour="red") is not None
    assert log.write("restart", cause="hang") is not None
    messages = [r.getMessage() for r in logged_errors]
    assert "undeclared event 'slide_shwon'" in messages[0]
    assert "undeclared field 'colour'" in messages[1]
    assert "missing field 'detail'" in messages[2]
    # Nothing is lost: all three lines are in the file.
    assert len((tmp_path / "events.jsonl").read_text().splitlines()) == 3


def _written_events() -> list[tuple[str, str, set[str]]]:
    """Every event the code writes with a literal name: (where, name, keyword fields)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"write", "_write", "_event", "write_event"}
                    and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            if any(k.arg is None for k in node.keywords):  # **fields: checked at run time
                continue
            found.append((where, node.args[0].value, {k.arg for k in node.keywords if k.arg}))
    return found


def test_every_event_the_code_writes_is_in_the_schema() -> None:
    written = _written_events()
    assert len(written) >= 10  # the scan does find the writers
    for where, name, fields in written:
        if name.endswith((".jsonl", ".ini", ".json", ".log")) or "\n" in name:
            continue  # a file write, not an event
        assert name in SCHEMA, f"{where}: event {name!r} is not in kiosk.core.events.SCHEMA"
        spec = SCHEMA[name]
        assert fields <= set(spec.fields) | set(spec.optional), f"{where}: {name} {fields}"
        assert set(spec.fields) <= fields, f"{where}: {name} lacks {set(spec.fields) - fields}"


def test_the_readme_lists_every_event_with_its_fields() -> None:
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    assert schema_table() in readme, "README's event table is stale: paste schema_table()"


@pytest.mark.parametrize("how", ["deleted", "moved"])
def test_event_log_removed_while_open_is_reopened_with_a_warning(
        tmp_path: Path, how: str, caplog) -> None:
    """Staff deleting or moving events.jsonl while the kiosk runs lose nothing after it:
    the next event goes into a new file at the same path, and the log says what happened."""
    log_file = EventLog.in_folder(tmp_path)
    log_file.write("idle_reset")
    if how == "deleted":
        (tmp_path / EVENTS_FILE).unlink()
    else:
        (tmp_path / EVENTS_FILE).rename(tmp_path / "archive.jsonl")
    with caplog.at_level(logging.WARNING):
        log_file.write("staff_exit")
    log_file.close()
    lines = [json.loads(line) for line in (tmp_path / EVENTS_FILE).read_text().splitlines()]
    assert [line["event"] for line in lines] == ["staff_exit"]
    assert any("removed or moved" in r.getMessage() for r in caplog.records)
    if how == "moved":
        moved = (tmp_path / "archive.jsonl").read_text().splitlines()
        assert [json.loads(line)["event"] for line in moved] == ["idle_reset"]


def test_event_log_rotated_by_the_other_writer_is_followed(tmp_path: Path) -> None:
    """The kiosk rotates events.jsonl; the supervisor's next line goes to the new file."""
    supervisor_log = EventLog.in_folder(tmp_path)
    supervisor_log.write("idle_reset")
    (tmp_path / EVENTS_FILE).rename(tmp_path / f"{EVENTS_FILE}.1")
    (tmp_path / EVENTS_FILE).write_text("")
    supervisor_log.write("staff_exit")
    supervisor_log.close()
    assert "staff_exit" in (tmp_path / EVENTS_FILE).read_text()
    assert "staff_exit" not in (tmp_path / f"{EVENTS_FILE}.1").read_text()
