"""A kiosk that follows a content repository: how its pulls went, for staff and the log.

``install-session --content-repo`` runs ``star-kiosk pull-content`` from a systemd timer
every 45 s (:mod:`kiosk.tools.pull`). A pull that fails used to be a line in the journal
nobody reads, and the kiosk went on showing older content for weeks: a stale
``.git/index.lock`` left by a power cut, a force-push the fast-forward refuses, a damaged
``.git``. Now each pull records its outcome in ``content-pull.json`` in the kiosk account's
data folder (:class:`PullStatus`, written atomically), the first failure of a spell and its
end are events (``content_pull_failed``, ``content_pull_recovered``: not one every 45 s),
and the staff panel shows the spell: since when, how many tries, why, and what to do.

No Qt here. :func:`classify` turns git's own message (run with ``LC_ALL=C``) into a reason
staff can act on.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.core.safe_files import read_regular_file, write_text_atomically

PULL_STATUS_FILE = "content-pull.json"
"""In the data folder of the account that runs the kiosk (and the timer)."""
MAX_STATUS_BYTES = 64 * 1024
"""A bigger status file is not read (it holds a few hundred bytes)."""
MAX_DETAIL_CHARS = 600
"""git's message is kept up to this length (its last lines say what went wrong)."""

REASONS: dict[str, str] = {
    "locked": "a stale lock (.git/index.lock, left by a git cut short, e.g. by a power cut) "
              "blocks every pull: remove it when no git runs",
    "diverged": "the repository's history was rewritten (a force-push), so it cannot be "
                "fast-forwarded: reset the kiosk's clone to the server's (git fetch, then "
                "git reset --hard origin/BRANCH)",
    "local-changes": "files were changed or committed on the kiosk itself: reset its clone "
                     "to the server's",
    "corrupt": "the kiosk's clone is damaged (.git): clone the repository again",
    "missing": "the content folder is missing",
    "unreachable": "the content repository cannot be reached (network, address or key)",
    "timeout": "git took too long (a network that hangs?)",
    "failed": "git failed; its message says why",
}
"""Each reason a pull fails for, with what staff do about it."""

_PATTERNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("locked", (".lock': file exists", "cannot lock ref", "unable to create '")),
    ("missing", ("cannot change to",)),
    ("corrupt", ("not a git repository", "is corrupt", "is empty", "bad object",
                 "bad index file", "unable to read tree", "bad config",
                 "invalid object", "inflate", "appears to be broken")),
    ("local-changes", ("would be overwritten", "your local changes")),
    ("diverged", ("not possible to fast-forward", "diverging branches", "have diverged")),
    ("unreachable", ("could not resolve host", "unable to access", "connection refused",
                     "could not read from remote", "does not appear to be a git repository",
                     "permission denied (publickey", "authentication failed",
                     "connection timed out", "network is unreachable")),
)


def classify(message: str) -> str:
    """The reason (a key of :data:`REASONS`) in git's error ``message`` (run with LC_ALL=C)."""
    text = message.casefold()
    for reason, fragments in _PATTERNS:
        if any(fragment in text for fragment in fragments):
            return reason
    return "failed"


@dataclass(frozen=True)
class PullStatus:
    """How the last pull went, and the spell of failures it belongs to."""

    time: str
    """When the last pull ended (ISO 8601, local time)."""
    ok: bool
    reason: str = ""
    """Empty when it worked; else a key of :data:`REASONS`."""
    detail: str = ""
    """git's message (its end), when it failed."""
    failures: int = 0
    """Failed pulls in a row (0 when the last one worked)."""
    since: str | None = None
    """When this spell of failures began (None when the last pull worked)."""
    last_success: str | None = None
    """When a pull last worked (None: never, as far as this file knows)."""
    commit: str = ""
    """The commit the clone is at, after the pull."""


def next_status(previous: PullStatus | None, *, ok: bool, now: datetime, reason: str = "",
                detail: str = "", commit: str = "") -> PullStatus:
    """The status after a pull that ended at ``now`` (``ok``, or failed for ``reason``)."""
    stamp = now.isoformat(timespec="seconds")
    last_success = previous.last_success if previous else None
    if ok:
        return PullStatus(time=stamp, ok=True, last_success=stamp, commit=commit)
    failing = previous is not None and not previous.ok
    return PullStatus(
        time=stamp, ok=False, reason=reason, detail=detail[-MAX_DETAIL_CHARS:].strip(),
        failures=(previous.failures if failing and previous else 0) + 1,
        since=(previous.since if failing and previous else None) or stamp,
        last_success=last_success, commit=commit or (previous.commit if previous else ""))


def event_for(previous: PullStatus | None,
              current: PullStatus) -> tuple[str, dict[str, Any]] | None:
    """The event a pull is worth, if any: the first failure of a spell (or a new reason
    within one), and the end of a spell. A pull failing every 45 s is one event, not 1,920
    a day."""
    if not current.ok:
        if previous is None or previous.ok or previous.reason != current.reason:
            return "content_pull_failed", {"reason": current.reason, "detail": current.detail,
                                           "failures": current.failures,
                                           "since": current.since}
        return None
    if previous is not None and not previous.ok:
        return "content_pull_recovered", {"failures": previous.failures,
                                          "since": previous.since, "commit": current.commit}
    return None


def write_status(data_folder: Path, status: PullStatus) -> Path:
    """Write ``status`` to the data folder, atomically (a reader never sees half a file)."""
    path = data_folder / PULL_STATUS_FILE
    data_folder.mkdir(parents=True, exist_ok=True)
    write_text_atomically(path, json.dumps(asdict(status), ensure_ascii=False) + "\n",
                          mode=0o644)  # readable as a plain file was: staff may pull as root
    return path


def read_status(data_folder: Path) -> PullStatus | None:
    """The last pull's status, or None: no pull yet (no content repository), or a file that
    is not one (a FIFO, too big, corrupt: never blocks, never raises)."""
    path = data_folder / PULL_STATUS_FILE
    try:
        data = json.loads(read_regular_file(path, MAX_STATUS_BYTES, follow_links=True)
                          .decode("utf-8"))
        fields = {name: data[name] for name in PullStatus.__dataclass_fields__ if name in data}
        status = PullStatus(**fields)
        if not isinstance(status.time, str) or not isinstance(status.ok, bool):
            return None
        return replace(status, failures=int(status.failures))
    except (OSError, ValueError, TypeError, KeyError, RecursionError, AttributeError):
        return None


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 time from the status file, or None."""
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
