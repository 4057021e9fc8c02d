"""Keep the kiosk running for weeks: restart it when it crashes or hangs, calmly.

``star-kiosk run`` (without ``--no-supervise``) runs this supervisor, which runs the kiosk
itself as a child process (``python -m kiosk run --no-supervise ...``) and watches it:

* a child that exits non-zero or dies from a signal is a crash; one that stops sending its
  heartbeat (over a pipe of its own, see :mod:`kiosk.core.heartbeat`: a full or read-only
  disk never looks like a hang) for ``hang_timeout`` seconds is hung and is killed.
  Either way it is started again after a short back-off (0.1 s for the first two
  crashes within the window, then 0.2 s, 0.4 s... up to 10 s), on the slide its last heartbeat
  named (``--resume-slide``);
* a child exiting with status 0 left through the staff exit: the supervisor exits 0 too;
* a child exiting with status 3 (:data:`CONTENT_INVALID_EXIT`) found its content invalid
  and had no last good content: no restart burst, the unavailable screen at once, then a
  fresh try (the curator may have fixed it);
* after ``max_crashes`` crashes within ``crash_window`` seconds, or ``max_failed_starts``
  starts in a row that never sent a first beat (a start-up hang takes a minute to notice, so
  the window alone would never see a loop), restarting again would only flap: a calm
  "temporarily unavailable" screen shows for up to ``unavailable_seconds`` and then the
  kiosk is tried again from its first slide. A failed start resumes on the first slide too:
  the slide it was sent to may be what hangs it;
* the unavailable screen ends early when its cause is gone (the display is back, the disk
  has room, the content was fixed: :mod:`kiosk.supervisor.recovery`), checked every
  ``recheck_seconds``;
* SIGTERM or SIGINT to the supervisor stop the child (SIGTERM, then SIGKILL after a grace
  period) and the supervisor exits 0, writing a ``stopped`` event; also when they arrive in
  its first moments, before any kiosk was started (see :mod:`kiosk.supervisor.signals`,
  which also logs and ignores the signals the supervisor has no use for, like SIGUSR1).
  When the whole process group gets the signal (a logout, ``systemctl stop``, Ctrl+C in a
  terminal) the child may die of it before the supervisor's own handler has run: a child
  killed by SIGTERM, SIGINT or SIGHUP is therefore given a moment (``stop_wait``) for the
  supervisor's stop request to arrive, and its death is a stop, not a crash, if one does.

The supervisor holds the data folder's single-instance lock (:mod:`kiosk.core.instance`), so
a second start says so and brings nothing up; its children are killed by the kernel when it
dies (``PR_SET_PDEATHSIG``). An unexpected error inside its own loop is logged and the loop
goes on (after ``max_loop_errors`` in a row it stops its child and gives up, rather than
spin). A kiosk started while threads cannot be (the account's task limit reached) is stopped
again at once and counts as a failed start, retried after the back-off: a child is never
left running unwatched, which would put a second kiosk beside it at the next round. Each
restart is logged with its cause and written as a ``restart`` event to
``events.jsonl``. No Qt here: the supervisor must stay up whatever state the display is in.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from kiosk.core import heartbeat
from kiosk.core.config import RunConfig
from kiosk.core.events import EventLog
from kiosk.core.exit_codes import ALREADY_RUNNING_EXIT, CONTENT_INVALID_EXIT
from kiosk.core.instance import AlreadyRunning, acquire_instance_lock
from kiosk.core.metrics import (
    REFRESH_SECONDS,
    RESTARTS_VAR,
    RUN_STARTED_VAR,
    KioskMetrics,
    MetricsFile,
    metrics_path,
    restarts_to_env,
)
from kiosk.core.paths import data_dir
from kiosk.supervisor import signals
from kiosk.supervisor.recovery import RecoveryWatch
from kiosk.supervisor.stopping import StopRequest

if TYPE_CHECKING:  # the deck model is imported where it is read, not at start-up
    from kiosk.core.content.model import Deck

log = logging.getLogger(__name__)

CommandBuilder = Callable[[str | None], Sequence[str]]
"""Builds the child's command line, given the slide to resume on (None: start normally)."""


