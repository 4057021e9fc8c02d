"""Fleet monitoring end to end: the real supervised kiosk (offscreen), its metrics file scraped
with Prometheus' own parser while it runs, a crash counted by cause, ``star-kiosk screenshot``
answered with a PNG, and ``up 0`` once it stops."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e_support import read_events, wait_for

ROOT = Path(__file__).resolve().parents[1]
DECK = """\
settings:
  title: {en: Monitoring test, zh: 监控测试}
  slide_duration: 2
slides:
  - {type: title, id: first, title: {en: The first slide, zh: 第一张}}
  - {type: title, id: second, title: {en: The second slide, zh: 第二张}}
  - {type: title, id: third, title: {en: The third slide, zh: 第三张}}
"""


def scrape(path: Path) -> dict[str, list[tuple[dict[str, str], float]]]:
    """The file as Prometheus reads it (empty while it is not there)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    return {family.name: [(dict(s.labels), s.value) for s in family.samples]
            for family in text_string_to_metric_families(text)}


def value(families: dict, name: str, **labels: str) -> float | None:
    for sample_labels, number in families.get(name, []):
        if all(sample_labels.get(k) == v for k, v in labels.items()):
            return number
    return None


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_metrics_follow_the_running_kiosk_and_a_screenshot_is_saved(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "deck.yaml").write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    textfiles = tmp_path / "node-exporter"  # node_exporter's textfile folder
    textfiles.mkdir()
    prom = textfiles / "star-kiosk.prom"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "STAR_KIOSK_TIME_SCALE": "2"}  # a slide every second
    log = open(tmp_path / "stderr.txt", "w")
    run = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--data-dir", str(data),
                            "--content", str(content), "--metrics-file", str(prom)],
                           env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        first = wait_for(lambda: (f := scrape(prom)) and value(f, "star_kiosk_up") == 1
                         and f.get("star_kiosk_slide") and f, 90)
        assert first, (tmp_path / "stderr.txt").read_text()[-3000:]
        (labels, index), = first["star_kiosk_slide"]
        assert labels["title"] == {"first": "The first slide", "second": "The second slide",
                                   "third": "The third slide"}[labels["id"]]
        info = first["star_kiosk_content_info"][0][0]
        assert info["deck"] == "Monitoring test" and info["version"].startswith("sha256:")
        assert value(first, "star_kiosk_restarts", cause="signal") == 0
        assert value(first, "star_kiosk_content_refused_now") == 0
        assert value(first, "star_kiosk_events_written", event="started") == 1
        # The slide moves on by itself: the file follows.
        later = wait_for(lambda: (f := scrape(prom)) and f.get("star_kiosk_slide")
                         and f["star_kiosk_slide"][0][0]["id"] != labels["id"] and f, 30)
        assert later, "the metrics file did not change with the slide"
        assert value(later, "star_kiosk_events_written", event="slide_shown") >= 2

        # Remote support: a picture of the screen, in the data folder.
        shot = subprocess.run([sys.executable, "-m", "kiosk", "screenshot", "--data-dir",
                               str(data), "--wait", "30"], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert shot.returncode == 0, shot.stderr
        picture = Path(shot.stdout.strip())
        assert picture.parent == data and picture.name.startswith("screenshot-")
        width, height = png_size(picture)
        assert width >= 320 and height >= 200
        assert not (data / "screenshot.request").exists()
        assert wait_for(lambda: [e for e in read_events(data / "events.jsonl")
                                 if e["event"] == "screenshot"], 10)[0]["by"] == "cli"

        # A crash: the supervisor restarts the kiosk and the file counts it by cause.
        kiosk_pid = [e for e in read_events(data / "events.jsonl")
                     if e["event"] == "started"][-1]["pid"]
        os.kill(kiosk_pid, signal.SIGKILL)
        after = wait_for(lambda: (f := scrape(prom)) and value(f, "star_kiosk_up") == 1
                         and value(f, "star_kiosk_restarts", cause="signal") == 1 and f, 90)
        assert after, (tmp_path / "stderr.txt").read_text()[-3000:]
        assert value(after, "star_kiosk_uptime_seconds") >= value(
            after, "star_kiosk_process_uptime_seconds")
    finally:
        if run.poll() is None:
            run.send_signal(signal.SIGTERM)
            try:
                run.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait(10)
        log.close()
    stopped = scrape(prom)
    assert value(stopped, "star_kiosk_up") == 0  # said by the supervisor on its way out
    assert value(stopped, "star_kiosk_restarts", cause="signal") == 1
    assert sorted(p.name for p in textfiles.iterdir()) == ["star-kiosk.prom"]  # no temp files


def test_screenshot_without_a_running_kiosk_says_so(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kiosk", "screenshot", "--data-dir",
                             str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 1
    assert "no kiosk is running on the data folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
