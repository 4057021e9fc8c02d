"""A report over a longer period than the kept event history says so (issue 21: a 90-day
report silently missed weeks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path


def write_log(folder: Path, days: int) -> None:
    """A slide shown every hour for the last ``days`` days, split over a rotated file."""
    now = datetime.now().astimezone()
    lines = [json.dumps({"time": (now - timedelta(hours=hours)).isoformat(timespec="seconds"),
                         "event": "slide_shown", "slide": "s", "index": 0, "trigger": "auto"})
             for hours in range(days * 24, 0, -1)]
    folder.mkdir()
    half = len(lines) // 2
    (folder / "events.jsonl.1").write_text("\n".join(lines[:half]) + "\n", encoding="utf-8")
    (folder / "events.jsonl").write_text("\n".join(lines[half:]) + "\n", encoding="utf-8")


def report(folder: Path, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "kiosk", "report", "--data-dir", str(folder),
                             *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_period_longer_than_the_kept_history_is_said(tmp_path):
    write_log(tmp_path / "data", days=49)
    out = report(tmp_path / "data", "--since", "90d")
    assert "The event log reaches back only to" in out
    oldest = (datetime.now().astimezone() - timedelta(days=49)).strftime("%Y-%m-%d")
    assert oldest in out.split("reaches back only to", 1)[1][:20]


def test_a_period_the_history_covers_has_no_such_note(tmp_path):
    write_log(tmp_path / "data", days=49)
    assert "reaches back" not in report(tmp_path / "data", "--since", "30d")
    assert "reaches back" not in report(tmp_path / "data")
