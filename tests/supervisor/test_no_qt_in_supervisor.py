"""The supervisor process never loads Qt, checked on the real thing: ``star-kiosk run`` (the
supervisor) with its kiosk child running, offscreen. The import contract in pyproject.toml says
no module of ``kiosk.supervisor`` imports Qt; this reads what the running process has mapped,
so a Qt library loaded any other way (the CLI on the way in, a plugin) is caught too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e_support import read_events, wait_for

ROOT = Path(__file__).resolve().parents[2]
DECK = """\
settings:
  title: {en: Supervisor test, zh: 监督测试}
slides:
  - {type: title, id: first, title: {en: The first slide, zh: 第一张}}
  - {type: title, id: second, title: {en: The second slide, zh: 第二张}}
"""
QT_LIBRARIES = ("libQt6", "PySide6", "shiboken6")


def qt_mapped(pid: int) -> list[str]:
    """The Qt (and PySide6/shiboken) files mapped into process ``pid``."""
    maps = Path(f"/proc/{pid}/maps").read_text(encoding="utf-8")
    return sorted({line.split()[-1] for line in maps.splitlines()
                   if any(name in line for name in QT_LIBRARIES)})


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/PID/maps (Linux)")
def test_the_running_supervisor_has_no_qt_mapped_while_its_kiosk_does(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    with open(tmp_path / "stderr.txt", "w") as log:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "run", "--data-dir", str(data), "--content",
             str(content)], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            shown = wait_for(lambda: [e for e in read_events(data / "events.jsonl")
                                      if e["event"] == "slide_shown"], 90)
            assert shown, (tmp_path / "stderr.txt").read_text()[-3000:]
            started = [e for e in read_events(data / "events.jsonl")
                       if e["event"] == "started"]
            kiosk_pid = started[-1]["pid"]
            assert kiosk_pid != supervisor.pid  # a child of its own, not the same process
            # The probe sees Qt where it is: the kiosk child has it mapped...
            assert any("libQt6Widgets" in path for path in qt_mapped(kiosk_pid))
            # ...and the supervisor, watching that child right now, has none of it.
            assert supervisor.poll() is None
            assert qt_mapped(supervisor.pid) == []
        finally:
            if supervisor.poll() is None:
                supervisor.send_signal(signal.SIGTERM)
                try:
                    supervisor.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(supervisor.pid, signal.SIGKILL)
                    supervisor.wait(10)
