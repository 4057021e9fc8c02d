"""The pull status file and its events, without git (tests/tools/test_pull.py runs git)."""

from __future__ import annotations

import os
import threading
from datetime import datetime, timedelta

import pytest

from kiosk.core import fleet
from kiosk.core.events import schema_problems

NOW = datetime(2026, 3, 2, 9, 0).astimezone()

# git 2.39's own words (LC_ALL=C), as the pull tests met them.
MESSAGES = {
    "error: Unable to create '/home/k/content/.git/index.lock': File exists.\n\nAnother git "
    "process seems to be running in this repository": "locked",
    "fatal: Not possible to fast-forward, aborting.": "diverged",
    "error: object file .git/objects/2a/6024bd is empty\nfatal: loose object 2a6024bd "
    "(stored in .git/objects/2a/6024bd) is corrupt": "corrupt",
    "fatal: not a git repository (or any of the parent directories): .git": "corrupt",
    "fatal: cannot change to '/home/k/content': No such file or directory": "missing",
    "fatal: unable to access 'https://git.example.org/c.git/': Could not resolve host: "
    "git.example.org": "unreachable",
    "git@git.example.org: Permission denied (publickey).\nfatal: Could not read from remote "
    "repository.": "unreachable",
    "error: Your local changes to the following files would be overwritten by merge:":
        "local-changes",
    "fatal: something new": "failed",
}


@pytest.mark.parametrize(("message", "reason"), MESSAGES.items())
def test_git_messages_become_reasons_staff_can_act_on(message, reason):
    assert fleet.classify(message) == reason
    assert reason in fleet.REASONS


def test_a_spell_of_failures_is_two_events_not_one_a_pull():
    statuses, events = [], []
    previous = None
    outcomes = [True, False, False, False, True, True]
    for n, ok in enumerate(outcomes):
        status = fleet.next_status(previous, ok=ok, now=NOW + timedelta(seconds=45 * n),
                                   reason="" if ok else "locked", detail="index.lock")
        events.append(fleet.event_for(previous, status))
        statuses.append(status)
        previous = status
    kinds = [e[0] if e else None for e in events]
    assert kinds == [None, "content_pull_failed", None, None, "content_pull_recovered", None]
    assert [s.failures for s in statuses] == [0, 1, 2, 3, 0, 0]
    assert statuses[3].since == statuses[1].time  # the spell's start is kept
    assert statuses[3].last_success == statuses[0].time
    assert events[4][1]["failures"] == 3
    for name, fields in filter(None, events):
        assert schema_problems(name, fields) == []  # declared in the schema, field for field


def test_a_new_reason_within_a_spell_is_told():
    first = fleet.next_status(None, ok=False, now=NOW, reason="unreachable")
    second = fleet.next_status(first, ok=False, now=NOW, reason="diverged")
    assert fleet.event_for(first, second)[0] == "content_pull_failed"
    assert second.failures == 2


def test_the_status_file_round_trips(tmp_path):
    status = fleet.next_status(None, ok=False, now=NOW, reason="locked", detail="x" * 5000)
    fleet.write_status(tmp_path, status)
    assert fleet.read_status(tmp_path) == status
    assert len(status.detail) <= fleet.MAX_DETAIL_CHARS
    assert [p.name for p in tmp_path.iterdir()] == [fleet.PULL_STATUS_FILE]  # no temporary


@pytest.mark.parametrize("content", [b"", b"{", b"[" * 100_000, b"[]", b'{"ok": true}',
                                     b'{"time": 5, "ok": "yes"}', b"\xff\xfe"])
def test_a_damaged_status_file_is_no_status_never_an_error(tmp_path, content):
    (tmp_path / fleet.PULL_STATUS_FILE).write_bytes(content)
    assert fleet.read_status(tmp_path) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_as_status_file_never_blocks_the_staff_panel(tmp_path):
    os.mkfifo(tmp_path / fleet.PULL_STATUS_FILE)
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.append(fleet.read_status(tmp_path)),
                              daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive() and found == [None]
