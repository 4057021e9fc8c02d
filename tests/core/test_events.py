"""events.jsonl rotates, and the report reads every generation back in order."""

from __future__ import annotations

from pathlib import Path

from kiosk.core.events import EventLog
from kiosk.tools.report import read_events, summarise


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