@dataclass(frozen=True)
class SupervisorConfig:
    """Timings of the supervisor; tests shorten them."""

    hang_timeout: float = 5.0
    """Seconds without a new heartbeat after which a running kiosk counts as hung."""
    startup_timeout: float = 60.0
    """Seconds a starting kiosk has to write its first heartbeat (Qt, fonts, content)."""
    poll_interval: float = 0.25
    """How often the child is checked when no beat arrives (a beat wakes the supervisor at
    once). Every wake-up is CPU taken beside the kiosk's animations: at 20 a second the
    supervisor alone used 0.4 % of a core, a quarter of the attract loop's budget."""
    backoff_base: float = 0.1
    """Delay before the first two restarts; it doubles with each further crash in the window."""
    backoff_cap: float = 10.0
    crash_window: float = 120.0
    max_crashes: int = 5
    """This many crashes within ``crash_window`` seconds means a crash loop."""
    unavailable_seconds: float = 300.0
    """How long the "temporarily unavailable" screen shows before the kiosk is tried again."""
    stop_grace: float = 5.0
    """Seconds a stopped child has to exit after SIGTERM before it is killed."""
    stop_wait: float = 0.3
    """After the child died of SIGTERM/SIGINT/SIGHUP, how long to wait for the same signal to
    reach the supervisor (a whole process group stopped) before calling it a crash."""
    max_failed_starts: int = 3
    """This many starts in a row that never sent a first beat mean a crash loop."""
    recheck_seconds: float = 2.0
    """While the unavailable screen shows, how often to look whether its cause is gone."""
    max_loop_errors: int = 20
    """Unexpected errors in a row inside the supervisor's loop before it gives up."""
    thread_attempts: int = 3
    """Tries at starting the thread that reads a new child's stderr (0.1 s, then 0.2 s
    apart) before that child is stopped again and the start counts as failed."""


STOP_SIGNALS = frozenset({"SIGTERM", "SIGINT", "SIGHUP"})
"""A child dying of one of these may be the whole session stopping, not a crash."""


@dataclass(frozen=True)
class Outcome:
    """How one run of the child ended."""

    kind: str
    """``exit`` (status 0 is the staff exit), ``signal``, ``hang`` or ``stopped`` (the
    supervisor was stopping: not a crash, whatever the child died of)."""
    exit_code: int | None = None
    signal_name: str | None = None
    uptime: float = 0.0
    beat: bool = True
    """The child sent at least one heartbeat (False: it failed while starting)."""

    @property
    def cause(self) -> str:
        """A short human description for the log and the ``restart`` event."""
        if self.signal_name:
            return f"killed by {self.signal_name}"
        if self.kind == "stopped" and self.exit_code is None:
            return "stopped"
        if self.kind == "hang":
            return "hang"
        return f"exit code {self.exit_code}"


def kiosk_command(config: RunConfig) -> CommandBuilder:
    """The real child: this kiosk, unsupervised, run as ``config`` says."""

    def build(resume_slide: str | None) -> list[str]:
        # A slide given to the supervisor itself only applies to the first start.
        return [sys.executable, "-m", "kiosk", *config.child_arguments(resume_slide)]

    return build


def unavailable_command(config: RunConfig) -> list[str]:
    """The "temporarily unavailable" screen, as a child process of its own."""
    command = [sys.executable, "-m", "kiosk.runtime.calm_screen",
               "--screen", str(config.screen)]
    if config.windowed:
        command.append("--windowed")
    return command


class SpawnError(OSError):
    """A child was started but could not be watched, so it was stopped again."""


