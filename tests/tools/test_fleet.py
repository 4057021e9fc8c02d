"""Many screens, one content repository: the git path end to end on one machine.

A curator's clone pushes to a bare repository (the museum's content repository);
``install-session --content-repo`` clones it for the kiosk and writes the systemd timer and
service; the test runs the service's own ``git pull`` command, as the timer does, while the
real supervised kiosk runs on the clone. A bad commit is pulled onto the kiosk's disk but
never reaches the screen (rejected, the last good content stays); the next good commit is on
screen within a minute of being pushed — the timer's period plus the kiosk's reload.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.tools import session
from tests.e2e_support import holds_for, read_events, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

GIT_ENV = {"GIT_AUTHOR_NAME": "Curator", "GIT_AUTHOR_EMAIL": "curator@example.org",
           "GIT_COMMITTER_NAME": "Curator", "GIT_COMMITTER_EMAIL": "curator@example.org",
           "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_and_push(curator: Path, message: str) -> None:
    git("commit", "-q", "-am", message, cwd=curator)
    git("push", "-q", "origin", "HEAD", cwd=curator)


def text_of(path: Path) -> str:
    """A file's text, or "" while it is being replaced."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def timer_period(text: str) -> float:
    value = re.search(r"^OnUnitActiveSec=(\d+)(s|min)$", text, re.M)
    assert value, text
    accuracy = re.search(r"^AccuracySec=(\d+)s$", text, re.M)
    return int(value.group(1)) * (60 if value.group(2) == "min" else 1) + \
        (int(accuracy.group(1)) if accuracy else 60)  # systemd's default accuracy: 1 min


def test_a_bad_commit_never_reaches_the_screen_and_the_next_good_one_does(tmp_path):
    # The museum's content repository, filled by a curator from the bundled deck.
    bare, curator = tmp_path / "content.git", tmp_path / "curator"
    git("init", "-q", "--bare", "-b", "main", str(bare), cwd=tmp_path)
    shutil.copytree(BUNDLED_CONTENT, curator)
    git("init", "-q", "-b", "main", cwd=curator)
    git("add", ".", cwd=curator)
    git("commit", "-q", "-m", "the exhibition", cwd=curator)
    git("remote", "add", "origin", str(bare), cwd=curator)
    git("push", "-q", "origin", "main", cwd=curator)

    # install-session --content-repo, into a staging root: the clone, the service, the timer.
    root = tmp_path / "root"
    plan = session.plan_session(user=os.environ.get("USER") or "root",
                                content_repo=str(bare), program=["/usr/bin/star-kiosk"])
    session.install(plan, root, real=False, pin="2468")  # a locked session needs a PIN
    units = root / "etc/systemd/system"
    service = (units / "star-kiosk-content.service").read_text()
    timer = (units / "star-kiosk-content.timer").read_text()
    assert (units / "timers.target.wants/star-kiosk-content.timer").is_symlink()
    assert "WantedBy=timers.target" in timer
    content = root / plan.content.relative_to("/")
    assert (content / ".git").is_dir() and (content / "deck.yaml").is_file()
    kiosk_script = (root / "usr/local/lib/star-kiosk/kiosk").read_text()
    assert f"--content {plan.content}" in kiosk_script
    exec_start = re.search(r"^ExecStart=(.+)$", service, re.M).group(1)
    pull = [str(content) if part == str(plan.content) else part
            for part in shlex.split(exec_start)]
    assert pull[:2] == ["/usr/bin/star-kiosk", "pull-content"]
    data = tmp_path / "data"
    # This checkout's star-kiosk, writing to the kiosk's data folder (the account's own,
    # where the service runs as that account).
    pull = [sys.executable, "-m", "kiosk", *pull[1:], "--data-dir", str(data)]
    period = timer_period(timer)

    def timer_fires() -> None:
        result = subprocess.run(pull, capture_output=True, text=True, timeout=60,
                                env={**os.environ, **GIT_ENV})
        assert result.returncode == 0, result.stderr

    events_file = data / "events.jsonl"
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--content", str(content),
                              "--data-dir", str(data)],
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(lambda: any(e["event"] == "slide_shown" for e in
                                    read_events(events_file)), 60), kiosk.poll()
        last_good = data / "last-good-content" / "deck.yaml"
        assert wait_for(last_good.exists, 20)
        good_deck = last_good.read_text(encoding="utf-8")

        # A bad commit: a typo makes the deck invalid.
        deck = curator / "deck.yaml"
        deck.write_text(deck.read_text(encoding="utf-8").replace(
            "slide_duration: 12", "slide_duration: twelve"), encoding="utf-8")
        commit_and_push(curator, "a typo")
        timer_fires()
        assert "twelve" in (content / "deck.yaml").read_text(encoding="utf-8")  # on disk...
        rejected = wait_for(lambda: [e for e in read_events(events_file)
                                     if e["event"] == "content_rejected"], 30)
        assert rejected and "deck.yaml" in " ".join(rejected[0]["problems"])
        # ...but never on screen: nothing reloaded (watched for a while), the kiosk carries on.
        assert holds_for(lambda: not [e for e in read_events(events_file)
                                      if e["event"] == "content_reloaded"], 1.5)
        assert last_good.read_text(encoding="utf-8") == good_deck
        assert kiosk.poll() is None

        # The next, good commit: fixed, and a new closing title.
        deck.write_text(good_deck, encoding="utf-8")
        closing = curator / "08-closing.yaml"
        closing.write_text(closing.read_text(encoding="utf-8").replace(
            "Six years are just the beginning", "Six years, only the beginning"),
            encoding="utf-8")
        commit_and_push(curator, "fix the typo; a new closing title")
        pushed = time.monotonic()
        timer_fires()  # at the latest one timer period after the push
        reloaded = wait_for(lambda: [e for e in read_events(events_file)
                                     if e["event"] == "content_reloaded"], 30)
        on_screen_after = time.monotonic() - pushed + period
        assert reloaded, read_events(events_file)[-3:]
        assert on_screen_after < 60, f"{on_screen_after:.0f} s after the push, at the latest"
        snapshot = data / "last-good-content" / "08-closing.yaml"  # written just after the event
        assert wait_for(lambda: "Six years, only the beginning" in text_of(snapshot), 10)
        assert kiosk.poll() is None
    finally:
        kiosk.send_signal(signal.SIGTERM)
        try:
            kiosk.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            kiosk.kill()
            kiosk.communicate(timeout=5)
