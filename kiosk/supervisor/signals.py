"""The supervisor's signals: stop requests caught from its first moments, others logged.

Two faults this module closes:

* A SIGTERM in the first tenth of a second of ``star-kiosk run`` (a session stopped just
  after it started, or a test tearing down) used to meet Python's default action: the
  process died with status 143 and nothing was logged. :func:`catch_stop_requests_early` is
  the first thing a supervised run does; it only records the request, which the supervisor
  honours (and logs, and writes as a ``stopped`` event) once it exists.
* A signal the supervisor has no use for (``SIGUSR1`` from a stray ``kill``, ``SIGALRM``,
  ``SIGPWR`` from a UPS daemon...) used to end it by its default action, and the kiosk with
  it (``PR_SET_PDEATHSIG``), silently. :func:`log_and_ignore_other_signals` logs such a
  signal as a warning and carries on. Signals that report the process's own faults
  (``SIGSEGV``, ``SIGBUS``, ``SIGFPE``, ``SIGILL``, ``SIGABRT``, ``SIGTRAP``, ``SIGSYS``) and
  ``SIGQUIT`` (a deliberate "quit and dump core") and ``SIGXCPU`` (a CPU limit reached)
  keep their default actions; ``SIGKILL``
  and ``SIGSTOP`` cannot be caught.

Handlers only record or log: Python runs them on the main thread between two bytecodes, and
logging's locks are re-entrant, so a handler never deadlocks on a lock its own thread holds
(an ``EventLog`` write from a handler could; events are written later, by the loop).
"""

from __future__ import annotations

import logging
import signal
from types import FrameType

log = logging.getLogger(__name__)

STOP_REQUESTS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGINT"))
"""The signals that stop the supervisor and its kiosk cleanly."""

LOGGED_AND_IGNORED = tuple(
    getattr(signal, name) for name in (
        "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF", "SIGIO", "SIGPWR",
        "SIGSTKFLT",
    ) if hasattr(signal, name)
) + (tuple(range(signal.SIGRTMIN, signal.SIGRTMAX + 1))
     if hasattr(signal, "SIGRTMIN") else ())
"""Signals whose default action would end the supervisor although nothing here asked for
them: logged, then ignored."""

_early: list[int] = []
"""Stop requests received before the supervisor took over its signals."""


def signal_name(number: int) -> str:
    """``SIGTERM`` for 15, ``SIGRTMIN+3`` for a real-time signal, ``signal 99`` otherwise."""
    try:
        return signal.Signals(number).name
    except ValueError:
        if hasattr(signal, "SIGRTMIN") and signal.SIGRTMIN <= number <= signal.SIGRTMAX:
            return f"SIGRTMIN+{number - signal.SIGRTMIN}"
        return f"signal {number}"


def _record_early(signum: int, _frame: FrameType | None) -> None:
    _early.append(signum)


def catch_stop_requests_early() -> None:
    """Record SIGTERM and SIGINT from now on, until the supervisor installs its own handlers
    (which then act on what was recorded: see :func:`take_early_stop`). Main thread only;
    calling it again keeps what was recorded."""
    for number in STOP_REQUESTS:
        signal.signal(number, _record_early)


def release_early_catch() -> None:
    """For a command that is not a supervised run after all: the default actions back, and a
    stop request recorded meanwhile acted on now, as it would have been (main thread only)."""
    if signal.getsignal(signal.SIGTERM) is not _record_early:
        return
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    first = take_early_stop()
    if first is not None:
        signal.raise_signal(first)


def take_early_stop() -> int | None:
    """The first stop request recorded since :func:`catch_stop_requests_early` (then
    forgotten), or None."""
    first = _early[0] if _early else None
    _early.clear()
    return first


def _log_ignored(signum: int, _frame: FrameType | None) -> None:
    log.warning("the supervisor received %s, which asks nothing of it: ignored, the kiosk "
                "keeps running (SIGTERM or SIGINT stop it)", signal_name(signum))


def log_and_ignore_other_signals() -> list[int]:
    """Log and ignore every signal of :data:`LOGGED_AND_IGNORED` (main thread only); returns
    those handled (a platform may refuse some)."""
    handled = []
    for number in LOGGED_AND_IGNORED:
        try:
            signal.signal(number, _log_ignored)
        except (OSError, ValueError, RuntimeError):
            continue  # reserved by the C library, or unknown here
        handled.append(number)
    if hasattr(signal, "pthread_sigmask") and handled:
        # An inherited mask (Weston's) would hold them pending, unlogged, until unblocked.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, set(handled))
    return handled