class Supervisor:
    """Runs a child command, restarting it on crash or hang; see the module docstring."""

    def __init__(self, data_folder: Path, command: CommandBuilder, *,
                 unavailable: Callable[[], Sequence[str]] | None = None,
                 config: SupervisorConfig | None = None,
                 env: dict[str, str] | None = None,
                 content: Path | None = None,
                 metrics_file: Path | None = None) -> None:
        """``content``: the content folder, watched while the unavailable screen shows (and
        read for its opening hours); ``metrics_file``: where the metrics file goes while no
        kiosk runs (default: the data folder's, see :mod:`kiosk.core.metrics`)."""
        self.data_folder = Path(data_folder)
        self.command = command
        self.unavailable = unavailable
        self.config = config or SupervisorConfig()
        self.events = EventLog.in_folder(self.data_folder)
        """Where restarts, stops and unavailable periods are logged, beside the kiosk's events."""
        self.env = dict(os.environ if env is None else env)
        self.env[heartbeat.SUPERVISOR_PID_VAR] = str(os.getpid())
        self.env.pop(heartbeat.ENV_VAR, None)  # set per kiosk child, never for the calm screen
        self.recovery = RecoveryWatch(content, self.data_folder, self.env)
        """What the unavailable screen waits for (display, disk, content)."""
        self.last_slide: str | None = None
        """The slide the child's last heartbeat named: where a restart resumes."""
        self.restarts = 0
        self.restart_counts: dict[str, int] = {}
        """Restarts in this run by cause (exit, signal, hang, unavailable): the metrics."""
        self.run_started = time.time()
        self.content = content
        self.metrics = MetricsFile(metrics_path(self.data_folder, metrics_file))
        self._schedule_stamp: object = None
        self._schedule: Deck | None = None
        self._crashes: deque[float] = deque()
        self._failed_starts = 0
        self._loop_errors = 0
        self.stop_request = StopRequest()
        """What stop() sets and every wait of the supervisor wakes on (signal-safe)."""
        self._stop_signal: str | None = None
        self._stop_written = False
        self._child: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------------ control

    def stop(self, signum: int | None = None, _frame: object = None) -> None:
        """Ask the supervisor to stop its child and return (safe from a signal handler)."""
        if signum is not None and self._stop_signal is None:
            self._stop_signal = signals.signal_name(signum)
        self.stop_request.request()

    @property
    def stopping(self) -> bool:
        """A stop was requested (a signal, or :meth:`stop`)."""
        return self.stop_request.requested

    def install_signal_handlers(self) -> None:
        """Make SIGTERM and SIGINT stop the kiosk cleanly, and log any other signal that
        would end the supervisor (main thread only). A stop request recorded since
        :func:`~kiosk.supervisor.signals.catch_stop_requests_early` is honoured now."""
        for number in signals.STOP_REQUESTS:
            signal.signal(number, self.stop)
        if hasattr(signal, "pthread_sigmask"):
            # Weston blocks these for its own signalfd, and a process it autolaunches (the
            # kiosk session) inherits the mask: blocked, a stop would never arrive.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signals.STOP_REQUESTS))
        if hasattr(signal, "SIGHUP"):  # the terminal went away: keep the kiosk running
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signals.log_and_ignore_other_signals()
        early = signals.take_early_stop()
        if early is not None:
            self.stop(early)

    def run(self) -> int:
        """Supervise until a staff exit or a stop request; returns the exit status (0)."""
        self._resume: str | None = None
        if self.stopping:
            # Asked to stop before anything was started (a SIGTERM in its first moments).
            reason = self._stop_signal or "stop request"
            log.info("the supervisor was asked to stop (%s) while starting; no kiosk was "
                     "started", reason)
            self.events.write("stopped", reason=reason, slide=None, uptime=0.0)
            return 0
        while not self.stopping:
            try:
                if self._one_round():
                    return 0
                self._loop_errors = 0
            except Exception:
                # The loop must outlive its own mistakes: a dead supervisor orphans the
                # kiosk and nobody restarts it again.
                self._loop_errors += 1
                log.exception("unexpected error in the supervisor's loop (%d in a row)",
                              self._loop_errors)
                if self._loop_errors >= self.config.max_loop_errors:
                    log.critical("the supervisor keeps failing; it stops, and the kiosk with it")
                    if self._child is not None:
                        self._terminate(self._child)
                    return 1
                try:
                    self.stop_request.wait(min(5.0, 0.1 * 2 ** self._loop_errors))
                except Exception:
                    pass
        if not self._stop_written:
            # Stopped while no kiosk ran (the calm screen, a back-off): still on record.
            self._log_stopped(Outcome("stopped"))
        log.info("supervisor stopped")
        return 0

    def _one_round(self) -> bool:
        """Run the child once and act on how it ended; True when the supervisor is done."""
        outcome = self._run_child(self._resume)
        self.write_metrics()  # no kiosk runs now: say so at once
        if outcome.kind == "stopped" or self.stopping:
            # Whatever the child died of, it was because (or while) we are stopping.
            self._log_stopped(outcome)
            self.stop_request.request()
            return False
        if outcome.kind == "exit" and outcome.exit_code == 0:
            log.info("the kiosk exited normally (staff exit); the supervisor stops too")
            return True
        if outcome.kind == "exit" and outcome.exit_code == CONTENT_INVALID_EXIT:
            log.error("the kiosk's content is invalid and there is no last good content; "
                      "showing the 'temporarily unavailable' screen for up to %.0f s, then "
                      "trying again", self.config.unavailable_seconds)
            self.events.write("unavailable", cause="content invalid",
                              exit_code=outcome.exit_code, slide=self.last_slide,
                              seconds=self.config.unavailable_seconds)
            self._count_restart("unavailable")
            self._show_unavailable()
            self._crashes.clear()
            self._failed_starts = 0
            self._resume = self.last_slide = None
            return False
        now = time.monotonic()
        self._crashes.append(now)
        while self._crashes and now - self._crashes[0] > self.config.crash_window:
            self._crashes.popleft()
        self._failed_starts = 0 if outcome.beat else self._failed_starts + 1
        if not outcome.beat:
            # It never came up: the slide it was sent to may be what hangs or crashes it.
            self.last_slide = None
        if (len(self._crashes) >= self.config.max_crashes
                or self._failed_starts >= self.config.max_failed_starts):
            crashes = max(len(self._crashes), self._failed_starts)
            log.error("the kiosk crashed %d times within %.0f s or failed to start %d times "
                      "in a row (last: %s, on slide %r); showing the 'temporarily "
                      "unavailable' screen for up to %.0f s", len(self._crashes),
                      self.config.crash_window, self._failed_starts, outcome.cause,
                      self.last_slide, self.config.unavailable_seconds)
            self.events.write("unavailable", cause=outcome.cause, crashes=crashes,
                              slide=self.last_slide, seconds=self.config.unavailable_seconds)
            self._count_restart("unavailable")
            self._show_unavailable()
            self._crashes.clear()
            self._failed_starts = 0
            # The resumed slide may be what crashes it: start over from the first one.
            self._resume = self.last_slide = None
            return False
        # A single crash (or a second one) is back at once; more within the window
        # double the wait each time.
        delay = min(self.config.backoff_cap,
                    self.config.backoff_base * 2 ** max(0, len(self._crashes) - 2))
        self._resume = resume = self.last_slide
        self.restarts += 1
        log.warning("the kiosk stopped (%s) after %.1f s; restarting in %.2f s on slide %r",
                    outcome.cause, outcome.uptime, delay, resume)
        fields: dict[str, object] = {"cause": outcome.kind, "detail": outcome.cause,
                                     "slide": resume, "delay": delay,
                                     "uptime": round(outcome.uptime, 3)}
        if outcome.exit_code is not None:
            fields["exit_code"] = outcome.exit_code
        if outcome.signal_name:
            fields["signal"] = outcome.signal_name
        self.events.write("restart", **fields)
        self._count_restart(outcome.kind)
        self.stop_request.wait(delay)
        return False

    def _count_restart(self, cause: str) -> None:
        self.restart_counts[cause] = self.restart_counts.get(cause, 0) + 1
        self.write_metrics()

    def write_metrics(self) -> None:
        """The metrics file while no kiosk runs: ``star_kiosk_up 0``, the run's restarts and
        uptime, and whether the deck's opening hours say open (for a "down while open"
        alert). Never raises."""
        try:
            self.metrics.write(KioskMetrics(
                up=False, now=time.time(), run_started=self.run_started,
                restarts=dict(self.restart_counts), opening_hours=self._opening_hours()))
        except Exception:  # metrics must never stop the supervisor
            log.exception("cannot write the metrics file")

    def _opening_hours(self) -> bool | None:
        """What the deck's schedule says now (True without one); None when no deck reads."""
        if self.content is None:
            return None
        from datetime import datetime

        from kiosk.core.schedule import has_hours, is_open

        deck = self._schedule_deck()
        if deck is None:
            return None
        schedule = deck.settings.schedule
        return not has_hours(schedule) or is_open(schedule, datetime.now())

    def _schedule_deck(self) -> Deck | None:
        """The deck whose opening hours count: the content folder's, else (as the kiosk would
        show it) the verified last good copy's. Read again only when either folder changed:
        reading checks every picture, and this runs on each metrics refresh."""
        from kiosk.core.content.lastgood import LAST_GOOD_DIR, open_last_good
        from kiosk.core.content.loader import load_deck
        from kiosk.core.content.stamp import folder_stamp

        stamp = (folder_stamp(self.content), folder_stamp(self.data_folder / LAST_GOOD_DIR))
        if stamp != self._schedule_stamp:
            deck = load_deck(self.content).deck
            if deck is None:  # never read the copy directly: it may be unreadable or damaged
                last = open_last_good(self.data_folder)
                deck = last.deck if last.status == "ok" else None
            self._schedule_stamp, self._schedule = stamp, deck
        return self._schedule

    def _log_stopped(self, outcome: Outcome) -> None:
        self._stop_written = True
        log.info("the supervisor is stopping (%s); the kiosk ended (%s) after %.1f s",
                 self._stop_signal or "stop request", outcome.cause, outcome.uptime)
        fields: dict[str, object] = {"reason": self._stop_signal or "stop request",
                                     "slide": self.last_slide,
                                     "uptime": round(outcome.uptime, 3)}
        self.events.write("stopped", **fields)

    # ------------------------------------------------------------------ one run

    def _spawn(self, command: Sequence[str], beat_fd: int | None = None
               ) -> subprocess.Popen[bytes]:
        # The run's restarts and start, for the kiosk's metrics file.
        env = {**self.env, RESTARTS_VAR: restarts_to_env(self.restart_counts),
               RUN_STARTED_VAR: repr(self.run_started)}
        if beat_fd is not None:
            env = {**env, heartbeat.ENV_VAR: str(beat_fd)}
        process = subprocess.Popen(list(command), env=env, stdin=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE,
                                   pass_fds=(beat_fd,) if beat_fd is not None else ())
        # Drain the child's stderr into our log: a traceback or a fatal Qt message is then in
        # kiosk.log, and the child never blocks on a full pipe.
        for attempt in range(1, self.config.thread_attempts + 1):
            try:
                threading.Thread(target=_forward_stderr, args=(process.stderr,), daemon=True,
                                 name=f"stderr-{process.pid}").start()
                return process
            except RuntimeError as error:  # "can't start new thread": the task limit
                log.warning("cannot start a thread to read the kiosk's output (%s), try %d "
                            "of %d", error, attempt, self.config.thread_attempts)
                if attempt < self.config.thread_attempts:
                    time.sleep(0.1 * attempt)
        # A child nobody reads would block on its stderr, and one nobody watches would be
        # joined by a second kiosk at the next round: stop it, and let the loop retry.
        log.error("stopping the kiosk just started (pid %d): the supervisor cannot watch it "
                  "(no thread can be started); it is tried again after the back-off",
                  process.pid)
        self._terminate(process)
        if process.stderr is not None:
            process.stderr.close()
        raise SpawnError(f"cannot watch the kiosk (pid {process.pid}): no thread can be "
                         "started")

    def _run_child(self, resume: str | None) -> Outcome:
        command = self.command(resume)
        log.info("starting the kiosk: %s", " ".join(command))
        started = time.monotonic()
        # A pipe of this child's own for its heartbeat: no disk involved, and nobody else
        # (an orphan, a second kiosk) can write to it.
        read_fd, write_fd = os.pipe()
        beats = heartbeat.BeatReader(read_fd)
        try:
            child = self._spawn(command, write_fd)
        except OSError as error:
            # Also BlockingIOError from fork at the task limit, and SpawnError: a failed
            # start, retried after the back-off like any other.
            log.error("cannot start the kiosk (%s): %s", command[0], error)
            beats.close()
            return Outcome("exit", exit_code=127, beat=False)
        finally:
            os.close(write_fd)  # the child has its copy; ours would hide its exit
        self._child = child
        try:
            return self._watch(child, started, beats)
        except BaseException:
            # Never leave a kiosk running unwatched: the next round would start a second one.
            try:
                self._terminate(child)
            except Exception:
                child.kill()
            raise
        finally:
            self._child = None
            beats.close()

    def _watch(self, child: subprocess.Popen[bytes], started: float,
               beats: heartbeat.BeatReader) -> Outcome:
        config = self.config
        last_seen: tuple[int, int] | None = None
        last_change = started
        while True:
            code = child.poll()
            now = time.monotonic()
            if code is not None:
                # The very last slide, if it beat just before.
                last_seen = self._read_beat(beats, last_seen)
                beat = last_seen is not None
                if code < 0 and signals.signal_name(-code) in STOP_SIGNALS:
                    # Maybe the whole process group was told to stop and the child went
                    # first: our own handler runs within moments if so.
                    self.stop_request.wait(config.stop_wait)
                if self.stopping:
                    return Outcome("stopped", exit_code=code if code >= 0 else None,
                                   signal_name=signals.signal_name(-code) if code < 0 else None,
                                   uptime=now - started, beat=beat)
                if code < 0:
                    return Outcome("signal", signal_name=signals.signal_name(-code),
                                   uptime=now - started, beat=beat)
                return Outcome("exit", exit_code=code, uptime=now - started, beat=beat)
            if self.stopping:
                self._terminate(child)
                return Outcome("stopped", uptime=now - started, beat=last_seen is not None)
            seen = self._read_beat(beats, last_seen)
            if seen != last_seen:
                last_seen, last_change = seen, now
            limit = config.hang_timeout if last_seen is not None else config.startup_timeout
            if now - last_change > limit:
                log.error("no heartbeat from the kiosk (pid %d) for %.1f s: killing it",
                          child.pid, now - last_change)
                child.kill()
                child.wait()
                return Outcome("hang", uptime=now - started, beat=last_seen is not None)
            # Awake for the next beat, the child's exit (its end of the pipe closes), a stop
            # request, or the next look at the clock, whichever comes first.
            self.stop_request.wait(config.poll_interval,
                                   readable=None if beats.closed else beats.fd)

    def _read_beat(self, beats: heartbeat.BeatReader,
                   last_seen: tuple[int, int] | None) -> tuple[int, int] | None:
        beat = beats.poll()
        if beat is None:
            return last_seen
        if beat.slide:
            self.last_slide = beat.slide
        return (beat.pid, beat.seq)

    def _terminate(self, child: subprocess.Popen[bytes]) -> None:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(self.config.stop_grace)
            except subprocess.TimeoutExpired:
                log.warning("the kiosk did not stop within %.0f s of SIGTERM: killing it",
                            self.config.stop_grace)
                child.kill()
                child.wait()

    def _show_unavailable(self) -> None:
        """The calm screen until ``unavailable_seconds`` passed or the cause is gone."""
        deadline = time.monotonic() + self.config.unavailable_seconds
        screen = None
        self.recovery.begin()
        if self.unavailable is not None:
            try:
                screen = self._spawn(self.unavailable())
            except OSError as error:
                log.error("cannot show the unavailable screen: %s", error)
        next_check = time.monotonic() + self.config.recheck_seconds
        next_metrics = time.monotonic() + REFRESH_SECONDS
        try:
            while not self.stopping and time.monotonic() < deadline:
                # Awake only to look whether the cause is gone, to refresh the metrics file,
                # or for a stop request (the one stoppable wait, never a fixed nap).
                self.stop_request.wait(max(0.0, min(next_check, next_metrics, deadline)
                                - time.monotonic()))
                if self.stopping or time.monotonic() >= deadline:
                    break
                if time.monotonic() >= next_metrics:  # fresh, so it never reads as stale
                    next_metrics = time.monotonic() + REFRESH_SECONDS
                    self.write_metrics()
                if time.monotonic() >= next_check:
                    next_check = time.monotonic() + self.config.recheck_seconds
                    reason = self.recovery.cause_gone()
                    if reason:
                        log.info("%s: trying the kiosk again now", reason)
                        break
        finally:
            if screen is not None:
                self._terminate(screen)


