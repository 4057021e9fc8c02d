"""A fleet pull that fails is noticed: each pull of the content repository is recorded
(``content-pull.json``), the start and end of a spell of failures are events, and the staff
panel's card shows it — tried here with a real local bare repository and the faults a fleet
meets: a stale ``index.lock``, a force-push, a damaged ``.git``, a server gone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kiosk.core import fleet
from kiosk.core.staff_status import StaffStatus, status_rows
from kiosk.tools.pull import record_pull

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {"GIT_AUTHOR_NAME": "Curator", "GIT_AUTHOR_EMAIL": "curator@example.org",
           "GIT_COMMITTER_NAME": "Curator", "GIT_COMMITTER_EMAIL": "curator@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Fleet:
    """A museum's content repository, a curator's clone and one kiosk's clone."""

    def __init__(self, root: Path) -> None:
        self.bare, self.curator, self.kiosk = root / "content.git", root / "curator", \
            root / "kiosk-content"
        self.data = root / "data"
        git("init", "-q", "--bare", "-b", "main", str(self.bare), cwd=root)
        self.curator.mkdir()
        git("init", "-q", "-b", "main", cwd=self.curator)
        (self.curator / "deck.yaml").write_text("first\n", encoding="utf-8")
        git("add", ".", cwd=self.curator)
        git("commit", "-q", "-m", "first", cwd=self.curator)
        git("remote", "add", "origin", str(self.bare), cwd=self.curator)
        git("push", "-q", "origin", "main", cwd=self.curator)
        git("clone", "-q", str(self.bare), str(self.kiosk), cwd=root)

    def commit(self, text: str, *, force: bool = False) -> None:
        (self.curator / "deck.yaml").write_text(text, encoding="utf-8")
        git("commit", "-q", "-am", text.strip(), cwd=self.curator)
        git("push", "-q", *(["--force"] if force else []), "origin", "main", cwd=self.curator)

    def pull(self, at: datetime | None = None) -> fleet.PullStatus:
        return record_pull(self.kiosk, self.data, at)

    def events(self) -> list[dict]:
        path = self.data / "events.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def shown(self) -> str:
        return (self.kiosk / "deck.yaml").read_text(encoding="utf-8")


@pytest.fixture
def museum(tmp_path) -> Fleet:
    return Fleet(tmp_path)


def card(status: fleet.PullStatus, now: datetime) -> str:
    rows = dict(status_rows(StaffStatus(), content=Path("/c"), data_folder=Path("/d"),
                            version="0", slides=1, now=now, pull=status))
    return rows["Content pulls · 内容同步"]


def test_a_pull_that_works_is_recorded_quietly(museum):
    museum.commit("second\n")
    status = museum.pull()
    assert status.ok and status.failures == 0 and museum.shown() == "second\n"
    assert fleet.read_status(museum.data) == status
    assert status.commit == git("rev-parse", "--short", "HEAD", cwd=museum.kiosk).strip()
    assert museum.events() == []  # nothing to tell: no event every 45 s


def test_a_stale_index_lock_is_one_event_a_staff_line_and_its_end_an_event(museum):
    start = datetime(2026, 3, 2, 9, 0).astimezone()
    museum.pull(start)
    (museum.kiosk / ".git" / "index.lock").write_text("")  # a git cut short by a power cut
    museum.commit("second\n")
    failures = [museum.pull(start + timedelta(seconds=45 * n)) for n in range(1, 4)]
    assert museum.shown() == "first\n"  # stuck...
    assert [s.failures for s in failures] == [1, 2, 3]
    assert {s.reason for s in failures} == {"locked"}
    (failed,) = museum.events()  # ...said once, not every 45 s
    assert failed["event"] == "content_pull_failed" and failed["reason"] == "locked"
    assert "index.lock" in failed["detail"] and failed["failures"] == 1
    line = card(failures[-1], start + timedelta(minutes=3))
    assert line.startswith("FAILING since 09:00 · 3 pull(s) in a row · locked")
    assert "index.lock" in line and "remove it" in line and "last worked 09:00" in line

    (museum.kiosk / ".git" / "index.lock").unlink()  # staff removed it
    status = museum.pull(start + timedelta(minutes=4))
    assert status.ok and museum.shown() == "second\n"
    recovered = museum.events()[-1]
    assert recovered["event"] == "content_pull_recovered"
    assert recovered["failures"] == 3 and recovered["commit"] == status.commit
    assert card(status, start + timedelta(minutes=4)).startswith("last pull 09:04 · worked")


def test_a_force_push_is_refused_and_reported_as_diverged(museum):
    museum.commit("second\n")
    museum.pull()
    git("reset", "-q", "--hard", "HEAD~1", cwd=museum.curator)
    museum.commit("rewritten\n", force=True)
    status = museum.pull()
    assert not status.ok and status.reason == "diverged"
    assert museum.shown() == "second\n"  # never merged: the kiosk keeps what it had
    assert museum.events()[-1]["reason"] == "diverged"
    assert "git reset --hard" in card(status, datetime.now().astimezone())


@pytest.mark.parametrize("damage", ["empty-objects", "garbage-head", "no-objects"])
def test_a_damaged_clone_is_reported_as_corrupt(museum, damage):
    museum.commit("second\n")
    git_dir = museum.kiosk / ".git"
    if damage == "empty-objects":  # as ext4 can leave them after a power cut
        for item in (git_dir / "objects").rglob("*"):
            if item.is_file() and len(item.parent.name) == 2:
                item.chmod(0o644)
                item.write_bytes(b"")
    elif damage == "garbage-head":
        (git_dir / "HEAD").write_text("garbage\n")
    else:
        shutil.rmtree(git_dir / "objects")
    status = museum.pull()
    assert not status.ok and status.reason == "corrupt", status.detail
    assert museum.events()[-1]["event"] == "content_pull_failed"


def test_a_server_gone_and_a_missing_folder_are_told_apart(museum):
    git("remote", "set-url", "origin", str(museum.bare) + "-moved", cwd=museum.kiosk)
    assert museum.pull().reason == "unreachable"
    shutil.rmtree(museum.kiosk)
    assert museum.pull().reason == "missing"
    reasons = [e["reason"] for e in museum.events()]
    assert reasons == ["unreachable", "missing"]  # a new reason within a spell is told


def test_the_service_command_exits_1_and_says_why(museum):
    (museum.kiosk / ".git" / "index.lock").write_text("")
    museum.commit("second\n")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "pull-content", "--content", str(museum.kiosk),
         "--data-dir", str(museum.data)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "failed (locked, 1 in a row)" in result.stderr and "index.lock" in result.stderr
    assert fleet.read_status(museum.data).reason == "locked"
    (museum.kiosk / ".git" / "index.lock").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "pull-content", "--content", str(museum.kiosk),
         "--data-dir", str(museum.data)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == ""
    assert museum.shown() == "second\n"


def test_a_stopped_timer_shows_as_overdue(museum):
    then = datetime(2026, 3, 2, 9, 0).astimezone()
    status = museum.pull(then)
    assert "no pull for 2 h 00 min" in card(status, then + timedelta(hours=2))
    assert "no pull" not in card(status, then + timedelta(minutes=1))
