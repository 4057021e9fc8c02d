"""``star-kiosk pull-content``: one pull of the content repository, its outcome recorded.

What ``star-kiosk-content.service`` runs every 45 s on a kiosk that follows a content
repository (``install-session --content-repo``). It runs ``git pull --ff-only`` in the
content folder, as before, and then records how it went (:mod:`kiosk.core.fleet`):
``content-pull.json`` in the data folder for the staff panel, and an event when a spell of
failures begins or ends. git's own message still goes to stderr (the journal).

git runs with ``LC_ALL=C`` (its messages are classified), ``GIT_TERMINAL_PROMPT=0`` (a
credential prompt would wait for ever) and a time limit: a oneshot unit has none, and a pull
hung on the network would otherwise hold the unit in "activating", and no timer fires it
again.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from kiosk.core import fleet
from kiosk.core.events import EventLog
from kiosk.core.paths import data_dir
from kiosk.tools.options import PullOptions

log = logging.getLogger(__name__)

GIT_TIMEOUT = 120.0
"""Seconds one pull may take before it is given up (and reported as ``timeout``)."""


def _git(content: Path, *args: str,
         timeout: float = GIT_TIMEOUT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", "-C", str(content), *args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def pull_once(content: Path) -> tuple[bool, str, str]:
    """Pull ``content`` (fast-forward only): ``(worked, reason, git's message)``."""
    try:
        result = _git(content, "pull", "--ff-only", "--quiet")
    except subprocess.TimeoutExpired:
        return False, "timeout", f"git pull took more than {GIT_TIMEOUT:.0f} s and was stopped"
    except OSError as error:  # no git at all
        return False, "failed", f"cannot run git: {error}"
    message = (result.stderr or result.stdout).strip()
    if result.returncode == 0:
        return True, "", message
    return False, fleet.classify(message), message or f"git exited with {result.returncode}"


def current_commit(content: Path) -> str:
    """The commit the clone is at ("" when git cannot say)."""
    try:
        result = _git(content, "rev-parse", "--short", "HEAD", timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def record_pull(content: Path, data_folder: Path, now: datetime | None = None) -> fleet.PullStatus:
    """Pull once and record it: the status file, and an event when a spell of failures
    begins, changes reason or ends. Returns the new status."""
    previous = fleet.read_status(data_folder)
    worked, reason, message = pull_once(content)
    moment = now or datetime.now().astimezone()
    status = fleet.next_status(previous, ok=worked, now=moment, reason=reason, detail=message,
                               commit=current_commit(content))
    try:
        fleet.write_status(data_folder, status)
    except OSError as error:  # the journal still has it, and the event below
        log.error("cannot record the pull in %s: %s", data_folder / fleet.PULL_STATUS_FILE,
                  error)
    event = fleet.event_for(previous, status)
    if event is not None:
        EventLog.in_folder(data_folder).write(event[0], **event[1])
    return status


def pull_command(options: PullOptions) -> int:
    """``star-kiosk pull-content``: 0 when the pull worked, 1 when it failed (said why)."""
    logging.basicConfig(level=logging.WARNING, format="star-kiosk pull-content: %(message)s")
    content = Path(options.content)
    status = record_pull(content, data_dir(options.data_dir))
    if status.ok:
        return 0
    print(f"star-kiosk pull-content: the pull of {content} failed ({status.reason}, "
          f"{status.failures} in a row): {fleet.REASONS.get(status.reason, '')}\n"
          f"{status.detail}", file=sys.stderr)
    return 1