def _forward_stderr(stream: IO[bytes] | None) -> None:
    if stream is None:
        return
    child_log = logging.getLogger("kiosk.child")
    with stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip()
            try:
                sys.stderr.write(line + "\n")
            except (OSError, ValueError):  # no terminal (desktop launcher): the log has it
                pass
            # The kiosk's own log lines reach its stderr as "star-kiosk: ..." and are in the
            # log file already; anything else (a traceback, a Qt fatal) is logged here.
            if line and not line.startswith("star-kiosk: "):
                child_log.warning("%s", line)


def supervise(config: RunConfig) -> int:
    """Run the kiosk under a :class:`Supervisor` until a staff exit; returns the exit status."""
    from kiosk.core.logs import setup_logging

    folder = data_dir(config.data_dir)
    # The kiosk child rotates kiosk.log; the supervisor only appends to it.
    log_path = setup_logging(folder, verbose=config.verbose, rotate=False)
    try:
        lock = acquire_instance_lock(folder)
    except AlreadyRunning as running:
        log.error("%s", running)
        return ALREADY_RUNNING_EXIT
    child_config = replace(config, data_dir=folder)  # the child writes where we watch
    supervisor = Supervisor(folder, kiosk_command(child_config),
                            unavailable=lambda: unavailable_command(config),
                            content=Path(os.path.abspath(config.content)),
                            metrics_file=config.metrics_file)
    supervisor.install_signal_handlers()
    log.info("supervisor started (pid %d); log %s", os.getpid(), log_path)
    try:
        return supervisor.run()
    finally:
        lock.release()

