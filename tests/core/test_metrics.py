"""The metrics file for node_exporter (no Qt): read back with Prometheus' own text parser."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk.core.content_version import content_hash, content_version, git_commit
from kiosk.core.metrics import (
    RESTART_CAUSES,
    KioskMetrics,
    MetricsFile,
    render,
    restarts_from_env,
    restarts_to_env,
)


def parse(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Every sample by family name (counters' names without ``_total``)."""
    return {family.name: [(dict(s.labels), s.value) for s in family.samples]
            for family in text_string_to_metric_families(text)}


def running(**changes) -> KioskMetrics:
    values = dict(up=True, now=1_800_000_100.0, run_started=1_800_000_000.0,
                  process_started=1_800_000_050.0, restarts={"hang": 2}, slide_index=3,
                  slide_id="quote-hygon", slide_title='Quote: "Sha" \\ Chaoqun\nnew line',
                  deck_title="Six Years of the STAR Market", content_folder="bundled",
                  content_version="git:0123456789ab", refused_now=True, refused_total=2,
                  last_touch=1_800_000_090.5, events_written={"slide_shown": 7, "started": 1},
                  closed=False, opening_hours=True)
    values.update(changes)
    return KioskMetrics(**values)


def test_a_running_kiosk_parses_with_the_prometheus_parser():
    families = parse(render(running()))
    assert families["star_kiosk_up"] == [({}, 1.0)]
    assert families["star_kiosk_slide"] == [({"id": "quote-hygon",
                                              "title": 'Quote: "Sha" \\ Chaoqun\nnew line'},
                                             3.0)]
    assert families["star_kiosk_uptime_seconds"] == [({}, 100.0)]
    assert families["star_kiosk_process_uptime_seconds"] == [({}, 50.0)]
    restarts = {labels["cause"]: value for labels, value in families["star_kiosk_restarts"]}
    assert restarts == {"exit": 0, "signal": 0, "hang": 2, "unavailable": 0}
    assert families["star_kiosk_content_info"] == [({"deck": "Six Years of the STAR Market",
                                                     "folder": "bundled",
                                                     "version": "git:0123456789ab"}, 1.0)]
    assert families["star_kiosk_content_refused_now"] == [({}, 1.0)]
    assert families["star_kiosk_content_refused"] == [({}, 2.0)]
    assert families["star_kiosk_last_touch_timestamp_seconds"] == [({}, 1_800_000_090.5)]
    assert sorted(families["star_kiosk_events_written"], key=str) == [
        ({"event": "slide_shown"}, 7.0), ({"event": "started"}, 1.0)]
    assert families["star_kiosk_closed"] == [({}, 0.0)]
    assert families["star_kiosk_opening_hours"] == [({}, 1.0)]


def test_a_kiosk_that_is_down_says_only_what_the_supervisor_knows():
    text = render(KioskMetrics(up=False, now=200.0, run_started=100.0,
                               restarts={"exit": 1, "unavailable": 1}, opening_hours=True))
    families = parse(text)
    assert families["star_kiosk_up"] == [({}, 0.0)]
    assert set(families) == {"star_kiosk_up", "star_kiosk_restarts", "star_kiosk_uptime_seconds",
                             "star_kiosk_opening_hours"}
    assert len(families["star_kiosk_restarts"]) == len(RESTART_CAUSES)


def test_the_file_is_replaced_whole_readable_by_node_exporter(tmp_path):
    path = tmp_path / "star-kiosk.prom"
    file = MetricsFile(path)
    assert file.write(running())
    assert file.write(running(slide_index=4, slide_id="talent", slide_title="Talent"))
    assert parse(path.read_text())["star_kiosk_slide"][0][0]["id"] == "talent"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["star-kiosk.prom"]  # no temp left


@pytest.mark.expect_errors
def test_a_folder_it_cannot_write_is_said_once_and_never_raises(tmp_path, caplog):
    file = MetricsFile(tmp_path / "gone" / "star-kiosk.prom")
    with caplog.at_level(logging.WARNING):
        assert not file.write(running())
        assert not file.write(running())
    assert len([r for r in caplog.records if "cannot write the metrics file" in r.message]) == 1


def test_restart_counts_travel_through_the_environment():
    text = restarts_to_env({"exit": 3, "hang": 1})
    assert text == "exit=3,signal=0,hang=1,unavailable=0"
    assert restarts_from_env(text) == {"exit": 3, "signal": 0, "hang": 1, "unavailable": 0}
    assert restarts_from_env("exit=x,bogus=2,,hang=-1") == {}


def test_content_version_is_the_git_commit_else_a_hash_of_the_files(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text("settings: {}\n")
    plain = content_version(folder)
    assert plain.startswith("sha256:") and len(plain) == len("sha256:") + 12
    before = content_hash(folder)
    (folder / "deck.yaml").write_text("settings: {title: x}\n")
    assert content_hash(folder) != before
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    try:
        for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "first"]):
            subprocess.run(["git", *command], cwd=folder, env=env, check=True)
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is not usable here")
    assert git_commit(folder) == head
    assert content_version(folder) == f"git:{head[:12]}"
    subprocess.run(["git", "pack-refs", "--all"], cwd=folder, env=env, check=True)
    assert git_commit(folder) == head  # read from packed-refs too
    assert git_commit(Path("/")) is None


def test_the_readme_documents_every_metric_and_no_other():
    import re

    from kiosk.core.metrics import HELP
    from kiosk.core.paths import PACKAGE_ROOT

    readme = (PACKAGE_ROOT.parent / "README.md").read_text(encoding="utf-8")
    table = {name for name in re.findall(r"^\| `(star_kiosk_\w+)", readme, re.MULTILINE)}
    assert table == set(HELP)
    for name in re.findall(r"\b(star_kiosk_\w+)", readme):  # alert rules name real metrics
        assert name.removesuffix("_total") in {n.removesuffix("_total") for n in HELP}, name


def test_the_content_hash_never_follows_a_link_into_a_device_nor_blocks_on_a_fifo(tmp_path):
    """A fleet commit that adds a link to /dev/zero, or a FIFO, referenced by nothing: the
    hash (taken on the GUI thread) finishes at once and still tells content apart."""
    import threading

    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "deck.yaml").write_text("settings: {}\n")
    before = content_hash(folder)
    (folder / "zero").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe")
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(content_hash(folder)), daemon=True)
    worker.start()
    worker.join(10)
    assert result, "content_hash read /dev/zero or blocked on the FIFO"
    assert result[0] != before
